// sleep, createTask, ensureFuture and shield (src/tasks.ts).
import { describe, expect, it } from "vitest";
import * as asyncio from "../src/index.js";
import { describeError, recorder, rejectionOf, thrownBy, virtualLoop, virtualRun } from "./helpers.js";

describe("sleep", () => {
  it("suspends for the delay and resolves to null, or to the value given", async () => {
    const { result, time } = await virtualRun(async () => {
      const loop = asyncio.getRunningLoop();
      const plain = await asyncio.sleep(1.5);
      const valued = await asyncio.sleep(1, "value");
      return [plain, valued, loop.time()];
    });
    expect(result).toEqual([null, "value", 2.5]);
    expect(time).toBe(2.5);
  });

  it("works with yield* in a generator, value included", async () => {
    const { result } = await virtualRun(function* () {
      const value: string = yield* asyncio.sleep(2, "gen");
      return [value, asyncio.getRunningLoop().time()];
    });
    expect(result).toEqual(["gen", 2]);
  });

  for (const [label, delay] of [
    ["0", 0],
    ["a negative delay", -3],
  ] as const) {
    it(`with ${label} yields exactly one iteration`, async () => {
      const { result } = await virtualRun(async () => {
        const { events, log } = recorder();
        const loop = asyncio.getRunningLoop();
        loop.callSoon(() => {
          log("pass 1");
          loop.callSoon(() => log("pass 2"));
        });
        log("before");
        const value = await asyncio.sleep(delay, "v");
        log(`after sleep ${value}`);
        await asyncio.sleep(0);
        return events;
      });
      expect(result).toEqual(["0 before", "0 pass 1", "0 after sleep v", "0 pass 2"]);
    });
  }

  describe("sleep(0), one shared object in a generator's step", () => {
    // Tasks yielding in turn, one cancelled inside its yield and yielding
    // again after catching it, in both spellings and from outside any task:
    // the shared sleep(0) must behave exactly as a sleep of its own does
    // (`sleep(0, "v")` makes one).
    async function scenario(zero: () => asyncio.Sleep<unknown>): Promise<string[]> {
      const { result } = await virtualRun(function* () {
        const { events, log } = recorder();
        function* worker(name: string): Generator<unknown, void, unknown> {
          for (let i = 0; i < 3; i++) {
            log(`${name}${i}`);
            yield* zero();
          }
        }
        async function native(name: string): Promise<void> {
          for (let i = 0; i < 3; i++) {
            log(`${name}${i}`);
            await zero();
          }
        }
        function* stubborn(): Generator<unknown, void, unknown> {
          try {
            log("stubborn yields");
            yield* zero();
            log("stubborn was not cancelled");
          } catch (error) {
            log(`stubborn caught ${describeError(error)}`);
          }
          yield* zero();
          log("stubborn yielded again");
        }
        const loop = asyncio.getRunningLoop();
        let pass = 0;
        const tick = (): void => {
          log(`pass ${++pass}`);
          if (pass < 6) loop.callSoon(tick);
        };
        loop.callSoon(tick);
        const target = asyncio.createTask(stubborn());
        const tasks = [asyncio.createTask(worker("a")), asyncio.createTask(worker("b")), asyncio.createTask(native("n")), target];
        yield* zero();
        target.cancel();
        yield* asyncio.gather(tasks);
        // Stepped by hand, outside any task, it still yields once and returns.
        const iterator = zero()[Symbol.iterator]();
        const steps = [iterator.next(), iterator.next()].map((step) => String(step.done));
        log(`by hand: ${steps.join(" ")}`);
        return events;
      });
      return result;
    }

    it("is one object in a generator task's step, one per task in native code, and a new one outside any task", async () => {
      const outside = [asyncio.sleep(0), asyncio.sleep(0)];
      const { result } = await virtualRun(function* () {
        const inGenerator = [asyncio.sleep(0), asyncio.sleep(-1), asyncio.sleep(0, null)];
        const nativeCode = async (): Promise<asyncio.Sleep<null>[]> => {
          await asyncio.sleep(0);
          return [asyncio.sleep(0), asyncio.sleep(0)];
        };
        const native = yield* asyncio.createTask(nativeCode());
        const other = yield* asyncio.createTask(nativeCode());
        const valued = [asyncio.sleep(0, "v"), asyncio.sleep(0, "v")];
        return { inGenerator, native, other, valued };
      });
      const [a, b, c] = result.inGenerator;
      expect(a === b && b === c).toBe(true);
      expect(outside[0]).not.toBe(outside[1]);
      expect(result.native[0]).toBe(result.native[1]);
      expect(result.native[0]).not.toBe(result.other[0]);
      expect(result.native).not.toContain(a);
      expect(result.valued[0]).not.toBe(result.valued[1]);
      for (const sleep of [...outside, ...result.native, a]) expect(sleep).toBeInstanceOf(asyncio.Sleep);
    });

    it("is the task's own object in a lazy coroutine's first part too, before its first await", async () => {
      // That first part runs inside the task's first step, as native code of
      // the task; the shared generator one would need a stand-in per await.
      const { result } = await virtualRun(
        asyncio.coroutine(async () => {
          const first = asyncio.sleep(0);
          await first;
          return [first, asyncio.sleep(0)];
        })(),
      );
      expect(result[0]).toBe(result[1]);
    });

    it("is not thrown off by a read of its then that is never called, as a thenable check does", async () => {
      // An `await` is recorded on the object awaited until its `then` is
      // called; a read that is never called must not stay recorded on the
      // shared object, or every later await of it would go to the wrong task.
      await virtualRun(function* () {
        expect(typeof asyncio.sleep(0).then).toBe("function");
        yield* asyncio.sleep(0);
      });
      const { result } = await virtualRun(function* () {
        const seen: string[] = [];
        const worker = async (name: string): Promise<void> => {
          // Started inside this generator's step: its first sleep(0) is the shared one.
          for (let i = 0; i < 3; i++) {
            await asyncio.sleep(0);
            seen.push(`${name}${i} in ${asyncio.currentTask()?.getName() ?? "no task"}`);
          }
        };
        yield* asyncio.gather(asyncio.createTask(worker("a"), { name: "A" }), asyncio.createTask(worker("b"), { name: "B" }));
        return seen;
      });
      expect(result).toEqual(["a0 in A", "b0 in B", "a1 in A", "b1 in B", "a2 in A", "b2 in B"]);
    });

    it("yields exactly once per await, for each of many tasks at once, through a cancellation", async () => {
      const shared = await scenario(() => asyncio.sleep(0));
      expect(shared).toEqual(await scenario(() => asyncio.sleep(0, "v")));
      expect(shared).toContain("0 stubborn caught CancelledError: ");
      expect(shared).toContain("0 stubborn yielded again");
      // One turn each per pass: the second round of the workers comes after the loop's second pass.
      expect(shared.slice(shared.indexOf("0 pass 2"), shared.indexOf("0 pass 3"))).toEqual(["0 pass 2", "0 stubborn caught CancelledError: ", "0 a1", "0 b1", "0 n1"]);
      expect(shared).toContain("0 by hand: false true");
    });

    it("can be awaited again, unlike a sleep of its own, and run as a task", async () => {
      const { result } = await virtualRun(function* () {
        const zero = asyncio.sleep(0);
        yield* zero;
        yield* zero;
        const twice = [yield* asyncio.createTask(zero), yield* asyncio.createTask(zero)];
        const once = asyncio.sleep(0, "v");
        yield* once;
        let again = "";
        try {
          yield* once;
        } catch (error) {
          again = describeError(error);
        }
        return [twice, again];
      });
      expect(result).toEqual([[null, null], "RuntimeError: a sleep() awaitable can be awaited only once"]);
    });
  });

  it("can be created before any loop exists and awaited later", async () => {
    const pending = asyncio.sleep(2, "made early");
    const { result, time } = await virtualRun(async () => await pending);
    expect(result).toBe("made early");
    expect(time).toBe(2);
  });

  it("refuses a delay that is not a number with TypeError, and NaN with ValueError", async () => {
    expect(thrownBy(() => asyncio.sleep("1" as unknown as number))).toBeInstanceOf(TypeError);
    expect(thrownBy(() => asyncio.sleep(null as unknown as number))).toBeInstanceOf(TypeError);
    expect(thrownBy(() => asyncio.sleep(NaN))).toBeInstanceOf(asyncio.ValueError);
    // The loop is still fine afterwards.
    const { time } = await virtualRun(async () => {
      let caught = "";
      try {
        await asyncio.sleep(NaN);
      } catch (error) {
        caught = describeError(error);
      }
      await asyncio.sleep(1);
      return caught;
    });
    expect(time).toBe(1);
  });

  it("cancels its timer when the sleeping task is cancelled", async () => {
    const { result } = await virtualRun(async () => {
      const loop = asyncio.getRunningLoop();
      const task = asyncio.createTask(asyncio.sleep(100));
      await asyncio.sleep(0);
      const armed = loop._timerCount;
      task.cancel();
      await rejectionOf(task);
      await asyncio.sleep(0);
      return [armed, loop._timerCount, loop.time()];
    });
    expect(result).toEqual([1, 0, 0]);
  });
});

