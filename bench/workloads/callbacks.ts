/**
 * W1 on asyncio-ts: raw `callSoon` throughput, no tasks or futures involved
 * apart from the one future that tells `runUntilComplete` to return.
 */

import * as asyncio from "asyncio-ts";
import { type Sample, check, seconds, throughput } from "../harness/measure.js";
import { loopOptions } from "./common.js";

/** A chain of `n` callbacks, each scheduling the next with `callSoon`. */
export async function chain(n: number): Promise<Sample> {
  const loop = asyncio.newEventLoop(loopOptions());
  const done = loop.createFuture<null>();
  let count = 0;
  const step = (): void => {
    count++;
    if (count < n) loop.callSoon(step);
    else done.setResult(null);
  };
  const start = seconds();
  loop.callSoon(step);
  await loop.runUntilComplete(done);
  const end = seconds();
  loop.close();
  check(count === n, `ran ${count} of ${n} callbacks`);
  return throughput(n, start, end);
}

/** `n` callbacks scheduled at once with an argument each, then run. */
export async function fanOut(n: number): Promise<Sample> {
  const loop = asyncio.newEventLoop(loopOptions());
  const done = loop.createFuture<number>();
  let count = 0;
  const callback = (i: number): void => {
    count++;
    if (count === n) done.setResult(i);
  };
  const start = seconds();
  for (let i = 0; i < n; i++) loop.callSoon(callback, i);
  await loop.runUntilComplete(done);
  const end = seconds();
  loop.close();
  check(count === n, `ran ${count} of ${n} callbacks`);
  return throughput(n, start, end);
}
