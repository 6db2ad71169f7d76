# A task may catch CancelledError and keep going; it then finishes normally,
# is not cancelled, and its cancelling() count stays up until uncancel().
import asyncio


async def stubborn():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        task = asyncio.current_task()
        print(f"stubborn: caught CancelledError, cancelling()={task.cancelling()}")
    await asyncio.sleep(0.1)
    print("stubborn: still running after the cancellation")
    task = asyncio.current_task()
    print(f"stubborn: uncancel() -> {task.uncancel()}")
    await asyncio.sleep(0.1)
    return "finished anyway"


async def main():
    task = asyncio.create_task(stubborn())
    await asyncio.sleep(0.1)
    task.cancel()
    result = await task
    print(f"main: result={result!r} cancelled={task.cancelled()} cancelling={task.cancelling()}")


asyncio.run(main())
