// wait, waitFor and asCompleted (src/wait.ts).
import { describe, expect, it } from "vitest";
import * as asyncio from "../src/index.js";
import { describeError, recorder, rejectionOf, virtualRun } from "./helpers.js";

/** Task names of a set, sorted, for comparing sets in one line. */
function names<T>(set: Set<asyncio.Future<T>>): string[] {
  return [...set].map((f) => (f instanceof asyncio.Task ? f.getName() : String(f))).sort();
}

/** A task named `name` that sleeps `delay` seconds, then returns `name` (or throws when `fail`). */
function sleeper(name: string, delay: number, fail = false): asyncio.Task<string> {
  return asyncio.createTask(
    (function* (): Generator<unknown, string, unknown> {
      yield* asyncio.sleep(delay);
      if (fail) throw new asyncio.ValueError(name);
      return name;
    })(),
    { name },
  );
}

describe("wait", () => {
  it("waits for all by default and resolves to [done, pending] sets", async () => {
    const { result, time } = await virtualRun(async () => {
      const [done, pending] = await asyncio.wait([sleeper("a", 1), sleeper("b", 2)]);
      return [done instanceof Set, pending instanceof Set, names(done), names(pending)];
    });
    expect(result).toEqual([true, true, ["a", "b"], []]);
    expect(time).toBe(2);
  });

  it("returns at the timeout with what is still pending, and cancels nothing", async () => {
    const { result, time } = await virtualRun(async () => {
      const slow = sleeper("slow", 5);
      const [done, pending] = await asyncio.wait([sleeper("fast", 1), slow], { timeout: 2 });
      const at = asyncio.getRunningLoop().time();
      const cancelled = slow.cancelled();
      await slow;
      return [names(done), names(pending), at, cancelled];
    });
    expect(result).toEqual([["fast"], ["slow"], 2, false]);
    expect(time).toBe(5);
  });

  it("returns when the first one completes with FIRST_COMPLETED", async () => {
    const { result } = await virtualRun(async () => {
      const tasks = [sleeper("a", 3), sleeper("b", 1), sleeper("c", 1)];
      const [done, pending] = await asyncio.wait(tasks, { returnWhen: asyncio.FIRST_COMPLETED });
      const at = asyncio.getRunningLoop().time();
      for (const t of pending) t.cancel();
      return [names(done), names(pending), at];
    });
    expect(result).toEqual([["b", "c"], ["a"], 1]);
  });

  it("returns at the first error with FIRST_EXCEPTION, or when all are done", async () => {
    const { result } = await virtualRun(async () => {
      const loop = asyncio.getRunningLoop();
      const [done1, pending1] = await asyncio.wait([sleeper("ok", 1), sleeper("bad", 2, true), sleeper("late", 4)], {
        returnWhen: asyncio.FIRST_EXCEPTION,
      });
      const first = [names(done1), names(pending1), loop.time()];
      for (const t of done1) if (t instanceof asyncio.Task && t.getName() === "bad") t.exception();
      for (const t of pending1) t.cancel();
      const [done2, pending2] = await asyncio.wait([sleeper("x", 1), sleeper("y", 2)], {
        returnWhen: asyncio.FIRST_EXCEPTION,
      });
      return [first, [names(done2), names(pending2), loop.time()]];
    });
    expect(result).toEqual([
      [["bad", "ok"], ["late"], 2],
      [["x", "y"], [], 4],
    ]);
  });

  it("works with yield* in a generator", async () => {
    const { result } = await virtualRun(function* () {
      const [done, pending] = yield* asyncio.wait([sleeper("a", 1)], { timeout: 5 });
      return [names(done), names(pending), asyncio.getRunningLoop().time()];
    });
    expect(result).toEqual([["a"], [], 1]);
  });

  it("raises ValueError for an empty collection, and the task goes on", async () => {
    const { result, time } = await virtualRun(async () => {
      const error = describeError(await rejectionOf(asyncio.wait([])));
      await asyncio.sleep(1);
      return error;
    });
    expect(result).toBe("ValueError: Set of Tasks/Futures is empty.");
    expect(time).toBe(1);
  });

  it("refuses coroutines, a bare future and things that are not awaitable with TypeError", async () => {
    const { result } = await virtualRun(async () => {
      const loop = asyncio.getRunningLoop();
      const coro = (function* () {})();
      const lazy = asyncio.coroutine(async function lazy() {});
      const errors = [
        await rejectionOf(asyncio.wait([coro])),
        await rejectionOf(asyncio.wait(loop.createFuture() as unknown as asyncio.Future<unknown>[])),
        await rejectionOf(asyncio.wait(42 as unknown as asyncio.Future<unknown>[])),
        await rejectionOf(asyncio.wait([42 as unknown as asyncio.Future<unknown>])),
      ];
      const lazyCoro = lazy();
      errors.push(await rejectionOf(asyncio.wait([lazyCoro])));
      await lazyCoro;
      return errors.map((e) => [e instanceof TypeError, describeError(e)]);
    });
    expect(result.map(([isTypeError]) => isTypeError)).toEqual([true, true, true, true, true]);
    expect(result[0][1]).toMatch(/^TypeError: Passing coroutines is forbidden, use tasks explicitly/);
    expect(result[3][1]).toContain("42");
  });

  it("refuses a future of another loop with ValueError", async () => {
    const other = asyncio.newEventLoop({ clock: new asyncio.VirtualClock() });
    const foreign = other.createFuture();
    const { result } = await virtualRun(async () => {
      const error = await rejectionOf(asyncio.wait([foreign]));
      await asyncio.sleep(1);
      return [error instanceof asyncio.ValueError, asyncio.getRunningLoop().time()];
    });
    expect(result).toEqual([true, 1]);
    other.close();
  });

  it("refuses an unknown returnWhen with ValueError and a NaN timeout", async () => {
    const { result } = await virtualRun(async () => {
      const task = sleeper("a", 1);
      const errors = [
        await rejectionOf(asyncio.wait([task], { returnWhen: "SOMETIMES" as asyncio.ReturnWhen })),
        await rejectionOf(asyncio.wait([task], { timeout: NaN })),
      ];
      await task;
      return errors.map(describeError);
    });
    expect(result[0]).toBe("ValueError: Invalid return_when value: SOMETIMES");
    expect(result[1]).toMatch(/^ValueError: /);
  });
});

