# Condition.notify(n) wakes the n oldest waiters, which run one after the
# other as each gets the lock back; notify_all() wakes the rest; wait_for()
# re-checks its predicate after every wake-up.
import asyncio

from _virtual_loop import VirtualClockLoop


async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()

    def now():
        return f"{loop.time() - t0:.2f}"

    cond = asyncio.Condition()
    items = []

    async def consumer(name):
        async with cond:
            print(f"{now()} {name} waits")
            result = await cond.wait()
            print(f"{now()} {name} woke with {result}, holds lock={cond.locked()}")
            await asyncio.sleep(0.1)
            print(f"{now()} {name} leaves")

    tasks = [asyncio.create_task(consumer(n)) for n in ("a", "b", "c", "d")]
    await asyncio.sleep(0)
    async with cond:
        print(f"{now()} notify(2)")
        cond.notify(2)
        await asyncio.sleep(0.05)
        print(f"{now()} main still holds the lock")
    await asyncio.sleep(0.3)
    async with cond:
        print(f"{now()} notify_all")
        cond.notify_all()
    await asyncio.gather(*tasks)

    async def taker():
        async with cond:
            got = await cond.wait_for(lambda: len(items) >= 2)
            print(f"{now()} predicate true ({got}), items={items}")

    t = asyncio.create_task(taker())
    for i in range(3):
        await asyncio.sleep(0.1)
        async with cond:
            items.append(i)
            print(f"{now()} appended {i}, notify")
            cond.notify()
    await t


asyncio.run(main(), loop_factory=VirtualClockLoop)
