// Twin of queues-04-shutdown.py, generator spelling.
import * as asyncio from "asyncio-ts";

export default async function program(print: (line: string) => void): Promise<void> {
  function* main() {
    const loop = asyncio.getRunningLoop();
    const t0 = loop.time();
    const now = (): string => (loop.time() - t0).toFixed(2);

    const q = new asyncio.Queue<string>(2);
    q.putNowait("a");
    q.putNowait("b");

    function* putter(item: string) {
      try {
        yield* q.put(item);
        print(`${now()} put ${item}`);
      } catch (e) {
        if (!(e instanceof asyncio.QueueShutDown)) throw e;
        print(`${now()} put ${item}: QueueShutDown`);
      }
    }

    const p = asyncio.createTask(putter("c"));
    yield* asyncio.sleep(0.1);
    q.shutdown();
    print(`${now()} shut down, qsize=${q.qsize()}`);
    yield* p;
    try {
      q.putNowait("d");
    } catch (e) {
      if (!(e instanceof asyncio.QueueShutDown)) throw e;
      print("put_nowait: QueueShutDown");
    }
    print(`get: ${yield* q.get()}`);
    print(`get_nowait: ${q.getNowait()}`);
    try {
      yield* q.get();
    } catch (e) {
      if (!(e instanceof asyncio.QueueShutDown)) throw e;
      print("get on an empty shut-down queue: QueueShutDown");
    }
    try {
      q.getNowait();
    } catch (e) {
      if (!(e instanceof asyncio.QueueShutDown)) throw e;
      print("get_nowait on an empty shut-down queue: QueueShutDown");
    }

    // Blocked getters wake up and fail.
    const q2 = new asyncio.Queue<string>();

    function* getter(name: string) {
      try {
        // The Python f-string reads the time before it awaits.
        const at = now();
        print(`${at} ${name} got ${yield* q2.get()}`);
      } catch (e) {
        if (!(e instanceof asyncio.QueueShutDown)) throw e;
        print(`${now()} ${name}: QueueShutDown`);
      }
    }

    const getters = ["g1", "g2"].map((n) => asyncio.createTask(getter(n)));
    yield* asyncio.sleep(0.1);
    q2.putNowait("x");
    q2.shutdown();
    yield* asyncio.gather(...getters);
    print(`unfinished join: tasks=${q2._unfinishedTasks}`);
    q2.taskDone();
    yield* q2.join();
    print(`${now()} joined`);
  }

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
