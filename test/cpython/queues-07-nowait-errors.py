# The non-blocking calls and their errors; a getter that arrives while a
# woken getter has not run yet still gets an item if there is one for it.
import asyncio

from _virtual_loop import VirtualClockLoop


async def main():
    q = asyncio.Queue(1)
    try:
        q.get_nowait()
    except asyncio.QueueEmpty as e:
        print(f"get_nowait on empty: {type(e).__name__} {str(e)!r}")
    q.put_nowait(1)
    try:
        q.put_nowait(2)
    except asyncio.QueueFull as e:
        print(f"put_nowait on full: {type(e).__name__} {str(e)!r}")
    print(f"qsize={q.qsize()} full={q.full()}")
    print(f"get {await q.get()}")

    unbounded = asyncio.Queue(0)
    for i in range(1000):
        unbounded.put_nowait(i)
    print(f"unbounded: qsize={unbounded.qsize()} full={unbounded.full()}")

    negative = asyncio.Queue(-1)
    negative.put_nowait("x")
    print(f"maxsize -1: full={negative.full()} maxsize={negative.maxsize}")

    # Two getters blocked; two items put at once: both are served in order.
    q2 = asyncio.Queue()
    results = []

    async def getter(name):
        results.append((name, await q2.get()))

    ts = [asyncio.create_task(getter(n)) for n in ("first", "second")]
    await asyncio.sleep(0)
    q2.put_nowait("A")
    q2.put_nowait("B")
    # A newcomer takes an item synchronously, before the woken getters run.
    print(f"newcomer took {q2.get_nowait()}")
    q2.put_nowait("C")
    await asyncio.gather(*ts)
    print(f"results: {results}")


asyncio.run(main(), loop_factory=VirtualClockLoop)