describe("waitFor", () => {
  it("returns the result when it comes in time", async () => {
    const { result, time } = await virtualRun(async () => await asyncio.waitFor(asyncio.sleep(1, "in time"), 2));
    expect(result).toBe("in time");
    expect(time).toBe(1);
  });

  it("cancels the awaitable and raises TimeoutError when time is up", async () => {
    const { result } = await virtualRun(async () => {
      const { events, log } = recorder();
      const task = asyncio.createTask(
        (async () => {
          try {
            await asyncio.sleep(10);
          } catch (error) {
            log(`inner ${describeError(error)}`);
            throw error;
          }
        })(),
      );
      const error = await rejectionOf(asyncio.waitFor(task, 2));
      log(`waitFor raised ${describeError(error)}, task cancelled ${task.cancelled()}`);
      return events;
    });
    expect(result).toEqual(["2 inner CancelledError: ", "2 waitFor raised TimeoutError: , task cancelled true"]);
  });

  it("waits as long as needed with a null timeout", async () => {
    const { result, time } = await virtualRun(async () => await asyncio.waitFor(asyncio.sleep(100, "late"), null));
    expect(result).toBe("late");
    expect(time).toBe(100);
  });

  it("with a timeout of 0 returns a result that is already there, and times out otherwise", async () => {
    const { result } = await virtualRun(async () => {
      const done = asyncio.getRunningLoop().createFuture<string>();
      done.setResult("ready");
      return [await asyncio.waitFor(done, 0), describeError(await rejectionOf(asyncio.waitFor(asyncio.sleep(1), 0)))];
    });
    expect(result).toEqual(["ready", "TimeoutError: "]);
  });

  it("passes on the awaitable's error", async () => {
    const { result } = await virtualRun(async () => {
      const failing = (async () => {
        await asyncio.sleep(1);
        throw new asyncio.ValueError("inner failed");
      })();
      return describeError(await rejectionOf(asyncio.waitFor(failing, 5)));
    });
    expect(result).toBe("ValueError: inner failed");
  });

  it("cancels the inner task when the task running waitFor is cancelled", async () => {
    const { result } = await virtualRun(async () => {
      const inner = sleeper("inner", 10);
      const outer = asyncio.createTask(asyncio.waitFor(inner, 5));
      await asyncio.sleep(1);
      outer.cancel();
      const error = await rejectionOf(outer);
      return [describeError(error), inner.cancelled(), outer.cancelled(), asyncio.getRunningLoop().time()];
    });
    expect(result).toEqual(["CancelledError: ", true, true, 1]);
  });
});

