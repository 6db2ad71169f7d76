// Task (src/task.ts): driving the three coroutine shapes, cancellation where
// the coroutine is suspended, names, currentTask, and the reports at close.
import { afterEach, describe, expect, it, vi } from "vitest";
import * as asyncio from "../src/index.js";
import { captureExceptions, describeError, recorder, rejectionOf, thrownBy, virtualLoop, virtualRun } from "./helpers.js";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("driving coroutines", () => {
  it("drives a native async function, a generator and a lazy coroutine to their results", async () => {
    const { result, time } = await virtualRun(async () => {
      const native = asyncio.createTask(
        (async () => {
          await asyncio.sleep(1);
          return "native";
        })(),
      );
      const generator = asyncio.createTask(
        (function* () {
          yield* asyncio.sleep(2);
          return "generator";
        })(),
      );
      const lazy = asyncio.createTask(
        asyncio.coroutine(async function lazy() {
          await asyncio.sleep(3);
          return "lazy";
        })(),
      );
      return [await native, await generator, await lazy];
    });
    expect(result).toEqual(["native", "generator", "lazy"]);
    expect(time).toBe(3);
  });

  it("runs the first step of a generator task on the next iteration", async () => {
    const { result } = await virtualRun(function* () {
      const { events, log } = recorder();
      const loop = asyncio.getRunningLoop();
      const task = asyncio.createTask(
        (function* () {
          log("task's first step");
          yield* asyncio.sleep(0);
          log("task's second step");
        })(),
      );
      loop.callSoon(log, "callSoon after createTask");
      log("created");
      yield* task;
      return events;
    });
    expect(result).toEqual(["0 created", "0 task's first step", "0 callSoon after createTask", "0 task's second step"]);
  });

  it("runs the first step of a lazy coroutine task on the next iteration", async () => {
    const { result } = await virtualRun(async () => {
      const { events, log } = recorder();
      const child = asyncio.coroutine(async function child() {
        log("child starts");
        await asyncio.sleep(0);
        log("child resumes");
      });
      const task = asyncio.createTask(child());
      asyncio.getRunningLoop().callSoon(log, "callSoon after createTask");
      log("created");
      await task;
      return events;
    });
    expect(result).toEqual(["0 created", "0 child starts", "0 callSoon after createTask", "0 child resumes"]);
  });

  it("runs a native async function's first segment at once, inside its creator", async () => {
    const { result } = await virtualRun(async () => {
      const { events, log } = recorder();
      const task = asyncio.createTask(
        (async () => {
          log("child starts");
          await asyncio.sleep(0);
          log("child resumes");
        })(),
      );
      log("created");
      await task;
      return events;
    });
    expect(result).toEqual(["0 child starts", "0 created", "0 child resumes"]);
  });

  it("interleaves two tasks switching with sleep(0) hop for hop", async () => {
    const body = (name: string, log: (s: string) => void) =>
      function* (): Generator<unknown, void, unknown> {
        for (let i = 0; i < 3; i++) {
          log(`${name}${i}`);
          yield* asyncio.sleep(0);
        }
      };
    const { result } = await virtualRun(function* () {
      const { events, log } = recorder();
      const a = asyncio.createTask(body("a", log)());
      const b = asyncio.createTask(body("b", log)());
      yield* a;
      yield* b;
      return events;
    });
    expect(result).toEqual(["0 a0", "0 b0", "0 a1", "0 b1", "0 a2", "0 b2"]);
  });

  it("throws a failed task's error into a generator that yield*s it", async () => {
    const { result } = await virtualRun(function* () {
      const failing = asyncio.createTask(
        (function* () {
          yield* asyncio.sleep(1);
          throw new asyncio.ValueError("inner");
        })(),
      );
      try {
        yield* failing;
      } catch (error) {
        return describeError(error);
      }
      return "no error";
    });
    expect(result).toBe("ValueError: inner");
  });

  it("does not stall when an async function awaits a foreign promise directly (real clock)", async () => {
    const { events, log } = recorder();
    const result = await asyncio.run(async () => {
      const loop = asyncio.getRunningLoop();
      const task = asyncio.createTask(
        (async () => {
          await asyncio.sleep(0);
          await new Promise((resolve) => setTimeout(resolve, 5));
          log("after the foreign promise");
          await asyncio.sleep(0);
          log("after a loop awaitable");
          return "done";
        })(),
      );
      loop.callSoon(() => log("other callback"));
      return await task;
    });
    expect(result).toBe("done");
    expect(events.map((e) => e.split(" ").slice(1).join(" "))).toEqual([
      "other callback",
      "after the foreign promise",
      "after a loop awaitable",
    ]);
  });

  // A task learns that its async function returned by watching the function's
  // promise; the watch is set up only when the task first lets the coroutine
  // run on. These check the first steps that do not park it on a future.
  it("finishes a native task whose first await completes at once, and which then returns", async () => {
    const { result, time } = await virtualRun(async () => {
      const loop = asyncio.getRunningLoop();
      const done = loop.createFuture<string>();
      done.setResult("done future");
      const lock = new asyncio.Lock();
      const queue = new asyncio.Queue<string>();
      queue.putNowait("queued item");
      const tasks = [
        asyncio.createTask((async () => await done)()),
        asyncio.createTask(
          (async () => {
            await lock.acquire();
            return "lock acquired";
          })(),
        ),
        asyncio.createTask((async () => await queue.get())()),
      ];
      return await asyncio.gather(tasks);
    });
    expect(result).toEqual(["done future", "lock acquired", "queued item"]);
    expect(time).toBe(0);
  });

  it("finishes a native task whose coroutine awaits a foreign promise, though a then was read just before it started", async () => {
    const { result } = await virtualRun(async () => {
      const loop = asyncio.getRunningLoop();
      const future = loop.createFuture<number>();
      // A thenable check just before: the task takes it for its coroutine's first await.
      const checked = typeof (future as { then?: unknown }).then === "function";
      const task = asyncio.createTask(
        (async () => {
          await Promise.resolve();
          return "returned";
        })(),
      );
      const value = await task;
      return [checked, value, task.done(), loop.time()];
    });
    expect(result).toEqual([true, "returned", true, 0]);
  });

  it("runs a reaction the program added to the coroutine's promise before the task resumed it ahead of the task's own", async () => {
    const { result } = await virtualRun(async () => {
      const seen: string[] = [];
      const coroutine = (async () => {
        await asyncio.sleep(1);
        return "returned";
      })();
      const task = asyncio.createTask(coroutine);
      void coroutine.then(() => seen.push(`program's reaction: task done ${task.done()}`));
      seen.push(`awaited: ${await task}`);
      return seen;
    });
    expect(result).toEqual(["program's reaction: task done false", "awaited: returned"]);
  });

  it("fails with the error its coroutine throws", async () => {
    const { result } = await virtualRun(async () => {
      const error = new asyncio.ValueError("bad value");
      const native = asyncio.createTask(
        (async () => {
          await asyncio.sleep(1);
          throw error;
        })(),
      );
      const generator = asyncio.createTask(
        (function* () {
          yield* asyncio.sleep(1);
          throw error;
        })(),
      );
      return [(await rejectionOf(native)) === error, (await rejectionOf(generator)) === error, native.exception() === error];
    });
    expect(result).toEqual([true, true, true]);
  });

  it("refuses setResult and setException: only its coroutine completes it", async () => {
    await virtualRun(async () => {
      const task = asyncio.createTask((function* () {})());
      expect(describeError(thrownBy(() => task.setResult(undefined)))).toBe(
        "RuntimeError: Task does not support set_result operation",
      );
      expect(describeError(thrownBy(() => task.setException(new Error())))).toBe(
        "RuntimeError: Task does not support set_exception operation",
      );
      await task;
    });
  });

  it("fails with RuntimeError naming the value when a generator yields something that is not awaitable", async () => {
    const { result } = await virtualRun(async () => {
      const task = asyncio.createTask(
        (function* () {
          yield 42;
        })(),
      );
      return describeError(await rejectionOf(task));
    });
    expect(result).toBe("RuntimeError: Task got bad yield: 42");
  });

  it("fails with RuntimeError when a generator yields a plain promise, and says what to do", async () => {
    const { result } = await virtualRun(async () => {
      const task = asyncio.createTask(
        (function* () {
          yield Promise.resolve(1);
        })(),
      );
      return describeError(await rejectionOf(task));
    });
    expect(result).toMatch(/^RuntimeError: Task got bad yield: .*wrapPromise/);
  });

  it("throws the bad-yield error into the generator, which may catch it and go on", async () => {
    const { result } = await virtualRun(async () => {
      const task = asyncio.createTask(
        (function* () {
          try {
            yield "oops";
          } catch (error) {
            return `caught ${describeError(error)}`;
          }
          return "not caught";
        })(),
      );
      return await task;
    });
    expect(result).toBe("caught RuntimeError: Task got bad yield: 'oops'");
  });
});

