# Cancelling a sleeping task throws CancelledError at its await on the next
# iteration; its finally block runs, and awaiting it raises CancelledError.
import asyncio


async def sleeper():
    print("sleeper: going to sleep")
    try:
        await asyncio.sleep(10)
        print("sleeper: woke (must not happen)")
    except asyncio.CancelledError:
        print("sleeper: CancelledError at the await")
        raise
    finally:
        print("sleeper: finally")


async def main():
    loop = asyncio.get_running_loop()
    task = asyncio.create_task(sleeper())
    await asyncio.sleep(0.1)
    print(f"main: cancel() -> {task.cancel()}")
    loop.call_soon(print, "callback queued after cancel()")
    print(f"main: right after cancel(): done={task.done()} cancelled={task.cancelled()}")
    try:
        await task
    except asyncio.CancelledError:
        print("main: awaiting the task raised CancelledError")
    print(f"main: done={task.done()} cancelled={task.cancelled()}")
    print(f"main: cancel() on a finished task -> {task.cancel()}")


asyncio.run(main())
