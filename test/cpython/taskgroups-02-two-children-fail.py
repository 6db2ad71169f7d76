# The first failing child cancels its siblings and the body; a sibling that
# fails again while being cancelled adds its error too. The errors come out
# together, in the order they happened. (Siblings cancelled together wake in
# CPython's set order, which is arbitrary: only one of them prints.)
import asyncio


class Boom(Exception):
    pass


async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()

    def now():
        return f"{loop.time() - t0:.1f}"

    async def fail_after(delay, what):
        await asyncio.sleep(delay)
        print(f"{now()} {what} raises")
        raise Boom(what)

    async def fail_in_cleanup():
        try:
            await asyncio.sleep(10)
        finally:
            raise ValueError("in cleanup")

    async def quiet():
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            print(f"{now()} quiet child cancelled")
            raise

    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fail_after(0.1, "first"))
            tg.create_task(fail_in_cleanup())
            q = tg.create_task(quiet())
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                print(f"{now()} body cancelled")
                raise
    except ExceptionGroup as eg:
        print(f"{now()} {type(eg).__name__}: {eg.message}")
        for e in eg.exceptions:
            print(f"  {type(e).__name__}: {e}")
    print(f"quiet cancelled={q.cancelled()} cancelling={asyncio.current_task().cancelling()}")


asyncio.run(main())
