// Twin of taskgroups-05-nested-both-fail.py (async function spelling).
import * as asyncio from "asyncio-ts";
import { repr, typeName } from "../ordering/ts/py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  const main = asyncio.coroutine(async function main() {
    const loop = asyncio.getRunningLoop();
    const t0 = loop.time();
    const task = asyncio.currentTask() as asyncio.Task;
    const now = (): string => (loop.time() - t0).toFixed(1);
    const types = (eg: asyncio.ExceptionGroup): string => repr(eg.exceptions.map(typeName));

    const raiseAfter = asyncio.coroutine(async function raiseAfter(delay: number, exc: Error) {
      await asyncio.sleep(delay);
      print(`${now()} raising ${typeName(exc)}`);
      throw exc;
    });

    try {
      await asyncio.asyncWith(new asyncio.TaskGroup(), async (outer) => {
        try {
          await asyncio.asyncWith(new asyncio.TaskGroup(), (inner) => {
            void inner.createTask(raiseAfter(0.1, new asyncio.RuntimeError("inner")));
            void outer.createTask(raiseAfter(0.1, new asyncio.ValueError("outer")));
          });
        } catch (eg) {
          if (!(eg instanceof asyncio.ExceptionGroup)) throw eg;
          print(`${now()} inner group: ${types(eg)}, cancelling=${task.cancelling()}`);
        }
        print(`${now()} between the groups, cancelling=${task.cancelling()}`);
        await asyncio.sleep(1);
        print("not reached");
      });
    } catch (eg) {
      if (!(eg instanceof asyncio.ExceptionGroup)) throw eg;
      print(`${now()} outer group: ${types(eg)}, cancelling=${task.cancelling()}`);
    }

    const runner = asyncio.coroutine(async function runner() {
      await asyncio.asyncWith(new asyncio.TaskGroup(), async (g1) => {
        void g1.createTask(raiseAfter(0.3, new asyncio.ValueError("g1 child")));
        await asyncio.asyncWith(new asyncio.TaskGroup(), async (g2) => {
          void g2.createTask(raiseAfter(0.1, new asyncio.RuntimeError("g2 child")));
          await asyncio.sleep(10);
        });
      });
    });

    try {
      await asyncio.createTask(runner());
    } catch (eg) {
      if (!(eg instanceof asyncio.ExceptionGroup)) throw eg;
      print(`${now()} nested: ${types(eg)}`);
      print(`${now()}   inside: ${types(eg.exceptions[0] as asyncio.ExceptionGroup)}`);
    }
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
