# as_completed() yields results in completion order; iterated with async for
# (3.13) it yields the original tasks; its timeout raises TimeoutError.
import asyncio


async def job(name, delay):
    await asyncio.sleep(delay)
    print(f"{name}: done")
    return name


async def main():
    tasks = [
        asyncio.create_task(job("a", 0.3)),
        asyncio.create_task(job("b", 0.1)),
        asyncio.create_task(job("c", 0.2)),
    ]
    for next_done in asyncio.as_completed(tasks):
        print(f"got {await next_done}")

    originals = [
        asyncio.create_task(job("x", 0.2)),
        asyncio.create_task(job("y", 0.1)),
    ]
    async for t in asyncio.as_completed(originals):
        print(f"async for yields the original task: {t is originals[1] or t is originals[0]}, result {t.result()}")

    late = [
        asyncio.create_task(job("p", 0.1)),
        asyncio.create_task(job("q", 1)),
    ]
    try:
        for next_done in asyncio.as_completed(late, timeout=0.3):
            print(f"got {await next_done}")
    except TimeoutError:
        print("as_completed timed out")
    print(f"q still running: {not late[1].done()}")
    late[1].cancel()


asyncio.run(main())