describe("asCompleted", () => {
  it("iterated plainly, gives awaitables resolving to the results in finishing order", async () => {
    const { result } = await virtualRun(async () => {
      const { events, log } = recorder();
      for (const next of asyncio.asCompleted([sleeper("c", 3), sleeper("a", 1), sleeper("b", 2)])) {
        log(await next);
      }
      return events;
    });
    expect(result).toEqual(["1 a", "2 b", "3 c"]);
  });

  it("iterated with for await, gives the original tasks in finishing order", async () => {
    const { result } = await virtualRun(async () => {
      const { events, log } = recorder();
      const tasks = [sleeper("c", 3), sleeper("a", 1), sleeper("b", 2)];
      for await (const item of asyncio.asCompleted(tasks)) {
        // TypeScript types a `for await` element as Awaited<...> even for an
        // async iterator, so a thenable Future reads as its result type.
        const task = item as unknown as asyncio.Task<string>;
        log(`${task.getName()} ${tasks.includes(task)} ${task.result()}`);
      }
      return events;
    });
    expect(result).toEqual(["1 a true a", "2 b true b", "3 c true c"]);
  });

  it("raises TimeoutError for what is not done when time is up", async () => {
    const { result } = await virtualRun(async () => {
      const { events, log } = recorder();
      const slow = sleeper("slow", 10);
      for (const next of asyncio.asCompleted([slow, sleeper("fast", 1)], { timeout: 2 })) {
        try {
          log(`got ${await next}`);
        } catch (error) {
          log(describeError(error));
        }
      }
      slow.cancel();
      return events;
    });
    expect(result).toEqual(["1 got fast", "2 TimeoutError: "]);
  });

  it("raises a child's error in its turn", async () => {
    const { result } = await virtualRun(async () => {
      const { events, log } = recorder();
      for (const next of asyncio.asCompleted([sleeper("ok", 2), sleeper("bad", 1, true)])) {
        try {
          log(`got ${await next}`);
        } catch (error) {
          log(describeError(error));
        }
      }
      return events;
    });
    expect(result).toEqual(["1 ValueError: bad", "2 got ok"]);
  });

  it("yields nothing for an empty collection", async () => {
    const { result } = await virtualRun(async () => [...asyncio.asCompleted([])].length);
    expect(result).toBe(0);
  });

  it("refuses something that is not iterable, or holds something that is not awaitable, with TypeError", async () => {
    await virtualRun(async () => {
      expect(() => asyncio.asCompleted(42 as unknown as asyncio.Future<unknown>[])).toThrow(TypeError);
      expect(() => asyncio.asCompleted([42 as unknown as asyncio.Future<unknown>])).toThrow(TypeError);
      await asyncio.sleep(1);
    });
  });
});
