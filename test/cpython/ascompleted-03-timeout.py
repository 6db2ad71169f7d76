# With a timeout, the iteration raises TimeoutError once the deadline passes;
# tasks that had not finished keep running.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()

    def now():
        return f"{loop.time() - t0:.1f}"

    async def job(name, delay):
        await asyncio.sleep(delay)
        return name

    tasks = [asyncio.create_task(job("a", 0.1)), asyncio.create_task(job("b", 0.5))]
    try:
        async for t in asyncio.as_completed(tasks, timeout=0.2):
            print(f"{now()} {t.result()}")
    except TimeoutError:
        print(f"{now()} TimeoutError, b done={tasks[1].done()}")
    value = await tasks[1]
    print(f"{now()} b -> {value}")

    tasks = [asyncio.create_task(job("c", 0.1)), asyncio.create_task(job("d", 0.5))]
    for aw in asyncio.as_completed(tasks, timeout=0.2):
        try:
            value = await aw
            print(f"{now()} {value}")
        except TimeoutError:
            print(f"{now()} TimeoutError from a plain awaitable")


asyncio.run(main())
