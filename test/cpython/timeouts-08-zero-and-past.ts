// Twin of timeouts-08-zero-and-past.py (async function spelling).
import * as asyncio from "asyncio-ts";
import { repr, str } from "../ordering/ts/py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  const main = asyncio.coroutine(async function main() {
    const loop = asyncio.getRunningLoop();
    const t0 = loop.time();
    const now = (): string => (loop.time() - t0).toFixed(1);

    for (const delay of [0, -5]) {
      const steps: string[] = [];
      const cm = asyncio.timeout(delay);
      try {
        await asyncio.asyncWith(cm, async () => {
          steps.push("entered");
          await asyncio.sleep(0);
          steps.push("after sleep(0)");
        });
      } catch (e) {
        if (!(e instanceof asyncio.TimeoutError)) throw e;
        steps.push("TimeoutError");
      }
      print(`${now()} delay ${delay}: ${repr(steps)}, expired=${str(cm.expired())}`);
    }

    const cm = asyncio.timeout(0);
    await asyncio.asyncWith(cm, () => {});
    print(`${now()} no await inside: expired=${str(cm.expired())}`);
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
