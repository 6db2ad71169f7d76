# shutdown() (3.13): puts fail at once, blocked putters wake up and fail,
# gets keep draining what is left and fail only once the queue is empty.
import asyncio

from _virtual_loop import VirtualClockLoop


async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()

    def now():
        return f"{loop.time() - t0:.2f}"

    q = asyncio.Queue(2)
    q.put_nowait("a")
    q.put_nowait("b")

    async def putter(item):
        try:
            await q.put(item)
            print(f"{now()} put {item}")
        except asyncio.QueueShutDown:
            print(f"{now()} put {item}: QueueShutDown")

    p = asyncio.create_task(putter("c"))
    await asyncio.sleep(0.1)
    q.shutdown()
    print(f"{now()} shut down, qsize={q.qsize()}")
    await p
    try:
        q.put_nowait("d")
    except asyncio.QueueShutDown:
        print("put_nowait: QueueShutDown")
    print(f"get: {await q.get()}")
    print(f"get_nowait: {q.get_nowait()}")
    try:
        await q.get()
    except asyncio.QueueShutDown:
        print("get on an empty shut-down queue: QueueShutDown")
    try:
        q.get_nowait()
    except asyncio.QueueShutDown:
        print("get_nowait on an empty shut-down queue: QueueShutDown")

    # Blocked getters wake up and fail.
    q2 = asyncio.Queue()

    async def getter(name):
        try:
            print(f"{now()} {name} got {await q2.get()}")
        except asyncio.QueueShutDown:
            print(f"{now()} {name}: QueueShutDown")

    getters = [asyncio.create_task(getter(n)) for n in ("g1", "g2")]
    await asyncio.sleep(0.1)
    q2.put_nowait("x")
    q2.shutdown()
    await asyncio.gather(*getters)
    print(f"unfinished join: tasks={q2._unfinished_tasks}")
    q2.task_done()
    await q2.join()
    print(f"{now()} joined")


asyncio.run(main(), loop_factory=VirtualClockLoop)
