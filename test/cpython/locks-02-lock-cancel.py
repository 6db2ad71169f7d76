# A lock waiter cancelled at each point of its life: while queued, after
# release() woke it but before it ran, and while holding the lock. The lock
# never stays locked by mistake and no wake-up is lost.
import asyncio

from _virtual_loop import VirtualClockLoop


async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()

    def now():
        return f"{loop.time() - t0:.2f}"

    lock = asyncio.Lock()

    async def worker(name):
        try:
            await lock.acquire()
        except asyncio.CancelledError:
            print(f"{now()} {name} cancelled while waiting")
            raise
        try:
            print(f"{now()} {name} holds the lock")
            await asyncio.sleep(0.1)
        except asyncio.CancelledError:
            print(f"{now()} {name} cancelled while holding")
            raise
        finally:
            lock.release()

    # 1. Cancelled while queued: the next waiter gets the lock.
    await lock.acquire()
    a = asyncio.create_task(worker("a"))
    b = asyncio.create_task(worker("b"))
    await asyncio.sleep(0)
    a.cancel()
    await asyncio.sleep(0)
    lock.release()
    await b
    print(f"{now()} case 1 done: a.cancelled={a.cancelled()} locked={lock.locked()}")

    # 2. Woken by release(), cancelled before it ran: it passes the turn on.
    await lock.acquire()
    c = asyncio.create_task(worker("c"))
    d = asyncio.create_task(worker("d"))
    await asyncio.sleep(0)
    lock.release()
    c.cancel()
    print(f"{now()} released and cancelled c: locked={lock.locked()}")
    await asyncio.sleep(0)
    print(f"{now()} one iteration later: locked={lock.locked()}")
    await d
    print(f"{now()} case 2 done: c.cancelled={c.cancelled()} locked={lock.locked()}")

    # 3. Cancelled while holding: the finally releases for the next one.
    e = asyncio.create_task(worker("e"))
    f = asyncio.create_task(worker("f"))
    await asyncio.sleep(0.05)
    e.cancel()
    await asyncio.gather(e, f, return_exceptions=True)
    print(f"{now()} case 3 done: e.cancelled={e.cancelled()} locked={lock.locked()}")

    # 4. Every waiter cancelled: a newcomer takes the free lock at once.
    await lock.acquire()
    g = asyncio.create_task(worker("g"))
    await asyncio.sleep(0)
    g.cancel()
    lock.release()
    print(f"{now()} g cancelled, lock released: locked={lock.locked()}")
    print(f"{now()} newcomer: {await lock.acquire()}")
    lock.release()
    await asyncio.gather(g, return_exceptions=True)
    print(f"{now()} end: locked={lock.locked()}")


asyncio.run(main(), loop_factory=VirtualClockLoop)
