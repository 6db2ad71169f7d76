/**
 * Cancellation at awkward moments: the cases a generated program rarely
 * lands on by chance, each checked against what CPython does. A cancelled
 * task sees exactly one CancelledError where it is suspended, its `finally`
 * runs once, and nothing it held is left behind.
 */
import { describe, expect, it } from "vitest";
import * as asyncio from "asyncio-ts";
import { EMPTY_LOOP, captureHandler, describeThrown, loopContents, virtualLoop, failOnUnhandledRejections } from "./support.js";

failOnUnhandledRejections();

/** Runs `main` on a fresh virtual-time loop and returns the trace it wrote; checks the loop is left empty and quiet. */
async function traceOf(main: (log: (what: string) => void) => Promise<void>): Promise<string[]> {
  const loop = virtualLoop();
  const contexts = captureHandler(loop);
  const trace: string[] = [];
  const log = (what: string): void => {
    trace.push(`${loop.time()} ${what}`);
  };
  try {
    await loop.runUntilComplete(asyncio.coroutine(() => main(log))());
    expect(loopContents(loop)).toEqual(EMPTY_LOOP);
  } finally {
    loop.close();
  }
  expect(contexts.map((c) => c.message)).toEqual([]);
  return trace;
}

describe("cancellation at awkward moments", () => {
  it("wins over a result that arrived in the same pass (CPython's _must_cancel)", async () => {
    const trace = await traceOf(async (log) => {
      const loop = asyncio.getRunningLoop();
      const fut = loop.createFuture<string>();
      const task = asyncio.createTask(
        (function* () {
          try {
            const value = yield* fut;
            log(`got ${value}`);
          } catch (error) {
            log(`caught ${describeThrown(error)}`);
            throw error;
          }
        })(),
      );
      await asyncio.sleep(1);
      loop.callSoon(() => {
        fut.setResult("value");
        log(`cancel -> ${task.cancel("late")}`);
      });
      await asyncio.gather(task, { returnExceptions: true });
      log(`cancelled=${task.cancelled()}`);
    });
    expect(trace).toEqual(["1 cancel -> true", "1 caught CancelledError: late", "1 cancelled=true"]);
  });

  it("reaches an eagerly started async function before its task's first step, at its first await", async () => {
    const trace = await traceOf(async (log) => {
      async function child(): Promise<void> {
        log("child started");
        try {
          await asyncio.sleep(5);
          log("child slept");
        } finally {
          log("child finally");
        }
      }
      const task = asyncio.createTask(child());
      log(`cancel -> ${task.cancel()}`);
      await asyncio.gather(task, { returnExceptions: true });
      log(`cancelled=${task.cancelled()}`);
    });
    expect(trace).toEqual(["0 child started", "0 cancel -> true", "0 child finally", "0 cancelled=true"]);
  });

  it("of a lazy task before it starts means its body never runs", async () => {
    let started = 0;
    const trace = await traceOf(async (log) => {
      const body = asyncio.coroutine(async function body(): Promise<void> {
        started++;
        await asyncio.sleep(1);
      });
      const task = asyncio.createTask(body());
      task.cancel();
      await asyncio.gather(task, { returnExceptions: true });
      log(`cancelled=${task.cancelled()}`);
    });
    expect(trace).toEqual(["0 cancelled=true"]);
    expect(started).toBe(0);
  });

  it("requested again from the task's own finally does not run the finally twice", async () => {
    const trace = await traceOf(async (log) => {
      const box: { task: asyncio.Task<void> | null } = { task: null };
      const task = asyncio.createTask(
        (function* () {
          try {
            yield* asyncio.sleep(10);
          } finally {
            log(`finally, cancel again -> ${box.task?.cancel()}`);
            yield* asyncio.sleep(1);
            log("finally done");
          }
        })(),
      );
      box.task = task;
      await asyncio.sleep(1);
      task.cancel();
      await asyncio.gather(task, { returnExceptions: true });
      log(`cancelled=${task.cancelled()}`);
    });
    // The second request lands on the finally's own sleep, as in CPython.
    expect(trace).toEqual(["1 finally, cancel again -> true", "1 cancelled=true"]);
  });

  it("from a done callback of another task, in the pass that task ends", async () => {
    const trace = await traceOf(async (log) => {
      const victim = asyncio.createTask(
        (function* () {
          try {
            yield* asyncio.sleep(10);
          } finally {
            log("victim finally");
          }
        })(),
      );
      const trigger = asyncio.createTask(asyncio.coroutine(async () => asyncio.sleep(2))());
      trigger.addDoneCallback(() => log(`cancel victim -> ${victim.cancel()}`));
      await asyncio.gather(victim, trigger, { returnExceptions: true });
    });
    expect(trace).toEqual(["2 cancel victim -> true", "2 victim finally"]);
  });
});

describe("a task that awaited a foreign promise through wrapPromise", () => {
  // README: a raw foreign promise detaches the task from the loop for the
  // rest of its life (the loop cannot tell whose code resumes after it), so
  // foreign promises are to be awaited through wrapPromise. Then the task's
  // next await of a library awaitable is a point where cancel() and timeouts
  // land, as they must.
  it("receives a later cancellation at its next library await", async () => {
    const trace = await traceOf(async (log) => {
      const worker = asyncio.createTask(
        asyncio.coroutine(async () => {
          await asyncio.wrapPromise(new Promise<void>((resolve) => setImmediate(resolve)));
          try {
            await asyncio.sleep(100);
            log("worker slept 100 s");
          } catch (error) {
            log(`worker caught ${describeThrown(error)}`);
            throw error;
          }
        })(),
      );
      await asyncio.wrapPromise(new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve))));
      await asyncio.sleep(1);
      log(`cancel -> ${worker.cancel()}`);
      await asyncio.gather(worker, { returnExceptions: true });
      log(`cancelled=${worker.cancelled()}`);
    });
    expect(trace).toEqual(["1 cancel -> true", "1 worker caught CancelledError", "1 cancelled=true"]);
  });

  it("still times out inside asyncio.timeout and waitFor", async () => {
    const trace = await traceOf(async (log) => {
      const worker = asyncio.createTask(
        asyncio.coroutine(async () => {
          await asyncio.wrapPromise(new Promise<void>((resolve) => setImmediate(resolve)));
          try {
            await asyncio.asyncWith(asyncio.timeout(1), async () => {
              await asyncio.sleep(100);
            });
            log("timeout block ran to the end");
          } catch (error) {
            log(`timeout: ${describeThrown(error)}`);
          }
          try {
            await asyncio.waitFor(asyncio.sleep(100), 1);
            log("waitFor ran to the end");
          } catch (error) {
            log(`waitFor: ${describeThrown(error)}`);
          }
        })(),
      );
      await worker;
    });
    expect(trace).toEqual(["1 timeout: TimeoutError", "2 waitFor: TimeoutError"]);
  });
});
