# Misuse answered with RuntimeError, and the messages CPython uses.
import asyncio


async def main():
    cm = asyncio.timeout(0.1)
    try:
        cm.reschedule(1)
    except RuntimeError as e:
        print(f"reschedule before enter: {e}")

    async with cm:
        try:
            async with cm:
                pass
        except RuntimeError as e:
            print(f"enter while active: {e}")
    try:
        async with cm:
            pass
    except RuntimeError as e:
        print(f"enter after exit: {e}")
    try:
        cm.reschedule(1)
    except RuntimeError as e:
        print(f"reschedule after exit: {e}")

    try:
        async with asyncio.timeout(0.1) as cm2:
            try:
                await asyncio.sleep(1)
            except asyncio.CancelledError:
                try:
                    cm2.reschedule(5)
                except RuntimeError as e:
                    print(f"reschedule while expiring: {e}")
                raise
    except TimeoutError:
        pass
    try:
        cm2.reschedule(1)
    except RuntimeError as e:
        print(f"reschedule after expiry: {e}")


asyncio.run(main())