describe("names", () => {
  it("are Task-N from a global counter unless given", async () => {
    const { result } = await virtualRun(function* () {
      const a = asyncio.createTask((function* () {})());
      const b = asyncio.createTask((function* () {})());
      const named = asyncio.createTask((function* () {})(), { name: "worker" });
      yield* a;
      yield* b;
      yield* named;
      return [a.getName(), b.getName(), named.getName()];
    });
    const [a, b, named] = result;
    expect(a).toMatch(/^Task-\d+$/);
    expect(Number(b.slice(5))).toBe(Number(a.slice(5)) + 1);
    expect(named).toBe("worker");
  });

  it("can be changed with setName, and show in the task's text", async () => {
    await virtualRun(function* () {
      const task = asyncio.createTask((function* () {})(), { name: "before" });
      task.setName("after");
      expect(task.getName()).toBe("after");
      expect(String(task)).toMatch(/^<Task pending name='after' coro=<generator>/);
      yield* task;
      expect(String(task)).toMatch(/^<Task finished name='after' coro=<generator> result=None/);
    });
  });

  it("getCoro returns the coroutine the task runs", async () => {
    await virtualRun(function* () {
      const coro = (function* () {})();
      const lazy = asyncio.coroutine(async function lazy() {})();
      const t1 = asyncio.createTask(coro);
      const t2 = asyncio.createTask(lazy);
      expect([t1.getCoro() === coro, t2.getCoro() === lazy]).toEqual([true, true]);
      yield* t1;
      yield* t2;
    });
  });
});

