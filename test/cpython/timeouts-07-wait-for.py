# wait_for: a result in time, a timeout that cancels the inner task, no limit
# with None, and a zero timeout on a task that has not started.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()

    def now():
        return f"{loop.time() - t0:.1f}"

    async def slow(delay, value):
        try:
            await asyncio.sleep(delay)
        except asyncio.CancelledError:
            print(f"{now()} slow({value}) cancelled")
            raise
        return value

    value = await asyncio.wait_for(slow(0.1, 'a'), 0.2)
    print(f"{now()} got {value}")
    try:
        await asyncio.wait_for(slow(0.5, 'b'), 0.2)
    except TimeoutError as e:
        print(f"{now()} TimeoutError caused by {type(e.__cause__).__name__}")
    value = await asyncio.wait_for(slow(0.2, 'c'), None)
    print(f"{now()} got {value}")

    task = asyncio.create_task(slow(0.1, 'd'))
    try:
        await asyncio.wait_for(task, 0)
    except TimeoutError as e:
        print(f"{now()} zero timeout: TimeoutError caused by {type(e.__cause__).__name__}, task cancelled={task.cancelled()}")

    done = asyncio.create_task(slow(0, 'e'))
    await asyncio.sleep(0.1)
    value = await asyncio.wait_for(done, 0)
    print(f"{now()} zero timeout on a finished task: {value}")


asyncio.run(main())
