// Twin of py/11-wait-first-completed.py, generator spelling.
import * as asyncio from "asyncio-ts";
import { names, repr } from "./py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  function* job(name: string, delay: number) {
    yield* asyncio.sleep(delay);
    print(`${name}: done`);
    return name;
  }

  function* main() {
    const tasks = [
      asyncio.createTask(job("a", 0.3), { name: "a" }),
      asyncio.createTask(job("b", 0.1), { name: "b" }),
      asyncio.createTask(job("c", 0.2), { name: "c" }),
    ];
    let pending = new Set<asyncio.Future<string>>(tasks);
    while (pending.size > 0) {
      const [done, rest] = yield* asyncio.wait(pending, { returnWhen: asyncio.FIRST_COMPLETED });
      pending = rest;
      print(`done=${names(done)} pending=${names(pending)}`);
    }
    print(`results: ${repr(tasks.map((t) => t.result()))}`);
  }

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