describe("cancellation", () => {
  for (const shape of ["async function", "generator"] as const) {
    it(`throws CancelledError(msg) into a suspended ${shape}, whose finally block runs`, async () => {
      const { result } = await virtualRun(async () => {
        const { events, log } = recorder();
        const body =
          shape === "async function"
            ? (async () => {
                try {
                  await asyncio.sleep(10);
                  log("not reached");
                } catch (error) {
                  log(`caught ${describeError(error)}`);
                  throw error;
                } finally {
                  log("finally");
                }
              })()
            : (function* () {
                try {
                  yield* asyncio.sleep(10);
                  log("not reached");
                } catch (error) {
                  log(`caught ${describeError(error)}`);
                  throw error;
                } finally {
                  log("finally");
                }
              })();
        const task = asyncio.createTask(body);
        await asyncio.sleep(1);
        expect(task.cancel("stop now")).toBe(true);
        log(`cancelling ${task.cancelling()}`);
        const error = await rejectionOf(task);
        log(`awaiting it raised ${describeError(error)}`);
        log(`cancelled ${task.cancelled()}`);
        expect(task.cancel()).toBe(false);
        return events;
      });
      expect(result).toEqual([
        "1 cancelling 1",
        "1 caught CancelledError: stop now",
        "1 finally",
        "1 awaiting it raised CancelledError: stop now",
        "1 cancelled true",
      ]);
    });

    it(`lets a ${shape} catch the cancellation and return a value`, async () => {
      const { result } = await virtualRun(async () => {
        const body =
          shape === "async function"
            ? (async () => {
                try {
                  await asyncio.sleep(10);
                } catch {
                  return "swallowed";
                }
                return "slept";
              })()
            : (function* () {
                try {
                  yield* asyncio.sleep(10);
                } catch {
                  return "swallowed";
                }
                return "slept";
              })();
        const task = asyncio.createTask(body);
        await asyncio.sleep(0);
        task.cancel();
        const value = await task;
        return [value, task.cancelled(), task.cancelling(), task.uncancel(), task.uncancel()];
      });
      expect(result).toEqual(["swallowed", false, 1, 0, 0]);
    });

    it(`keeps the first message when a suspended ${shape} is cancelled twice`, async () => {
      const { result } = await virtualRun(async () => {
        const body =
          shape === "async function"
            ? (async () => {
                try {
                  await asyncio.sleep(10);
                } catch (error) {
                  return describeError(error);
                }
                return "slept";
              })()
            : (function* () {
                try {
                  yield* asyncio.sleep(10);
                } catch (error) {
                  return describeError(error);
                }
                return "slept";
              })();
        const task = asyncio.createTask(body);
        await asyncio.sleep(0);
        task.cancel("m1");
        task.cancel("m2");
        return [await task, task.cancelling()];
      });
      expect(result).toEqual(["CancelledError: m1", 2]);
    });
  }

  it("lets a cancelled coroutine await again in its finally block, and passes the cancellation through an awaited generator", async () => {
    const { result } = await virtualRun(async () => {
      const { events, log } = recorder();
      const inner = asyncio.coroutine(function* inner(): Generator<unknown, void, unknown> {
        try {
          yield* asyncio.sleep(10);
        } catch (error) {
          log(`inner ${describeError(error)}`);
          throw error;
        }
      });
      const task = asyncio.createTask(
        (async () => {
          try {
            await inner();
          } finally {
            log("cleanup starts");
            await asyncio.sleep(1);
            log("cleanup done");
          }
        })(),
      );
      await asyncio.sleep(1);
      task.cancel("c");
      log(`task raised ${describeError(await rejectionOf(task))}`);
      return events;
    });
    expect(result).toEqual([
      "1 inner CancelledError: c",
      "1 cleanup starts",
      "2 cleanup done",
      "2 task raised CancelledError: c",
    ]);
  });

  it("cancels the future a native coroutine awaits, so the await throws", async () => {
    const { result } = await virtualRun(async () => {
      const loop = asyncio.getRunningLoop();
      const future = loop.createFuture<string>();
      const task = asyncio.createTask(
        (async () => {
          try {
            return await future;
          } catch (error) {
            return `caught ${describeError(error)}`;
          }
        })(),
      );
      await asyncio.sleep(0);
      task.cancel("bye");
      return [await task, future.cancelled()];
    });
    expect(result).toEqual(["caught CancelledError: bye", true]);
  });

  it("cancels a task that awaits another task: the inner one is cancelled too", async () => {
    const { result } = await virtualRun(async () => {
      const { events, log } = recorder();
      const inner = asyncio.createTask(
        (async () => {
          try {
            await asyncio.sleep(10);
          } finally {
            log("inner finally");
          }
        })(),
      );
      const outer = asyncio.createTask(
        (async () => {
          try {
            await inner;
          } finally {
            log("outer finally");
          }
        })(),
      );
      await asyncio.sleep(1);
      outer.cancel();
      await rejectionOf(outer);
      log(`inner cancelled ${inner.cancelled()}, outer cancelled ${outer.cancelled()}`);
      return events;
    });
    expect(result).toEqual(["1 inner finally", "1 outer finally", "1 inner cancelled true, outer cancelled true"]);
  });

  it("cancels a generator or lazy task before its first step: the body never runs", async () => {
    const { result } = await virtualRun(async () => {
      const { events, log } = recorder();
      const lazyBody = asyncio.coroutine(async function lazyBody() {
        log("lazy body ran");
      });
      const generator = asyncio.createTask(
        (function* () {
          log("generator body ran");
        })(),
      );
      const lazy = asyncio.createTask(lazyBody());
      generator.cancel("early");
      lazy.cancel("early");
      const errors = [await rejectionOf(generator), await rejectionOf(lazy)];
      log(errors.map(describeError).join(", "));
      return events;
    });
    expect(result).toEqual(["0 CancelledError: early, CancelledError: early"]);
  });

  it("cancels a native task before its first step: its first await throws, and it may catch that and return", async () => {
    const { result } = await virtualRun(async () => {
      const { events, log } = recorder();
      const task = asyncio.createTask(
        (async () => {
          log("first part, run at once");
          try {
            await asyncio.sleep(10);
          } catch (error) {
            log(`first await ${describeError(error)}`);
          }
          return "returned after the cancellation";
        })(),
      );
      task.cancel("early");
      log(`task result: ${await task}`);
      return events;
    });
    expect(result).toEqual(["0 first part, run at once", "0 first await CancelledError: early", "0 task result: returned after the cancellation"]);
  });

  it("cancels a task that is about to run (not suspended on a future) at its next step", async () => {
    const { result } = await virtualRun(async () => {
      const { events, log } = recorder();
      const task = asyncio.createTask(
        (function* () {
          log("step 1");
          try {
            yield* asyncio.sleep(0);
            log("not reached");
          } catch (error) {
            log(`step 2 ${describeError(error)}`);
            throw error;
          }
        })(),
      );
      await asyncio.sleep(0);
      // The task yielded with a bare yield: no future to cancel.
      task.cancel("at next step");
      await rejectionOf(task);
      return events;
    });
    expect(result).toEqual(["0 step 1", "0 step 2 CancelledError: at next step"]);
  });

  for (const shape of ["async function", "generator"] as const) {
    it(`lets a running ${shape} cancel itself: it is cancelled at its next await`, async () => {
      const { result } = await virtualRun(async () => {
        const { events, log } = recorder();
        const body = function* (): Generator<unknown, void, unknown> {
          asyncio.currentTask()?.cancel("self");
          log("after the cancel call");
          try {
            yield* asyncio.sleep(1);
          } catch (error) {
            log(`caught ${describeError(error)}`);
            throw error;
          }
        };
        const native = async (): Promise<void> => {
          await asyncio.sleep(0);
          asyncio.currentTask()?.cancel("self");
          log("after the cancel call");
          try {
            await asyncio.sleep(1);
          } catch (error) {
            log(`caught ${describeError(error)}`);
            throw error;
          }
        };
        const task = asyncio.createTask(shape === "generator" ? body() : native());
        log(`awaiting it raised ${describeError(await rejectionOf(task))}`);
        return events;
      });
      expect(result).toEqual([
        "0 after the cancel call",
        "0 caught CancelledError: self",
        "0 awaiting it raised CancelledError: self",
      ]);
    });
  }

  it("uncancel takes back a request, and the task is then not cancelled at its next step", async () => {
    const { result } = await virtualRun(async () => {
      const task = asyncio.createTask(
        (function* () {
          yield* asyncio.sleep(0);
          yield* asyncio.sleep(0);
          return "finished";
        })(),
      );
      await asyncio.sleep(0);
      task.cancel();
      const counts = [task.cancelling(), task.uncancel(), task.cancelling()];
      return [...counts, await task];
    });
    expect(result).toEqual([1, 0, 0, "finished"]);
  });
});

