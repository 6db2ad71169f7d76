# A task that raises is done with that exception; awaiting it re-raises the
# very same exception object, and so does result(); a task awaiting it sees
# the exception on the iteration after it was raised, with the done callbacks.
import asyncio


class Boom(Exception):
    pass


async def failing(trigger):
    await trigger
    print("failing: raising")
    raise Boom("kaboom")


async def relay(task):
    try:
        await task
    except Boom as e:
        print(f"relay: caught {e!r}")
        raise ValueError("wrapped") from e


async def main():
    loop = asyncio.get_running_loop()
    trigger = loop.create_future()
    task = asyncio.create_task(failing(trigger))
    task.add_done_callback(lambda t: print(f"done callback: exception={t.exception()!r}"))
    second = asyncio.create_task(relay(task))
    await asyncio.sleep(0)
    trigger.set_result(None)
    print(f"main: done={task.done()}")
    await asyncio.sleep(0)
    print(f"main: done={task.done()} cancelled={task.cancelled()}")
    try:
        await task
    except Boom as e:
        print(f"main: await raised {e!r}, same object: {e is task.exception()}")
    try:
        task.result()
    except Boom as e:
        print(f"main: result() raised {e!r}")
    try:
        await second
    except ValueError as e:
        print(f"main: {e!r} caused by {e.__cause__!r}")

    fut = loop.create_future()
    fut.set_exception(Boom("from a future"))
    try:
        await fut
    except Boom as e:
        print(f"main: awaiting a failed future raised {e!r}")


asyncio.run(main())
