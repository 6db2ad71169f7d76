// Twin of taskgroups-06-misuse.py (async function spelling).
import * as asyncio from "asyncio-ts";
import { repr, str, typeName } from "../ordering/ts/py.js";

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
    const tg = new asyncio.TaskGroup();
    await expectRuntimeError("not entered", () => tg.createTask(asyncio.sleep(0)));

    const fail = asyncio.coroutine(async function fail() {
      throw new asyncio.ValueError("x");
    });

    const late = asyncio.coroutine(async function late(group: asyncio.TaskGroup) {
      try {
        await asyncio.sleep(1);
      } catch (e) {
        if (e instanceof asyncio.CancelledError) {
          await expectRuntimeError("shutting down", () => group.createTask(asyncio.sleep(0)));
        }
        throw e;
      }
    });

    try {
      await asyncio.asyncWith(tg, async () => {
        void tg.createTask(late(tg));
        void tg.createTask(fail());
        await expectRuntimeError("entered twice", () => asyncio.asyncWith(tg, () => {}));
      });
    } catch (eg) {
      if (!(eg instanceof asyncio.ExceptionGroup)) throw eg;
      print(`group: ${repr(eg.exceptions.map(typeName))}`);
    }
    await expectRuntimeError("after exit", () => tg.createTask(asyncio.sleep(0)));

    const ok = new asyncio.TaskGroup();
    await asyncio.asyncWith(ok, () => {});
    await expectRuntimeError("after a clean exit", () => ok.createTask(asyncio.sleep(0)));
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
