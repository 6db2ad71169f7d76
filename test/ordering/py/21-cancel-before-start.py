# A task cancelled before its first step never runs its body: the coroutine is
# closed without executing a single line.
# No async twin: a JavaScript async function runs its first step eagerly, at creation.
import asyncio


async def body():
    print("body: started (must not happen)")
    try:
        await asyncio.sleep(1)
    finally:
        print("body: finally (must not happen)")


async def main():
    task = asyncio.create_task(body())
    print(f"main: cancel() -> {task.cancel()}")
    print(f"main: done={task.done()} cancelling={task.cancelling()}")
    await asyncio.sleep(0)
    print(f"main: after one iteration done={task.done()} cancelled={task.cancelled()}")
    try:
        await task
    except asyncio.CancelledError:
        print("main: awaiting it raises CancelledError")


asyncio.run(main())
