/**
 * Leaks, the short version of the soak suite (test/soak, `npm run soak`):
 * the heap after a forced full collection stays flat while rounds of churn
 * (tasks created, completed, cancelled and failed; timers armed and
 * cancelled; long callback chains) run on one loop; and a closed loop, with
 * every task it had (done or still pending at close), becomes collectable.
 */
import { describe, expect, it } from "vitest";
import * as asyncio from "asyncio-ts";
import { programArbitrary, runProgram } from "./programs.js";
import { CollectionWatch, heapAfterGc, virtualLoop, failOnUnhandledRejections } from "./support.js";
import { churnRound, emptyChurn } from "./workload.js";
import fc from "fast-check";

failOnUnhandledRejections();

const MB = 1024 * 1024;

/**
 * Makes a loop, runs tasks of every shape on it (some finish, some fail, some
 * are left pending), closes it, and watches all of it. Nothing else may keep
 * a strong reference once this returns.
 */
async function closedLoopGarbage(watch: CollectionWatch): Promise<void> {
  const loop = watch.watch(virtualLoop());
  loop.setExceptionHandler(() => {});
  await loop.runUntilComplete(
    asyncio.coroutine(async function main(): Promise<void> {
      const body = asyncio.coroutine(async function body(n: number): Promise<number> {
        await asyncio.sleep(n);
        if (n === 2) throw new Error("fails");
        return n;
      });
      for (let n = 0; n < 4; n++) void watch.watch(asyncio.createTask(body(n)));
      void watch.watch(
        asyncio.createTask(
          (function* () {
            yield* asyncio.sleep(1000);
          })(),
        ),
      );
      void watch.watch(
        asyncio.createTask(
          (async () => {
            await asyncio.sleep(1000);
          })(),
        ),
      );
      const fut = watch.watch(loop.createFuture());
      watch.watch(loop.callLater(500, () => fut.setResult(null)));
      await asyncio.sleep(5);
    })(),
  );
  loop.close();
}

describe("collectable", () => {
  // A lazy coroutine is tracked (for the never-awaited report) by a
  // module-level list that is compacted only past 1024 entries, and it keeps
  // its body, arguments and `this`: a started `main` whose closure sees the
  // loop keeps the closed loop alive through that list.
  it("a closed loop and all its tasks, futures and timers, done or pending at close", async () => {
    const watch = new CollectionWatch();
    await closedLoopGarbage(watch);
    expect(watch.watched).toBe(9);
    await watch.alive();
    expect(watch.survivors).toEqual([]);
  });

  it("a loop closed by asyncio.run, with the tasks run() cancelled", async () => {
    const watch = new CollectionWatch();
    await asyncio.run(
      async () => {
        watch.watch(asyncio.getRunningLoop());
        for (let i = 0; i < 10; i++) void watch.watch(asyncio.createTask(asyncio.coroutine(async () => asyncio.sleep(100))()));
        await asyncio.sleep(1);
      },
      { clock: new asyncio.VirtualClock() },
    );
    expect(await watch.alive()).toBe(0);
  });

  it("finished tasks, while their loop keeps running", async () => {
    const loop = virtualLoop();
    const watch = new CollectionWatch();
    const spawn = async (): Promise<void> => {
      const tasks = Array.from({ length: 100 }, (_, i) => watch.watch(asyncio.createTask(asyncio.coroutine(async () => asyncio.sleep(i % 3, i))())));
      await asyncio.gather(tasks);
    };
    const alive = await loop.runUntilComplete(
      asyncio.coroutine(async () => {
        await asyncio.createTask(asyncio.coroutine(spawn)());
        await asyncio.sleep(1);
        return await asyncio.wrapPromise(watch.alive());
      })(),
    );
    loop.close();
    expect(alive).toBe(0);
  });
});

describe("a flat heap under churn (short)", () => {
  it("grows by less than 4 MB over 30 rounds of churn on one loop, once warm", async () => {
    const counts = emptyChurn();
    const samples: number[] = [];
    await asyncio.run(
      async () => {
        for (let round = 0; round < 30; round++) {
          await churnRound(300, counts);
          if (round >= 5 && round % 5 === 0) samples.push(heapAfterGc());
        }
        samples.push(heapAfterGc());
      },
      { clock: new asyncio.VirtualClock() },
    );
    const growth = samples[samples.length - 1] - samples[0];
    expect(growth / MB).toBeLessThan(4);
    expect(counts.tasks).toBeGreaterThan(9000);
  }, 60_000);

  it("grows by less than 4 MB over 300 random programs, each on its own loop", async () => {
    const programs = fc.sample(programArbitrary(), { numRuns: 300, seed: 42 });
    for (const program of programs.slice(0, 50)) await runProgram(program);
    const before = heapAfterGc();
    for (const program of programs) await runProgram(program);
    const after = heapAfterGc();
    expect((after - before) / MB).toBeLessThan(4);
  }, 60_000);
});
