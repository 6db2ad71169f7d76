// Twin of py/23-cancel-message.py, async function spelling.
import * as asyncio from "asyncio-ts";
import { repr } from "./py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  async function victim() {
    try {
      await asyncio.sleep(10);
    } catch (e) {
      if (e instanceof asyncio.CancelledError) print(`victim: CancelledError message=${repr(e.message)}`);
      throw e;
    }
  }

  // Lazy like `async def`: main touches the loop before its first await.
  const main = asyncio.coroutine(async function () {
    const loop = asyncio.getRunningLoop();
    let task = asyncio.createTask(victim());
    await asyncio.sleep(0);
    task.cancel("shutting down");
    try {
      await task;
    } catch (e) {
      if (!(e instanceof asyncio.CancelledError)) throw e;
      print(`main: awaiting the task: message=${repr(e.message)}`);
    }

    const fut = loop.createFuture();
    fut.cancel("no longer needed");
    try {
      await fut;
    } catch (e) {
      if (!(e instanceof asyncio.CancelledError)) throw e;
      print(`main: awaiting the future: message=${repr(e.message)}`);
    }
    try {
      fut.result();
    } catch (e) {
      if (!(e instanceof asyncio.CancelledError)) throw e;
      print(`main: result(): message=${repr(e.message)}`);
    }

    task = asyncio.createTask(victim());
    await asyncio.sleep(0);
    task.cancel();
    try {
      await task;
    } catch (e) {
      if (!(e instanceof asyncio.CancelledError)) throw e;
      print(`main: without a message: message=${repr(e.message)}`);
    }
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
