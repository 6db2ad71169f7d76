# The CPython twin of workshop.ts: run it with Python 3.13 to see the trace
# that test/shuffle.test.ts expects from the TypeScript version with schedule
# fuzzing off. The loop below is a selector loop whose time() jumps to the
# next timer whenever nothing is ready: virtual time, as VirtualClock keeps it.
import asyncio
import heapq
from asyncio import TimeoutError



def fmt(t):
    """A loop time as JavaScript prints it: 0, not 0.0."""
    s = repr(t)
    return s[:-2] if s.endswith(".0") else s


lines = []


def record(what):
    now = fmt(asyncio.get_running_loop().time())
    task = asyncio.current_task()
    lines.append(f"{now} {task.get_name()}: {what}" if task else f"{now} {what}")


async def workshop():
    jobs = asyncio.Queue(2)
    lock = asyncio.Lock()
    closing = asyncio.Event()
    outcomes = []
    ledger = 0
    async def worker(id):
        nonlocal ledger
        try:
            while True:
                job = await jobs.get()
                record(f"took job {job}")
                try:
                    async with asyncio.timeout(0.5):
                        await asyncio.sleep(1 if job == 5 else 0.1 * ((job % 3) + 1))
                    async with lock:
                        before = ledger
                        await asyncio.sleep(0)
                        ledger = before + job
                    outcomes.append(f"job {job} done by w{id}")
                    record(f"finished job {job}")
                except TimeoutError:
                    outcomes.append(f"job {job} timed out in w{id}")
                    record(f"job {job} timed out")
                finally:
                    jobs.task_done()
        except asyncio.CancelledError:
            record("cancelled")
            raise
    async def producer():
        for job in range(1, 9):
            await jobs.put(job)
            record(f"queued job {job}")
            if job % 3 == 0:
                await asyncio.sleep(0.25)
        await jobs.join()
        record("all jobs processed")
        closing.set()
    async def watchdog(workers):
        await closing.wait()
        record("closing")
        for w in workers: w.cancel()
        ended = await asyncio.gather(*workers, return_exceptions=True)
        record("workers ended: " + ", ".join("cancelled" if isinstance(e, asyncio.CancelledError) else str(e) for e in ended))
    workers = [asyncio.create_task(worker(i), name=f"w{i}") for i in (1, 2, 3)]
    await asyncio.gather(asyncio.create_task(producer(), name="producer"), asyncio.create_task(watchdog(workers), name="watchdog"))
    return ledger, outcomes

class VirtualLoop(asyncio.SelectorEventLoop):
    def __init__(self):
        super().__init__()
        self._vt = 0.0
        # A timer counts as due when its deadline is below time() + resolution.
        self._clock_resolution = 1e-12

    def time(self):
        return self._vt

    def _run_once(self):
        if not self._ready and self._scheduled:
            while self._scheduled and self._scheduled[0]._cancelled:
                heapq.heappop(self._scheduled)
                self._timer_cancelled_count -= 1
            if self._scheduled:
                self._vt = max(self._vt, self._scheduled[0]._when)
        super()._run_once()


loop = VirtualLoop()
result = loop.run_until_complete(workshop())
print("\n".join(lines))
print(result)
