/**
 * Soak: thousands of loops, each running a random program and closed, are
 * all collected, and the heap stays flat while they come and go.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as asyncio from "asyncio-ts";
import { programArbitrary, runProgram } from "../reliability/programs.js";
import { CollectionWatch, heapAfterGc, virtualLoop } from "../reliability/support.js";

const SCALE = Number(process.env.SOAK_SCALE ?? "1");
const LOOPS = Math.max(200, Math.round(5_000 * SCALE));
const MB = 1024 * 1024;

/** Runs `program`-like work on a loop of its own, watched, and closes it. */
async function oneLoop(watch: CollectionWatch, seed: number): Promise<void> {
  const loop = watch.watch(virtualLoop(), "EventLoop");
  loop.setExceptionHandler(() => {});
  const body = asyncio.coroutine(async function body(n: number): Promise<number> {
    await asyncio.sleep(n % 3);
    if (n % 5 === 4) throw new Error("fails");
    return n;
  });
  await loop.runUntilComplete(
    asyncio.coroutine(async function main(): Promise<void> {
      const tasks = Array.from({ length: 20 }, (_, i) => watch.watch(asyncio.createTask(body(seed + i)), "Task"));
      // Some are left pending at close, on purpose, one on a timer of the
      // loop's own (so that this coroutine's closure refers to the loop).
      void watch.watch(asyncio.createTask(asyncio.coroutine(async () => asyncio.sleep(1e6))()), "Task");
      const timerFired = watch.watch(loop.createFuture<null>(), "Future");
      watch.watch(loop.callLater(1e6, () => timerFired.setResult(null)), "TimerHandle");
      await asyncio.gather(tasks, { returnExceptions: true });
    })(),
  );
  loop.close();
}

describe("soak: loops come and go", () => {
  it(`collects ${LOOPS} closed loops and their tasks, with a flat heap`, async () => {
    const watch = new CollectionWatch();
    const samples: number[] = [];
    for (let i = 0; i < LOOPS; i++) {
      await oneLoop(watch, i);
      if ((i + 1) % Math.round(LOOPS / 10) === 0) {
        // Let finalizers run first: the watch's own bookkeeping shrinks then.
        await new Promise<void>((resolve) => setImmediate(resolve));
        samples.push(heapAfterGc() / MB);
      }
    }
    const alive = await watch.alive(50);
    console.log(JSON.stringify({ loops: LOOPS, watched: watch.watched, alive, survivors: [...new Set(watch.survivors)], heapMB: samples.map((m) => Math.round(m * 10) / 10) }));
    expect(samples[samples.length - 1] - samples[1]).toBeLessThan(8);
    expect(watch.survivors).toEqual([]);
  });

  it("runs 2000 random programs, each on its own loop, with a flat heap", async () => {
    const programs = fc.sample(programArbitrary({ depth: 4, width: 10 }), { numRuns: Math.max(200, Math.round(2000 * SCALE)), seed: 7 });
    const samples: number[] = [];
    for (let i = 0; i < programs.length; i++) {
      await runProgram(programs[i]);
      if ((i + 1) % Math.round(programs.length / 10) === 0) samples.push(heapAfterGc() / MB);
    }
    console.log(JSON.stringify({ programs: programs.length, heapMB: samples.map((m) => Math.round(m * 10) / 10) }));
    expect(samples[samples.length - 1] - samples[1]).toBeLessThan(8);
  });
});
