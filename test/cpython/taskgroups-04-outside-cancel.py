# A cancel from outside reaches the body, then every child; the group waits
# for all of them and the CancelledError goes on. (Children cancelled together
# wake in CPython's set order, which is arbitrary: they print only later.)
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()

    def now():
        return f"{loop.time() - t0:.1f}"

    async def child(name, cleanup):
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            await asyncio.sleep(cleanup)
            print(f"{now()} {name} cleaned up")
            raise

    async def runner():
        try:
            async with asyncio.TaskGroup() as tg:
                tg.create_task(child("a", 0.2))
                tg.create_task(child("b", 0.1))
                try:
                    await asyncio.sleep(10)
                except asyncio.CancelledError:
                    print(f"{now()} body cancelled")
                    raise
        except asyncio.CancelledError:
            print(f"{now()} runner: group let CancelledError out")
            raise

    task = asyncio.create_task(runner())
    await asyncio.sleep(0.1)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print(f"{now()} main: runner cancelled={task.cancelled()}")


asyncio.run(main())