describe("currentTask", () => {
  it("stays the task, and the task keeps its turn, while its coroutine runs through plain promise jobs", async () => {
    const { result } = await virtualRun(async () => {
      const events: string[] = [];
      const me = asyncio.currentTask();
      const other = asyncio.createTask(
        (async () => {
          for (let i = 0; i < 3; i++) {
            events.push(`other ${i}`);
            await asyncio.sleep(0);
          }
        })(),
      );
      await asyncio.sleep(0);
      events.push("main before");
      // Far more jobs than one switch takes: none of them is a loop awaitable.
      for (let i = 0; i < 500; i++) await Promise.resolve();
      events.push(`main after, current task is main: ${asyncio.currentTask() === me}`);
      await asyncio.sleep(0);
      events.push("main again");
      await other;
      return events;
    });
    expect(result).toEqual([
      "other 0",
      "main before",
      "main after, current task is main: true",
      "other 1",
      "main again",
      "other 2",
    ]);
  });

  it("is the task itself inside an async function, after every kind of await", async () => {
    const { result } = await virtualRun(async () => {
      const checks: boolean[] = [];
      // (An async function's first segment runs eagerly, inside its creator,
      // so each body looks at currentTask() after its first await.)
      const child = async (): Promise<boolean> => {
        await asyncio.sleep(0);
        const me = asyncio.currentTask();
        await asyncio.sleep(1);
        const same = asyncio.currentTask() === me && me !== null && me !== task;
        await asyncio.sleep(0);
        return same && asyncio.currentTask() === me;
      };
      let task: asyncio.Task<boolean[]> | null = null;
      const body = async (): Promise<boolean[]> => {
        const check = (): void => {
          checks.push(asyncio.currentTask() === task && task !== null);
        };
        for (let i = 0; i < 50; i++) {
          await asyncio.sleep(0);
          check();
        }
        await asyncio.sleep(1);
        check();
        const other = asyncio.createTask(child());
        check();
        checks.push(await other);
        check();
        const results = await asyncio.gather(asyncio.createTask(child()), asyncio.sleep(2));
        checks.push(results[0]);
        check();
        const loop = asyncio.getRunningLoop();
        const future = loop.createFuture<number>();
        loop.callLater(1, () => future.setResult(1));
        await future;
        check();
        await asyncio.waitFor(child(), 5);
        check();
        return checks;
      };
      task = asyncio.createTask(body(), { name: "checked" });
      const seen = await task;
      return seen.map((ok, i) => (ok ? "" : `check ${i} failed`)).filter(Boolean);
    });
    expect(result).toEqual([]);
  });

  it("is each child's own task inside async functions passed together to gather", async () => {
    const { result } = await virtualRun(async () => {
      const child = async (name: string): Promise<string> => {
        await asyncio.sleep(0);
        const first = asyncio.currentTask();
        await asyncio.sleep(1);
        const second = asyncio.currentTask();
        return `${name}: ${first === second ? "same" : "different"} task, ${first === main ? "main" : "own"}`;
      };
      const main = asyncio.currentTask();
      return await asyncio.gather(child("c1"), child("c2"), child("c3"));
    });
    expect(result).toEqual(["c1: same task, own", "c2: same task, own", "c3: same task, own"]);
  });

  it("is the task inside a generator and a lazy coroutine, and null outside any task", async () => {
    expect(asyncio.currentTask()).toBeNull();
    const { result } = await virtualRun(async () => {
      const gen = asyncio.createTask(
        (function* () {
          yield* asyncio.sleep(1);
          return asyncio.currentTask()?.getName();
        })(),
        { name: "gen" },
      );
      const lazy = asyncio.createTask(
        asyncio.coroutine(async function lazy() {
          await asyncio.sleep(1);
          return asyncio.currentTask()?.getName();
        })(),
        { name: "lazy" },
      );
      return [await gen, await lazy];
    });
    expect(result).toEqual(["gen", "lazy"]);
    expect(asyncio.currentTask()).toBeNull();
  });

  it("is null inside a plain callback", async () => {
    const { result } = await virtualRun(async () => {
      const loop = asyncio.getRunningLoop();
      const future = loop.createFuture<unknown>();
      loop.callSoon(() => future.setResult(asyncio.currentTask()));
      return await future;
    });
    expect(result).toBeNull();
  });
});

