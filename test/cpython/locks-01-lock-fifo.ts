// Twin of locks-01-lock-fifo.py, async function spelling.
import * as asyncio from "asyncio-ts";

export default async function program(print: (line: string) => void): Promise<void> {
  const main = asyncio.coroutine(async function main() {
    const loop = asyncio.getRunningLoop();
    const t0 = loop.time();
    const now = (): string => (loop.time() - t0).toFixed(2);
    const py = (flag: boolean): string => (flag ? "True" : "False");

    const lock = new asyncio.Lock();

    const worker = asyncio.coroutine(async function worker(name: string, hold: number) {
      print(`${now()} ${name} wants the lock, locked=${py(lock.locked())}`);
      await lock.acquire();
      try {
        print(`${now()} ${name} holds the lock`);
        await asyncio.sleep(hold);
      } finally {
        lock.release();
        print(`${now()} ${name} released`);
      }
    });

    print(`acquire on a free lock: ${py(await lock.acquire())}`);
    const tasks = ["a", "b", "c"].map((n) => asyncio.createTask(worker(n, 0.1)));
    await asyncio.sleep(0);
    lock.release();
    print(`${now()} main released; locked=${py(lock.locked())}`);
    // The lock looks free, but a was already woken: main, a newcomer, queues
    // behind a, b and c.
    await lock.acquire();
    print(`${now()} main holds the lock again`);
    lock.release();
    await asyncio.gather(...tasks);
    print(`${now()} all done, locked=${py(lock.locked())}`);
    await asyncio.asyncWith(lock, () => {
      print(`async with: locked=${py(lock.locked())}`);
    });
    print(`after async with: locked=${py(lock.locked())}`);
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
