/**
 * W4 on asyncio-ts: `n` timers with seeded random delays in [0, 10) s on
 * virtual time, all firing, or with every other one cancelled first. The
 * time covers `callLater`, the cancellations and the loop firing the rest.
 */

import * as asyncio from "asyncio-ts";
import { type Sample, check, seconds, seededRandom, throughput } from "../harness/measure.js";
import { TIMER_SEED } from "../floors/timers.js";
import { virtualTime } from "./common.js";

async function timers(n: number, cancelHalf: boolean): Promise<Sample> {
  const loop = asyncio.newEventLoop(virtualTime());
  const random = seededRandom(TIMER_SEED);
  let fired = 0;
  const callback = (): void => {
    fired++;
  };
  const start = seconds();
  const handles: asyncio.TimerHandle[] = new Array<asyncio.TimerHandle>(n);
  for (let i = 0; i < n; i++) handles[i] = loop.callLater(random() * 10, callback);
  if (cancelHalf) {
    for (let i = 1; i < n; i += 2) (handles[i]).cancel();
  }
  loop.callLater(10, () => loop.stop());
  await loop.runForever();
  const end = seconds();
  check(fired === (cancelHalf ? n - Math.floor(n / 2) : n), `fired ${fired} timers`);
  check(loop.time() === 10, `loop.time() is ${loop.time()}, expected 10`);
  loop.close();
  return throughput(n, start, end);
}

/** All timers fire. */
export function all(n: number): Promise<Sample> {
  return timers(n, false);
}

/** Every other timer is cancelled before the loop runs. */
export function cancelHalf(n: number): Promise<Sample> {
  return timers(n, true);
}
