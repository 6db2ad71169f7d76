// Twin of locks-09-barrier-reset-abort.py, async function spelling.
import * as asyncio from "asyncio-ts";

export default async function program(print: (line: string) => void): Promise<void> {
  const py = (flag: boolean): string => (flag ? "True" : "False");

  const main = asyncio.coroutine(async function main() {
    const loop = asyncio.getRunningLoop();
    const t0 = loop.time();
    const now = (): string => (loop.time() - t0).toFixed(2);

    const barrier = new asyncio.Barrier(3);

    const runner = asyncio.coroutine(async function runner(name: string) {
      try {
        const index = await barrier.wait();
        print(`${now()} ${name} passes with index ${index}`);
      } catch (e) {
        if (!(e instanceof asyncio.BrokenBarrierError)) throw e;
        print(`${now()} ${name} got BrokenBarrierError: ${e.message}`);
      }
    });

    const first = ["a", "b"].map((n) => asyncio.createTask(runner(n)));
    await asyncio.sleep(0.1);
    print(`${now()} reset with n_waiting=${barrier.nWaiting}`);
    await barrier.reset();
    print(`${now()} after reset: n_waiting=${barrier.nWaiting} broken=${py(barrier.broken)}`);
    await asyncio.gather(...first);
    print(`${now()} n_waiting=${barrier.nWaiting} broken=${py(barrier.broken)}`);

    const second = ["c", "d", "e"].map((n) => asyncio.createTask(runner(n)));
    await asyncio.gather(...second);

    const third = ["f", "g"].map((n) => asyncio.createTask(runner(n)));
    await asyncio.sleep(0.1);
    await barrier.abort();
    print(`${now()} aborted: broken=${py(barrier.broken)}`);
    await asyncio.gather(...third);
    await runner("h");
    await barrier.reset();
    print(`${now()} reset after abort: broken=${py(barrier.broken)}`);
    await asyncio.gather(...["i", "j", "k"].map((n) => runner(n)));

    // A task cancelled while waiting leaves the round; the others still need
    // a full round.
    const cancelled = asyncio.createTask(runner("l"));
    await asyncio.sleep(0);
    cancelled.cancel();
    await asyncio.gather(cancelled, { returnExceptions: true });
    print(`${now()} l cancelled: n_waiting=${barrier.nWaiting}`);
    await asyncio.gather(...["m", "n", "o"].map((n) => runner(n)));
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
