# gather() resolves two iterations after its last child finishes: one for its
# own done callback on the child, one for the awaiting task's wakeup. Awaiting
# a task directly takes one. Every task first waits on a future, so the count
# does not depend on when a task's first step runs.
import asyncio


async def ticker(n, go):
    await go
    for i in range(n):
        print(f"tick {i}")
        await asyncio.sleep(0)


async def child(name, fut):
    value = await fut
    print(f"{name}: finishing")
    return f"{name}={value}"


async def main():
    loop = asyncio.get_running_loop()
    fa = loop.create_future()
    fb = loop.create_future()
    a = asyncio.create_task(child("a", fa))
    b = asyncio.create_task(child("b", fb))
    await asyncio.sleep(0)

    async def collect():
        results = await asyncio.gather(a, b)
        print(f"gather -> {results}")

    collector = asyncio.create_task(collect())
    await asyncio.sleep(0)
    go = loop.create_future()
    ticks = asyncio.create_task(ticker(7, go))
    go.set_result(None)
    fa.set_result(1)
    await asyncio.sleep(0)
    fb.set_result(2)
    await collector
    await ticks

    fc = loop.create_future()
    c = asyncio.create_task(child("c", fc))

    async def direct():
        print(f"direct await -> {await c}")

    waiter = asyncio.create_task(direct())
    await asyncio.sleep(0)
    go = loop.create_future()
    ticks = asyncio.create_task(ticker(4, go))
    go.set_result(None)
    fc.set_result(3)
    await waiter
    await ticks


asyncio.run(main())
