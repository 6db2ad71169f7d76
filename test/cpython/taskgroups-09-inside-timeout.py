# A timeout around a task group: at the deadline the body is cancelled, the
# group cancels its children, and the timeout turns it all into TimeoutError.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()

    def now():
        return f"{loop.time() - t0:.1f}"

    async def child(name, delay):
        try:
            await asyncio.sleep(delay)
            print(f"{now()} {name} finished")
        except asyncio.CancelledError:
            print(f"{now()} {name} cancelled")
            raise

    try:
        async with asyncio.timeout(0.3) as cm:
            async with asyncio.TaskGroup() as tg:
                tg.create_task(child("fast", 0.1))
                tg.create_task(child("slow", 1))
                print(f"{now()} body waits for the group")
    except TimeoutError as e:
        print(f"{now()} TimeoutError caused by {type(e.__cause__).__name__}, expired={cm.expired()}")
    print(f"cancelling={asyncio.current_task().cancelling()}")


asyncio.run(main())
