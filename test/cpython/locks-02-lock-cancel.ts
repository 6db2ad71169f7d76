// Twin of locks-02-lock-cancel.py, generator spelling.
import * as asyncio from "asyncio-ts";

export default async function program(print: (line: string) => void): Promise<void> {
  function* main() {
    const loop = asyncio.getRunningLoop();
    const t0 = loop.time();
    const now = (): string => (loop.time() - t0).toFixed(2);
    const py = (flag: boolean): string => (flag ? "True" : "False");

    const lock = new asyncio.Lock();

    function* worker(name: string) {
      try {
        yield* lock.acquire();
      } catch (error) {
        if (error instanceof asyncio.CancelledError) print(`${now()} ${name} cancelled while waiting`);
        throw error;
      }
      try {
        print(`${now()} ${name} holds the lock`);
        yield* asyncio.sleep(0.1);
      } catch (error) {
        if (error instanceof asyncio.CancelledError) print(`${now()} ${name} cancelled while holding`);
        throw error;
      } finally {
        lock.release();
      }
    }

    // 1. Cancelled while queued: the next waiter gets the lock.
    yield* lock.acquire();
    const a = asyncio.createTask(worker("a"));
    const b = asyncio.createTask(worker("b"));
    yield* asyncio.sleep(0);
    a.cancel();
    yield* asyncio.sleep(0);
    lock.release();
    yield* b;
    print(`${now()} case 1 done: a.cancelled=${py(a.cancelled())} locked=${py(lock.locked())}`);

    // 2. Woken by release(), cancelled before it ran: it passes the turn on.
    yield* lock.acquire();
    const c = asyncio.createTask(worker("c"));
    const d = asyncio.createTask(worker("d"));
    yield* asyncio.sleep(0);
    lock.release();
    c.cancel();
    print(`${now()} released and cancelled c: locked=${py(lock.locked())}`);
    yield* asyncio.sleep(0);
    print(`${now()} one iteration later: locked=${py(lock.locked())}`);
    yield* d;
    print(`${now()} case 2 done: c.cancelled=${py(c.cancelled())} locked=${py(lock.locked())}`);

    // 3. Cancelled while holding: the finally releases for the next one.
    const e = asyncio.createTask(worker("e"));
    const f = asyncio.createTask(worker("f"));
    yield* asyncio.sleep(0.05);
    e.cancel();
    yield* asyncio.gather(e, f, { returnExceptions: true });
    print(`${now()} case 3 done: e.cancelled=${py(e.cancelled())} locked=${py(lock.locked())}`);

    // 4. Every waiter cancelled: a newcomer takes the free lock at once.
    yield* lock.acquire();
    const g = asyncio.createTask(worker("g"));
    yield* asyncio.sleep(0);
    g.cancel();
    lock.release();
    print(`${now()} g cancelled, lock released: locked=${py(lock.locked())}`);
    print(`${now()} newcomer: ${py(yield* lock.acquire())}`);
    lock.release();
    yield* asyncio.gather(g, { returnExceptions: true });
    print(`${now()} end: locked=${py(lock.locked())}`);
  }

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