describe("allTasks", () => {
  it("lists the tasks of the running loop that are not done", async () => {
    const { result } = await virtualRun(async () => {
      const a = asyncio.createTask(asyncio.sleep(1), { name: "a" });
      const b = asyncio.createTask((function* () {})(), { name: "b" });
      const names = (): string[] => [...asyncio.allTasks()].map((t) => t.getName()).sort();
      const before = names();
      await b;
      const middle = names();
      await a;
      return [before.length, middle.length, names().length];
    });
    // main itself, a and b; then main and a; then main alone.
    expect(result).toEqual([3, 2, 1]);
  });
});

describe("allTasks order", () => {
  it("lists pending tasks oldest first, as tasks finish first, last and in between", async () => {
    const { result } = await virtualRun(async () => {
      const sleeper = (name: string, delay: number): asyncio.Task<null> =>
        asyncio.createTask(asyncio.sleep(delay), { name });
      const names = (): string => [...asyncio.allTasks()].map((t) => t.getName()).join(" ");
      void sleeper("a", 1);
      void sleeper("b", 3);
      void sleeper("c", 2);
      void sleeper("d", 4);
      void sleeper("e", 5);
      const seen = [names()];
      await asyncio.sleep(0.5);
      for (let i = 0; i < 5; i++) {
        await asyncio.sleep(1);
        seen.push(names());
      }
      return seen;
    });
    // The main task is listed first, its name being its own.
    const main = (result[0] ?? "").split(" ")[0];
    expect(result).toEqual([
      `${main} a b c d e`,
      `${main} b c d e`,
      `${main} b d e`,
      `${main} d e`,
      `${main} e`,
      `${main}`,
    ]);
  });
});

