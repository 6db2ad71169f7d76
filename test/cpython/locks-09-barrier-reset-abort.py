# reset() and abort() break a Barrier for the tasks waiting in it, which get
# BrokenBarrierError. After reset() the barrier works again; after abort()
# every wait() fails until a reset().
import asyncio

from _virtual_loop import VirtualClockLoop


async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()

    def now():
        return f"{loop.time() - t0:.2f}"

    barrier = asyncio.Barrier(3)

    async def runner(name):
        try:
            index = await barrier.wait()
            print(f"{now()} {name} passes with index {index}")
        except asyncio.BrokenBarrierError as e:
            print(f"{now()} {name} got BrokenBarrierError: {e}")

    first = [asyncio.create_task(runner(n)) for n in ("a", "b")]
    await asyncio.sleep(0.1)
    print(f"{now()} reset with n_waiting={barrier.n_waiting}")
    await barrier.reset()
    print(f"{now()} after reset: n_waiting={barrier.n_waiting} broken={barrier.broken}")
    await asyncio.gather(*first)
    print(f"{now()} n_waiting={barrier.n_waiting} broken={barrier.broken}")

    second = [asyncio.create_task(runner(n)) for n in ("c", "d", "e")]
    await asyncio.gather(*second)

    third = [asyncio.create_task(runner(n)) for n in ("f", "g")]
    await asyncio.sleep(0.1)
    await barrier.abort()
    print(f"{now()} aborted: broken={barrier.broken}")
    await asyncio.gather(*third)
    await runner("h")
    await barrier.reset()
    print(f"{now()} reset after abort: broken={barrier.broken}")
    await asyncio.gather(*(runner(n) for n in ("i", "j", "k")))

    # A task cancelled while waiting leaves the round; the others still need
    # a full round.
    cancelled = asyncio.create_task(runner("l"))
    await asyncio.sleep(0)
    cancelled.cancel()
    await asyncio.gather(cancelled, return_exceptions=True)
    print(f"{now()} l cancelled: n_waiting={barrier.n_waiting}")
    await asyncio.gather(*(runner(n) for n in ("m", "n", "o")))


asyncio.run(main(), loop_factory=VirtualClockLoop)
