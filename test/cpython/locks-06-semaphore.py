# Semaphore slots go to waiters in FIFO order. While anyone waits,
# locked() is True even with a free slot, so a newcomer cannot jump the
# queue. A woken waiter that is cancelled gives its slot to the next one.
import asyncio

from _virtual_loop import VirtualClockLoop


async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()

    def now():
        return f"{loop.time() - t0:.2f}"

    sem = asyncio.Semaphore(2)

    async def worker(name, hold):
        async with sem:
            print(f"{now()} {name} in")
            await asyncio.sleep(hold)
        print(f"{now()} {name} out")

    tasks = [asyncio.create_task(worker(n, h)) for n, h in (("a", 0.1), ("b", 0.2), ("c", 0.1), ("d", 0.1), ("e", 0.1))]
    await asyncio.gather(*tasks)
    print(f"{now()} locked={sem.locked()}")

    sem = asyncio.Semaphore(0)
    order = []

    async def take(name):
        try:
            await sem.acquire()
            order.append(name)
        except asyncio.CancelledError:
            print(f"{now()} {name} cancelled")
            raise

    t = [asyncio.create_task(take(n)) for n in ("w", "x", "y", "z")]
    await asyncio.sleep(0)
    sem.release()
    sem.release()
    print(f"{now()} released twice: locked={sem.locked()}")
    t[0].cancel()
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print(f"{now()} order={order} locked={sem.locked()}")
    sem.release()
    await asyncio.gather(*t, return_exceptions=True)
    print(f"{now()} order={order} locked={sem.locked()}")


asyncio.run(main(), loop_factory=VirtualClockLoop)
