# shutdown(immediate=True) drops what is queued, counting each dropped item
# as done, so join() returns; gets fail at once even though items were there.
import asyncio

from _virtual_loop import VirtualClockLoop


async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()

    def now():
        return f"{loop.time() - t0:.2f}"

    q = asyncio.Queue()
    for i in range(3):
        q.put_nowait(i)
    print(f"got {q.get_nowait()} (not marked done)")

    async def joiner():
        await q.join()
        print(f"{now()} join returned")

    j = asyncio.create_task(joiner())
    await asyncio.sleep(0.1)
    q.shutdown(immediate=True)
    print(f"{now()} shut down immediately: qsize={q.qsize()} empty={q.empty()}")
    await asyncio.sleep(0)
    print(f"{now()} joiner done={j.done()}")
    q.task_done()
    await j
    try:
        await q.get()
    except asyncio.QueueShutDown:
        print("get: QueueShutDown")
    try:
        q.task_done()
    except ValueError as e:
        print(f"task_done: ValueError: {e}")

    # Putters blocked on a full queue wake up and fail too.
    full = asyncio.Queue(1)
    full.put_nowait("only")

    async def putter(name):
        try:
            await full.put(name)
        except asyncio.QueueShutDown:
            print(f"{now()} {name}: QueueShutDown")

    ps = [asyncio.create_task(putter(n)) for n in ("p1", "p2")]
    await asyncio.sleep(0.1)
    full.shutdown(immediate=True)
    await asyncio.gather(*ps)
    print(f"{now()} full queue after shutdown: qsize={full.qsize()}")


asyncio.run(main(), loop_factory=VirtualClockLoop)
