# A timeout of zero, or with a deadline in the past, fires on the next loop
# iteration: even a sleep(0) inside it is interrupted.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()

    def now():
        return f"{loop.time() - t0:.1f}"

    for delay in (0, -5):
        steps = []
        try:
            async with asyncio.timeout(delay) as cm:
                steps.append("entered")
                await asyncio.sleep(0)
                steps.append("after sleep(0)")
        except TimeoutError:
            steps.append("TimeoutError")
        print(f"{now()} delay {delay}: {steps}, expired={cm.expired()}")

    async with asyncio.timeout(0) as cm:
        pass
    print(f"{now()} no await inside: expired={cm.expired()}")


asyncio.run(main())
