/**
 * Deep and wide: very long chains of awaits, and very many tasks at once,
 * run without overflowing the stack or slowing down more than linearly; where
 * JavaScript itself sets the limit, the program gets a plain error it can
 * catch, as its task's exception, and the loop goes on.
 *
 * JavaScript's limits, for the reader: the engine resumes a chain of `yield*`
 * delegations through every level of it, and starts a chain of eagerly called
 * `async function`s inside one another, so both overflow the native stack at
 * a few thousand levels. A chain of awaited lazy coroutines does not: each
 * level starts one promise job after the previous one.
 *
 * The normal suite runs 100k-deep chains and 100k tasks at once; the soak
 * suite (`npm run soak`) runs a million tasks and checks the growth is linear.
 */
import { describe, expect, it } from "vitest";
import * as asyncio from "asyncio-ts";
import { EMPTY_LOOP, captureHandler, describeThrown, erased, loopContents, virtualLoop, failOnUnhandledRejections } from "./support.js";

const DEEP = 100_000;
const WIDE = 100_000;
/** Deep enough to overflow the stack through any recursion in the library. */
const OVERFLOW = 100_000;

failOnUnhandledRejections();

/** Runs `main` on a fresh virtual-time loop; returns its result, the loop time, and what the loop held at the end. */
async function runDeep<T>(main: () => Promise<T>): Promise<{ value: T; time: number; reports: string[]; leftover: ReturnType<typeof loopContents> }> {
  const loop = virtualLoop();
  const contexts = captureHandler(loop);
  try {
    const value = await loop.runUntilComplete(asyncio.coroutine(main)());
    return { value, time: loop.time(), reports: contexts.map((c) => c.message), leftover: loopContents(loop) };
  } finally {
    loop.close();
  }
}

/** Proves a loop is still usable: a fresh run on virtual time sleeps and returns. */
async function loopStillWorks(): Promise<number> {
  return asyncio.run(async () => asyncio.sleep(1, 42), { clock: new asyncio.VirtualClock() });
}

