# gather(return_exceptions=True) puts exceptions in the result list in argument
# order; without it the first exception reaches the awaiter at once and the
# other children keep running.
import asyncio


async def job(name, delay, fail=False):
    await asyncio.sleep(delay)
    if fail:
        print(f"{name}: raising")
        raise ValueError(f"{name} failed")
    print(f"{name}: returning")
    return name


async def main():
    results = await asyncio.gather(
        job("a", 0.3), job("b", 0.1, fail=True), job("c", 0.2),
        return_exceptions=True,
    )
    print(f"collected: {results}")

    slow = asyncio.create_task(job("slow", 0.3))
    try:
        await asyncio.gather(job("quick", 0.1, fail=True), slow)
    except ValueError as e:
        print(f"main: gather raised ValueError: {e}")
    print(f"main: slow still running: {not slow.done()}")
    print(f"main: slow returned {await slow}")


asyncio.run(main())
