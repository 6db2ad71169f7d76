// Twin of locks-04-condition-notify.py, generator spelling.
import * as asyncio from "asyncio-ts";

export default async function program(print: (line: string) => void): Promise<void> {
  const py = (flag: boolean): string => (flag ? "True" : "False");

  function* main() {
    const loop = asyncio.getRunningLoop();
    const t0 = loop.time();
    const now = (): string => (loop.time() - t0).toFixed(2);

    const cond = new asyncio.Condition();
    const items: number[] = [];

    function* consumer(name: string) {
      yield* asyncio.asyncWith(cond, function* () {
        print(`${now()} ${name} waits`);
        const result = yield* cond.wait();
        print(`${now()} ${name} woke with ${py(result)}, holds lock=${py(cond.locked())}`);
        yield* asyncio.sleep(0.1);
        print(`${now()} ${name} leaves`);
      });
    }

    const tasks = ["a", "b", "c", "d"].map((n) => asyncio.createTask(consumer(n)));
    yield* asyncio.sleep(0);
    yield* asyncio.asyncWith(cond, function* () {
      print(`${now()} notify(2)`);
      cond.notify(2);
      yield* asyncio.sleep(0.05);
      print(`${now()} main still holds the lock`);
    });
    yield* asyncio.sleep(0.3);
    yield* asyncio.asyncWith(cond, () => {
      print(`${now()} notify_all`);
      cond.notifyAll();
    });
    yield* asyncio.gather(...tasks);

    function* taker() {
      yield* asyncio.asyncWith(cond, function* () {
        const got = yield* cond.waitFor(() => items.length >= 2);
        print(`${now()} predicate true (${py(got)}), items=[${items.join(", ")}]`);
      });
    }

    const t = asyncio.createTask(taker());
    for (let i = 0; i < 3; i++) {
      yield* asyncio.sleep(0.1);
      yield* asyncio.asyncWith(cond, () => {
        items.push(i);
        print(`${now()} appended ${i}, notify`);
        cond.notify();
      });
    }
    yield* t;
  }

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
