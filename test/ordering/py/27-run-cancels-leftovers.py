# When main returns, asyncio.run() cancels the tasks still running and waits
# for them: their except and finally blocks run before run() returns.
# Leftovers are cancelled in set order, which CPython does not fix, so they
# print only after cleanup sleeps of different lengths.
import asyncio


async def leftover(name, cleanup_delay):
    print(f"{name}: started")
    try:
        await asyncio.sleep(10)
    finally:
        await asyncio.sleep(cleanup_delay)
        print(f"{name}: finally, cancelling()={asyncio.current_task().cancelling()}")


async def quick():
    await asyncio.sleep(0)
    print("quick: finished on its own")


async def main():
    asyncio.create_task(leftover("first", 0.2))
    asyncio.create_task(leftover("second", 0.1))
    asyncio.create_task(quick())
    await asyncio.sleep(0.1)
    print("main: returning")
    return "main result"


print(f"asyncio.run -> {asyncio.run(main())!r}")
print("after run")
