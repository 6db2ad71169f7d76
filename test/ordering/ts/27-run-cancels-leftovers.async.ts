// Twin of py/27-run-cancels-leftovers.py, async function spelling.
import * as asyncio from "asyncio-ts";
import { repr } from "./py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  async function leftover(name: string, cleanupDelay: number) {
    print(`${name}: started`);
    try {
      await asyncio.sleep(10);
    } finally {
      await asyncio.sleep(cleanupDelay);
      print(`${name}: finally, cancelling()=${asyncio.currentTask()!.cancelling()}`);
    }
  }

  async function quick() {
    await asyncio.sleep(0);
    print("quick: finished on its own");
  }

  // Lazy like `async def`: main touches the loop before its first await.
  const main = asyncio.coroutine(async function () {
    void asyncio.createTask(leftover("first", 0.2));
    void asyncio.createTask(leftover("second", 0.1));
    void asyncio.createTask(quick());
    await asyncio.sleep(0.1);
    print("main: returning");
    return "main result";
  });

  print(`asyncio.run -> ${repr(await asyncio.run(main(), { clock: new asyncio.VirtualClock() }))}`);
  print("after run");
}
