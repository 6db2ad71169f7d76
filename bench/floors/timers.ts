/**
 * W4 floor: when every deadline is known up front, a timer queue is a sort.
 *
 * Timers are records like a loop's timer handles (deadline, sequence number,
 * callback, cancelled flag), sorted by deadline then sequence, then fired in
 * order. A heap that accepts timers while running can only be slower.
 */

import { type Sample, check, seconds, seededRandom, throughput } from "../harness/measure.js";

export const TIMER_SEED = 20240601;

interface Timer {
  when: number;
  sequence: number;
  callback: () => void;
  cancelled: boolean;
}

function sortTimers(n: number, cancelHalf: boolean): Sample {
  const random = seededRandom(TIMER_SEED);
  let fired = 0;
  const callback = (): void => {
    fired++;
  };
  const start = seconds();
  const timers: Timer[] = new Array<Timer>(n);
  for (let i = 0; i < n; i++) {
    timers[i] = { when: random() * 10, sequence: i, callback, cancelled: false };
  }
  if (cancelHalf) {
    for (let i = 1; i < n; i += 2) (timers[i]).cancelled = true;
  }
  timers.sort((a, b) => a.when - b.when || a.sequence - b.sequence);
  for (const timer of timers) {
    if (!timer.cancelled) timer.callback();
  }
  const end = seconds();
  check(fired === (cancelHalf ? n - Math.floor(n / 2) : n), `fired ${fired}`);
  return throughput(n, start, end);
}

/** All `n` timers fire. */
export function sortAll(n: number): Sample {
  return sortTimers(n, false);
}

/** Every other timer is cancelled before firing. */
export function sortCancelHalf(n: number): Sample {
  return sortTimers(n, true);
}
