# create_task on a group that is not entered, that is shutting down after a
# failure, or that has finished; entering a group twice.
import asyncio


async def main():
    tg = asyncio.TaskGroup()
    coro = asyncio.sleep(0)
    try:
        tg.create_task(coro)
    except RuntimeError as e:
        print(f"not entered: {e}")

    async def fail():
        raise ValueError("x")

    async def late(group):
        try:
            await asyncio.sleep(1)
        except asyncio.CancelledError:
            try:
                group.create_task(asyncio.sleep(0))
            except RuntimeError as e:
                print(f"shutting down: {e}")
            raise

    try:
        async with tg:
            tg.create_task(late(tg))
            tg.create_task(fail())
            try:
                async with tg:
                    pass
            except RuntimeError as e:
                print(f"entered twice: {e}")
    except ExceptionGroup as eg:
        print(f"group: {[type(e).__name__ for e in eg.exceptions]}")

    try:
        tg.create_task(asyncio.sleep(0))
    except RuntimeError as e:
        print(f"after exit: {e}")

    async with asyncio.TaskGroup() as ok:
        pass
    try:
        ok.create_task(asyncio.sleep(0))
    except RuntimeError as e:
        print(f"after a clean exit: {e}")


asyncio.run(main())
