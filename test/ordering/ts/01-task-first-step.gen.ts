// Twin of py/01-task-first-step.py, generator spelling.
import * as asyncio from "asyncio-ts";

export default async function program(print: (line: string) => void): Promise<void> {
  const worker = asyncio.coroutine(function* (name: string) {
    print(`${name}: first step`);
    yield* asyncio.sleep(0);
    print(`${name}: second step`);
  });

  const main = asyncio.coroutine(function* () {
    const loop = asyncio.getRunningLoop();
    print("main: creating a");
    const a = asyncio.createTask(worker("a"));
    loop.callSoon(print, "callback scheduled between the two tasks");
    print("main: creating b");
    const b = asyncio.createTask(worker("b"));
    print("main: both created, nothing ran yet");
    yield* asyncio.sleep(0);
    print("main: after first sleep(0)");
    yield* asyncio.sleep(0);
    print("main: after second sleep(0)");
    yield* a;
    yield* b;
    print("main: done");
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
