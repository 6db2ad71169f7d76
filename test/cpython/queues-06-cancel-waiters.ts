// Twin of queues-06-cancel-waiters.py, generator spelling.
import * as asyncio from "asyncio-ts";

export default async function program(print: (line: string) => void): Promise<void> {
  const py = (flag: boolean): string => (flag ? "True" : "False");

  function* main() {
    const loop = asyncio.getRunningLoop();
    const t0 = loop.time();
    const now = (): string => (loop.time() - t0).toFixed(2);

    const q = new asyncio.Queue<string>();

    function* getter(name: string) {
      try {
        const item = yield* q.get();
        print(`${now()} ${name} got ${item}`);
      } catch (e) {
        if (e instanceof asyncio.CancelledError) print(`${now()} ${name} cancelled, qsize=${q.qsize()}`);
        throw e;
      }
    }

    const g1 = asyncio.createTask(getter("g1"));
    const g2 = asyncio.createTask(getter("g2"));
    yield* asyncio.sleep(0.1);
    q.putNowait("item");
    g1.cancel();
    yield* asyncio.gather(g1, g2, { returnExceptions: true });

    // Cancelled while waiting, before any item: it simply leaves.
    const g3 = asyncio.createTask(getter("g3"));
    yield* asyncio.sleep(0.1);
    g3.cancel();
    yield* asyncio.gather(g3, { returnExceptions: true });
    q.putNowait("later");
    print(`${now()} qsize=${q.qsize()} get_nowait=${q.getNowait()}`);

    const full = new asyncio.Queue<string>(1);
    full.putNowait("x");

    function* putter(item: string) {
      try {
        yield* full.put(item);
        print(`${now()} put ${item}`);
      } catch (e) {
        if (e instanceof asyncio.CancelledError) print(`${now()} putter ${item} cancelled, full=${py(full.full())}`);
        throw e;
      }
    }

    const p1 = asyncio.createTask(putter("p1"));
    const p2 = asyncio.createTask(putter("p2"));
    yield* asyncio.sleep(0.1);
    print(`${now()} took ${full.getNowait()}`);
    p1.cancel();
    yield* asyncio.gather(p1, p2, { returnExceptions: true });
    print(`${now()} queue holds ${full.getNowait()}`);

    // waitFor around get(): the timed-out getter leaves no trace behind.
    try {
      yield* asyncio.waitFor(q.get(), 0.1);
    } catch (e) {
      if (!(e instanceof asyncio.TimeoutError)) throw e;
      print(`${now()} get timed out, getters left=${q._getters.length}`);
    }
  }

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
