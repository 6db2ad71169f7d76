# A group cancelled from outside whose children fail while being cancelled:
# the errors win over the CancelledError. (The children are cancelled in
# CPython's set order, which is arbitrary: the errors are printed sorted.)
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()

    def now():
        return f"{loop.time() - t0:.1f}"

    async def child(i):
        try:
            await asyncio.sleep(10)
        finally:
            raise ValueError(f"child {i}")

    async def runner():
        async with asyncio.TaskGroup() as tg:
            for i in range(3):
                tg.create_task(child(i))
            await asyncio.sleep(10)

    r = asyncio.create_task(runner())
    await asyncio.sleep(0.1)
    r.cancel()
    try:
        await r
    except ExceptionGroup as eg:
        print(f"{now()} {eg.message}: {sorted(str(e) for e in eg.exceptions)}")
    print(f"runner cancelled={r.cancelled()}")


asyncio.run(main())
