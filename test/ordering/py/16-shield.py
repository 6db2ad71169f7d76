# shield(): cancelling the outer awaiter does not cancel the inner task, which
# goes on and finishes; cancelling the inner task cancels the shield.
import asyncio


async def work(name, delay):
    await asyncio.sleep(delay)
    print(f"{name}: finished")
    return f"{name} result"


async def main():
    inner = asyncio.create_task(work("inner", 0.3))

    async def guarded():
        try:
            return await asyncio.shield(inner)
        except asyncio.CancelledError:
            print("guarded: cancelled while waiting on the shield")
            raise

    outer = asyncio.create_task(guarded())
    await asyncio.sleep(0.1)
    outer.cancel()
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print(f"outer cancelled={outer.cancelled()} inner done={inner.done()}")
    print(f"inner still finishes: {await inner!r}")

    inner2 = asyncio.create_task(work("inner2", 1))
    shielded = asyncio.shield(inner2)
    await asyncio.sleep(0)
    inner2.cancel()
    try:
        await shielded
    except asyncio.CancelledError:
        print(f"cancelling the inner task cancels the shield: {shielded.cancelled()}")

    done = asyncio.get_running_loop().create_future()
    done.set_result("ready")
    print(f"shield of a done future returns it: {asyncio.shield(done) is done}")


asyncio.run(main())
