# current_task() is the task running the code, also after awaits resume it;
# it is None in plain callbacks and done callbacks.
import asyncio


async def worker(label, go, fut):
    await go
    me = asyncio.current_task()
    print(f"{label}: current task is {me.get_name()}")
    await asyncio.sleep(0)
    print(f"{label}: after sleep(0) still {asyncio.current_task().get_name()}")
    await fut
    print(f"{label}: after awaiting a future still {asyncio.current_task() is me}")
    return me.get_name()


async def main():
    loop = asyncio.get_running_loop()
    main_task = asyncio.current_task()
    main_task.set_name("main")
    go = loop.create_future()
    fut = loop.create_future()
    a = asyncio.create_task(worker("a", go, fut), name="alpha")
    b = asyncio.create_task(worker("b", go, fut), name="beta")
    loop.call_soon(lambda: print(f"callback: current task is {asyncio.current_task()}"))
    await asyncio.sleep(0)
    print(f"main: current task is {asyncio.current_task().get_name()}")
    b.set_name("beta-renamed")
    go.set_result(None)
    await asyncio.sleep(0)
    fut.set_result(None)
    print(f"main: gathered {await asyncio.gather(a, b)}")
    print(f"main: after gather still {asyncio.current_task() is main_task}")
    fut2 = loop.create_future()
    fut2.add_done_callback(lambda f: print(f"done callback: current task is {asyncio.current_task()}"))
    fut2.set_result(None)
    await fut2
    await asyncio.sleep(0)


asyncio.run(main())
