// Twin of py/09-gather-cancel.py, async function spelling.
import * as asyncio from "asyncio-ts";
import { repr, str, typeName } from "./py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  async function child(name: string, delay: number) {
    try {
      await asyncio.sleep(delay);
      print(`${name}: finished`);
      return name;
    } catch (e) {
      if (e instanceof asyncio.CancelledError) print(`${name}: cancelled`);
      throw e;
    }
  }

  // Lazy like `async def`: main touches the loop before its first await.
  const main = asyncio.coroutine(async function () {
    const a = asyncio.createTask(child("a", 0.1));
    const b = asyncio.createTask(child("b", 1));
    const c = asyncio.createTask(child("c", 1));
    const group = asyncio.gather(a, b, c);
    await asyncio.sleep(0.2);
    print(`main: cancel() returned ${str(group.cancel())}`);
    try {
      await group;
    } catch (e) {
      if (!(e instanceof asyncio.CancelledError)) throw e;
      print("main: awaiting the gather raised CancelledError");
    }
    print(
      `states: a cancelled=${str(a.cancelled())} b cancelled=${str(b.cancelled())} c cancelled=${str(c.cancelled())}`,
    );

    const d = asyncio.createTask(child("d", 0.1));
    const e = asyncio.createTask(child("e", 1));
    const group2 = asyncio.gather(d, e, { returnExceptions: true });
    await asyncio.sleep(0);
    e.cancel();
    const results = await group2;
    print(`gather with a cancelled child: ${repr(results.map(typeName))}`);
    print(`the gather itself is cancelled: ${str(group2.cancelled())}`);
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
