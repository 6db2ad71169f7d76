// Twin of py/11-wait-first-completed.py, async function spelling.
import * as asyncio from "asyncio-ts";
import { names, repr } from "./py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  async function job(name: string, delay: number) {
    await asyncio.sleep(delay);
    print(`${name}: done`);
    return name;
  }

  // Lazy like `async def`: main touches the loop before its first await.
  const main = asyncio.coroutine(async function () {
    const tasks = [
      asyncio.createTask(job("a", 0.3), { name: "a" }),
      asyncio.createTask(job("b", 0.1), { name: "b" }),
      asyncio.createTask(job("c", 0.2), { name: "c" }),
    ];
    let pending = new Set<asyncio.Future<string>>(tasks);
    while (pending.size > 0) {
      const [done, rest] = await asyncio.wait(pending, { returnWhen: asyncio.FIRST_COMPLETED });
      pending = rest;
      print(`done=${names(done)} pending=${names(pending)}`);
    }
    print(`results: ${repr(tasks.map((t) => t.result()))}`);
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
