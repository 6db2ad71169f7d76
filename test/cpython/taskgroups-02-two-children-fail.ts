// Twin of taskgroups-02-two-children-fail.py (async function spelling).
import * as asyncio from "asyncio-ts";
import { str, typeName } from "../ordering/ts/py.js";

class Boom extends Error {
  override name = "Boom";
}

export default async function program(print: (line: string) => void): Promise<void> {
  const main = asyncio.coroutine(async function main() {
    const loop = asyncio.getRunningLoop();
    const t0 = loop.time();
    const now = (): string => (loop.time() - t0).toFixed(1);

    const failAfter = asyncio.coroutine(async function failAfter(delay: number, what: string) {
      await asyncio.sleep(delay);
      print(`${now()} ${what} raises`);
      throw new Boom(what);
    });

    const failInCleanup = asyncio.coroutine(async function failInCleanup() {
      try {
        await asyncio.sleep(10);
      } catch {
        // Python raises in a `finally`; the sleep only ends by cancellation.
        throw new asyncio.ValueError("in cleanup");
      }
    });

    const quiet = asyncio.coroutine(async function quiet() {
      try {
        await asyncio.sleep(10);
      } catch (e) {
        if (e instanceof asyncio.CancelledError) print(`${now()} quiet child cancelled`);
        throw e;
      }
    });

    let q!: asyncio.Task<void>;
    try {
      await asyncio.asyncWith(new asyncio.TaskGroup(), async (tg) => {
        void tg.createTask(failAfter(0.1, "first"));
        void tg.createTask(failInCleanup());
        q = tg.createTask(quiet());
        try {
          await asyncio.sleep(10);
        } catch (e) {
          if (e instanceof asyncio.CancelledError) print(`${now()} body cancelled`);
          throw e;
        }
      });
    } catch (eg) {
      if (!(eg instanceof asyncio.ExceptionGroup)) throw eg;
      print(`${now()} ${typeName(eg)}: ${eg.message}`);
      for (const e of eg.exceptions) print(`  ${typeName(e)}: ${str(e)}`);
    }
    print(`quiet cancelled=${str(q.cancelled())} cancelling=${asyncio.currentTask()?.cancelling()}`);
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
