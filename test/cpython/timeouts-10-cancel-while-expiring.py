# The timeout has fired and the body is still cleaning up when a cancel
# arrives from outside: on exit the timeout sees a cancellation that is not
# its own and lets CancelledError through instead of TimeoutError.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()

    def now():
        return f"{loop.time() - t0:.1f}"

    cm = asyncio.timeout(0.1)

    async def worker():
        try:
            async with cm:
                try:
                    await asyncio.sleep(10)
                except asyncio.CancelledError:
                    print(f"{now()} timeout fired, cleaning up")
                    await asyncio.sleep(0.3)
                    print(f"{now()} cleanup done")
                    raise
        except TimeoutError:
            print(f"{now()} worker: TimeoutError")
        except asyncio.CancelledError:
            print(f"{now()} worker: CancelledError, cancelling={asyncio.current_task().cancelling()}")
            raise

    task = asyncio.create_task(worker())
    await asyncio.sleep(0.2)
    task.cancel()
    print(f"{now()} cancelled from outside")
    try:
        await task
    except asyncio.CancelledError:
        print(f"{now()} main: task cancelled={task.cancelled()}, expired={cm.expired()}")


asyncio.run(main())
