# Timers due at the same instant fire in the order they were scheduled, and a
# negative delay means "now": such a timer is due on the very next iteration.
import asyncio


async def sleeper(name, delay):
    await asyncio.sleep(delay)
    print(f"{name} woke")


async def main():
    loop = asyncio.get_running_loop()
    # Equal delays, scheduled one after the other in the same step.
    loop.call_later(0.05, print, "timer x")
    loop.call_later(0.05, print, "timer y")
    loop.call_later(0.05, print, "timer z")
    await asyncio.sleep(0.1)
    print("main: after sleep(0.1)")

    tasks = [asyncio.create_task(sleeper(name, 0.05)) for name in "abc"]
    await asyncio.gather(*tasks)
    print("main: sleepers done")

    # A timer with a delay <= 0 runs on the next iteration, after the callbacks
    # already queued there; a more negative delay sorts earlier.
    loop.call_soon(print, "soon 1")
    loop.call_later(-1, print, "later -1")
    loop.call_later(-2, print, "later -2")
    loop.call_later(0, print, "later 0")
    loop.call_soon(print, "soon 2")
    await asyncio.sleep(0)
    print("main: after sleep(0)")

    await asyncio.sleep(-5)
    print("main: sleep(-5) returned after one iteration")


asyncio.run(main())
