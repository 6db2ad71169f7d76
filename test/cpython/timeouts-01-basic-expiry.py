# A timeout around a long sleep fires exactly at its deadline and turns the
# cancellation it caused into TimeoutError, chained to the CancelledError.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()

    def now():
        return f"{loop.time() - t0:.1f}"

    cm = asyncio.timeout(0.1)
    print(f"{now()} before enter: expired={cm.expired()}")
    try:
        async with cm:
            print(f"{now()} entered, deadline in {cm.when() - t0:.1f}")
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError as e:
                print(f"{now()} body sees {type(e).__name__}, expired={cm.expired()}")
                raise
    except TimeoutError as e:
        print(f"{now()} caught {type(e).__name__} message={str(e)!r}")
        print(f"cause is {type(e.__cause__).__name__}")
    print(f"expired={cm.expired()} cancelling={asyncio.current_task().cancelling()}")


asyncio.run(main())
