// Twin of py/06-done-callbacks.py, async function spelling.
import * as asyncio from "asyncio-ts";

export default async function program(print: (line: string) => void): Promise<void> {
  // Lazy like `async def`: main touches the loop before its first await.
  const main = asyncio.coroutine(async function () {
    const loop = asyncio.getRunningLoop();
    const done = loop.createFuture<string>();
    done.setResult("early");
    loop.callSoon(print, "soon 1");
    done.addDoneCallback((f) => print(`late callback A sees ${f.result()}`));
    loop.callSoon(print, "soon 2");
    done.addDoneCallback(() => print("late callback B"));
    print("main: callbacks added to a done future, none ran yet");
    await asyncio.sleep(0);
    print("main: after sleep(0)");

    const pending = loop.createFuture<null>();
    const removed = (): void => print("removed callback (must not run)");
    pending.addDoneCallback(() => print("first"));
    pending.addDoneCallback(removed);
    pending.addDoneCallback(() => print("second"));
    pending.addDoneCallback(removed);
    print(`removed ${pending.removeDoneCallback(removed)} callbacks`);
    print(`removed ${pending.removeDoneCallback(removed)} callbacks`);
    pending.setResult(null);
    pending.addDoneCallback(() => print("third, added after set_result"));
    await asyncio.sleep(0);
    print("main: done");
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
