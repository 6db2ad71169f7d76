// Twin of py/13-wait-timeout.py, async function spelling.
import * as asyncio from "asyncio-ts";
import { names, repr } from "./py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  async function job(name: string, delay: number) {
    try {
      await asyncio.sleep(delay);
      print(`${name}: done`);
      return name;
    } catch (e) {
      if (e instanceof asyncio.CancelledError) print(`${name}: cancelled`);
      throw e;
    }
  }

  // Lazy like `async def`: main touches the loop before its first await.
  const main = asyncio.coroutine(async function () {
    const tasks = [
      asyncio.createTask(job("fast", 0.1), { name: "fast" }),
      asyncio.createTask(job("slow", 0.5), { name: "slow" }),
      asyncio.createTask(job("slower", 0.7), { name: "slower" }),
    ];
    let [done, pending] = await asyncio.wait(tasks, { timeout: 0.3 });
    print(`after timeout: done=${names(done)} pending=${names(pending)}`);

    [done, pending] = await asyncio.wait(pending, { timeout: 0.3, returnWhen: asyncio.FIRST_COMPLETED });
    print(`first completed within timeout: done=${names(done)} pending=${names(pending)}`);

    for (const t of pending) t.cancel();
    const [cancelled] = await asyncio.wait(pending);
    print(`after cancelling: done=${names(cancelled)} cancelled=${repr([...cancelled].map((t) => t.cancelled()))}`);
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
