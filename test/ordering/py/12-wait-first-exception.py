# wait(return_when=FIRST_EXCEPTION) returns when a task raises, or when all are
# done if none does; ALL_COMPLETED waits for everything.
import asyncio


async def job(name, delay, fail=False):
    await asyncio.sleep(delay)
    if fail:
        print(f"{name}: raising")
        raise RuntimeError(name)
    print(f"{name}: done")
    return name


def names(tasks):
    return sorted(t.get_name() for t in tasks)


async def main():
    tasks = [
        asyncio.create_task(job("ok1", 0.1), name="ok1"),
        asyncio.create_task(job("bad", 0.2, fail=True), name="bad"),
        asyncio.create_task(job("ok2", 0.3), name="ok2"),
    ]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    print(f"FIRST_EXCEPTION: done={names(done)} pending={names(pending)}")
    for t in sorted(done, key=lambda t: t.get_name()):
        print(f"  {t.get_name()}: exception={t.exception()!r}")

    done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_EXCEPTION)
    print(f"FIRST_EXCEPTION without failures: done={names(done)} pending={names(pending)}")

    more = [
        asyncio.create_task(job("x", 0.2), name="x"),
        asyncio.create_task(job("y", 0.1), name="y"),
    ]
    done, pending = await asyncio.wait(more)
    print(f"ALL_COMPLETED: done={names(done)} pending={names(pending)}")


asyncio.run(main())
