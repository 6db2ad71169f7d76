// Twin of timeouts-07-wait-for.py (async function spelling).
import * as asyncio from "asyncio-ts";
import { str, typeName } from "../ordering/ts/py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  const main = asyncio.coroutine(async function main() {
    const loop = asyncio.getRunningLoop();
    const t0 = loop.time();
    const now = (): string => (loop.time() - t0).toFixed(1);

    // Lazy like `async def`: the zero-timeout case relies on it not starting.
    const slow = asyncio.coroutine(async function slow(delay: number, value: string) {
      try {
        await asyncio.sleep(delay);
      } catch (e) {
        if (e instanceof asyncio.CancelledError) print(`${now()} slow(${value}) cancelled`);
        throw e;
      }
      return value;
    });

    let value = await asyncio.waitFor(slow(0.1, "a"), 0.2);
    print(`${now()} got ${value}`);
    try {
      await asyncio.waitFor(slow(0.5, "b"), 0.2);
    } catch (e) {
      if (!(e instanceof asyncio.TimeoutError)) throw e;
      print(`${now()} TimeoutError caused by ${typeName(e.cause)}`);
    }
    value = await asyncio.waitFor(slow(0.2, "c"), null);
    print(`${now()} got ${value}`);

    const task = asyncio.createTask(slow(0.1, "d"));
    try {
      await asyncio.waitFor(task, 0);
    } catch (e) {
      if (!(e instanceof asyncio.TimeoutError)) throw e;
      print(
        `${now()} zero timeout: TimeoutError caused by ${typeName(e.cause)}, task cancelled=${str(task.cancelled())}`,
      );
    }

    const done = asyncio.createTask(slow(0, "e"));
    await asyncio.sleep(0.1);
    value = await asyncio.waitFor(done, 0);
    print(`${now()} zero timeout on a finished task: ${value}`);
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
