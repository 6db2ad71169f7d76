"""W1 fan-out: a million call_soon callbacks scheduled at once, then run.

The time covers scheduling and running, so the ready queue is long.
"""

import asyncio

from common import now, parse_args, repeat


def run_once(n):
    loop = asyncio.new_event_loop()
    done = loop.create_future()
    count = 0

    def callback(i):
        nonlocal count
        count += 1
        if count == n:
            done.set_result(i)

    start = now()
    for i in range(n):
        loop.call_soon(callback, i)
    loop.run_until_complete(done)
    seconds = now() - start
    loop.close()
    assert count == n
    return n / seconds, {"seconds": seconds}


if __name__ == "__main__":
    repeat(parse_args(1_000_000), "w1-fanout", "ops/s", run_once)
