"""W1 chain: each call_soon callback schedules the next one.

Measures the bare cost of one trip through the ready queue.
"""

import asyncio

from common import now, parse_args, repeat


def run_once(n):
    loop = asyncio.new_event_loop()
    done = loop.create_future()
    count = 0

    def step():
        nonlocal count
        count += 1
        if count < n:
            loop.call_soon(step)
        else:
            done.set_result(None)

    start = now()
    loop.call_soon(step)
    loop.run_until_complete(done)
    seconds = now() - start
    loop.close()
    assert count == n
    return n / seconds, {"seconds": seconds}


if __name__ == "__main__":
    repeat(parse_args(500_000), "w1-chain", "ops/s", run_once)
