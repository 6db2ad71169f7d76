# loop.stop() lets the current pass finish and then returns from run_forever();
# callbacks queued during that pass wait for the next run. Called before
# run_forever(), stop() makes it run exactly one pass.
import asyncio

loop = asyncio.new_event_loop()


def first():
    print("first: calling stop()")
    loop.stop()
    loop.call_soon(print, "queued by first (next run)")


loop.call_soon(first)
loop.call_soon(print, "same pass as stop()")
loop.run_forever()
print("run_forever returned")

loop.call_soon(print, "queued between runs")
loop.stop()
loop.run_forever()
print("one pass after stop() before run_forever")

loop.call_later(0.1, print, "timer 0.1")
loop.call_later(0.2, loop.stop)
loop.call_later(0.3, print, "timer 0.3 (never runs: the loop closes first)")
loop.run_forever()
print("stopped by a timer")


async def coro():
    print("coro: running")
    await asyncio.sleep(0)
    loop.call_soon(print, "queued by the coroutine before it returned")
    loop.call_soon(lambda: loop.call_soon(print, "two passes after the return"))
    return "coro result"


print(f"run_until_complete -> {loop.run_until_complete(coro())}")
loop.call_soon(loop.stop)
loop.run_forever()
print("drained")
loop.close()
print(f"closed: {loop.is_closed()}")
