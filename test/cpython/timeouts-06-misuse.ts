// Twin of timeouts-06-misuse.py (async function spelling).
import * as asyncio from "asyncio-ts";
import { str } from "../ordering/ts/py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  /** Runs `action`; prints `label: message` if it throws RuntimeError. */
  async function expectRuntimeError(label: string, action: () => unknown): Promise<void> {
    try {
      await action();
    } catch (e) {
      if (!(e instanceof asyncio.RuntimeError)) throw e;
      print(`${label}: ${str(e)}`);
    }
  }

  const main = asyncio.coroutine(async function main() {
    const cm = asyncio.timeout(0.1);
    await expectRuntimeError("reschedule before enter", () => cm.reschedule(1));

    await asyncio.asyncWith(cm, async () => {
      await expectRuntimeError("enter while active", () => asyncio.asyncWith(cm, () => {}));
    });
    await expectRuntimeError("enter after exit", () => asyncio.asyncWith(cm, () => {}));
    await expectRuntimeError("reschedule after exit", () => cm.reschedule(1));

    const cm2 = asyncio.timeout(0.1);
    try {
      await asyncio.asyncWith(cm2, async () => {
        try {
          await asyncio.sleep(1);
        } catch (e) {
          if (e instanceof asyncio.CancelledError) {
            await expectRuntimeError("reschedule while expiring", () => cm2.reschedule(5));
          }
          throw e;
        }
      });
    } catch (e) {
      if (!(e instanceof asyncio.TimeoutError)) throw e;
    }
    await expectRuntimeError("reschedule after expiry", () => cm2.reschedule(1));
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
