// Twin of py/10-gather-done-futures.py, async function spelling.
import * as asyncio from "asyncio-ts";
import { repr, str } from "./py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  // Lazy like `async def`: main touches the loop before its first await.
  const main = asyncio.coroutine(async function () {
    const loop = asyncio.getRunningLoop();
    const f1 = loop.createFuture<string>();
    const f2 = loop.createFuture<string>();
    f1.setResult("one");
    f2.setResult("two");
    loop.callSoon(print, "callback queued before the gathers");

    const g = asyncio.gather(f1, f2);
    print(`gather of done futures is done: ${str(g.done())}`);
    print(`awaited: ${repr(await g)}`);
    const empty = asyncio.gather();
    print(`empty gather is done: ${str(empty.done())}`);
    print(`awaited empty: ${repr(await empty)}`);
    print("main: nothing above gave up an iteration");
    await asyncio.sleep(0);
    print("main: after sleep(0)");

    const f3 = loop.createFuture<string>();
    const g2 = asyncio.gather(f1, f3, f1);
    f3.setResult("three");
    print(`gather with one pending child done: ${str(g2.done())}`);
    loop.callSoon(print, "callback queued after set_result");
    print(`awaited: ${repr(await g2)}`);
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
