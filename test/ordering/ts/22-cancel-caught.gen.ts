// Twin of py/22-cancel-caught.py, generator spelling.
import * as asyncio from "asyncio-ts";
import { repr, str } from "./py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  function* stubborn() {
    try {
      yield* asyncio.sleep(10);
    } catch (e) {
      if (!(e instanceof asyncio.CancelledError)) throw e;
      const task = asyncio.currentTask()!;
      print(`stubborn: caught CancelledError, cancelling()=${task.cancelling()}`);
    }
    yield* asyncio.sleep(0.1);
    print("stubborn: still running after the cancellation");
    const task = asyncio.currentTask()!;
    print(`stubborn: uncancel() -> ${task.uncancel()}`);
    yield* asyncio.sleep(0.1);
    return "finished anyway";
  }

  function* main() {
    const task = asyncio.createTask(stubborn());
    yield* asyncio.sleep(0.1);
    task.cancel();
    const result = yield* task;
    print(`main: result=${repr(result)} cancelled=${str(task.cancelled())} cancelling=${task.cancelling()}`);
  }

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
