// Twin of py/20-cancel-sleeping.py, generator spelling.
import * as asyncio from "asyncio-ts";
import { str } from "./py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  function* sleeper() {
    print("sleeper: going to sleep");
    try {
      yield* asyncio.sleep(10);
      print("sleeper: woke (must not happen)");
    } catch (e) {
      if (e instanceof asyncio.CancelledError) print("sleeper: CancelledError at the await");
      throw e;
    } finally {
      print("sleeper: finally");
    }
  }

  function* main() {
    const loop = asyncio.getRunningLoop();
    const task = asyncio.createTask(sleeper());
    yield* asyncio.sleep(0.1);
    print(`main: cancel() -> ${str(task.cancel())}`);
    loop.callSoon(print, "callback queued after cancel()");
    print(`main: right after cancel(): done=${str(task.done())} cancelled=${str(task.cancelled())}`);
    try {
      yield* task;
    } catch (e) {
      if (!(e instanceof asyncio.CancelledError)) throw e;
      print("main: awaiting the task raised CancelledError");
    }
    print(`main: done=${str(task.done())} cancelled=${str(task.cancelled())}`);
    print(`main: cancel() on a finished task -> ${str(task.cancel())}`);
  }

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