describe("createTask", () => {
  it("schedules a coroutine on the running loop and returns its Task", async () => {
    const { result } = await virtualRun(async () => {
      const task = asyncio.createTask(asyncio.sleep(1, 5), { name: "sleeper" });
      return [task instanceof asyncio.Task, task.getName(), task.getLoop() === asyncio.getRunningLoop(), await task];
    });
    expect(result).toEqual([true, "sleeper", true, 5]);
  });

  it("gives each of many eagerly started coroutines awaiting one future its own task, in creation order", async () => {
    const { result } = await virtualRun(asyncio.coroutine(async () => {
      const gate = asyncio.getRunningLoop().createFuture<string>();
      const seen: string[] = [];
      const child = async (i: number): Promise<number> => {
        const word = await gate;
        seen.push(`${i} ${word} in ${asyncio.currentTask()?.getName() ?? "no task"}`);
        await asyncio.sleep(0);
        return i;
      };
      const n = 1000;
      // All started first, then made tasks of, as `gather(a(), b())` does:
      // their first awaits are a thousand pending awaits of the same future.
      const coroutines = Array.from({ length: n }, (_, i) => child(i));
      const tasks = coroutines.map((coroutine, i) => asyncio.createTask(coroutine, { name: `t${i}` }));
      await asyncio.sleep(0);
      gate.setResult("open");
      const results = await asyncio.gather(tasks);
      return { seen, results, n };
    }));
    expect(result.seen).toEqual(Array.from({ length: result.n }, (_, i) => `${i} open in t${i}`));
    expect(result.results).toEqual(Array.from({ length: result.n }, (_, i) => i));
  });

  it("needs a running loop", () => {
    const coro = (function* () {})();
    expect(describeError(thrownBy(() => asyncio.createTask(coro)))).toBe("RuntimeError: no running event loop");
  });

  it("refuses something that is not a coroutine with TypeError naming it", async () => {
    await virtualRun(async () => {
      const error = thrownBy(() => asyncio.createTask(42 as unknown as Generator<unknown, void, unknown>));
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toContain("42");
      await asyncio.sleep(1);
    });
  });
});

