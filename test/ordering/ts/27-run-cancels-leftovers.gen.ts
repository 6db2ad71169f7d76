// Twin of py/27-run-cancels-leftovers.py, generator spelling.
import * as asyncio from "asyncio-ts";
import { repr } from "./py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  function* leftover(name: string, cleanupDelay: number) {
    print(`${name}: started`);
    try {
      yield* asyncio.sleep(10);
    } finally {
      yield* asyncio.sleep(cleanupDelay);
      print(`${name}: finally, cancelling()=${asyncio.currentTask()!.cancelling()}`);
    }
  }

  function* quick() {
    yield* asyncio.sleep(0);
    print("quick: finished on its own");
  }

  function* main() {
    void asyncio.createTask(leftover("first", 0.2));
    void asyncio.createTask(leftover("second", 0.1));
    void asyncio.createTask(quick());
    yield* asyncio.sleep(0.1);
    print("main: returning");
    return "main result";
  }

  print(`asyncio.run -> ${repr(await asyncio.run(main(), { clock: new asyncio.VirtualClock() }))}`);
  print("after run");
}
