/**
 * W5 on asyncio-ts: a `Queue(100)` with one producer and four consumers
 * moving `n` items; each consumer stops at a `null`.
 */

import * as asyncio from "asyncio-ts";
import { type Sample, check, seconds, throughput } from "../harness/measure.js";
import { loopOptions } from "./common.js";

const CONSUMERS = 4;

/** `async function` producer and consumers. */
export async function asyncFunctions(n: number): Promise<Sample> {
  const main = asyncio.coroutine(async (): Promise<number> => {
    const q = new asyncio.Queue<number | null>(100);
    const producer = async (): Promise<number> => {
      for (let i = 0; i < n; i++) await q.put(i);
      for (let c = 0; c < CONSUMERS; c++) await q.put(null);
      return 0;
    };
    const consumer = async (): Promise<number> => {
      let got = 0;
      for (;;) {
        const item = await q.get();
        q.taskDone();
        if (item === null) return got;
        got++;
      }
    };
    const start = seconds();
    const tasks = [asyncio.createTask(producer())];
    for (let c = 0; c < CONSUMERS; c++) tasks.push(asyncio.createTask(consumer()));
    const counts = await asyncio.gather(tasks);
    const elapsed = seconds() - start;
    check(counts.reduce((sum, c) => sum + c, 0) === n, "items lost");
    return elapsed;
  });
  const elapsed = await asyncio.run(main(), loopOptions());
  return throughput(n, 0, elapsed);
}

/** `function*` producer and consumers. */
export async function generators(n: number): Promise<Sample> {
  function* main(): Generator<unknown, number, unknown> {
    const q = new asyncio.Queue<number | null>(100);
    function* producer(): Generator<unknown, number, unknown> {
      for (let i = 0; i < n; i++) yield* q.put(i);
      for (let c = 0; c < CONSUMERS; c++) yield* q.put(null);
      return 0;
    }
    function* consumer(): Generator<unknown, number, unknown> {
      let got = 0;
      for (;;) {
        const item = yield* q.get();
        q.taskDone();
        if (item === null) return got;
        got++;
      }
    }
    const start = seconds();
    const tasks = [asyncio.createTask(producer())];
    for (let c = 0; c < CONSUMERS; c++) tasks.push(asyncio.createTask(consumer()));
    const counts = yield* asyncio.gather(tasks);
    const elapsed = seconds() - start;
    check(counts.reduce((sum, c) => sum + c, 0) === n, "items lost");
    return elapsed;
  }
  const elapsed = await asyncio.run(main(), loopOptions());
  return throughput(n, 0, elapsed);
}
