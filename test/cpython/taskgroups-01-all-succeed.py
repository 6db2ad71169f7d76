# A task group waits for every child, including one created late from the
# body and one created by another child, before the block ends.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()

    def now():
        return f"{loop.time() - t0:.1f}"

    async def child(name, delay):
        await asyncio.sleep(delay)
        print(f"{now()} {name} done")
        return name.upper()

    async def spawner(tg):
        await asyncio.sleep(0.1)
        tg.create_task(child("grandchild", 0.4))
        return "SPAWNER"

    async with asyncio.TaskGroup() as tg:
        a = tg.create_task(child("a", 0.2), name="first")
        s = tg.create_task(spawner(tg))
        await asyncio.sleep(0.1)
        b = tg.create_task(child("b", 0.2))
        print(f"{now()} body done, name of a is {a.get_name()}")
    print(f"{now()} group done: {a.result()} {b.result()} {s.result()}")


asyncio.run(main())
