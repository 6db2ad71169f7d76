// Twin of locks-08-barrier.py, generator spelling.
import * as asyncio from "asyncio-ts";

export default async function program(print: (line: string) => void): Promise<void> {
  const py = (flag: boolean): string => (flag ? "True" : "False");

  function* main() {
    const loop = asyncio.getRunningLoop();
    const t0 = loop.time();
    const now = (): string => (loop.time() - t0).toFixed(2);

    const barrier = new asyncio.Barrier(3);
    print(`parties=${barrier.parties} n_waiting=${barrier.nWaiting} broken=${py(barrier.broken)}`);

    function* runner(name: string, delay: number) {
      yield* asyncio.sleep(delay);
      print(`${now()} ${name} arrives, n_waiting=${barrier.nWaiting}`);
      const index = yield* barrier.wait();
      print(`${now()} ${name} passes with index ${index}`);
      return index;
    }

    const tasks = [0, 1, 2, 3, 4, 5].map((i) => asyncio.createTask(runner(`r${i}`, 0.1 * (i + 1))));
    yield* asyncio.sleep(0.25);
    print(`${now()} n_waiting=${barrier.nWaiting}`);
    const indices = yield* asyncio.gather(...tasks);
    print(`indices: [${indices.join(", ")}]`);

    function* enter(name: string) {
      yield* asyncio.asyncWith(barrier, (index) => {
        print(`${now()} ${name} entered with index ${index}`);
      });
    }

    yield* asyncio.gather(...["x", "y", "z"].map((n) => enter(n)));
    print(`${now()} n_waiting=${barrier.nWaiting} broken=${py(barrier.broken)}`);
  }

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
