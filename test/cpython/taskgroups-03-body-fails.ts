// Twin of taskgroups-03-body-fails.py (async function spelling).
import * as asyncio from "asyncio-ts";
import { repr, str, typeName } from "../ordering/ts/py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  const main = asyncio.coroutine(async function main() {
    const loop = asyncio.getRunningLoop();
    const t0 = loop.time();
    const now = (): string => (loop.time() - t0).toFixed(1);

    const child = asyncio.coroutine(async function child(name: string, cleanup: number) {
      try {
        await asyncio.sleep(10);
      } catch (e) {
        if (!(e instanceof asyncio.CancelledError)) throw e;
        await asyncio.sleep(cleanup);
        print(`${now()} ${name} cleaned up`);
        if (name === "b") throw new asyncio.RuntimeError("b failed in cleanup");
        throw e;
      }
    });

    let a!: asyncio.Task<void>;
    let b!: asyncio.Task<void>;
    try {
      await asyncio.asyncWith(new asyncio.TaskGroup(), async (tg) => {
        a = tg.createTask(child("a", 0.2));
        b = tg.createTask(child("b", 0.1));
        await asyncio.sleep(0.2);
        print(`${now()} body raises`);
        throw new asyncio.ValueError("body failed");
      });
    } catch (eg) {
      if (!(eg instanceof asyncio.ExceptionGroup)) throw eg;
      print(`${now()} ${eg.message}: ${repr(eg.exceptions.map((e) => `${typeName(e)}(${str(e)})`))}`);
    }
    print(`a cancelled=${str(a.cancelled())} b cancelled=${str(b.cancelled())}`);
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
