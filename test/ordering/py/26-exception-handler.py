# An exception escaping a callback goes to the loop's exception handler and
# the loop carries on with the next callback; the context says what failed.
# The message is printed up to its "(": CPython goes on with arguments and the source path.
import asyncio


def boom():
    raise ValueError("bad callback")


def failing_done_callback(fut):
    raise ValueError("bad done callback")


def handler(loop, context):
    message = context["message"].split("(")[0]
    exc = context.get("exception")
    print(f"handler: {message} | {type(exc).__name__}: {exc}")


async def main():
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(handler)
    print(f"handler installed: {loop.get_exception_handler() is handler}")
    loop.call_soon(print, "before the failing callback")
    loop.call_soon(boom)
    loop.call_soon(print, "after the failing callback")
    await asyncio.sleep(0)
    print("main: the loop kept running")

    loop.call_later(0.1, boom)
    await asyncio.sleep(0.2)
    print("main: a failing timer did not stop the loop either")

    fut = loop.create_future()
    fut.add_done_callback(failing_done_callback)
    fut.add_done_callback(lambda f: print("next done callback still runs"))
    fut.set_result(None)
    await asyncio.sleep(0)

    loop.call_exception_handler({"message": "custom report"})
    loop.set_exception_handler(None)
    print(f"handler reset: {loop.get_exception_handler()}")
    print("main: done")


asyncio.run(main())
