# A cancel from outside while a timeout is pending is not the timeout's
# business: it propagates as CancelledError and the timeout never expires.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()

    def now():
        return f"{loop.time() - t0:.1f}"

    cm = asyncio.timeout(1)

    async def worker():
        try:
            async with cm:
                await asyncio.sleep(10)
        except asyncio.CancelledError as e:
            print(f"{now()} worker: CancelledError {str(e)!r}")
            raise
        except TimeoutError:
            print(f"{now()} worker: TimeoutError")

    task = asyncio.create_task(worker())
    await asyncio.sleep(0.1)
    task.cancel("from outside")
    try:
        await task
    except asyncio.CancelledError:
        print(f"{now()} main: task cancelled={task.cancelled()}")
    print(f"expired={cm.expired()}")
    await asyncio.sleep(1.2)
    print(f"{now()} the old deadline passed quietly, expired={cm.expired()}")


asyncio.run(main())
