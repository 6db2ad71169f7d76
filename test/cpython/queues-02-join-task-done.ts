// Twin of queues-02-join-task-done.py, generator spelling.
import * as asyncio from "asyncio-ts";

export default async function program(print: (line: string) => void): Promise<void> {
  function* main() {
    const loop = asyncio.getRunningLoop();
    const t0 = loop.time();
    const now = (): string => (loop.time() - t0).toFixed(2);

    const q = new asyncio.Queue<number>();
    print(`${now()} join on an empty queue returns at once`);
    yield* q.join();

    function* worker(name: string) {
      for (;;) {
        const item = yield* q.get();
        yield* asyncio.sleep(item);
        print(`${now()} ${name} finished ${item}`);
        q.taskDone();
      }
    }

    for (const delay of [0.3, 0.1, 0.2, 0.1]) q.putNowait(delay);
    const workers = ["w1", "w2"].map((n) => asyncio.createTask(worker(n)));

    function* joiner(name: string) {
      yield* q.join();
      print(`${now()} ${name} joined, qsize=${q.qsize()}`);
    }

    yield* asyncio.gather(joiner("j1"), joiner("j2"));
    for (const w of workers) w.cancel();
    yield* asyncio.gather(...workers, { returnExceptions: true });
    try {
      q.taskDone();
    } catch (e) {
      if (!(e instanceof asyncio.ValueError)) throw e;
      print(`ValueError: ${e.message}`);
    }
  }

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
