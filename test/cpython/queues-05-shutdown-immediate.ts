// Twin of queues-05-shutdown-immediate.py, async function spelling.
import * as asyncio from "asyncio-ts";

export default async function program(print: (line: string) => void): Promise<void> {
  const py = (flag: boolean): string => (flag ? "True" : "False");

  const main = asyncio.coroutine(async function main() {
    const loop = asyncio.getRunningLoop();
    const t0 = loop.time();
    const now = (): string => (loop.time() - t0).toFixed(2);

    const q = new asyncio.Queue<number>();
    for (let i = 0; i < 3; i++) q.putNowait(i);
    print(`got ${q.getNowait()} (not marked done)`);

    const joiner = asyncio.coroutine(async function joiner() {
      await q.join();
      print(`${now()} join returned`);
    });

    const j = asyncio.createTask(joiner());
    await asyncio.sleep(0.1);
    q.shutdown(true);
    print(`${now()} shut down immediately: qsize=${q.qsize()} empty=${py(q.empty())}`);
    await asyncio.sleep(0);
    print(`${now()} joiner done=${py(j.done())}`);
    q.taskDone();
    await j;
    try {
      await q.get();
    } catch (e) {
      if (!(e instanceof asyncio.QueueShutDown)) throw e;
      print("get: QueueShutDown");
    }
    try {
      q.taskDone();
    } catch (e) {
      if (!(e instanceof asyncio.ValueError)) throw e;
      print(`task_done: ValueError: ${e.message}`);
    }

    // Putters blocked on a full queue wake up and fail too.
    const full = new asyncio.Queue<string>(1);
    full.putNowait("only");

    const putter = asyncio.coroutine(async function putter(name: string) {
      try {
        await full.put(name);
      } catch (e) {
        if (!(e instanceof asyncio.QueueShutDown)) throw e;
        print(`${now()} ${name}: QueueShutDown`);
      }
    });

    const ps = ["p1", "p2"].map((n) => asyncio.createTask(putter(n)));
    await asyncio.sleep(0.1);
    full.shutdown(true);
    await asyncio.gather(...ps);
    print(`${now()} full queue after shutdown: qsize=${full.qsize()}`);
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
