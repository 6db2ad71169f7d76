// Twin of py/29-task-names.py, async function spelling.
import * as asyncio from "asyncio-ts";
import { nameOf } from "./py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  const number = (task: unknown): number => Number(nameOf(task).replace(/^Task-/, ""));

  async function noop() {
    await asyncio.sleep(0);
  }

  // Lazy like `async def`: main touches the loop before its first await.
  const main = asyncio.coroutine(async function () {
    const base = number(asyncio.currentTask()!);
    const first = asyncio.createTask(noop());
    const named = asyncio.createTask(noop(), { name: "custom" });
    const second = asyncio.createTask(noop());
    print(`first: Task-(main+${number(first) - base})`);
    print(`named: ${named.getName()}`);
    print(`second: Task-(main+${number(second) - base})`);
    const fut = asyncio.ensureFuture(noop());
    print(`ensure_future: Task-(main+${number(fut) - base})`);
    const g = asyncio.gather(noop(), noop());
    const third = asyncio.createTask(noop());
    print(`after a gather of two coroutines: Task-(main+${number(third) - base})`);
    await asyncio.gather(first, named, second, fut, g, third);
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
