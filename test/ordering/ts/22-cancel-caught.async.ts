// Twin of py/22-cancel-caught.py, async function spelling.
import * as asyncio from "asyncio-ts";
import { repr, str } from "./py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  async function stubborn() {
    try {
      await asyncio.sleep(10);
    } catch (e) {
      if (!(e instanceof asyncio.CancelledError)) throw e;
      const task = asyncio.currentTask()!;
      print(`stubborn: caught CancelledError, cancelling()=${task.cancelling()}`);
    }
    await asyncio.sleep(0.1);
    print("stubborn: still running after the cancellation");
    const task = asyncio.currentTask()!;
    print(`stubborn: uncancel() -> ${task.uncancel()}`);
    await asyncio.sleep(0.1);
    return "finished anyway";
  }

  // Lazy like `async def`: main touches the loop before its first await.
  const main = asyncio.coroutine(async function () {
    const task = asyncio.createTask(stubborn());
    await asyncio.sleep(0.1);
    task.cancel();
    const result = await task;
    print(`main: result=${repr(result)} cancelled=${str(task.cancelled())} cancelling=${task.cancelling()}`);
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
