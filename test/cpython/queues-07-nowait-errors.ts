// Twin of queues-07-nowait-errors.py, async function spelling.
import * as asyncio from "asyncio-ts";

export default async function program(print: (line: string) => void): Promise<void> {
  const py = (flag: boolean): string => (flag ? "True" : "False");

  const main = asyncio.coroutine(async function main() {
    const q = new asyncio.Queue<number>(1);
    try {
      q.getNowait();
    } catch (e) {
      if (!(e instanceof asyncio.QueueEmpty)) throw e;
      print(`get_nowait on empty: ${e.name} '${e.message}'`);
    }
    q.putNowait(1);
    try {
      q.putNowait(2);
    } catch (e) {
      if (!(e instanceof asyncio.QueueFull)) throw e;
      print(`put_nowait on full: ${e.name} '${e.message}'`);
    }
    print(`qsize=${q.qsize()} full=${py(q.full())}`);
    print(`get ${await q.get()}`);

    const unbounded = new asyncio.Queue<number>(0);
    for (let i = 0; i < 1000; i++) unbounded.putNowait(i);
    print(`unbounded: qsize=${unbounded.qsize()} full=${py(unbounded.full())}`);

    const negative = new asyncio.Queue<string>(-1);
    negative.putNowait("x");
    print(`maxsize -1: full=${py(negative.full())} maxsize=${negative.maxsize}`);

    // Two getters blocked; two items put at once: both are served in order.
    const q2 = new asyncio.Queue<string>();
    const results: [string, string][] = [];

    const getter = asyncio.coroutine(async function getter(name: string) {
      results.push([name, await q2.get()]);
    });

    const ts = ["first", "second"].map((n) => asyncio.createTask(getter(n)));
    await asyncio.sleep(0);
    q2.putNowait("A");
    q2.putNowait("B");
    // A newcomer takes an item synchronously, before the woken getters run.
    print(`newcomer took ${q2.getNowait()}`);
    q2.putNowait("C");
    await asyncio.gather(...ts);
    print(`results: [${results.map(([n, v]) => `('${n}', '${v}')`).join(", ")}]`);
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