describe("deep chains", () => {
  it("awaits a 100k-deep chain of lazy async coroutines", async () => {
    // The body is named apart from the wrapper on purpose: inside a named
    // function expression the name means the function itself, so
    // `level(n - 1)` there would call the eager body, not the lazy wrapper.
    const level: (n: number) => asyncio.LazyCoroutine<number> = asyncio.coroutine(async function levelBody(n: number): Promise<number> {
      if (n === 0) return await asyncio.sleep(1, 0);
      return (await level(n - 1)) + 1;
    });
    const run = await runDeep(async () => await level(DEEP));
    expect(run).toMatchObject({ value: DEEP, time: 1, reports: [], leftover: EMPTY_LOOP });
  });

  it("runs a 100k-deep chain of lazy async coroutines as a task, and cancels it from the top", async () => {
    const level: (n: number) => asyncio.LazyCoroutine<number> = asyncio.coroutine(async function levelBody(n: number): Promise<number> {
      if (n === 0) return await asyncio.sleep(10, 0);
      return (await level(n - 1)) + 1;
    });
    const run = await runDeep(async () => {
      const task = asyncio.createTask(level(DEEP));
      await asyncio.sleep(1);
      task.cancel();
      const outcome = await asyncio.gather(task, { returnExceptions: true });
      return describeThrown(outcome[0]);
    });
    expect(run).toMatchObject({ value: "CancelledError", time: 1, reports: [], leftover: EMPTY_LOOP });
  });

  it("runs a 100k-deep chain of yield* of lazy generator coroutines", async () => {
    // The engine resumes a yield* chain through every level; the library's
    // own awaitables (lazy coroutines) could hand each level to the task
    // instead, so that this chain is as deep as the await chain above.
    const level: (n: number) => asyncio.LazyCoroutine<number> = asyncio.coroutine(function* levelBody(n: number): Generator<unknown, number, unknown> {
      if (n === 0) return yield* asyncio.sleep(1, 0);
      return (yield* level(n - 1)) + 1;
    });
    const run = await runDeep(async () => {
      const task = asyncio.createTask(level(DEEP));
      const [outcome] = await asyncio.gather(task, { returnExceptions: true });
      return typeof outcome === "number" ? outcome : describeThrown(outcome);
    });
    expect(run.value).toBe(DEEP);
  });

  it("runs a 100k-deep chain of tasks awaiting tasks, in both spellings", async () => {
    function* generatorLevel(n: number): Generator<unknown, number, unknown> {
      if (n === 0) return yield* asyncio.sleep(1, 0);
      return (yield* asyncio.createTask(generatorLevel(n - 1))) + 1;
    }
    const lazyLevel: (n: number) => asyncio.LazyCoroutine<number> = asyncio.coroutine(async function lazyLevelBody(n: number): Promise<number> {
      if (n === 0) return await asyncio.sleep(1, 0);
      return (await asyncio.createTask(lazyLevel(n - 1))) + 1;
    });
    const run = await runDeep(async () => [await asyncio.createTask(generatorLevel(DEEP)), await asyncio.createTask(lazyLevel(DEEP))]);
    expect(run).toMatchObject({ value: [DEEP, DEEP], time: 2, reports: [], leftover: EMPTY_LOOP });
  });

  it("completes a 100k-long chain of futures completed by each other's done callbacks", async () => {
    const run = await runDeep(async () => {
      const loop = asyncio.getRunningLoop();
      const futures = Array.from({ length: DEEP }, () => loop.createFuture<number>());
      for (let i = 0; i + 1 < DEEP; i++) futures[i].addDoneCallback((f) => futures[i + 1].setResult(f.result() + 1));
      loop.callLater(1, () => futures[0].setResult(1));
      return await futures[DEEP - 1];
    });
    expect(run).toMatchObject({ value: DEEP, time: 1, reports: [], leftover: EMPTY_LOOP });
  });

  it("resolves a 100k-deep nest of gathers and of shields", async () => {
    const run = await runDeep(async () => {
      const leaf = (): asyncio.Task<number> => asyncio.createTask(asyncio.coroutine(async () => asyncio.sleep(1, 7))());
      let gathered = erased(leaf());
      for (let i = 0; i < DEEP; i++) gathered = erased(asyncio.gather(gathered));
      let shielded: asyncio.Future<number> = leaf();
      for (let i = 0; i < DEEP; i++) shielded = asyncio.shield(shielded);
      let value = await gathered;
      let depth = 0;
      while (Array.isArray(value)) {
        value = value[0] as unknown;
        depth++;
      }
      return [depth, value, await shielded];
    });
    expect(run).toMatchObject({ value: [DEEP, 7, 7], time: 1, reports: [], leftover: EMPTY_LOOP });
  });

  it("cancels a 100k-deep chain of tasks from the top: every task in it is cancelled", async () => {
    // Task.cancel() cancels what the task waits on, which cancels what that
    // waits on, ...: done recursively, this overflows the stack part-way and
    // leaves the tasks below the overflow running.
    function* level(n: number): Generator<unknown, number, unknown> {
      if (n === 0) return yield* asyncio.sleep(10, 0);
      return (yield* asyncio.createTask(level(n - 1))) + 1;
    }
    const run = await runDeep(async () => {
      const top = asyncio.createTask(level(OVERFLOW));
      await asyncio.sleep(1);
      let threw = "cancel() returned";
      try {
        top.cancel();
      } catch (error) {
        threw = `cancel() threw ${describeThrown(error)}`;
      }
      const [outcome] = await asyncio.gather(top, { returnExceptions: true });
      return [threw, typeof outcome === "number" ? `result ${outcome}` : describeThrown(outcome)];
    });
    expect(run.value).toEqual(["cancel() returned", "CancelledError"]);
    expect(run.time).toBe(1);
  });

  it("cancels a 100k-deep nest of gathers from the top", async () => {
    const run = await runDeep(async () => {
      const leaf = asyncio.createTask(asyncio.coroutine(async () => asyncio.sleep(10, 7))());
      let gathered = erased(leaf);
      for (let i = 0; i < OVERFLOW; i++) gathered = erased(asyncio.gather(gathered));
      await asyncio.sleep(1);
      let threw = "cancel() returned";
      try {
        gathered.cancel();
      } catch (error) {
        threw = `cancel() threw ${describeThrown(error)}`;
      }
      const [outcome] = await asyncio.gather(gathered, { returnExceptions: true });
      // A result here is a 100k-deep nest of arrays: do not print it.
      return [threw, outcome instanceof Error ? describeThrown(outcome) : "a result", leaf.cancelled()];
    });
    expect(run.value).toEqual(["cancel() returned", "CancelledError", true]);
  });

  it("describes a task at the top of a 100k-deep chain without overflowing", async () => {
    // toString() shows what the task waits for, and that task's toString()
    // shows what it waits for, ...: the default exception handler calls it
    // for every pending task at close, so the report of a deep chain must
    // stay short.
    function* level(n: number): Generator<unknown, number, unknown> {
      if (n === 0) return yield* asyncio.sleep(10, 0);
      return (yield* asyncio.createTask(level(n - 1))) + 1;
    }
    const run = await runDeep(async () => {
      const top = asyncio.createTask(level(OVERFLOW), { name: "top" });
      await asyncio.sleep(1);
      let text: string;
      try {
        text = top.toString();
      } catch (error) {
        text = `toString() threw ${describeThrown(error)}`;
      }
      // Unwind the chain through the bottom task, so that no deep cancel is needed.
      return text.slice(0, 40);
    });
    expect(run.value).toMatch(/^<Task pending name='top'/);
  });

  it("fails a 100k-deep chain of yield* of plain generators with a RangeError the program can catch, and the loop goes on", async () => {
    function* level(n: number): Generator<unknown, number, unknown> {
      if (n === 0) return yield* asyncio.sleep(1, 0);
      return (yield* level(n - 1)) + 1;
    }
    const run = await runDeep(async () => {
      const [outcome] = (await asyncio.gather(asyncio.createTask(level(OVERFLOW)), { returnExceptions: true })) as unknown[];
      const after = await asyncio.sleep(1, "still running");
      return [describeThrown(outcome), outcome instanceof RangeError, after];
    });
    expect(run.value).toEqual(["RangeError: Maximum call stack size exceeded", true, "still running"]);
    expect(run).toMatchObject({ reports: [], leftover: EMPTY_LOOP });
    expect(await loopStillWorks()).toBe(42);
  });

  it("fails a 100k-deep native async recursion with a RangeError as the task's exception, and the loop goes on", async () => {
    async function level(n: number): Promise<number> {
      if (n === 0) return await asyncio.sleep(1, 0);
      return (await level(n - 1)) + 1;
    }
    const run = await runDeep(async () => {
      const [outcome] = await asyncio.gather(asyncio.createTask(asyncio.coroutine(() => level(OVERFLOW))()), { returnExceptions: true });
      return [describeThrown(outcome), await asyncio.sleep(1, "still running")];
    });
    expect(run.value).toEqual(["RangeError: Maximum call stack size exceeded", "still running"]);
    expect(run).toMatchObject({ reports: [], leftover: EMPTY_LOOP });
    expect(await loopStillWorks()).toBe(42);
  });
});

