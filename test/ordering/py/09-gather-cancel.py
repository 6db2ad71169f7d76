# Cancelling the future returned by gather() cancels every unfinished child;
# a child cancelled on its own shows up as a CancelledError in the results.
import asyncio


async def child(name, delay):
    try:
        await asyncio.sleep(delay)
        print(f"{name}: finished")
        return name
    except asyncio.CancelledError:
        print(f"{name}: cancelled")
        raise


async def main():
    a = asyncio.create_task(child("a", 0.1))
    b = asyncio.create_task(child("b", 1))
    c = asyncio.create_task(child("c", 1))
    group = asyncio.gather(a, b, c)
    await asyncio.sleep(0.2)
    print(f"main: cancel() returned {group.cancel()}")
    try:
        await group
    except asyncio.CancelledError:
        print("main: awaiting the gather raised CancelledError")
    print(f"states: a cancelled={a.cancelled()} b cancelled={b.cancelled()} c cancelled={c.cancelled()}")

    d = asyncio.create_task(child("d", 0.1))
    e = asyncio.create_task(child("e", 1))
    group = asyncio.gather(d, e, return_exceptions=True)
    await asyncio.sleep(0)
    e.cancel()
    results = await group
    print(f"gather with a cancelled child: {[type(r).__name__ for r in results]}")
    print(f"the gather itself is cancelled: {group.cancelled()}")


asyncio.run(main())
