# async for over as_completed yields the original tasks, in the order they
# finish; a plain coroutine passed in gets a task made for it.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()

    def now():
        return f"{loop.time() - t0:.1f}"

    async def job(name, delay):
        await asyncio.sleep(delay)
        return name

    tasks = [asyncio.create_task(job(n, d), name=n) for n, d in (("slow", 0.4), ("fast", 0.1), ("mid", 0.3))]
    async for t in asyncio.as_completed(tasks + [job("bare", 0.2)]):
        original = t in tasks
        print(f"{now()} {t.result()} original={original} is_future={asyncio.isfuture(t)}")


asyncio.run(main())