describe("ensureFuture", () => {
  it("returns a future as it is and wraps coroutines in tasks", async () => {
    const { result } = await virtualRun(async () => {
      const loop = asyncio.getRunningLoop();
      const future = loop.createFuture<number>();
      future.setResult(1);
      const same = asyncio.ensureFuture(future);
      const fromGenerator = asyncio.ensureFuture(
        (function* () {
          return 2;
        })(),
      );
      const fromLazy = asyncio.ensureFuture(asyncio.coroutine(async function three() {
        return 3;
      })());
      const fromNative = asyncio.ensureFuture((async () => 4)());
      const fromSleep = asyncio.ensureFuture(asyncio.sleep(1, 5));
      const fromThenable = asyncio.ensureFuture({ then: (resolve: (v: number) => void) => resolve(6) } as unknown as PromiseLike<number>);
      return [
        same === future,
        fromGenerator instanceof asyncio.Task,
        fromLazy instanceof asyncio.Task,
        fromNative instanceof asyncio.Task,
        fromSleep instanceof asyncio.Future,
        fromThenable instanceof asyncio.Future,
        await asyncio.gather(same, fromGenerator, fromLazy, fromNative, fromSleep, fromThenable),
      ];
    });
    expect(result).toEqual([true, true, true, true, true, true, [1, 2, 3, 4, 5, 6]]);
  });

  it("refuses something that is not awaitable with TypeError naming it, and the loop goes on", async () => {
    const { result } = await virtualRun(async () => {
      const messages = [42, "text", { a: 1 }, null].map((bad) =>
        describeError(thrownBy(() => asyncio.ensureFuture(bad as unknown as asyncio.Future<unknown>))),
      );
      await asyncio.sleep(1);
      return messages;
    });
    expect(result.every((m) => m.startsWith("TypeError: "))).toBe(true);
    expect(result[0]).toContain("42");
    expect(result[1]).toContain("'text'");
  });

  it("refuses a future of another loop when a loop is given", () => {
    const loop = virtualLoop();
    const other = virtualLoop();
    const future = other.createFuture();
    expect(thrownBy(() => asyncio.ensureFuture(future, { loop }))).toBeInstanceOf(asyncio.ValueError);
    loop.close();
    other.close();
  });
});

