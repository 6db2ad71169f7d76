# set_result() queues the future's done callbacks with call_soon, in the order
# they were added; an awaiting task is one of those callbacks, so it resumes on
# the next iteration, in its place among them.
import asyncio


async def waiter(fut):
    value = await fut
    print(f"waiter: got {value}")
    await asyncio.sleep(0)
    print("waiter: one iteration later")


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    fut.add_done_callback(lambda f: print(f"done callback 1 sees {f.result()}"))
    task = asyncio.create_task(waiter(fut))
    await asyncio.sleep(0)
    print("main: the waiter is now blocked on the future")
    fut.add_done_callback(lambda f: print("done callback 2"))

    loop.call_soon(print, "queued before set_result")
    fut.set_result(42)
    loop.call_soon(print, "queued after set_result")
    print("main: result set, nothing ran yet")
    await asyncio.sleep(0)
    print("main: after one sleep(0)")
    await asyncio.sleep(0)
    print("main: after two sleep(0)")
    await task
    print("main: done")


asyncio.run(main())
