/**
 * Soak: a million concurrent tasks of each coroutine shape, a million
 * timers, and the growth of the run time with the number of tasks: four
 * times the tasks must take well under sixteen times as long (what a
 * quadratic cost would give). The only wall-clock measurements in the test
 * suite, and they compare two runs of the same machine, never a fixed time.
 */
import { describe, expect, it } from "vitest";
import * as asyncio from "asyncio-ts";
import { EMPTY_LOOP, loopContents, virtualLoop } from "../reliability/support.js";

const SCALE = Number(process.env.SOAK_SCALE ?? "1");
const MILLION = Math.max(10_000, Math.round(1_000_000 * SCALE));

type Shape = "generator" | "lazy" | "eager";

function* generatorTask(i: number): Generator<unknown, number, unknown> {
  yield* asyncio.sleep(i % 10);
  return i;
}
async function eagerTask(i: number): Promise<number> {
  await asyncio.sleep(i % 10);
  return i;
}
const lazyTask = asyncio.coroutine(eagerTask);

/** Runs `count` concurrent tasks of `shape` on a fresh loop; returns the wall time in ms. */
async function concurrent(shape: Shape, count: number): Promise<number> {
  const loop = virtualLoop();
  const started = performance.now();
  const checked = await loop.runUntilComplete(
    asyncio.coroutine(async () => {
      const tasks = new Array<asyncio.Task<number>>(count);
      for (let i = 0; i < count; i++) tasks[i] = asyncio.createTask(shape === "generator" ? generatorTask(i) : shape === "lazy" ? lazyTask(i) : eagerTask(i));
      const results: unknown[] = await asyncio.gather(tasks);
      let sum = 0;
      for (const value of results) sum += value as number;
      return [sum === (count * (count - 1)) / 2, loop.time()];
    })(),
  );
  const elapsed = performance.now() - started;
  const leftover = loopContents(loop);
  loop.close();
  expect(checked).toEqual([true, 9]);
  expect(leftover).toEqual(EMPTY_LOOP);
  return elapsed;
}

describe("soak: wide", () => {
  for (const shape of ["generator", "lazy", "eager"] as const) {
    it(`runs ${MILLION} concurrent ${shape} tasks, and four times as many take less than 8x as long`, async () => {
      const quarter = await concurrent(shape, MILLION / 4);
      const full = await concurrent(shape, MILLION);
      console.log(JSON.stringify({ shape, tasks: MILLION, quarterMs: Math.round(quarter), fullMs: Math.round(full), ratio: full / quarter }));
      expect(full / quarter).toBeLessThan(8);
    });
  }

  it(`arms ${MILLION} timers, cancels most, and fires the rest in order`, async () => {
    const loop = virtualLoop();
    let fired = 0;
    let last = -1;
    let inOrder = true;
    const timers = new Array<asyncio.TimerHandle>(MILLION);
    for (let i = 0; i < MILLION; i++) {
      timers[i] = loop.callAt(i % 1000, () => {
        fired++;
        if (i % 1000 < last) inOrder = false;
        last = i % 1000;
      });
    }
    for (let i = 0; i < MILLION; i++) if (i % 10 !== 0) timers[i].cancel();
    loop.callAt(1000, () => loop.stop());
    await loop.runForever();
    const leftover = loopContents(loop);
    loop.close();
    expect([fired, inOrder]).toEqual([MILLION / 10, true]);
    expect(leftover).toEqual(EMPTY_LOOP);
  });
});
