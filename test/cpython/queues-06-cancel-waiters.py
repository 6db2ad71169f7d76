# A getter woken by put_nowait() but cancelled before it ran passes the
# wake-up to the next getter, so no item is stranded; the same goes for a
# putter woken by get_nowait().
import asyncio

from _virtual_loop import VirtualClockLoop


async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()

    def now():
        return f"{loop.time() - t0:.2f}"

    q = asyncio.Queue()

    async def getter(name):
        try:
            item = await q.get()
            print(f"{now()} {name} got {item}")
        except asyncio.CancelledError:
            print(f"{now()} {name} cancelled, qsize={q.qsize()}")
            raise

    g1 = asyncio.create_task(getter("g1"))
    g2 = asyncio.create_task(getter("g2"))
    await asyncio.sleep(0.1)
    q.put_nowait("item")
    g1.cancel()
    await asyncio.gather(g1, g2, return_exceptions=True)

    # Cancelled while waiting, before any item: it simply leaves.
    g3 = asyncio.create_task(getter("g3"))
    await asyncio.sleep(0.1)
    g3.cancel()
    await asyncio.gather(g3, return_exceptions=True)
    q.put_nowait("later")
    print(f"{now()} qsize={q.qsize()} get_nowait={q.get_nowait()}")

    full = asyncio.Queue(1)
    full.put_nowait("x")

    async def putter(item):
        try:
            await full.put(item)
            print(f"{now()} put {item}")
        except asyncio.CancelledError:
            print(f"{now()} putter {item} cancelled, full={full.full()}")
            raise

    p1 = asyncio.create_task(putter("p1"))
    p2 = asyncio.create_task(putter("p2"))
    await asyncio.sleep(0.1)
    print(f"{now()} took {full.get_nowait()}")
    p1.cancel()
    await asyncio.gather(p1, p2, return_exceptions=True)
    print(f"{now()} queue holds {full.get_nowait()}")

    # wait_for around get(): the timed-out getter leaves no trace behind.
    try:
        await asyncio.wait_for(q.get(), 0.1)
    except TimeoutError:
        print(f"{now()} get timed out, getters left={len(q._getters)}")


asyncio.run(main(), loop_factory=VirtualClockLoop)
