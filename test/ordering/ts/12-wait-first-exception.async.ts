// Twin of py/12-wait-first-exception.py, async function spelling.
import * as asyncio from "asyncio-ts";
import { RuntimeError, nameOf, names, repr } from "./py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  async function job(name: string, delay: number, fail = false) {
    await asyncio.sleep(delay);
    if (fail) {
      print(`${name}: raising`);
      throw new RuntimeError(name);
    }
    print(`${name}: done`);
    return name;
  }

  // Lazy like `async def`: main touches the loop before its first await.
  const main = asyncio.coroutine(async function () {
    const tasks = [
      asyncio.createTask(job("ok1", 0.1), { name: "ok1" }),
      asyncio.createTask(job("bad", 0.2, true), { name: "bad" }),
      asyncio.createTask(job("ok2", 0.3), { name: "ok2" }),
    ];
    let [done, pending] = await asyncio.wait(tasks, { returnWhen: asyncio.FIRST_EXCEPTION });
    print(`FIRST_EXCEPTION: done=${names(done)} pending=${names(pending)}`);
    for (const t of [...done].sort((x, y) => (nameOf(x) < nameOf(y) ? -1 : 1))) {
      print(`  ${nameOf(t)}: exception=${repr(t.exception())}`);
    }

    [done, pending] = await asyncio.wait(pending, { returnWhen: asyncio.FIRST_EXCEPTION });
    print(`FIRST_EXCEPTION without failures: done=${names(done)} pending=${names(pending)}`);

    const more = [
      asyncio.createTask(job("x", 0.2), { name: "x" }),
      asyncio.createTask(job("y", 0.1), { name: "y" }),
    ];
    [done, pending] = await asyncio.wait(more);
    print(`ALL_COMPLETED: done=${names(done)} pending=${names(pending)}`);
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
