# The body itself raises: the children are cancelled, the group waits for
# them, and the body's error comes out last in the group, after any child error.
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
            if name == "b":
                raise RuntimeError("b failed in cleanup")
            raise

    try:
        async with asyncio.TaskGroup() as tg:
            a = tg.create_task(child("a", 0.2))
            b = tg.create_task(child("b", 0.1))
            await asyncio.sleep(0.2)
            print(f"{now()} body raises")
            raise ValueError("body failed")
    except ExceptionGroup as eg:
        print(f"{now()} {eg.message}: {[f'{type(e).__name__}({e})' for e in eg.exceptions]}")
    print(f"a cancelled={a.cancelled()} b cancelled={b.cancelled()}")


asyncio.run(main())
