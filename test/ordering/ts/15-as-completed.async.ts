// Twin of py/15-as-completed.py, async function spelling.
import * as asyncio from "asyncio-ts";
import { str } from "./py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  async function job(name: string, delay: number) {
    await asyncio.sleep(delay);
    print(`${name}: done`);
    return name;
  }

  // Lazy like `async def`: main touches the loop before its first await.
  const main = asyncio.coroutine(async function () {
    const tasks = [
      asyncio.createTask(job("a", 0.3)),
      asyncio.createTask(job("b", 0.1)),
      asyncio.createTask(job("c", 0.2)),
    ];
    for (const nextDone of asyncio.asCompleted(tasks)) {
      print(`got ${await nextDone}`);
    }

    const originals = [asyncio.createTask(job("x", 0.2)), asyncio.createTask(job("y", 0.1))];
    for await (const yielded of asyncio.asCompleted(originals)) {
      // TypeScript types what `for await` yields as awaited, but these are the tasks themselves.
      const t = yielded as unknown as asyncio.Task<string>;
      const original = t === originals[0] || t === originals[1];
      print(`async for yields the original task: ${str(original)}, result ${t.result()}`);
    }

    const late = [asyncio.createTask(job("p", 0.1)), asyncio.createTask(job("q", 1))];
    try {
      for (const nextDone of asyncio.asCompleted(late, { timeout: 0.3 })) {
        print(`got ${await nextDone}`);
      }
    } catch (e) {
      if (!(e instanceof asyncio.TimeoutError)) throw e;
      print("as_completed timed out");
    }
    print(`q still running: ${str(!late[1].done())}`);
    late[1].cancel();
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
