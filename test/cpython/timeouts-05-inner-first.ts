// Twin of timeouts-05-inner-first.py (generator spelling).
import * as asyncio from "asyncio-ts";
import { str } from "../ordering/ts/py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  const main = asyncio.coroutine(function* main() {
    const loop = asyncio.getRunningLoop();
    const t0 = loop.time();
    const now = (): string => (loop.time() - t0).toFixed(1);

    const outer = asyncio.timeout(0.3);
    const inner = asyncio.timeout(0.1);
    try {
      yield* asyncio.asyncWith(outer, function* () {
        try {
          yield* asyncio.asyncWith(inner, function* () {
            yield* asyncio.sleep(10);
          });
        } catch (e) {
          if (!(e instanceof asyncio.TimeoutError)) throw e;
          print(`${now()} inner TimeoutError, outer expired=${str(outer.expired())}`);
        }
        yield* asyncio.sleep(10);
      });
    } catch (e) {
      if (!(e instanceof asyncio.TimeoutError)) throw e;
      print(`${now()} outer TimeoutError`);
    }
    print(`inner=${str(inner.expired())} outer=${str(outer.expired())}`);
    print(`cancelling=${asyncio.currentTask()?.cancelling()}`);
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
