# Nested timeouts where the inner one expires first: it alone becomes a
# TimeoutError, the code after it keeps running, and the outer one fires later.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()

    def now():
        return f"{loop.time() - t0:.1f}"

    try:
        async with asyncio.timeout(0.3) as outer:
            try:
                async with asyncio.timeout(0.1) as inner:
                    await asyncio.sleep(10)
            except TimeoutError:
                print(f"{now()} inner TimeoutError, outer expired={outer.expired()}")
            await asyncio.sleep(10)
    except TimeoutError:
        print(f"{now()} outer TimeoutError")
    print(f"inner={inner.expired()} outer={outer.expired()}")
    print(f"cancelling={asyncio.current_task().cancelling()}")


asyncio.run(main())
