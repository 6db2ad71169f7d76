// Twin of taskgroups-07-error-and-outside-cancel.py (async function spelling).
import * as asyncio from "asyncio-ts";
import { repr, str, typeName } from "../ordering/ts/py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  const main = asyncio.coroutine(async function main() {
    const loop = asyncio.getRunningLoop();
    const t0 = loop.time();
    const now = (): string => (loop.time() - t0).toFixed(1);

    const started = loop.createFuture<null>();

    const raiseError = asyncio.coroutine(async function raiseError() {
      started.setResult(null);
      await asyncio.sleep(0);
      throw new asyncio.RuntimeError("child");
    });

    const inner = asyncio.coroutine(async function inner() {
      const task = asyncio.currentTask() as asyncio.Task;
      try {
        await asyncio.asyncWith(new asyncio.TaskGroup(), async (tg) => {
          void tg.createTask(raiseError());
          await asyncio.sleep(1);
          print("not reached");
        });
      } catch (eg) {
        if (!(eg instanceof asyncio.ExceptionGroup)) throw eg;
        print(`${now()} inner caught ${repr(eg.exceptions.map(typeName))}, cancelling=${task.cancelling()}`);
      }
      try {
        await asyncio.sleep(1);
        print("not reached");
      } catch (e) {
        if (e instanceof asyncio.CancelledError) print(`${now()} the outside cancel arrives at the next await`);
        throw e;
      }
    });

    const t = asyncio.createTask(inner());
    await started;
    t.cancel();
    print(`${now()} cancelled from outside, cancelling=${t.cancelling()}`);
    try {
      await t;
    } catch (e) {
      if (!(e instanceof asyncio.CancelledError)) throw e;
      print(`${now()} task cancelled=${str(t.cancelled())}`);
    }
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