describe("wide", () => {
  it("runs 100k concurrent tasks of all three shapes, sleeping on 10 distinct deadlines", async () => {
    function* generatorTask(i: number): Generator<unknown, number, unknown> {
      yield* asyncio.sleep(i % 10);
      return i;
    }
    async function eagerTask(i: number): Promise<number> {
      await asyncio.sleep(i % 10);
      return i;
    }
    const lazyTask = asyncio.coroutine(eagerTask);
    const run = await runDeep(async () => {
      const tasks: asyncio.Task<number>[] = new Array<asyncio.Task<number>>(WIDE);
      for (let i = 0; i < WIDE; i++) {
        const shape = i % 3;
        tasks[i] = asyncio.createTask(shape === 0 ? generatorTask(i) : shape === 1 ? lazyTask(i) : eagerTask(i));
      }
      const results: unknown[] = await asyncio.gather(tasks);
      let inOrder = true;
      for (let i = 0; i < WIDE; i++) if (results[i] !== i) inOrder = false;
      return [results.length, inOrder, asyncio.allTasks().size];
    });
    expect(run).toMatchObject({ value: [WIDE, true, 1], time: 9, reports: [], leftover: EMPTY_LOOP });
  }, 60_000);

  it("cancels 100k waiting tasks at once through one gather, and each sees its CancelledError", async () => {
    let caught = 0;
    function* waiter(): Generator<unknown, void, unknown> {
      try {
        yield* asyncio.sleep(100);
      } catch (error) {
        if (error instanceof asyncio.CancelledError) caught++;
        throw error;
      }
    }
    const run = await runDeep(async () => {
      const tasks = Array.from({ length: WIDE }, () => asyncio.createTask(waiter()));
      const all = asyncio.gather(tasks);
      await asyncio.sleep(1);
      all.cancel();
      const outcomes = await asyncio.gather(tasks, { returnExceptions: true });
      return [outcomes.filter((o) => o instanceof asyncio.CancelledError).length, tasks.every((t) => t.cancelled())];
    });
    expect(run).toMatchObject({ value: [WIDE, true], time: 1, reports: [], leftover: EMPTY_LOOP });
    expect(caught).toBe(WIDE);
  }, 60_000);

  it("keeps the timer heap small while 200k timers are armed and cancelled", async () => {
    const loop = virtualLoop();
    let largest = 0;
    let fired = 0;
    await loop.runUntilComplete(
      asyncio.coroutine(async () => {
        for (let round = 0; round < 200; round++) {
          const timers = Array.from({ length: 1000 }, (_, i) => loop.callLater(1000 + i, () => fired++));
          for (const timer of timers) timer.cancel();
          largest = Math.max(largest, loopContents(loop).timers);
          await asyncio.sleep(0);
        }
        await asyncio.sleep(5000);
      })(),
    );
    const leftover = loopContents(loop);
    loop.close();
    expect(fired).toBe(0);
    expect(largest).toBeLessThanOrEqual(2000);
    expect(leftover).toEqual(EMPTY_LOOP);
  }, 60_000);

  it("runs 100k timers due at the same instant in the order they were scheduled", async () => {
    const loop = virtualLoop();
    const order: number[] = [];
    for (let i = 0; i < WIDE; i++) loop.callAt(5, () => order.push(i));
    loop.callAt(5, () => loop.stop());
    await loop.runForever();
    loop.close();
    expect(order.length).toBe(WIDE);
    expect(order.every((value, index) => value === index)).toBe(true);
  });
});
