// Twin of py/13-wait-timeout.py, generator spelling.
import * as asyncio from "asyncio-ts";
import { names, repr } from "./py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  function* job(name: string, delay: number) {
    try {
      yield* asyncio.sleep(delay);
      print(`${name}: done`);
      return name;
    } catch (e) {
      if (e instanceof asyncio.CancelledError) print(`${name}: cancelled`);
      throw e;
    }
  }

  function* main() {
    const tasks = [
      asyncio.createTask(job("fast", 0.1), { name: "fast" }),
      asyncio.createTask(job("slow", 0.5), { name: "slow" }),
      asyncio.createTask(job("slower", 0.7), { name: "slower" }),
    ];
    let [done, pending] = yield* asyncio.wait(tasks, { timeout: 0.3 });
    print(`after timeout: done=${names(done)} pending=${names(pending)}`);

    [done, pending] = yield* asyncio.wait(pending, { timeout: 0.3, returnWhen: asyncio.FIRST_COMPLETED });
    print(`first completed within timeout: done=${names(done)} pending=${names(pending)}`);

    for (const t of pending) t.cancel();
    const [cancelled] = yield* asyncio.wait(pending);
    print(`after cancelling: done=${names(cancelled)} cancelled=${repr([...cancelled].map((t) => t.cancelled()))}`);
  }

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
