// Twin of py/14-wait-for.py, generator spelling.
import * as asyncio from "asyncio-ts";
import { repr, str } from "./py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  function* compute(name: string, delay: number) {
    print(`${name}: started`);
    try {
      yield* asyncio.sleep(delay);
    } catch (e) {
      if (e instanceof asyncio.CancelledError) print(`${name}: cancelled`);
      throw e;
    } finally {
      print(`${name}: cleanup`);
    }
    return `${name} result`;
  }

  function* main() {
    const loop = asyncio.getRunningLoop();
    loop.callSoon(print, "callback queued before wait_for");
    let value = yield* asyncio.waitFor(compute("quick", 0.1), 1);
    print(`main: wait_for returned ${repr(value)}`);

    try {
      yield* asyncio.waitFor(compute("stuck", 10), 0.2);
    } catch (e) {
      if (!(e instanceof asyncio.TimeoutError)) throw e;
      print("main: TimeoutError");
    }

    const task = asyncio.createTask(compute("task", 10));
    try {
      yield* asyncio.waitFor(task, 0.1);
    } catch (e) {
      if (!(e instanceof asyncio.TimeoutError)) throw e;
      print(`main: TimeoutError, task cancelled=${str(task.cancelled())}`);
    }

    value = yield* asyncio.waitFor(compute("unbounded", 0.1), null);
    print(`main: wait_for without timeout returned ${repr(value)}`);
  }

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
