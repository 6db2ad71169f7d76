# wait(timeout=...) returns what is done when the timeout expires and leaves
# the rest running; it never raises TimeoutError.
import asyncio


async def job(name, delay):
    try:
        await asyncio.sleep(delay)
        print(f"{name}: done")
        return name
    except asyncio.CancelledError:
        print(f"{name}: cancelled")
        raise


def names(tasks):
    return sorted(t.get_name() for t in tasks)


async def main():
    tasks = [
        asyncio.create_task(job("fast", 0.1), name="fast"),
        asyncio.create_task(job("slow", 0.5), name="slow"),
        asyncio.create_task(job("slower", 0.7), name="slower"),
    ]
    done, pending = await asyncio.wait(tasks, timeout=0.3)
    print(f"after timeout: done={names(done)} pending={names(pending)}")

    done, pending = await asyncio.wait(pending, timeout=0.3, return_when=asyncio.FIRST_COMPLETED)
    print(f"first completed within timeout: done={names(done)} pending={names(pending)}")

    for t in pending:
        t.cancel()
    done, pending = await asyncio.wait(pending)
    print(f"after cancelling: done={names(done)} cancelled={[t.cancelled() for t in done]}")


asyncio.run(main())
