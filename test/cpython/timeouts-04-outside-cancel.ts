// Twin of timeouts-04-outside-cancel.py (generator spelling).
import * as asyncio from "asyncio-ts";
import { repr, str } from "../ordering/ts/py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  const main = asyncio.coroutine(function* main() {
    const loop = asyncio.getRunningLoop();
    const t0 = loop.time();
    const now = (): string => (loop.time() - t0).toFixed(1);

    const cm = asyncio.timeout(1);

    const worker = asyncio.coroutine(function* worker() {
      try {
        yield* asyncio.asyncWith(cm, function* () {
          yield* asyncio.sleep(10);
        });
      } catch (e) {
        if (e instanceof asyncio.CancelledError) {
          print(`${now()} worker: CancelledError ${repr(e.message)}`);
          throw e;
        }
        if (!(e instanceof asyncio.TimeoutError)) throw e;
        print(`${now()} worker: TimeoutError`);
      }
    });

    const task = asyncio.createTask(worker());
    yield* asyncio.sleep(0.1);
    task.cancel("from outside");
    try {
      yield* task;
    } catch (e) {
      if (!(e instanceof asyncio.CancelledError)) throw e;
      print(`${now()} main: task cancelled=${str(task.cancelled())}`);
    }
    print(`expired=${str(cm.expired())}`);
    yield* asyncio.sleep(1.2);
    print(`${now()} the old deadline passed quietly, expired=${str(cm.expired())}`);
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
