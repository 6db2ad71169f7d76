# `await sleep(0)` gives up exactly one loop iteration: callbacks queued before it
# run first, callbacks queued during that iteration run after it.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(print, "callback 1")
    print("main: before sleep(0)")
    await asyncio.sleep(0)
    print("main: after sleep(0)")

    loop.call_soon(print, "callback 2")
    loop.call_soon(lambda: loop.call_soon(print, "callback queued by a callback"))
    await asyncio.sleep(0)
    print("main: after second sleep(0)")
    await asyncio.sleep(0)
    print("main: after third sleep(0)")

    for i in range(3):
        loop.call_soon(print, f"round {i}: callback")
        await asyncio.sleep(0)
        print(f"round {i}: main resumed")


asyncio.run(main())
