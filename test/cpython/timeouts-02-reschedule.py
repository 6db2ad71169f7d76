# Another task moves a running timeout's deadline later, then earlier; the
# timeout fires at the last deadline it was given. Disabling it with None
# lets the body finish.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()

    def now():
        return f"{loop.time() - t0:.1f}"

    entered = loop.create_future()

    async def worker():
        try:
            async with asyncio.timeout_at(t0 + 0.2) as cm:
                entered.set_result(cm)
                await asyncio.sleep(10)
        except TimeoutError:
            print(f"{now()} worker timed out, when={cm.when() - t0:.1f}")

    task = asyncio.create_task(worker())
    cm = await entered
    await asyncio.sleep(0.1)
    cm.reschedule(t0 + 0.6)
    print(f"{now()} moved to {cm.when() - t0:.1f}")
    await asyncio.sleep(0.2)
    cm.reschedule(t0 + 0.5)
    print(f"{now()} moved to {cm.when() - t0:.1f}")
    await task

    async def patient():
        async with asyncio.timeout(0.1) as cm:
            cm.reschedule(None)
            print(f"{now()} disabled: when={cm.when()}")
            await asyncio.sleep(0.2)
        print(f"{now()} patient finished, expired={cm.expired()}")

    await asyncio.create_task(patient())


asyncio.run(main())
