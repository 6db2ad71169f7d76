"""Shared helpers for the CPython reference programs of the benchmark suite.

Each program in this folder runs one workload with plain ``asyncio`` and
prints one JSON line per measured run, so ``bench/run.ts`` can read the
throughput (or bytes per task) without parsing prose. The one idea needed to
read them: every program times only the workload itself, never interpreter
start-up or loop creation, mirroring what the TypeScript side measures.
"""

import argparse
import asyncio
import gc
import json
import sys
import time

now = time.perf_counter


def parse_args(default_n, extra=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=default_n)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    for name, kind, default in extra or []:
        parser.add_argument(name, type=kind, default=default)
    return parser.parse_args()


def emit(workload, value, unit, **detail):
    """Prints one measured run as a JSON line on standard output."""
    record = {"workload": workload, "value": value, "unit": unit}
    record.update(detail)
    print(json.dumps(record), flush=True)


def repeat(args, workload, unit, run_once):
    """Runs ``run_once(n)`` warm-up times silently, then the measured runs.

    ``run_once`` returns ``(value, detail_dict)``.
    """
    # One collection before the warm-up and none between runs, as the Node
    # harness does (bench/child.ts says why).
    gc.collect()
    for _ in range(args.warmup):
        run_once(args.n)
    for _ in range(args.runs):
        value, detail = run_once(args.n)
        emit(workload, value, unit, n=args.n, **detail)


class VirtualTimeLoop(asyncio.SelectorEventLoop):
    """An event loop whose clock only moves when it would otherwise wait.

    Instead of blocking in the selector until the next timer is due, the loop
    adds the timeout it was about to wait to its own clock and polls the
    selector without blocking. Everything else (the ready queue, the timer
    heap, cancelled-timer clean-up) is CPython's own code, so its costs are
    measured as they are.
    """

    def __init__(self):
        super().__init__()
        self._virtual_now = 0.0
        poll = self._selector.select

        def select(timeout=None):
            if timeout is None:
                raise RuntimeError("virtual-time loop would wait forever")
            if timeout > 0:
                self._virtual_now += timeout
            return poll(0)

        self._selector.select = select

    def time(self):
        return self._virtual_now


def run_virtual(coro):
    """Like ``asyncio.run`` but on a ``VirtualTimeLoop``."""
    with asyncio.Runner(loop_factory=VirtualTimeLoop) as runner:
        return runner.run(coro)


def python_version():
    return ".".join(map(str, sys.version_info[:3]))
