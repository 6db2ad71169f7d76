"""Timer churn: n timeouts armed with call_later and cancelled again.

Each loop pass arms a batch of timeouts and cancels the batch armed on the
pass before, like requests whose timeouts are cancelled when they complete.
Reported: the peak number of entries in the loop's timer heap (cancelled
entries included, until the loop drops them) and timeouts per second.
"""

import asyncio
import random

from common import now, parse_args, repeat

BATCH = 100
SEED = 7


def run_once(n):
    loop = asyncio.new_event_loop()
    rng = random.Random(SEED)
    done = loop.create_future()
    state = {"armed": 0, "peak": 0, "previous": []}

    def noop():
        pass

    def churn_pass():
        for handle in state["previous"]:
            handle.cancel()
        size = len(loop._scheduled)
        if size > state["peak"]:
            state["peak"] = size
        if state["armed"] >= n:
            done.set_result(None)
            return
        state["previous"] = [
            loop.call_later(1 + rng.random() * 59, noop) for _ in range(BATCH)
        ]
        state["armed"] += BATCH
        size = len(loop._scheduled)
        if size > state["peak"]:
            state["peak"] = size
        loop.call_soon(churn_pass)

    start = now()
    loop.call_soon(churn_pass)
    loop.run_until_complete(done)
    seconds = now() - start
    loop.close()
    return state["armed"] / seconds, {
        "seconds": seconds,
        "peakTimerEntries": state["peak"],
    }


if __name__ == "__main__":
    repeat(parse_args(10_000_000), "churn", "ops/s", run_once)