describe("awaiting a task from inside itself", () => {
  it("raises RuntimeError in an async function, and the task can go on", async () => {
    const { result } = await virtualRun(async () => {
      const task = asyncio.createTask(
        (async () => {
          await asyncio.sleep(0);
          const me = asyncio.currentTask() as asyncio.Task<unknown>;
          let message = "";
          try {
            await me;
          } catch (error) {
            message = describeError(error);
          }
          await asyncio.sleep(1);
          return message;
        })(),
      );
      return await task;
    });
    expect(result).toMatch(/^RuntimeError: Task cannot await on itself: <Task pending/);
  });

  it("raises RuntimeError in a generator", async () => {
    const { result } = await virtualRun(async () => {
      const task = asyncio.createTask(
        (function* (): Generator<unknown, string, unknown> {
          const me = asyncio.currentTask() as asyncio.Task<unknown>;
          try {
            yield* me;
          } catch (error) {
            return describeError(error);
          }
          return "no error";
        })(),
      );
      return await task;
    });
    expect(result).toMatch(/^RuntimeError: Task cannot await on itself/);
  });
});

describe("a future from another loop", () => {
  it("fails a generator task that yields it, with RuntimeError", async () => {
    const other = virtualLoop();
    const foreign = other.createFuture();
    const { result } = await virtualRun(async () => {
      const task = asyncio.createTask(
        (function* () {
          yield* foreign;
        })(),
      );
      const error = describeError(await rejectionOf(task));
      await asyncio.sleep(1);
      return [error, asyncio.getRunningLoop().time()];
    });
    expect(result[0]).toMatch(/^RuntimeError: Task .* got Future .* attached to a different loop$/);
    expect(result[1]).toBe(1);
    other.close();
  });

  it("raises RuntimeError at the await in an async function", async () => {
    const other = virtualLoop();
    const foreign = other.createFuture();
    const { result } = await virtualRun(async () => {
      const error = describeError(await rejectionOf(foreign));
      await asyncio.sleep(1);
      return error;
    });
    expect(result).toMatch(/attached to a different loop$/);
    other.close();
  });
});

