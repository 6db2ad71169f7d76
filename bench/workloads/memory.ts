/**
 * Memory per sleeping task on asyncio-ts: `n` tasks each sleeping an hour on
 * virtual time. Once all are parked on their timers, the live heap after a
 * forced GC, minus the heap before they were created, is divided by `n`.
 * Virtual time then jumps an hour so every task finishes normally.
 */

import * as asyncio from "asyncio-ts";
import { type Sample, check, forceGc, heapUsed } from "../harness/measure.js";
import { virtualTime } from "./common.js";

const SLEEP = 3600;

/** `async function` sleepers. */
export async function asyncFunctions(n: number): Promise<Sample> {
  let finished = 0;
  const sleeper = async (): Promise<void> => {
    await asyncio.sleep(SLEEP);
    finished++;
  };
  const main = asyncio.coroutine(async (): Promise<number> => {
    forceGc();
    const base = heapUsed();
    for (let i = 0; i < n; i++) void asyncio.createTask(sleeper());
    // Two passes: every task has started and armed its timer after them.
    await asyncio.sleep(0);
    await asyncio.sleep(0);
    forceGc();
    const used = heapUsed() - base;
    await asyncio.sleep(SLEEP + 1);
    return used;
  });
  const used = await asyncio.run(main(), virtualTime());
  check(finished === n, `finished ${finished} of ${n}`);
  return { value: used / n, detail: { bytes: used, n } };
}

/** `function*` sleepers. */
export async function generators(n: number): Promise<Sample> {
  let finished = 0;
  function* sleeper(): Generator<unknown, void, unknown> {
    yield* asyncio.sleep(SLEEP);
    finished++;
  }
  function* main(): Generator<unknown, number, unknown> {
    forceGc();
    const base = heapUsed();
    for (let i = 0; i < n; i++) void asyncio.createTask(sleeper());
    yield* asyncio.sleep(0);
    yield* asyncio.sleep(0);
    forceGc();
    const used = heapUsed() - base;
    yield* asyncio.sleep(SLEEP + 1);
    return used;
  }
  const used = await asyncio.run(main(), virtualTime());
  check(finished === n, `finished ${finished} of ${n}`);
  return { value: used / n, detail: { bytes: used, n } };
}
