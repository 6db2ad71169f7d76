/**
 * Memory floors: what a parked coroutine plus its timer entry costs in plain
 * JavaScript, so the per-task figure of asyncio-ts has something to be
 * compared with.
 *
 * Each sleeper parks on a "timer" record holding its deadline and how to
 * wake it; the records sit in an array, standing for the loop's timer heap.
 */

import { type Sample, check, forceGc, heapUsed } from "../harness/measure.js";

const SLEEP = 3600;

interface PromiseTimer {
  when: number;
  resolve: () => void;
}

/** `n` async functions each awaiting a promise that a timer record resolves. */
export async function promiseSleepers(n: number): Promise<Sample> {
  let finished = 0;
  const timers: PromiseTimer[] = [];
  const sleeper = async (): Promise<void> => {
    await new Promise<void>((resolve) => {
      timers.push({ when: SLEEP, resolve });
    });
    finished++;
  };
  forceGc();
  const base = heapUsed();
  for (let i = 0; i < n; i++) void sleeper();
  forceGc();
  const used = heapUsed() - base;
  for (const timer of timers) timer.resolve();
  // Let every sleeper finish, so the figure is known to describe live ones.
  await new Promise<void>((resolve) => setImmediate(resolve));
  check(finished === n, `finished ${finished} of ${n}`);
  return { value: used / n, detail: { bytes: used, n } };
}

interface GeneratorTimer {
  when: number;
  body: Generator<number, void, unknown>;
}

/** `n` generators each suspended at a `yield`, held by timer records. */
export function generatorSleepers(n: number): Sample {
  let finished = 0;
  function* sleeper(): Generator<number, void, unknown> {
    yield SLEEP;
    finished++;
  }
  forceGc();
  const base = heapUsed();
  const timers: GeneratorTimer[] = [];
  for (let i = 0; i < n; i++) {
    const body = sleeper();
    const first = body.next();
    timers.push({ when: first.value as number, body });
  }
  forceGc();
  const used = heapUsed() - base;
  for (const timer of timers) timer.body.next();
  check(finished === n, `finished ${finished} of ${n}`);
  return { value: used / n, detail: { bytes: used, n } };
}
