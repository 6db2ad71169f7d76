/**
 * W2 on asyncio-ts: two tasks taking turns with `sleep(0)`, in both
 * spellings. One switch is one `sleep(0)`.
 */

import * as asyncio from "asyncio-ts";
import { type Sample, seconds, throughput } from "../harness/measure.js";
import { loopOptions } from "./common.js";

/** `async function` tasks. */
export async function asyncFunctions(n: number): Promise<Sample> {
  const k = Math.floor(n / 2);
  const worker = async (): Promise<void> => {
    for (let i = 0; i < k; i++) await asyncio.sleep(0);
  };
  const main = asyncio.coroutine(async (): Promise<number> => {
    const start = seconds();
    await asyncio.gather(asyncio.createTask(worker()), asyncio.createTask(worker()));
    return seconds() - start;
  });
  const elapsed = await asyncio.run(main(), loopOptions());
  return throughput(2 * k, 0, elapsed);
}

/** `function*` tasks that `yield*` the sleep. */
export async function generators(n: number): Promise<Sample> {
  const k = Math.floor(n / 2);
  function* worker(): Generator<unknown, void, unknown> {
    for (let i = 0; i < k; i++) yield* asyncio.sleep(0);
  }
  function* main(): Generator<unknown, number, unknown> {
    const start = seconds();
    yield* asyncio.gather(asyncio.createTask(worker()), asyncio.createTask(worker()));
    return seconds() - start;
  }
  const elapsed = await asyncio.run(main(), loopOptions());
  return throughput(2 * k, 0, elapsed);
}
