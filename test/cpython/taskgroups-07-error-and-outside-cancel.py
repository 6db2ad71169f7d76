# A child fails and the parent is also cancelled from outside: the group
# raises its errors, but the outside cancellation stays pending and hits the
# next await.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()

    def now():
        return f"{loop.time() - t0:.1f}"

    started = loop.create_future()

    async def raise_error():
        started.set_result(None)
        await asyncio.sleep(0)
        raise RuntimeError("child")

    async def inner():
        task = asyncio.current_task()
        try:
            async with asyncio.TaskGroup() as tg:
                tg.create_task(raise_error())
                await asyncio.sleep(1)
                print("not reached")
        except ExceptionGroup as eg:
            print(f"{now()} inner caught {[type(e).__name__ for e in eg.exceptions]}, cancelling={task.cancelling()}")
        try:
            await asyncio.sleep(1)
            print("not reached")
        except asyncio.CancelledError:
            print(f"{now()} the outside cancel arrives at the next await")
            raise

    t = asyncio.create_task(inner())
    await started
    t.cancel()
    print(f"{now()} cancelled from outside, cancelling={t.cancelling()}")
    try:
        await t
    except asyncio.CancelledError:
        print(f"{now()} task cancelled={t.cancelled()}")


asyncio.run(main())
