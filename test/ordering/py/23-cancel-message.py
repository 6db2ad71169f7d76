# cancel(msg) delivers msg in the CancelledError seen inside the task and by
# whoever awaits it; a plain future carries its message the same way.
import asyncio


async def victim():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        print(f"victim: CancelledError message={str(e)!r}")
        raise


async def main():
    loop = asyncio.get_running_loop()
    task = asyncio.create_task(victim())
    await asyncio.sleep(0)
    task.cancel("shutting down")
    try:
        await task
    except asyncio.CancelledError as e:
        print(f"main: awaiting the task: message={str(e)!r}")

    fut = loop.create_future()
    fut.cancel("no longer needed")
    try:
        await fut
    except asyncio.CancelledError as e:
        print(f"main: awaiting the future: message={str(e)!r}")
    try:
        fut.result()
    except asyncio.CancelledError as e:
        print(f"main: result(): message={str(e)!r}")

    task = asyncio.create_task(victim())
    await asyncio.sleep(0)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError as e:
        print(f"main: without a message: message={str(e)!r}")


asyncio.run(main())
