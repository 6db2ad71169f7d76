# Event.set() wakes every waiter at once, in the order they started waiting;
# a waiter woken by set() returns True even if clear() came before it ran;
# a cancelled waiter leaves nothing behind.
import asyncio

from _virtual_loop import VirtualClockLoop


async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()

    def now():
        return f"{loop.time() - t0:.2f}"

    ev = asyncio.Event()

    async def waiter(name):
        print(f"{now()} {name} waits, is_set={ev.is_set()}")
        result = await ev.wait()
        print(f"{now()} {name} woke with {result}, is_set={ev.is_set()}")

    tasks = [asyncio.create_task(waiter(n)) for n in ("a", "b", "c")]
    await asyncio.sleep(0.1)
    tasks[1].cancel()
    await asyncio.sleep(0)
    print(f"{now()} b cancelled={tasks[1].cancelled()}")
    ev.set()
    ev.clear()
    print(f"{now()} set then clear: is_set={ev.is_set()}")
    await asyncio.sleep(0)
    print(f"{now()} after one iteration")

    late = asyncio.create_task(waiter("late"))
    loop.call_later(0.2, ev.set)
    await late
    print(f"{now()} wait on a set event: {await ev.wait()}")
    ev.set()
    print(f"set twice: is_set={ev.is_set()}")
    await asyncio.gather(*tasks, return_exceptions=True)


asyncio.run(main(), loop_factory=VirtualClockLoop)
