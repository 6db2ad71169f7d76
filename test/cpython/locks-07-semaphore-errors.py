# The misuses the primitives refuse, with Python's messages.
import asyncio

from _virtual_loop import VirtualClockLoop


async def main():
    def attempt(what, fn):
        try:
            fn()
            print(f"{what}: no error")
        except Exception as e:
            print(f"{what}: {type(e).__name__}: {e}")

    async def attempt_async(what, coro):
        try:
            await coro
            print(f"{what}: no error")
        except Exception as e:
            print(f"{what}: {type(e).__name__}: {e}")

    attempt("Semaphore(-1)", lambda: asyncio.Semaphore(-1))
    attempt("Lock().release()", lambda: asyncio.Lock().release())
    bounded = asyncio.BoundedSemaphore(2)
    attempt("BoundedSemaphore(2).release()", bounded.release)
    await bounded.acquire()
    await bounded.acquire()
    print(f"bounded locked={bounded.locked()}")
    bounded.release()
    bounded.release()
    attempt("third release", bounded.release)
    plain = asyncio.Semaphore(1)
    plain.release()
    print(f"a plain Semaphore may go above its start: locked={plain.locked()}")
    cond = asyncio.Condition()
    attempt("notify without the lock", cond.notify)
    attempt("notify_all without the lock", cond.notify_all)
    await attempt_async("wait without the lock", cond.wait())
    print(f"wait_for with a true predicate: {await cond.wait_for(lambda: 'ready')}")
    await attempt_async("wait_for with a false predicate", cond.wait_for(lambda: 0))
    attempt("Barrier(0)", lambda: asyncio.Barrier(0))
    await attempt_async("Semaphore(0).acquire() with a timeout", asyncio.wait_for(asyncio.Semaphore(0).acquire(), 0.1))


asyncio.run(main(), loop_factory=VirtualClockLoop)
