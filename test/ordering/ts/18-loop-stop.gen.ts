// Twin of py/18-loop-stop.py, generator spelling.
import * as asyncio from "asyncio-ts";
import { str } from "./py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  const loop = asyncio.newEventLoop({ clock: new asyncio.VirtualClock() });

  const first = (): void => {
    print("first: calling stop()");
    loop.stop();
    loop.callSoon(print, "queued by first (next run)");
  };

  loop.callSoon(first);
  loop.callSoon(print, "same pass as stop()");
  await loop.runForever();
  print("run_forever returned");

  loop.callSoon(print, "queued between runs");
  loop.stop();
  await loop.runForever();
  print("one pass after stop() before run_forever");

  loop.callLater(0.1, print, "timer 0.1");
  loop.callLater(0.2, () => loop.stop());
  loop.callLater(0.3, print, "timer 0.3 (never runs: the loop closes first)");
  await loop.runForever();
  print("stopped by a timer");

  function* coro() {
    print("coro: running");
    yield* asyncio.sleep(0);
    loop.callSoon(print, "queued by the coroutine before it returned");
    loop.callSoon(() => loop.callSoon(print, "two passes after the return"));
    return "coro result";
  }

  print(`run_until_complete -> ${await loop.runUntilComplete(coro())}`);
  loop.callSoon(() => loop.stop());
  await loop.runForever();
  print("drained");
  loop.close();
  print(`closed: ${str(loop.isClosed())}`);
}
