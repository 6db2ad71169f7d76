/**
 * W2 floors: two coroutines taking turns, with the cheapest suspension each
 * spelling has: `await null` (one microtask) and a bare `yield` to a
 * two-array generator trampoline.
 */

import { type Sample, check, seconds, throughput } from "../harness/measure.js";
import { Scheduler } from "./trampoline.js";

/** Two async functions alternating on `await null`; `n` switches in all. */
export async function awaitNull(n: number): Promise<Sample> {
  const k = Math.floor(n / 2);
  let switches = 0;
  const worker = async (): Promise<void> => {
    for (let i = 0; i < k; i++) {
      // eslint-disable-next-line @typescript-eslint/await-thenable -- the cheapest suspension is the point of this floor
      await null;
      switches++;
    }
  };
  const start = seconds();
  await Promise.all([worker(), worker()]);
  const end = seconds();
  check(switches === 2 * k, `counted ${switches} switches`);
  return throughput(switches, start, end);
}

/** Two generators alternating through the trampoline; `n` switches in all. */
export function generatorTrampoline(n: number): Sample {
  const k = Math.floor(n / 2);
  let switches = 0;
  function* worker(): Generator<undefined, void, unknown> {
    for (let i = 0; i < k; i++) {
      yield;
      switches++;
    }
  }
  const start = seconds();
  const scheduler = new Scheduler();
  scheduler.spawn(worker());
  scheduler.spawn(worker());
  scheduler.run();
  const end = seconds();
  check(switches === 2 * k, `counted ${switches} switches`);
  return throughput(switches, start, end);
}
