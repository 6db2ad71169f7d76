"""W2: two tasks taking turns with ``await asyncio.sleep(0)``.

One switch is one ``sleep(0)``; the figure is switches per second.
"""

import asyncio

from common import now, parse_args, repeat


async def worker(k):
    for _ in range(k):
        await asyncio.sleep(0)


async def main(n):
    k = n // 2
    start = now()
    await asyncio.gather(worker(k), worker(k))
    return now() - start


def run_once(n):
    seconds = asyncio.run(main(n))
    return (n // 2) * 2 / seconds, {"seconds": seconds}


if __name__ == "__main__":
    repeat(parse_args(1_000_000), "w2-switch", "ops/s", run_once)
