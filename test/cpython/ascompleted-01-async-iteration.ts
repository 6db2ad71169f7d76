// Twin of ascompleted-01-async-iteration.py (async function spelling).
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

    const specs: [string, number][] = [
      ["slow", 0.4],
      ["fast", 0.1],
      ["mid", 0.3],
    ];
    const tasks = specs.map(([n, d]) => asyncio.createTask(job(n, d), { name: n }));
    for await (const item of asyncio.asCompleted([...tasks, job("bare", 0.2)])) {
      const t = asFuture(item);
      const original = tasks.includes(t as asyncio.Task<string>);
      print(`${now()} ${t.result()} original=${str(original)} is_future=${str(asyncio.isfuture(t))}`);
    }
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
