// Twin of taskgroups-04-outside-cancel.py (generator spelling).
import * as asyncio from "asyncio-ts";
import { str } from "../ordering/ts/py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  const main = asyncio.coroutine(function* main() {
    const loop = asyncio.getRunningLoop();
    const t0 = loop.time();
    const now = (): string => (loop.time() - t0).toFixed(1);

    const child = asyncio.coroutine(function* child(name: string, cleanup: number) {
      try {
        yield* asyncio.sleep(10);
      } catch (e) {
        if (!(e instanceof asyncio.CancelledError)) throw e;
        yield* asyncio.sleep(cleanup);
        print(`${now()} ${name} cleaned up`);
        throw e;
      }
    });

    const runner = asyncio.coroutine(function* runner() {
      try {
        yield* asyncio.asyncWith(new asyncio.TaskGroup(), function* (tg) {
          void tg.createTask(child("a", 0.2));
          void tg.createTask(child("b", 0.1));
          try {
            yield* asyncio.sleep(10);
          } catch (e) {
            if (e instanceof asyncio.CancelledError) print(`${now()} body cancelled`);
            throw e;
          }
        });
      } catch (e) {
        if (e instanceof asyncio.CancelledError) print(`${now()} runner: group let CancelledError out`);
        throw e;
      }
    });

    const task = asyncio.createTask(runner());
    yield* asyncio.sleep(0.1);
    task.cancel();
    try {
      yield* task;
    } catch (e) {
      if (!(e instanceof asyncio.CancelledError)) throw e;
      print(`${now()} main: runner cancelled=${str(task.cancelled())}`);
    }
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
