// Twin of py/16-shield.py, async function spelling.
import * as asyncio from "asyncio-ts";
import { repr, str } from "./py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  async function work(name: string, delay: number) {
    await asyncio.sleep(delay);
    print(`${name}: finished`);
    return `${name} result`;
  }

  // Lazy like `async def`: main touches the loop before its first await.
  const main = asyncio.coroutine(async function () {
    const inner = asyncio.createTask(work("inner", 0.3));

    async function guarded() {
      try {
        return await asyncio.shield(inner);
      } catch (e) {
        if (e instanceof asyncio.CancelledError) print("guarded: cancelled while waiting on the shield");
        throw e;
      }
    }

    const outer = asyncio.createTask(guarded());
    await asyncio.sleep(0.1);
    outer.cancel();
    await asyncio.sleep(0);
    await asyncio.sleep(0);
    print(`outer cancelled=${str(outer.cancelled())} inner done=${str(inner.done())}`);
    print(`inner still finishes: ${repr(await inner)}`);

    const inner2 = asyncio.createTask(work("inner2", 1));
    const shielded = asyncio.shield(inner2);
    await asyncio.sleep(0);
    inner2.cancel();
    try {
      await shielded;
    } catch (e) {
      if (!(e instanceof asyncio.CancelledError)) throw e;
      print(`cancelling the inner task cancels the shield: ${str(shielded.cancelled())}`);
    }

    const done = asyncio.getRunningLoop().createFuture<string>();
    done.setResult("ready");
    print(`shield of a done future returns it: ${str(asyncio.shield(done) === done)}`);
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