describe("reports when the loop closes", () => {
  it("reports 'Task exception was never retrieved' through the exception handler", async () => {
    const loop = virtualLoop();
    const contexts = captureExceptions(loop);
    const error = new Error("nobody looked");
    const failing = loop.createTask(
      (function* () {
        yield* asyncio.sleep(1);
        throw error;
      })(),
      { name: "failing" },
    );
    const looked = loop.createTask(
      (function* () {
        throw new Error("looked at");
      })(),
    );
    await loop.runUntilComplete(asyncio.sleep(2));
    looked.exception();
    expect(contexts).toEqual([]);
    loop.close();
    expect(contexts.map((c) => [c.message, c.exception === error, c.future === (failing as unknown)])).toEqual([
      ["Task exception was never retrieved", true, true],
    ]);
  });

  it("reports 'Task was destroyed but it is pending!' for a task still pending", async () => {
    const loop = virtualLoop();
    const contexts = captureExceptions(loop);
    const stuck = loop.createTask(
      (function* () {
        yield* asyncio.sleep(100);
      })(),
      { name: "stuck" },
    );
    await loop.runUntilComplete(asyncio.sleep(1));
    loop.close();
    expect(contexts.map((c) => [c.message, c.task === stuck])).toEqual([["Task was destroyed but it is pending!", true]]);
  });

  it("does not report a task whose exception was retrieved by awaiting it", async () => {
    const loop = virtualLoop();
    const contexts = captureExceptions(loop);
    const task = loop.createTask(
      (function* () {
        throw new Error("seen");
      })(),
    );
    await rejectionOf(loop.runUntilComplete(task));
    loop.close();
    expect(contexts).toEqual([]);
  });
});

