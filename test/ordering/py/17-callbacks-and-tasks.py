# call_soon, call_later and call_at interleave with task steps in the order
# they were queued; timers run in deadline order once due, cancelled timers
# never run.
# No async twin: a JavaScript async function runs its first step eagerly, at creation.
import asyncio


async def worker(name):
    print(f"{name}: step 1")
    await asyncio.sleep(0)
    print(f"{name}: step 2")


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()

    def stamp(label):
        print(f"{label} at +{loop.time() - start:.1f}")

    loop.call_later(0.2, stamp, "call_later 0.2")
    loop.call_at(start + 0.1, stamp, "call_at +0.1")
    cancelled = loop.call_later(0.15, stamp, "cancelled timer")
    loop.call_soon(print, "call_soon 1")
    asyncio.create_task(worker("t"))
    loop.call_soon(print, "call_soon 2")
    cancelled.cancel()
    print(f"timer cancelled: {cancelled.cancelled()}")
    await asyncio.sleep(0)
    print("main: after sleep(0)")
    await asyncio.sleep(0.3)
    stamp("main: after sleep(0.3)")

    def chain(n):
        print(f"chain {n}")
        if n < 3:
            loop.call_soon(chain, n + 1)

    loop.call_soon(chain, 1)
    asyncio.create_task(worker("u"))
    await asyncio.sleep(0)
    print("main: after sleep(0)")
    await asyncio.sleep(0)
    print("main: after sleep(0)")
    await asyncio.sleep(0)
    print("main: after sleep(0)")


asyncio.run(main())
