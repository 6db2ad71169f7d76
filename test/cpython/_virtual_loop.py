"""A CPython event loop on virtual time, for the oracle programs here.

It is CPython's own loop, except that when it would sleep until the next
timer it moves its clock there instead, as asyncio-ts's VirtualClock does:
the times the programs print are exact, and they run at once.
"""
import asyncio


class VirtualClockLoop(asyncio.SelectorEventLoop):
    """Jumps its clock to the next timer instead of sleeping."""

    def __init__(self):
        super().__init__()
        self._now = 0.0
        select = self._selector.select

        def jump(timeout=None):
            if timeout:
                self._now += timeout
            return select(0)

        self._selector.select = jump

    def time(self):
        return self._now
