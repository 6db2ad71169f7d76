# gather() of futures that are already done is itself done at once, so
# awaiting it does not give up an iteration; gather() of nothing is done too.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    f1 = loop.create_future()
    f2 = loop.create_future()
    f1.set_result("one")
    f2.set_result("two")
    loop.call_soon(print, "callback queued before the gathers")

    g = asyncio.gather(f1, f2)
    print(f"gather of done futures is done: {g.done()}")
    print(f"awaited: {await g}")
    empty = asyncio.gather()
    print(f"empty gather is done: {empty.done()}")
    print(f"awaited empty: {await empty}")
    print("main: nothing above gave up an iteration")
    await asyncio.sleep(0)
    print("main: after sleep(0)")

    f3 = loop.create_future()
    g = asyncio.gather(f1, f3, f1)
    f3.set_result("three")
    print(f"gather with one pending child done: {g.done()}")
    loop.call_soon(print, "callback queued after set_result")
    print(f"awaited: {await g}")


asyncio.run(main())
