/**
 * W3 floors: spawn `n` coroutines that each suspend once and return their
 * index, then collect every result.
 */

import { type Sample, check, seconds, throughput } from "../harness/measure.js";
import { Scheduler } from "./trampoline.js";

/** Async functions that `await null` once, collected with `Promise.all`. */
export async function promiseAll(n: number): Promise<Sample> {
  const child = async (i: number): Promise<number> => {
    // eslint-disable-next-line @typescript-eslint/await-thenable -- the cheapest suspension is the point of this floor
    await null;
    return i;
  };
  const start = seconds();
  const pending: Array<Promise<number>> = new Array<Promise<number>>(n);
  for (let i = 0; i < n; i++) pending[i] = child(i);
  const results = await Promise.all(pending);
  const end = seconds();
  check(results.length === n && results[n - 1] === n - 1, "wrong results");
  return throughput(n, start, end);
}

/** Generators that `yield` once; a counter plays the part of gather. */
export function generatorTrampoline(n: number): Sample {
  function* child(i: number): Generator<undefined, number, unknown> {
    yield;
    return i;
  }
  const start = seconds();
  const scheduler = new Scheduler();
  const results: number[] = new Array<number>(n);
  let remaining = n;
  for (let i = 0; i < n; i++) {
    scheduler.spawn(child(i), (value) => {
      results[i] = value;
      remaining--;
    });
  }
  scheduler.run();
  const end = seconds();
  check(remaining === 0 && results[n - 1] === n - 1, "wrong results");
  return throughput(n, start, end);
}
