# A bounded Queue between a fast producer and two slow consumers: put()
# blocks while the queue is full and get() while it is empty; items come out
# in the order they went in.
import asyncio

from _virtual_loop import VirtualClockLoop


async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()

    def now():
        return f"{loop.time() - t0:.2f}"

    q = asyncio.Queue(2)
    print(f"maxsize={q.maxsize} empty={q.empty()} full={q.full()} qsize={q.qsize()}")

    async def producer():
        for i in range(6):
            await q.put(i)
            print(f"{now()} put {i}, qsize={q.qsize()} full={q.full()}")
        await q.put(None)
        await q.put(None)

    async def consumer(name, pace):
        while True:
            item = await q.get()
            if item is None:
                print(f"{now()} {name} stops")
                return
            print(f"{now()} {name} got {item}")
            await asyncio.sleep(pace)

    await asyncio.gather(producer(), consumer("c1", 0.1), consumer("c2", 0.25))
    print(f"{now()} empty={q.empty()}")


asyncio.run(main(), loop_factory=VirtualClockLoop)
