# join() waits until every item put was taken and marked with task_done();
# task_done() called once too often raises ValueError.
import asyncio

from _virtual_loop import VirtualClockLoop


async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()

    def now():
        return f"{loop.time() - t0:.2f}"

    q = asyncio.Queue()
    print(f"{now()} join on an empty queue returns at once")
    await q.join()

    async def worker(name):
        while True:
            item = await q.get()
            await asyncio.sleep(item)
            print(f"{now()} {name} finished {item}")
            q.task_done()

    for delay in (0.3, 0.1, 0.2, 0.1):
        q.put_nowait(delay)
    workers = [asyncio.create_task(worker(n)) for n in ("w1", "w2")]

    async def joiner(name):
        await q.join()
        print(f"{now()} {name} joined, qsize={q.qsize()}")

    await asyncio.gather(joiner("j1"), joiner("j2"))
    for w in workers:
        w.cancel()
    await asyncio.gather(*workers, return_exceptions=True)
    try:
        q.task_done()
    except ValueError as e:
        print(f"ValueError: {e}")


asyncio.run(main(), loop_factory=VirtualClockLoop)
