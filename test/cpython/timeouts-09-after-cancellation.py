# A task that swallowed a cancellation can still use a timeout for its
# cleanup, and a fresh cancel inside that timeout still wins over it.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()

    def now():
        return f"{loop.time() - t0:.1f}"

    task = asyncio.current_task()
    try:
        task.cancel()
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print(f"{now()} swallowed a cancel, cancelling={task.cancelling()}")
    try:
        async with asyncio.timeout(0.1):
            await asyncio.sleep(1)
    except TimeoutError:
        print(f"{now()} cleanup timed out, cancelling={task.cancelling()}")
    try:
        async with asyncio.timeout(1):
            task.cancel()
            await asyncio.sleep(2)
    except asyncio.CancelledError:
        print(f"{now()} new cancel propagated, cancelling={task.cancelling()}")
    except TimeoutError:
        print(f"{now()} wrongly timed out")


asyncio.run(main())
