# A new task's first step runs on the next loop iteration, not when it is created.
# No async twin: a JavaScript async function runs its first step eagerly, at creation.
import asyncio


async def worker(name):
    print(f"{name}: first step")
    await asyncio.sleep(0)
    print(f"{name}: second step")


async def main():
    loop = asyncio.get_running_loop()
    print("main: creating a")
    a = asyncio.create_task(worker("a"))
    loop.call_soon(print, "callback scheduled between the two tasks")
    print("main: creating b")
    b = asyncio.create_task(worker("b"))
    print("main: both created, nothing ran yet")
    await asyncio.sleep(0)
    print("main: after first sleep(0)")
    await asyncio.sleep(0)
    print("main: after second sleep(0)")
    await a
    await b
    print("main: done")


asyncio.run(main())
