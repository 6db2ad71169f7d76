// Twin of py/17-callbacks-and-tasks.py, generator spelling.
import * as asyncio from "asyncio-ts";
import { str } from "./py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  function* worker(name: string) {
    print(`${name}: step 1`);
    yield* asyncio.sleep(0);
    print(`${name}: step 2`);
  }

  function* main() {
    const loop = asyncio.getRunningLoop();
    const start = loop.time();

    const stamp = (label: string): void => print(`${label} at +${(loop.time() - start).toFixed(1)}`);

    loop.callLater(0.2, stamp, "call_later 0.2");
    loop.callAt(start + 0.1, stamp, "call_at +0.1");
    const cancelled = loop.callLater(0.15, stamp, "cancelled timer");
    loop.callSoon(print, "call_soon 1");
    void asyncio.createTask(worker("t"));
    loop.callSoon(print, "call_soon 2");
    cancelled.cancel();
    print(`timer cancelled: ${str(cancelled.cancelled())}`);
    yield* asyncio.sleep(0);
    print("main: after sleep(0)");
    yield* asyncio.sleep(0.3);
    stamp("main: after sleep(0.3)");

    const chain = (n: number): void => {
      print(`chain ${n}`);
      if (n < 3) loop.callSoon(chain, n + 1);
    };

    loop.callSoon(chain, 1);
    void asyncio.createTask(worker("u"));
    yield* asyncio.sleep(0);
    print("main: after sleep(0)");
    yield* asyncio.sleep(0);
    print("main: after sleep(0)");
    yield* asyncio.sleep(0);
    print("main: after sleep(0)");
  }

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
