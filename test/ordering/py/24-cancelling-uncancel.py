# cancelling() counts cancel() requests on a task that is not done yet;
# uncancel() takes one back; both counts are visible from inside the task.
import asyncio


async def worker(started):
    await asyncio.sleep(0)
    task = asyncio.current_task()
    started.set_result(None)
    for round_ in range(2):
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            print(f"worker: round {round_} caught CancelledError, cancelling()={task.cancelling()}")
            print(f"worker: uncancel() -> {task.uncancel()}")
    print(f"worker: leaving with cancelling()={task.cancelling()}")
    return "worker done"


async def main():
    loop = asyncio.get_running_loop()
    started = loop.create_future()
    task = asyncio.create_task(worker(started))
    await started
    print(f"main: cancelling() before={task.cancelling()}")
    print(f"main: first cancel() -> {task.cancel()}")
    print(f"main: second cancel() -> {task.cancel()}")
    print(f"main: cancelling()={task.cancelling()}")
    await asyncio.sleep(0.1)
    print(f"main: cancelling() after the worker handled it={task.cancelling()}")
    task.cancel()
    print(f"main: result={await task!r} cancelling()={task.cancelling()}")
    print(f"main: cancel() on a done task -> {task.cancel()} cancelling()={task.cancelling()}")


asyncio.run(main())
