"""W5: a Queue(maxsize=100) fed by one producer and drained by four consumers.

The figure is items moved per second. Each consumer stops at a ``None``.
"""

import asyncio

from common import now, parse_args, repeat

CONSUMERS = 4


async def producer(q, n):
    for i in range(n):
        await q.put(i)
    for _ in range(CONSUMERS):
        await q.put(None)


async def consumer(q):
    got = 0
    while True:
        item = await q.get()
        q.task_done()
        if item is None:
            return got
        got += 1


async def main(n):
    q = asyncio.Queue(100)
    start = now()
    counts = await asyncio.gather(
        producer(q, n), *(consumer(q) for _ in range(CONSUMERS))
    )
    seconds = now() - start
    assert sum(counts[1:]) == n
    return seconds


def run_once(n):
    seconds = asyncio.run(main(n))
    return n / seconds, {"seconds": seconds}


if __name__ == "__main__":
    repeat(parse_args(1_000_000), "w5-queue", "ops/s", run_once)
