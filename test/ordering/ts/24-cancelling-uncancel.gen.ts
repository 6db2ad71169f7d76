// Twin of py/24-cancelling-uncancel.py, generator spelling.
import * as asyncio from "asyncio-ts";
import { repr, str } from "./py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  function* worker(started: asyncio.Future<null>) {
    yield* asyncio.sleep(0);
    const task = asyncio.currentTask()!;
    started.setResult(null);
    for (let round = 0; round < 2; round++) {
      try {
        yield* asyncio.sleep(10);
      } catch (e) {
        if (!(e instanceof asyncio.CancelledError)) throw e;
        print(`worker: round ${round} caught CancelledError, cancelling()=${task.cancelling()}`);
        print(`worker: uncancel() -> ${task.uncancel()}`);
      }
    }
    print(`worker: leaving with cancelling()=${task.cancelling()}`);
    return "worker done";
  }

  function* main() {
    const loop = asyncio.getRunningLoop();
    const started = loop.createFuture<null>();
    const task = asyncio.createTask(worker(started));
    yield* started;
    print(`main: cancelling() before=${task.cancelling()}`);
    print(`main: first cancel() -> ${str(task.cancel())}`);
    print(`main: second cancel() -> ${str(task.cancel())}`);
    print(`main: cancelling()=${task.cancelling()}`);
    yield* asyncio.sleep(0.1);
    print(`main: cancelling() after the worker handled it=${task.cancelling()}`);
    task.cancel();
    print(`main: result=${repr(yield* task)} cancelling()=${task.cancelling()}`);
    print(`main: cancel() on a done task -> ${str(task.cancel())} cancelling()=${task.cancelling()}`);
  }

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
