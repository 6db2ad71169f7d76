# PriorityQueue hands out the smallest item first, comparing tuples element
# by element (strings by code point); LifoQueue the last one put.
import asyncio

from _virtual_loop import VirtualClockLoop


async def main():
    pq = asyncio.PriorityQueue()
    for item in [(2, "b"), (1, "z"), (2, "a"), (1, "y", 0), (0, "first"), (1, "y"), (3,), (-1.5, "neg")]:
        pq.put_nowait(item)
    out = []
    while not pq.empty():
        out.append(pq.get_nowait())
    print(f"priority: {out}")

    words = asyncio.PriorityQueue()
    for w in ["banana", "Apple", "apple", "\u00e9clair", "\U0001f600", "\uffff", "a"]:
        words.put_nowait(w)
    print("words: " + " ".join(f"{ord(w[0]):x}" for w in [words.get_nowait() for _ in range(7)]))

    lq = asyncio.LifoQueue(3)
    for i in range(3):
        await lq.put(i)
    print(f"lifo full={lq.full()}")
    print(f"lifo: {[lq.get_nowait() for _ in range(3)]}")

    # Blocking gets on a PriorityQueue: the waiting consumer gets the smallest
    # item present when it runs, not the first one put.
    async def consumer():
        got = []
        for _ in range(3):
            got.append(await pq.get())
        return got

    c = asyncio.create_task(consumer())
    await asyncio.sleep(0)
    pq.put_nowait((5, "five"))
    pq.put_nowait((4, "four"))
    pq.put_nowait((6, "six"))
    print(f"consumer got: {await c}")

    try:
        bad = asyncio.PriorityQueue()
        bad.put_nowait((1, "x"))
        bad.put_nowait((1, 2))
    except TypeError as e:
        print(f"TypeError: {e}")


asyncio.run(main(), loop_factory=VirtualClockLoop)
