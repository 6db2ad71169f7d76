# Two nested timeouts with the same deadline: the inner one lets the
# CancelledError through (the cancellation is not only its own), the outer one
# converts it. Both report expired.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()

    def now():
        return f"{loop.time() - t0:.1f}"

    deadline = t0 + 0.1
    outer = asyncio.timeout_at(deadline)
    inner = asyncio.timeout_at(deadline)
    try:
        async with outer:
            try:
                async with inner:
                    await asyncio.sleep(10)
            except asyncio.CancelledError:
                print(f"{now()} between the blocks: CancelledError")
                raise
            except TimeoutError:
                print(f"{now()} between the blocks: TimeoutError")
    except TimeoutError:
        print(f"{now()} outside: TimeoutError")
    print(f"outer expired={outer.expired()} inner expired={inner.expired()}")
    print(f"cancelling={asyncio.current_task().cancelling()}")


asyncio.run(main())
