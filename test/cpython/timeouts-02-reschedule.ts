// Twin of timeouts-02-reschedule.py (generator spelling).
import * as asyncio from "asyncio-ts";
import { repr, str } from "../ordering/ts/py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  const main = asyncio.coroutine(function* main() {
    const loop = asyncio.getRunningLoop();
    const t0 = loop.time();
    const now = (): string => (loop.time() - t0).toFixed(1);

    const entered = loop.createFuture<asyncio.Timeout>();

    const worker = asyncio.coroutine(function* worker() {
      const cm = asyncio.timeoutAt(t0 + 0.2);
      try {
        yield* asyncio.asyncWith(cm, function* (cm) {
          entered.setResult(cm);
          yield* asyncio.sleep(10);
        });
      } catch (e) {
        if (!(e instanceof asyncio.TimeoutError)) throw e;
        print(`${now()} worker timed out, when=${((cm.when() ?? NaN) - t0).toFixed(1)}`);
      }
    });

    const task = asyncio.createTask(worker());
    const cm = yield* entered;
    yield* asyncio.sleep(0.1);
    cm.reschedule(t0 + 0.6);
    print(`${now()} moved to ${((cm.when() ?? NaN) - t0).toFixed(1)}`);
    yield* asyncio.sleep(0.2);
    cm.reschedule(t0 + 0.5);
    print(`${now()} moved to ${((cm.when() ?? NaN) - t0).toFixed(1)}`);
    yield* task;

    const patient = asyncio.coroutine(function* patient() {
      const cm = asyncio.timeout(0.1);
      yield* asyncio.asyncWith(cm, function* (cm) {
        cm.reschedule(null);
        print(`${now()} disabled: when=${repr(cm.when())}`);
        yield* asyncio.sleep(0.2);
      });
      print(`${now()} patient finished, expired=${str(cm.expired())}`);
    });

    yield* asyncio.createTask(patient());
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
