/**
 * W1 floors: a hand-written callback queue, with none of an event loop's
 * bookkeeping (no handles, no cancellation, no exception handling).
 */

import { type Sample, check, seconds, throughput } from "../harness/measure.js";

/**
 * A chain of `n` callbacks, each pushing the next onto an array queue. As in
 * an event loop, callbacks queued during a pass run on the next pass; the two
 * arrays are swapped rather than reallocated.
 */
export function chainArrayQueue(n: number): Sample {
  let ready: Array<() => void> = [];
  let spare: Array<() => void> = [];
  let count = 0;
  const step = (): void => {
    count++;
    if (count < n) ready.push(step);
  };
  const start = seconds();
  ready.push(step);
  while (ready.length > 0) {
    const todo = ready;
    ready = spare;
    spare = todo;
    for (let i = 0; i < todo.length; i++) todo[i]();
    todo.length = 0;
  }
  const end = seconds();
  check(count === n, `ran ${count} of ${n} callbacks`);
  return throughput(n, start, end);
}

/** `n` callbacks with an argument each, queued at once, then run in order. */
export function fanOutArrayQueue(n: number): Sample {
  let count = 0;
  let last = -1;
  const callback = (i: number): void => {
    count++;
    last = i;
  };
  const start = seconds();
  const queue: Array<() => void> = [];
  for (let i = 0; i < n; i++) queue.push(() => callback(i));
  for (let i = 0; i < queue.length; i++) (queue[i])();
  const end = seconds();
  check(count === n && last === n - 1, `ran ${count} of ${n} callbacks`);
  return throughput(n, start, end);
}
