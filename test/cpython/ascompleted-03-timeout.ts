// Twin of ascompleted-03-timeout.py (async function spelling).
import * as asyncio from "asyncio-ts";
import { str } from "../ordering/ts/py.js";

// `for await` hands out the futures themselves, but TypeScript types each
// element as what awaiting it gives (a Future is a thenable).
const asFuture = (value: unknown): asyncio.Future<string> => value as asyncio.Future<string>;

export default async function program(print: (line: string) => void): Promise<void> {
  const main = asyncio.coroutine(async function main() {
    const loop = asyncio.getRunningLoop();
    const t0 = loop.time();
    const now = (): string => (loop.time() - t0).toFixed(1);

    const job = asyncio.coroutine(async function job(name: string, delay: number) {
      await asyncio.sleep(delay);
      return name;
    });

    let tasks = [asyncio.createTask(job("a", 0.1)), asyncio.createTask(job("b", 0.5))];
    try {
      for await (const t of asyncio.asCompleted(tasks, { timeout: 0.2 })) print(`${now()} ${asFuture(t).result()}`);
    } catch (e) {
      if (!(e instanceof asyncio.TimeoutError)) throw e;
      print(`${now()} TimeoutError, b done=${str(tasks[1].done())}`);
    }
    const value = await tasks[1];
    print(`${now()} b -> ${value}`);

    tasks = [asyncio.createTask(job("c", 0.1)), asyncio.createTask(job("d", 0.5))];
    for (const aw of asyncio.asCompleted(tasks, { timeout: 0.2 })) {
      try {
        const value = await aw;
        print(`${now()} ${value}`);
      } catch (e) {
        if (!(e instanceof asyncio.TimeoutError)) throw e;
        print(`${now()} TimeoutError from a plain awaitable`);
      }
    }
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
