// Twin of py/12-wait-first-exception.py, generator spelling.
import * as asyncio from "asyncio-ts";
import { RuntimeError, nameOf, names, repr } from "./py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  function* job(name: string, delay: number, fail = false) {
    yield* asyncio.sleep(delay);
    if (fail) {
      print(`${name}: raising`);
      throw new RuntimeError(name);
    }
    print(`${name}: done`);
    return name;
  }

  function* main() {
    const tasks = [
      asyncio.createTask(job("ok1", 0.1), { name: "ok1" }),
      asyncio.createTask(job("bad", 0.2, true), { name: "bad" }),
      asyncio.createTask(job("ok2", 0.3), { name: "ok2" }),
    ];
    let [done, pending] = yield* asyncio.wait(tasks, { returnWhen: asyncio.FIRST_EXCEPTION });
    print(`FIRST_EXCEPTION: done=${names(done)} pending=${names(pending)}`);
    for (const t of [...done].sort((x, y) => (nameOf(x) < nameOf(y) ? -1 : 1))) {
      print(`  ${nameOf(t)}: exception=${repr(t.exception())}`);
    }

    [done, pending] = yield* asyncio.wait(pending, { returnWhen: asyncio.FIRST_EXCEPTION });
    print(`FIRST_EXCEPTION without failures: done=${names(done)} pending=${names(pending)}`);

    const more = [
      asyncio.createTask(job("x", 0.2), { name: "x" }),
      asyncio.createTask(job("y", 0.1), { name: "y" }),
    ];
    [done, pending] = yield* asyncio.wait(more);
    print(`ALL_COMPLETED: done=${names(done)} pending=${names(pending)}`);
  }

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
