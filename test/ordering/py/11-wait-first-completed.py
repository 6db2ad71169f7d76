# wait(return_when=FIRST_COMPLETED) returns as soon as one task is done; the
# others keep running and can be waited for again.
import asyncio


async def job(name, delay):
    await asyncio.sleep(delay)
    print(f"{name}: done")
    return name


def names(tasks):
    return sorted(t.get_name() for t in tasks)


async def main():
    tasks = [
        asyncio.create_task(job("a", 0.3), name="a"),
        asyncio.create_task(job("b", 0.1), name="b"),
        asyncio.create_task(job("c", 0.2), name="c"),
    ]
    pending = set(tasks)
    while pending:
        done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        print(f"done={names(done)} pending={names(pending)}")
    print(f"results: {[t.result() for t in tasks]}")


asyncio.run(main())