describe("shield", () => {
  it("keeps the inner task running when the task awaiting it is cancelled", async () => {
    const { result } = await virtualRun(async () => {
      const { events, log } = recorder();
      const inner = asyncio.createTask(
        (async () => {
          await asyncio.sleep(2);
          log("inner finished");
          return "inner result";
        })(),
      );
      const outer = asyncio.createTask(
        (async () => {
          try {
            return await asyncio.shield(inner);
          } catch (error) {
            log(`outer ${describeError(error)}`);
            throw error;
          }
        })(),
      );
      await asyncio.sleep(1);
      outer.cancel();
      await rejectionOf(outer);
      log(`outer cancelled ${outer.cancelled()}, inner done ${inner.done()}`);
      log(`inner gave ${await inner}`);
      return events;
    });
    expect(result).toEqual([
      "1 outer CancelledError: ",
      "1 outer cancelled true, inner done false",
      "2 inner finished",
      "2 inner gave inner result",
    ]);
  });

  it("passes on the inner result, error and cancellation", async () => {
    const { result } = await virtualRun(async () => {
      const loop = asyncio.getRunningLoop();
      const ok = loop.createFuture<string>();
      const failed = loop.createFuture<string>();
      const cancelled = loop.createFuture<string>();
      const shields = [asyncio.shield(ok), asyncio.shield(failed), asyncio.shield(cancelled)];
      loop.callLater(1, () => {
        ok.setResult("fine");
        failed.setException(new Error("broken"));
        cancelled.cancel();
      });
      const outcomes: string[] = [];
      for (const s of shields) {
        try {
          outcomes.push(`result ${await s}`);
        } catch (error) {
          outcomes.push(describeError(error));
        }
      }
      return outcomes;
    });
    expect(result).toEqual(["result fine", "Error: broken", "CancelledError: "]);
  });

  it("returns a future that is already done as it is", async () => {
    await virtualRun(async () => {
      const future = asyncio.getRunningLoop().createFuture<number>();
      future.setResult(1);
      expect(asyncio.shield(future)).toBe(future);
    });
  });

  it("cancelling the shield itself leaves the inner future alone", async () => {
    const { result } = await virtualRun(async () => {
      const loop = asyncio.getRunningLoop();
      const inner = loop.createFuture<number>();
      const outer = asyncio.shield(inner);
      outer.cancel();
      loop.callLater(1, () => inner.setResult(9));
      return [outer.cancelled(), inner.cancelled(), await inner];
    });
    expect(result).toEqual([true, false, 9]);
  });
});
