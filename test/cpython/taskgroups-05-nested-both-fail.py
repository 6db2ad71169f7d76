# Nested groups where a child of each fails at the same moment: the inner
# group's error group is caught inside, the outer group still fails, and the
# task's cancellation count is back to zero at the end.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    task = asyncio.current_task()

    def now():
        return f"{loop.time() - t0:.1f}"

    async def raise_after(delay, exc):
        await asyncio.sleep(delay)
        print(f"{now()} raising {type(exc).__name__}")
        raise exc

    try:
        async with asyncio.TaskGroup() as outer:
            try:
                async with asyncio.TaskGroup() as inner:
                    inner.create_task(raise_after(0.1, RuntimeError("inner")))
                    outer.create_task(raise_after(0.1, ValueError("outer")))
            except ExceptionGroup as eg:
                print(f"{now()} inner group: {[type(e).__name__ for e in eg.exceptions]}, cancelling={task.cancelling()}")
            print(f"{now()} between the groups, cancelling={task.cancelling()}")
            await asyncio.sleep(1)
            print("not reached")
    except ExceptionGroup as eg:
        print(f"{now()} outer group: {[type(e).__name__ for e in eg.exceptions]}, cancelling={task.cancelling()}")

    async def runner():
        async with asyncio.TaskGroup() as g1:
            g1.create_task(raise_after(0.3, ValueError("g1 child")))
            async with asyncio.TaskGroup() as g2:
                g2.create_task(raise_after(0.1, RuntimeError("g2 child")))
                await asyncio.sleep(10)

    try:
        await asyncio.create_task(runner())
    except ExceptionGroup as eg:
        print(f"{now()} nested: {[type(e).__name__ for e in eg.exceptions]}")
        print(f"{now()}   inside: {[type(e).__name__ for e in eg.exceptions[0].exceptions]}")


asyncio.run(main())
