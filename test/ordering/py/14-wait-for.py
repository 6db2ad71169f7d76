# wait_for() runs a coroutine inside the calling task and returns its result;
# on timeout it cancels the inner work, lets it clean up, then raises
# TimeoutError.
import asyncio


async def compute(name, delay):
    print(f"{name}: started")
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        print(f"{name}: cancelled")
        raise
    finally:
        print(f"{name}: cleanup")
    return f"{name} result"


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(print, "callback queued before wait_for")
    value = await asyncio.wait_for(compute("quick", 0.1), timeout=1)
    print(f"main: wait_for returned {value!r}")

    try:
        await asyncio.wait_for(compute("stuck", 10), timeout=0.2)
    except TimeoutError:
        print("main: TimeoutError")

    task = asyncio.create_task(compute("task", 10))
    try:
        await asyncio.wait_for(task, 0.1)
    except TimeoutError:
        print(f"main: TimeoutError, task cancelled={task.cancelled()}")

    value = await asyncio.wait_for(compute("unbounded", 0.1), None)
    print(f"main: wait_for without timeout returned {value!r}")


asyncio.run(main())
