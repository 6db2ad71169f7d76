// Twin of locks-06-semaphore.py, generator spelling.
import * as asyncio from "asyncio-ts";

export default async function program(print: (line: string) => void): Promise<void> {
  const py = (flag: boolean): string => (flag ? "True" : "False");
  const list = (names: string[]): string => `[${names.map((n) => `'${n}'`).join(", ")}]`;

  function* main() {
    const loop = asyncio.getRunningLoop();
    const t0 = loop.time();
    const now = (): string => (loop.time() - t0).toFixed(2);

    let sem = new asyncio.Semaphore(2);

    function* worker(name: string, hold: number) {
      yield* asyncio.asyncWith(sem, function* () {
        print(`${now()} ${name} in`);
        yield* asyncio.sleep(hold);
      });
      print(`${now()} ${name} out`);
    }

    const plan: [string, number][] = [["a", 0.1], ["b", 0.2], ["c", 0.1], ["d", 0.1], ["e", 0.1]];
    const tasks = plan.map(([n, h]) => asyncio.createTask(worker(n, h)));
    yield* asyncio.gather(...tasks);
    print(`${now()} locked=${py(sem.locked())}`);

    sem = new asyncio.Semaphore(0);
    const order: string[] = [];

    function* take(name: string) {
      try {
        yield* sem.acquire();
        order.push(name);
      } catch (error) {
        if (error instanceof asyncio.CancelledError) print(`${now()} ${name} cancelled`);
        throw error;
      }
    }

    const t = ["w", "x", "y", "z"].map((n) => asyncio.createTask(take(n)));
    yield* asyncio.sleep(0);
    sem.release();
    sem.release();
    print(`${now()} released twice: locked=${py(sem.locked())}`);
    t[0].cancel();
    yield* asyncio.sleep(0);
    yield* asyncio.sleep(0);
    print(`${now()} order=${list(order)} locked=${py(sem.locked())}`);
    sem.release();
    yield* asyncio.gather(...t, { returnExceptions: true });
    print(`${now()} order=${list(order)} locked=${py(sem.locked())}`);
  }

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
