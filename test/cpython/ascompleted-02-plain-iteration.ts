// Twin of ascompleted-02-plain-iteration.py (generator spelling).
import * as asyncio from "asyncio-ts";
import { str } from "../ordering/ts/py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  const main = asyncio.coroutine(function* main() {
    const loop = asyncio.getRunningLoop();
    const t0 = loop.time();
    const now = (): string => (loop.time() - t0).toFixed(1);

    const job = asyncio.coroutine(function* job(name: string, delay: number, fail = false) {
      yield* asyncio.sleep(delay);
      if (fail) throw new asyncio.ValueError(name);
      return name;
    });

    const aws = [job("a", 0.3), job("b", 0.1), job("c", 0.2, true)];
    for (const nextDone of asyncio.asCompleted(aws)) {
      try {
        const value = yield* nextDone;
        print(`${now()} result ${value}`);
      } catch (e) {
        if (!(e instanceof asyncio.ValueError)) throw e;
        print(`${now()} error ValueError(${str(e)})`);
      }
    }
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