describe("a task's own steps in the ready queue", () => {
  // A task queues its steps as itself, not as Handles (see `Task._queueStep`);
  // what a program and an observer see must be what Handles would show.

  it("tells a tracer set while steps are queued of each step as a Handle named for it", async () => {
    const loop = virtualLoop();
    const seen: string[] = [];
    let unpaired = 0;
    const observer: asyncio.LoopHooks = {
      iteration() {},
      handleBegin(handle) {
        seen.push(handle instanceof asyncio.Handle ? String(handle) : `not a Handle: ${String(handle)}`);
        unpaired++;
      },
      handleEnd(handle) {
        if (!(handle instanceof asyncio.Handle)) seen.push(`ended not a Handle: ${String(handle)}`);
        unpaired--;
      },
      timerScheduled() {},
      timerCancelled() {},
      timerDue() {},
      taskCreated() {},
      taskStep() {},
      taskSuspended() {},
      taskAwaitsForeign() {},
      futureDone() {},
    };
    const result = await loop.runUntilComplete(
      asyncio.coroutine(async () => {
        // Each first step is queued before the tracer is set, and runs after.
        const generator = asyncio.createTask(
          (function* () {
            yield* asyncio.sleep(0);
            return "generator";
          })(),
          { name: "g" },
        );
        const native = asyncio.createTask(
          (async () => {
            await asyncio.sleep(0);
            return "native";
          })(),
          { name: "n" },
        );
        const lazy = asyncio.createTask(asyncio.coroutine(async () => "lazy")(), { name: "l" });
        loop.setTracer(observer);
        return await asyncio.gather(generator, native, lazy);
      })(),
    );
    loop.close();
    expect(result).toEqual(["generator", "native", "lazy"]);
    expect(unpaired).toBe(0);
    expect(seen.slice(0, 3)).toEqual([
      expect.stringMatching(/^<Handle stepTask\(<Task pending name='g'/),
      expect.stringMatching(/^<Handle nativeFirstStep\(<Task pending name='n'/),
      expect.stringMatching(/^<Handle startLazy\(<Task pending name='l'.*, <coroutine object <anonymous>>\)>$/),
    ]);
    expect(seen.filter((text) => !text.startsWith("<Handle "))).toEqual([]);
  });

  it("reports a step that fails in the loop's machinery as the step's callback, and the loop goes on", async () => {
    const loop = virtualLoop();
    const contexts = captureExceptions(loop);
    class Touchy<T> extends asyncio.Future<T> {
      override cancel(): boolean {
        throw new Error("touchy");
      }
    }
    const touchy = new Touchy<string>({ loop });
    const task = loop.createTask(
      (function* () {
        // Cancelled while running: the cancellation goes to the next Future it awaits, whose cancel() throws.
        asyncio.currentTask()?.cancel();
        return yield* touchy;
      })(),
      { name: "touchy-task" },
    );
    const after = await loop.runUntilComplete(asyncio.sleep(1, "the loop went on"));
    expect(after).toBe("the loop went on");
    expect(contexts.map((c) => [c.message.replace(/<Task.*>/, "<Task>"), (c.exception as Error).message, c.handle instanceof asyncio.Handle])).toEqual([
      ["Exception in callback stepTask(<Task>)", "touchy", true],
    ]);
    // The task still waits on the future, and its cancellation is still due.
    touchy.setResult("too late");
    expect(describeError(await rejectionOf(loop.runUntilComplete(task)))).toBe("CancelledError: ");
    loop.close();
  });
});
