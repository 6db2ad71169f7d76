// Twin of locks-05-condition-cancel.py, async function spelling.
import * as asyncio from "asyncio-ts";

export default async function program(print: (line: string) => void): Promise<void> {
  const py = (flag: boolean): string => (flag ? "True" : "False");

  const main = asyncio.coroutine(async function main() {
    const loop = asyncio.getRunningLoop();
    const t0 = loop.time();
    const now = (): string => (loop.time() - t0).toFixed(2);

    const cond = new asyncio.Condition();

    const waiter = asyncio.coroutine(async function waiter(name: string) {
      await asyncio.asyncWith(cond, async () => {
        try {
          await cond.wait();
          print(`${now()} ${name} notified, holds lock=${py(cond.locked())}`);
        } catch (error) {
          if (error instanceof asyncio.CancelledError) {
            print(`${now()} ${name} cancelled, holds lock=${py(cond.locked())}`);
          }
          throw error;
        }
      });
    });

    // 1. Cancelled while waiting for a notification.
    const a = asyncio.createTask(waiter("a"));
    await asyncio.sleep(0);
    a.cancel();
    await asyncio.gather(a, { returnExceptions: true });
    print(`${now()} case 1: locked=${py(cond.locked())}`);

    // 2. Notified, then cancelled while waiting to get the lock back.
    const b = asyncio.createTask(waiter("b"));
    await asyncio.sleep(0);
    await asyncio.asyncWith(cond, async () => {
      cond.notify();
      await asyncio.sleep(0);
      b.cancel();
      await asyncio.sleep(0.1);
      print(`${now()} main releases`);
    });
    await asyncio.gather(b, { returnExceptions: true });
    print(`${now()} case 2: b.cancelled=${py(b.cancelled())} locked=${py(cond.locked())}`);

    // 3. Notified and cancelled in the same iteration: the wake-up moves on to d.
    const c = asyncio.createTask(waiter("c"));
    const d = asyncio.createTask(waiter("d"));
    await asyncio.sleep(0);
    await asyncio.asyncWith(cond, () => {
      cond.notify(1);
      c.cancel();
    });
    await asyncio.gather(c, d, { returnExceptions: true });
    print(
      `${now()} case 3: c.cancelled=${py(c.cancelled())} d.cancelled=${py(d.cancelled())} locked=${py(cond.locked())}`,
    );

    // 4. A shared lock: the condition and the lock are one.
    const lock = new asyncio.Lock();
    const shared = new asyncio.Condition(lock);
    await asyncio.asyncWith(lock, () => {
      print(`shared: cond.locked=${py(shared.locked())}`);
    });
    await asyncio.asyncWith(shared, () => {
      print(`shared: lock.locked=${py(lock.locked())}`);
    });
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
