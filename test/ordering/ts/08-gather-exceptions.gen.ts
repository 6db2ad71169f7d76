// Twin of py/08-gather-exceptions.py, generator spelling.
import * as asyncio from "asyncio-ts";
import { ValueError, repr, str } from "./py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  function* job(name: string, delay: number, fail = false) {
    yield* asyncio.sleep(delay);
    if (fail) {
      print(`${name}: raising`);
      throw new ValueError(`${name} failed`);
    }
    print(`${name}: returning`);
    return name;
  }

  function* main() {
    const results = yield* asyncio.gather(job("a", 0.3), job("b", 0.1, true), job("c", 0.2), {
      returnExceptions: true,
    });
    print(`collected: ${repr(results)}`);

    const slow = asyncio.createTask(job("slow", 0.3));
    try {
      yield* asyncio.gather(job("quick", 0.1, true), slow);
    } catch (e) {
      if (!(e instanceof ValueError)) throw e;
      print(`main: gather raised ValueError: ${str(e)}`);
    }
    print(`main: slow still running: ${str(!slow.done())}`);
    print(`main: slow returned ${yield* slow}`);
  }

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
