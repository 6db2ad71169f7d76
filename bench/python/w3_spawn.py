"""W3: spawn n tasks that each sleep(0) once and return their index; gather.

The figure is tasks per second, from the first create_task to gather's result.
"""

import asyncio

from common import now, parse_args, repeat


async def child(i):
    await asyncio.sleep(0)
    return i


async def main(n):
    start = now()
    tasks = [asyncio.create_task(child(i)) for i in range(n)]
    results = await asyncio.gather(*tasks)
    seconds = now() - start
    assert len(results) == n and results[-1] == n - 1
    return seconds


def run_once(n):
    seconds = asyncio.run(main(n))
    return n / seconds, {"seconds": seconds}


if __name__ == "__main__":
    repeat(parse_args(100_000), "w3-spawn", "ops/s", run_once)
