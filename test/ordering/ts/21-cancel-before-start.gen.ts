// Twin of py/21-cancel-before-start.py, generator spelling.
import * as asyncio from "asyncio-ts";
import { str } from "./py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  const body = asyncio.coroutine(function* () {
    print("body: started (must not happen)");
    try {
      yield* asyncio.sleep(1);
    } finally {
      print("body: finally (must not happen)");
    }
  });

  const main = asyncio.coroutine(function* () {
    const task = asyncio.createTask(body());
    print(`main: cancel() -> ${str(task.cancel())}`);
    print(`main: done=${str(task.done())} cancelling=${task.cancelling()}`);
    yield* asyncio.sleep(0);
    print(`main: after one iteration done=${str(task.done())} cancelled=${str(task.cancelled())}`);
    try {
      yield* task;
    } catch (e) {
      if (!(e instanceof asyncio.CancelledError)) throw e;
      print("main: awaiting it raises CancelledError");
    }
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
