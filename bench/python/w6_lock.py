"""W6: 100 tasks contending for one Lock, with sleep(0) inside the section.

The figure is lock acquisitions per second.
"""

import asyncio

from common import now, parse_args, repeat

WORKERS = 100


async def worker(lock, k, counter):
    for _ in range(k):
        async with lock:
            await asyncio.sleep(0)
            counter[0] += 1


async def main(n):
    lock = asyncio.Lock()
    counter = [0]
    k = n // WORKERS
    start = now()
    await asyncio.gather(*(worker(lock, k, counter) for _ in range(WORKERS)))
    seconds = now() - start
    assert counter[0] == k * WORKERS
    return counter[0], seconds


def run_once(n):
    acquired, seconds = asyncio.run(main(n))
    return acquired / seconds, {"seconds": seconds}


if __name__ == "__main__":
    repeat(parse_args(200_000), "w6-lock", "ops/s", run_once)
