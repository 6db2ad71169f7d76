// Twin of timeouts-09-after-cancellation.py (async function spelling).
import * as asyncio from "asyncio-ts";

export default async function program(print: (line: string) => void): Promise<void> {
  const main = asyncio.coroutine(async function main() {
    const loop = asyncio.getRunningLoop();
    const t0 = loop.time();
    const now = (): string => (loop.time() - t0).toFixed(1);

    const task = asyncio.currentTask() as asyncio.Task;
    try {
      task.cancel();
      await asyncio.sleep(1);
    } catch (e) {
      if (!(e instanceof asyncio.CancelledError)) throw e;
      print(`${now()} swallowed a cancel, cancelling=${task.cancelling()}`);
    }
    try {
      await asyncio.asyncWith(asyncio.timeout(0.1), async () => {
        await asyncio.sleep(1);
      });
    } catch (e) {
      if (!(e instanceof asyncio.TimeoutError)) throw e;
      print(`${now()} cleanup timed out, cancelling=${task.cancelling()}`);
    }
    try {
      await asyncio.asyncWith(asyncio.timeout(1), async () => {
        task.cancel();
        await asyncio.sleep(2);
      });
    } catch (e) {
      if (e instanceof asyncio.CancelledError) {
        print(`${now()} new cancel propagated, cancelling=${task.cancelling()}`);
      } else if (e instanceof asyncio.TimeoutError) {
        print(`${now()} wrongly timed out`);
      } else {
        throw e;
      }
    }
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
