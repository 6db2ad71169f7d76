// Twin of timeouts-01-basic-expiry.py (async function spelling).
import * as asyncio from "asyncio-ts";
import { repr, str, typeName } from "../ordering/ts/py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  const main = asyncio.coroutine(async function main() {
    const loop = asyncio.getRunningLoop();
    const t0 = loop.time();
    const now = (): string => (loop.time() - t0).toFixed(1);

    const cm = asyncio.timeout(0.1);
    print(`${now()} before enter: expired=${str(cm.expired())}`);
    try {
      await asyncio.asyncWith(cm, async () => {
        print(`${now()} entered, deadline in ${((cm.when() ?? NaN) - t0).toFixed(1)}`);
        try {
          await asyncio.sleep(10);
        } catch (e) {
          if (e instanceof asyncio.CancelledError) print(`${now()} body sees ${typeName(e)}, expired=${str(cm.expired())}`);
          throw e;
        }
      });
    } catch (e) {
      if (!(e instanceof asyncio.TimeoutError)) throw e;
      print(`${now()} caught ${typeName(e)} message=${repr(e.message)}`);
      print(`cause is ${typeName(e.cause)}`);
    }
    print(`expired=${str(cm.expired())} cancelling=${asyncio.currentTask()?.cancelling()}`);
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
