// Twin of timeouts-10-cancel-while-expiring.py (async function spelling).
import * as asyncio from "asyncio-ts";
import { str } from "../ordering/ts/py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  const main = asyncio.coroutine(async function main() {
    const loop = asyncio.getRunningLoop();
    const t0 = loop.time();
    const now = (): string => (loop.time() - t0).toFixed(1);

    const cm = asyncio.timeout(0.1);

    const worker = asyncio.coroutine(async function worker() {
      try {
        await asyncio.asyncWith(cm, async () => {
          try {
            await asyncio.sleep(10);
          } catch (e) {
            if (!(e instanceof asyncio.CancelledError)) throw e;
            print(`${now()} timeout fired, cleaning up`);
            await asyncio.sleep(0.3);
            print(`${now()} cleanup done`);
            throw e;
          }
        });
      } catch (e) {
        if (e instanceof asyncio.TimeoutError) {
          print(`${now()} worker: TimeoutError`);
          return;
        }
        if (e instanceof asyncio.CancelledError) {
          print(`${now()} worker: CancelledError, cancelling=${asyncio.currentTask()?.cancelling()}`);
        }
        throw e;
      }
    });

    const task = asyncio.createTask(worker());
    await asyncio.sleep(0.2);
    task.cancel();
    print(`${now()} cancelled from outside`);
    try {
      await task;
    } catch (e) {
      if (!(e instanceof asyncio.CancelledError)) throw e;
      print(`${now()} main: task cancelled=${str(task.cancelled())}, expired=${str(cm.expired())}`);
    }
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
