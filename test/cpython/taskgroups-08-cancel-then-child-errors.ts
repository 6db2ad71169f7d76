// Twin of taskgroups-08-cancel-then-child-errors.py (async function spelling).
import * as asyncio from "asyncio-ts";
import { repr, str } from "../ordering/ts/py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  const main = asyncio.coroutine(async function main() {
    const loop = asyncio.getRunningLoop();
    const t0 = loop.time();
    const now = (): string => (loop.time() - t0).toFixed(1);

    const child = asyncio.coroutine(async function child(i: number) {
      try {
        await asyncio.sleep(10);
      } catch {
        // Python raises in a `finally`; the sleep only ends by cancellation.
        throw new asyncio.ValueError(`child ${i}`);
      }
    });

    const runner = asyncio.coroutine(async function runner() {
      await asyncio.asyncWith(new asyncio.TaskGroup(), async (tg) => {
        for (let i = 0; i < 3; i++) void tg.createTask(child(i));
        await asyncio.sleep(10);
      });
    });

    const r = asyncio.createTask(runner());
    await asyncio.sleep(0.1);
    r.cancel();
    try {
      await r;
    } catch (eg) {
      if (!(eg instanceof asyncio.ExceptionGroup)) throw eg;
      print(`${now()} ${eg.message}: ${repr(eg.exceptions.map(str).sort())}`);
    }
    print(`runner cancelled=${str(r.cancelled())}`);
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
