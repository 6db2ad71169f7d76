# Plain iteration over as_completed gives fresh awaitables: each one returns
# the result (or raises the error) of the next awaitable to finish.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()

    def now():
        return f"{loop.time() - t0:.1f}"

    async def job(name, delay, fail=False):
        await asyncio.sleep(delay)
        if fail:
            raise ValueError(name)
        return name

    aws = [job("a", 0.3), job("b", 0.1), job("c", 0.2, fail=True)]
    for next_done in asyncio.as_completed(aws):
        try:
            value = await next_done
            print(f"{now()} result {value}")
        except ValueError as e:
            print(f"{now()} error ValueError({e})")


asyncio.run(main())
