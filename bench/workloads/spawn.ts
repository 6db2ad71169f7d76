/**
 * W3 on asyncio-ts: spawn `n` tasks that each `sleep(0)` once and return
 * their index, then gather them all (one array argument: spreading a
 * million arguments would overflow the stack).
 */

import * as asyncio from "asyncio-ts";
import { type Sample, check, seconds, throughput } from "../harness/measure.js";
import { loopOptions } from "./common.js";

/** `async function` children. */
export async function asyncFunctions(n: number): Promise<Sample> {
  const child = async (i: number): Promise<number> => {
    await asyncio.sleep(0);
    return i;
  };
  const main = asyncio.coroutine(async (): Promise<number> => {
    const start = seconds();
    const tasks: Array<asyncio.Task<number>> = new Array<asyncio.Task<number>>(n);
    for (let i = 0; i < n; i++) tasks[i] = asyncio.createTask(child(i));
    const results = await asyncio.gather(tasks);
    const elapsed = seconds() - start;
    check(results.length === n && results[n - 1] === n - 1, "wrong gather results");
    return elapsed;
  });
  const elapsed = await asyncio.run(main(), loopOptions());
  return throughput(n, 0, elapsed);
}

/** `function*` children and a `function*` main. */
export async function generators(n: number): Promise<Sample> {
  function* child(i: number): Generator<unknown, number, unknown> {
    yield* asyncio.sleep(0);
    return i;
  }
  function* main(): Generator<unknown, number, unknown> {
    const start = seconds();
    const tasks: Array<asyncio.Task<number>> = new Array<asyncio.Task<number>>(n);
    for (let i = 0; i < n; i++) tasks[i] = asyncio.createTask(child(i));
    const results = yield* asyncio.gather(tasks);
    const elapsed = seconds() - start;
    check(results.length === n && results[n - 1] === n - 1, "wrong gather results");
    return elapsed;
  }
  const elapsed = await asyncio.run(main(), loopOptions());
  return throughput(n, 0, elapsed);
}
