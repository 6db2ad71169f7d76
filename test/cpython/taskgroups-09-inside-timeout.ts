// Twin of taskgroups-09-inside-timeout.py (async function spelling).
import * as asyncio from "asyncio-ts";
import { str, typeName } from "../ordering/ts/py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  const main = asyncio.coroutine(async function main() {
    const loop = asyncio.getRunningLoop();
    const t0 = loop.time();
    const now = (): string => (loop.time() - t0).toFixed(1);

    const child = asyncio.coroutine(async function child(name: string, delay: number) {
      try {
        await asyncio.sleep(delay);
        print(`${now()} ${name} finished`);
      } catch (e) {
        if (e instanceof asyncio.CancelledError) print(`${now()} ${name} cancelled`);
        throw e;
      }
    });

    const cm = asyncio.timeout(0.3);
    try {
      await asyncio.asyncWith(cm, async () => {
        await asyncio.asyncWith(new asyncio.TaskGroup(), (tg) => {
          void tg.createTask(child("fast", 0.1));
          void tg.createTask(child("slow", 1));
          print(`${now()} body waits for the group`);
        });
      });
    } catch (e) {
      if (!(e instanceof asyncio.TimeoutError)) throw e;
      print(`${now()} TimeoutError caused by ${typeName(e.cause)}, expired=${str(cm.expired())}`);
    }
    print(`cancelling=${asyncio.currentTask()?.cancelling()}`);
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
