# A task cancelled in Condition.wait() holds the lock again when the
# CancelledError reaches it, whether it was cancelled while waiting for a
# notification or while re-acquiring the lock after one. A notification that
# raced with a cancellation is passed on to the next waiter, not lost.
import asyncio

from _virtual_loop import VirtualClockLoop


async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()

    def now():
        return f"{loop.time() - t0:.2f}"

    cond = asyncio.Condition()

    async def waiter(name):
        async with cond:
            try:
                await cond.wait()
                print(f"{now()} {name} notified, holds lock={cond.locked()}")
            except asyncio.CancelledError:
                print(f"{now()} {name} cancelled, holds lock={cond.locked()}")
                raise

    # 1. Cancelled while waiting for a notification.
    a = asyncio.create_task(waiter("a"))
    await asyncio.sleep(0)
    a.cancel()
    await asyncio.gather(a, return_exceptions=True)
    print(f"{now()} case 1: locked={cond.locked()}")

    # 2. Notified, then cancelled while waiting to get the lock back.
    b = asyncio.create_task(waiter("b"))
    await asyncio.sleep(0)
    async with cond:
        cond.notify()
        await asyncio.sleep(0)
        b.cancel()
        await asyncio.sleep(0.1)
        print(f"{now()} main releases")
    await asyncio.gather(b, return_exceptions=True)
    print(f"{now()} case 2: b.cancelled={b.cancelled()} locked={cond.locked()}")

    # 3. Notified and cancelled in the same iteration: the wake-up moves on to d.
    c = asyncio.create_task(waiter("c"))
    d = asyncio.create_task(waiter("d"))
    await asyncio.sleep(0)
    async with cond:
        cond.notify(1)
        c.cancel()
    await asyncio.gather(c, d, return_exceptions=True)
    print(f"{now()} case 3: c.cancelled={c.cancelled()} d.cancelled={d.cancelled()} locked={cond.locked()}")

    # 4. A shared lock: the condition and the lock are one.
    lock = asyncio.Lock()
    shared = asyncio.Condition(lock)
    async with lock:
        print(f"shared: cond.locked={shared.locked()}")
    async with shared:
        print(f"shared: lock.locked={lock.locked()}")


asyncio.run(main(), loop_factory=VirtualClockLoop)
