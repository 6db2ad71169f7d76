// Twin of timeouts-03-nested-same-deadline.py (async function spelling).
import * as asyncio from "asyncio-ts";
import { str } from "../ordering/ts/py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  const main = asyncio.coroutine(async function main() {
    const loop = asyncio.getRunningLoop();
    const t0 = loop.time();
    const now = (): string => (loop.time() - t0).toFixed(1);

    const deadline = t0 + 0.1;
    const outer = asyncio.timeoutAt(deadline);
    const inner = asyncio.timeoutAt(deadline);
    try {
      await asyncio.asyncWith(outer, async () => {
        try {
          await asyncio.asyncWith(inner, async () => {
            await asyncio.sleep(10);
          });
        } catch (e) {
          if (e instanceof asyncio.CancelledError) {
            print(`${now()} between the blocks: CancelledError`);
            throw e;
          }
          if (!(e instanceof asyncio.TimeoutError)) throw e;
          print(`${now()} between the blocks: TimeoutError`);
        }
      });
    } catch (e) {
      if (!(e instanceof asyncio.TimeoutError)) throw e;
      print(`${now()} outside: TimeoutError`);
    }
    print(`outer expired=${str(outer.expired())} inner expired=${str(inner.expired())}`);
    print(`cancelling=${asyncio.currentTask()?.cancelling()}`);
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
