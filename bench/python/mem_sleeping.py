"""Memory per task sleeping on a long timer.

n tasks each ``await asyncio.sleep(3600)`` on virtual time. Once all of them
are parked, the memory Python allocated for them (tracemalloc's current
figure, after a full collection) is divided by n. Virtual time then jumps to
the deadline so every task finishes normally.
"""

import asyncio
import gc
import tracemalloc

from common import parse_args, repeat, run_virtual

SLEEP = 3600


async def sleeper():
    await asyncio.sleep(SLEEP)


async def main(n):
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    for _ in range(n):
        asyncio.create_task(sleeper())
    # Two passes: the first starts every task, the second runs after each
    # has armed its timer and parked.
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    gc.collect()
    used = tracemalloc.get_traced_memory()[0] - base
    tracemalloc.stop()
    await asyncio.sleep(SLEEP + 1)
    return used


def run_once(n):
    used = run_virtual(main(n))
    return used / n, {"bytes": used}


if __name__ == "__main__":
    repeat(parse_args(1_000_000), "mem-sleeping", "B/task", run_once)
