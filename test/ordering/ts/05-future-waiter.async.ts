// Twin of py/05-future-waiter.py, async function spelling.
import * as asyncio from "asyncio-ts";

export default async function program(print: (line: string) => void): Promise<void> {
  async function waiter(fut: asyncio.Future<number>) {
    const value = await fut;
    print(`waiter: got ${value}`);
    await asyncio.sleep(0);
    print("waiter: one iteration later");
  }

  // Lazy like `async def`: main touches the loop before its first await.
  const main = asyncio.coroutine(async function () {
    const loop = asyncio.getRunningLoop();
    const fut = loop.createFuture<number>();
    fut.addDoneCallback((f) => print(`done callback 1 sees ${f.result()}`));
    const task = asyncio.createTask(waiter(fut));
    await asyncio.sleep(0);
    print("main: the waiter is now blocked on the future");
    fut.addDoneCallback(() => print("done callback 2"));

    loop.callSoon(print, "queued before set_result");
    fut.setResult(42);
    loop.callSoon(print, "queued after set_result");
    print("main: result set, nothing ran yet");
    await asyncio.sleep(0);
    print("main: after one sleep(0)");
    await asyncio.sleep(0);
    print("main: after two sleep(0)");
    await task;
    print("main: done");
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
