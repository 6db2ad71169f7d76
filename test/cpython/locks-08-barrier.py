# A Barrier lets a round of `parties` tasks through together; each gets a
# different index. Tasks arriving while a round drains wait for the next one.
import asyncio

from _virtual_loop import VirtualClockLoop


async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()

    def now():
        return f"{loop.time() - t0:.2f}"

    barrier = asyncio.Barrier(3)
    print(f"parties={barrier.parties} n_waiting={barrier.n_waiting} broken={barrier.broken}")

    async def runner(name, delay):
        await asyncio.sleep(delay)
        print(f"{now()} {name} arrives, n_waiting={barrier.n_waiting}")
        index = await barrier.wait()
        print(f"{now()} {name} passes with index {index}")
        return index

    tasks = [asyncio.create_task(runner(f"r{i}", 0.1 * (i + 1))) for i in range(6)]
    await asyncio.sleep(0.25)
    print(f"{now()} n_waiting={barrier.n_waiting}")
    print(f"indices: {await asyncio.gather(*tasks)}")

    async def enter(name):
        async with barrier as index:
            print(f"{now()} {name} entered with index {index}")

    await asyncio.gather(*(enter(n) for n in ("x", "y", "z")))
    print(f"{now()} n_waiting={barrier.n_waiting} broken={barrier.broken}")


asyncio.run(main(), loop_factory=VirtualClockLoop)
