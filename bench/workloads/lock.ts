/**
 * W6 on asyncio-ts: 100 tasks contending for one `Lock`, each holding it
 * across a `sleep(0)`; `n` acquisitions in all.
 */

import * as asyncio from "asyncio-ts";
import { type Sample, check, seconds, throughput } from "../harness/measure.js";
import { loopOptions } from "./common.js";

const WORKERS = 100;

/** `async function` workers. */
export async function asyncFunctions(n: number): Promise<Sample> {
  const k = Math.floor(n / WORKERS);
  const main = asyncio.coroutine(async (): Promise<number> => {
    const lock = new asyncio.Lock();
    let acquired = 0;
    const worker = async (): Promise<void> => {
      for (let i = 0; i < k; i++) {
        await lock.acquire();
        try {
          await asyncio.sleep(0);
          acquired++;
        } finally {
          lock.release();
        }
      }
    };
    const start = seconds();
    const tasks: Array<asyncio.Task<void>> = [];
    for (let w = 0; w < WORKERS; w++) tasks.push(asyncio.createTask(worker()));
    await asyncio.gather(tasks);
    const elapsed = seconds() - start;
    check(acquired === k * WORKERS, `acquired ${acquired}`);
    return elapsed;
  });
  const elapsed = await asyncio.run(main(), loopOptions());
  return throughput(k * WORKERS, 0, elapsed);
}

/** `function*` workers. */
export async function generators(n: number): Promise<Sample> {
  const k = Math.floor(n / WORKERS);
  function* main(): Generator<unknown, number, unknown> {
    const lock = new asyncio.Lock();
    let acquired = 0;
    function* worker(): Generator<unknown, void, unknown> {
      for (let i = 0; i < k; i++) {
        yield* lock.acquire();
        try {
          yield* asyncio.sleep(0);
          acquired++;
        } finally {
          lock.release();
        }
      }
    }
    const start = seconds();
    const tasks: Array<asyncio.Task<void>> = [];
    for (let w = 0; w < WORKERS; w++) tasks.push(asyncio.createTask(worker()));
    yield* asyncio.gather(tasks);
    const elapsed = seconds() - start;
    check(acquired === k * WORKERS, `acquired ${acquired}`);
    return elapsed;
  }
  const elapsed = await asyncio.run(main(), loopOptions());
  return throughput(k * WORKERS, 0, elapsed);
}
