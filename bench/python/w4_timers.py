"""W4: n timers with seeded random delays in [0, 10) s, on virtual time.

With ``--cancel 1`` every other timer is cancelled before the loop runs.
The figure is timers armed per second of wall time, covering call_later,
the cancellations and the loop firing the rest.
"""

import random

from common import VirtualTimeLoop, now, parse_args, repeat

SEED = 20240601


def run_once(n, cancel):
    loop = VirtualTimeLoop()
    rng = random.Random(SEED)
    fired = 0

    def callback():
        nonlocal fired
        fired += 1

    start = now()
    handles = [loop.call_later(rng.random() * 10, callback) for _ in range(n)]
    if cancel:
        for handle in handles[1::2]:
            handle.cancel()
    loop.call_later(10, loop.stop)
    loop.run_forever()
    seconds = now() - start
    expected = n - n // 2 if cancel else n
    assert fired == expected, (fired, expected)
    assert loop.time() == 10
    loop.close()
    return n / seconds, {"seconds": seconds, "fired": fired}


if __name__ == "__main__":
    args = parse_args(1_000_000, [("--cancel", int, 0)])
    name = "w4-timers-cancel" if args.cancel else "w4-timers"
    repeat(args, name, "ops/s", lambda n: run_once(n, args.cancel))
