# Sleepers wake in deadline order whatever order they started in, and sleep()
# hands back its optional result.
import asyncio


async def sleeper(name, delay):
    print(f"{name} sleeps {delay}")
    value = await asyncio.sleep(delay, result=f"{name}-result")
    print(f"{name} woke with {value}")
    return value


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    tasks = [
        asyncio.create_task(sleeper("slow", 0.3)),
        asyncio.create_task(sleeper("fast", 0.1)),
        asyncio.create_task(sleeper("medium", 0.2)),
    ]
    for t in tasks:
        await t
        print(f"main: awaited {t.result()} at +{loop.time() - start:.1f}")


asyncio.run(main())
