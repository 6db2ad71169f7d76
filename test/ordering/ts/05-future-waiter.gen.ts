// Twin of py/05-future-waiter.py, generator spelling.
import * as asyncio from "asyncio-ts";

export default async function program(print: (line: string) => void): Promise<void> {
  function* waiter(fut: asyncio.Future<number>) {
    const value = yield* fut;
    print(`waiter: got ${value}`);
    yield* asyncio.sleep(0);
    print("waiter: one iteration later");
  }

  function* main() {
    const loop = asyncio.getRunningLoop();
    const fut = loop.createFuture<number>();
    fut.addDoneCallback((f) => print(`done callback 1 sees ${f.result()}`));
    const task = asyncio.createTask(waiter(fut));
    yield* asyncio.sleep(0);
    print("main: the waiter is now blocked on the future");
    fut.addDoneCallback(() => print("done callback 2"));

    loop.callSoon(print, "queued before set_result");
    fut.setResult(42);
    loop.callSoon(print, "queued after set_result");
    print("main: result set, nothing ran yet");
    yield* asyncio.sleep(0);
    print("main: after one sleep(0)");
    yield* asyncio.sleep(0);
    print("main: after two sleep(0)");
    yield* task;
    print("main: done");
  }

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
