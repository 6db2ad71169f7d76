# Lock waiters are served first come, first served. A task that calls
# acquire() while the lock is free but a woken waiter has not run yet does
# not jump the queue: it waits behind that waiter.
import asyncio

from _virtual_loop import VirtualClockLoop


async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()

    def now():
        return f"{loop.time() - t0:.2f}"

    lock = asyncio.Lock()

    async def worker(name, hold):
        print(f"{now()} {name} wants the lock, locked={lock.locked()}")
        await lock.acquire()
        try:
            print(f"{now()} {name} holds the lock")
            await asyncio.sleep(hold)
        finally:
            lock.release()
            print(f"{now()} {name} released")

    print(f"acquire on a free lock: {await lock.acquire()}")
    tasks = [asyncio.create_task(worker(n, 0.1)) for n in ("a", "b", "c")]
    await asyncio.sleep(0)
    lock.release()
    print(f"{now()} main released; locked={lock.locked()}")
    # The lock looks free, but a was already woken: main, a newcomer, queues
    # behind a, b and c.
    await lock.acquire()
    print(f"{now()} main holds the lock again")
    lock.release()
    await asyncio.gather(*tasks)
    print(f"{now()} all done, locked={lock.locked()}")
    async with lock:
        print(f"async with: locked={lock.locked()}")
    print(f"after async with: locked={lock.locked()}")


asyncio.run(main(), loop_factory=VirtualClockLoop)
