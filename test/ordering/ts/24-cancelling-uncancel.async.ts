// Twin of py/24-cancelling-uncancel.py, async function spelling.
import * as asyncio from "asyncio-ts";
import { repr, str } from "./py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  async function worker(started: asyncio.Future<null>) {
    await asyncio.sleep(0);
    const task = asyncio.currentTask()!;
    started.setResult(null);
    for (let round = 0; round < 2; round++) {
      try {
        await asyncio.sleep(10);
      } catch (e) {
        if (!(e instanceof asyncio.CancelledError)) throw e;
        print(`worker: round ${round} caught CancelledError, cancelling()=${task.cancelling()}`);
        print(`worker: uncancel() -> ${task.uncancel()}`);
      }
    }
    print(`worker: leaving with cancelling()=${task.cancelling()}`);
    return "worker done";
  }

  // Lazy like `async def`: main touches the loop before its first await.
  const main = asyncio.coroutine(async function () {
    const loop = asyncio.getRunningLoop();
    const started = loop.createFuture<null>();
    const task = asyncio.createTask(worker(started));
    await started;
    print(`main: cancelling() before=${task.cancelling()}`);
    print(`main: first cancel() -> ${str(task.cancel())}`);
    print(`main: second cancel() -> ${str(task.cancel())}`);
    print(`main: cancelling()=${task.cancelling()}`);
    await asyncio.sleep(0.1);
    print(`main: cancelling() after the worker handled it=${task.cancelling()}`);
    task.cancel();
    print(`main: result=${repr(await task)} cancelling()=${task.cancelling()}`);
    print(`main: cancel() on a done task -> ${str(task.cancel())} cancelling()=${task.cancelling()}`);
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
