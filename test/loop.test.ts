// The event loop (src/loop.ts): its two queues, one pass at a time, the
// exception handler, the task factory, and what it refuses.
import { afterEach, describe, expect, it, vi } from "vitest";
import * as asyncio from "../src/index.js";
import { captureExceptions, captureStderr, describeError, recorder, rejectionOf, thrownBy, virtualLoop, virtualRun } from "./helpers.js";

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

/** Runs `loop` until `stop()`, then closes it. */
async function runThenClose(loop: asyncio.EventLoop): Promise<void> {
  try {
    await loop.runForever();
  } finally {
    loop.close();
  }
}

describe("the ready queue", () => {
  it("runs callbacks in the order they were scheduled", async () => {
    const loop = virtualLoop();
    const { events, log } = recorder(loop);
    for (const name of ["a", "b", "c", "d"]) loop.callSoon(log, name);
    loop.callSoon(() => loop.stop());
    await runThenClose(loop);
    expect(events).toEqual(["0 a", "0 b", "0 c", "0 d"]);
  });

  it("runs callbacks scheduled during a pass on the next pass", async () => {
    const loop = virtualLoop();
    const { events, log } = recorder(loop);
    loop.callSoon(() => {
      log("a");
      loop.callSoon(() => {
        log("a's child");
        loop.callSoon(() => log("a's grandchild"));
      });
    });
    loop.callSoon(() => {
      log("b");
      loop.callSoon(() => log("b's child"));
    });
    loop.callLater(1, () => loop.stop());
    await runThenClose(loop);
    expect(events).toEqual(["0 a", "0 b", "0 a's child", "0 b's child", "0 a's grandchild"]);
  });

  it("queues timers that fall due behind the callbacks already ready", async () => {
    const loop = virtualLoop();
    const { events, log } = recorder(loop);
    loop.callSoon(() => {
      log("first pass");
      loop.callLater(0, log, "timer due now");
      loop.callSoon(log, "soon");
    });
    loop.callLater(1, () => loop.stop());
    await runThenClose(loop);
    expect(events).toEqual(["0 first pass", "0 soon", "0 timer due now"]);
  });
});

describe("timers", () => {
  it("run in deadline order, whatever the order they were scheduled in", async () => {
    const loop = virtualLoop();
    const { events, log } = recorder(loop);
    loop.callLater(3, log, "three");
    loop.callLater(1, log, "one");
    loop.callAt(2, log, "two");
    loop.callLater(0.5, log, "half");
    loop.callLater(4, () => loop.stop());
    await runThenClose(loop);
    expect(events).toEqual(["0.5 half", "1 one", "2 two", "3 three"]);
  });

  it("runs timers due at the same instant in scheduling order", async () => {
    const loop = virtualLoop();
    const { events, log } = recorder(loop);
    for (let i = 0; i < 10; i++) loop.callLater(1, log, `t${i}`);
    loop.callAt(1, log, "callAt");
    loop.callLater(1, () => loop.stop());
    await runThenClose(loop);
    expect(events).toEqual([...Array.from({ length: 10 }, (_, i) => `1 t${i}`), "1 callAt"]);
  });

  it("runs timers that all fell due during one wait in one pass, after nothing else", async () => {
    const loop = virtualLoop();
    const { events, log } = recorder(loop);
    loop.callLater(1, () => {
      log("a");
      loop.callSoon(log, "a's soon");
    });
    loop.callLater(1, log, "b");
    loop.callLater(2, () => loop.stop());
    await runThenClose(loop);
    expect(events).toEqual(["1 a", "1 b", "1 a's soon"]);
  });

  it("treats a negative delay as now", async () => {
    const loop = virtualLoop();
    const { events, log } = recorder(loop);
    loop.callLater(0, log, "zero");
    loop.callLater(-5, log, "minus five");
    loop.callSoon(log, "soon");
    loop.callAt(-1, log, "at minus one");
    loop.callLater(1, () => loop.stop());
    await runThenClose(loop);
    expect(events).toEqual(["0 soon", "0 minus five", "0 at minus one", "0 zero"]);
  });

  it("skips a timer cancelled by an earlier callback of the same pass", async () => {
    const loop = virtualLoop();
    const { events, log } = recorder(loop);
    let second: asyncio.TimerHandle | null = null;
    loop.callLater(1, () => {
      log("first cancels second");
      second?.cancel();
    });
    second = loop.callLater(1, log, "second");
    loop.callLater(1, log, "third");
    loop.callLater(2, () => loop.stop());
    await runThenClose(loop);
    expect(events).toEqual(["1 first cancels second", "1 third"]);
  });

  it("runs thousands of timers, many tied and many cancelled, by deadline then scheduling order", async () => {
    const loop = virtualLoop();
    const fired: [number, number, number][] = [];
    const expected: [number, number][] = [];
    let state = 99;
    const random = (): number => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let scheduled = 0;
    // Each timer records the loop time and its own scheduling number; some
    // schedule more timers as they run, which must fit in among the rest.
    const arm = (delay: number): void => {
      const id = scheduled++;
      const timer = loop.callLater(delay, () => {
        fired.push([loop.time(), id, timer.when()]);
        if (id % 7 === 0) arm(Math.floor(random() * 8) / 2);
      });
      if (random() < 0.6) timer.cancel();
      else expected.push([timer.when(), id]);
    };
    for (let i = 0; i < 5000; i++) arm(Math.floor(random() * 40) / 4);
    loop.callLater(100, () => loop.stop());
    await runThenClose(loop);
    for (const [time, , when] of fired) expect(time).toBe(when);
    // Every live timer fired once, at its deadline, ties in scheduling order.
    const order = (a: [number, number], b: [number, number]): number => a[0] - b[0] || a[1] - b[1];
    expect(fired.map(([when, id]) => [when, id])).toEqual(expected.sort(order));
  });

  it("passes arguments to timer callbacks", async () => {
    const loop = virtualLoop();
    const seen: unknown[] = [];
    loop.callLater(1, (a: number, b: string) => seen.push(a, b), 7, "x");
    loop.callAt(2, (c: boolean) => seen.push(c), true);
    loop.callLater(3, () => loop.stop());
    await runThenClose(loop);
    expect(seen).toEqual([7, "x", true]);
  });

  it("sweeps cancelled timers so that a million armed and cancelled keep the heap small", async () => {
    const loop = virtualLoop();
    let rounds = 0;
    let largest = 0;
    const noop = (): void => {};
    const round = (): void => {
      largest = Math.max(largest, loop._timerCount);
      // Each round arms 100 long timeouts and cancels them, as code that
      // wraps every operation in a timeout does.
      for (let i = 0; i < 100; i++) loop.callLater(60 + i, noop).cancel();
      if (++rounds < 10_000) loop.callSoon(round);
      else loop.stop();
    };
    loop.callLater(3600, noop);
    loop.callSoon(round);
    await loop.runForever();
    expect(rounds * 100).toBe(1_000_000);
    expect(largest).toBeLessThanOrEqual(1 + 2 * 100 + 100);
    loop.close();
  });

  it("sweeps cancelled timers even when a live one is due first", async () => {
    const loop = virtualLoop();
    const noop = (): void => {};
    const armed: asyncio.TimerHandle[] = [];
    for (let i = 0; i < 10_000; i++) armed.push(loop.callLater(100 + i, noop));
    loop.callLater(1, noop);
    for (const timer of armed) timer.cancel();
    expect(loop._timerCount).toBe(10_001);
    loop.callSoon(() => loop.stop());
    await loop.runForever();
    expect(loop._timerCount).toBe(1);
    loop.close();
  });
});

describe("time", () => {
  it("starts at 0 on a virtual clock and jumps to each timer", async () => {
    const loop = virtualLoop();
    const times: number[] = [];
    loop.callLater(10, () => times.push(loop.time()));
    loop.callLater(3600, () => {
      times.push(loop.time());
      loop.stop();
    });
    expect(loop.time()).toBe(0);
    await runThenClose(loop);
    expect(times).toEqual([10, 3600]);
  });

  it("waits for timers on the real clock", async () => {
    const loop = asyncio.newEventLoop();
    const timer = loop.callLater(0.02, () => loop.stop());
    await loop.runForever();
    expect(loop.time()).toBeGreaterThanOrEqual(timer.when());
    loop.close();
  });

  it("is woken from an idle wait on the real clock by callSoon from outside", async () => {
    const loop = asyncio.newEventLoop();
    const { events, log } = recorder(loop);
    const running = loop.runForever();
    setTimeout(() => {
      loop.callSoon(() => {
        log("from outside");
        loop.stop();
      });
    }, 5);
    await running;
    expect(events.map((e) => e.split(" ").slice(1).join(" "))).toEqual(["from outside"]);
    loop.close();
  });

  it("is driven by vi.useFakeTimers on the real clock", async () => {
    vi.useFakeTimers();
    const loop = asyncio.newEventLoop();
    const start = loop.time();
    const { events, log } = recorder(loop);
    loop.callLater(5, () => log("five"));
    loop.callLater(10, () => {
      log("ten");
      loop.stop();
    });
    const running = loop.runForever();
    await vi.advanceTimersByTimeAsync(10_000);
    await running;
    loop.close();
    expect(events.map((e) => e.split(" ")[1])).toEqual(["five", "ten"]);
    expect(loop.time() - start).toBeCloseTo(10, 6);
  });

  it("is woken from an idle wait by a foreign promise wrapped with wrapPromise", async () => {
    const loop = asyncio.newEventLoop();
    const future = asyncio.wrapPromise(
      new Promise<string>((resolve) => setTimeout(() => resolve("from outside"), 10)),
      { loop },
    );
    expect(await loop.runUntilComplete(future)).toBe("from outside");
    loop.close();
  });

  it("holds virtual time still while a wrapped foreign promise is in flight", async () => {
    const { result, time } = await virtualRun(async () => {
      const value = await asyncio.wrapPromise(new Promise<number>((resolve) => setTimeout(() => resolve(42), 10)));
      return [value, asyncio.getRunningLoop().time()];
    });
    expect(result).toEqual([42, 0]);
    expect(time).toBe(0);
  });
});

describe("runForever and stop", () => {
  it("stops after the current pass: the rest of the pass still runs", async () => {
    const loop = virtualLoop();
    const { events, log } = recorder(loop);
    loop.callSoon(() => {
      log("a stops");
      loop.stop();
      loop.callSoon(log, "next pass");
    });
    loop.callSoon(log, "b");
    await loop.runForever();
    expect(events).toEqual(["0 a stops", "0 b"]);
    loop.callSoon(() => loop.stop());
    await loop.runForever();
    expect(events).toEqual(["0 a stops", "0 b", "0 next pass"]);
    loop.close();
  });

  it("runs exactly one pass when stop() came before runForever()", async () => {
    const loop = virtualLoop();
    const { events, log } = recorder(loop);
    loop.callSoon(() => {
      log("a");
      loop.callSoon(log, "a's child");
    });
    loop.stop();
    loop.callSoon(log, "b");
    loop.callLater(5, log, "timer");
    await loop.runForever();
    expect(events).toEqual(["0 a", "0 b"]);
    expect(loop.time()).toBe(0);
    expect(loop.isRunning()).toBe(false);
    loop.close();
  });

  it("does not wait for timers when stop() was called before an idle pass", async () => {
    const loop = virtualLoop();
    loop.callLater(60, () => {});
    loop.stop();
    await loop.runForever();
    expect(loop.time()).toBe(0);
    loop.close();
  });

  it("reports isRunning() while running, and the running loop to getRunningLoop()", async () => {
    const loop = virtualLoop();
    const seen: unknown[] = [];
    loop.callSoon(() => {
      seen.push(loop.isRunning(), asyncio.getRunningLoop() === loop, asyncio.getEventLoop() === loop);
      loop.stop();
    });
    expect(loop.isRunning()).toBe(false);
    await loop.runForever();
    expect(seen).toEqual([true, true, true]);
    expect(loop.isRunning()).toBe(false);
    expect(() => asyncio.getRunningLoop()).toThrow("no running event loop");
    loop.close();
  });
});

describe("runUntilComplete", () => {
  it("returns the result of a future completed by a timer", async () => {
    const loop = virtualLoop();
    const future = loop.createFuture<string>();
    loop.callLater(2, () => future.setResult("done"));
    expect(await loop.runUntilComplete(future)).toBe("done");
    expect(loop.time()).toBe(2);
    loop.close();
  });

  it("throws the error of a failed future", async () => {
    const loop = virtualLoop();
    const future = loop.createFuture<string>();
    const error = new Error("bad");
    loop.callLater(1, () => future.setException(error));
    expect(await rejectionOf(loop.runUntilComplete(future))).toBe(error);
    loop.close();
  });

  it("wraps a coroutine of each shape in a task and returns its result", async () => {
    const loop = virtualLoop();
    const lazy = asyncio.coroutine(async function lazy() {
      await asyncio.sleep(1);
      return "lazy";
    });
    function* generator(): Generator<unknown, string, unknown> {
      yield* asyncio.sleep(1);
      return "generator";
    }
    expect(await loop.runUntilComplete(lazy())).toBe("lazy");
    expect(await loop.runUntilComplete(generator())).toBe("generator");
    expect(loop.time()).toBe(2);
    loop.close();
  });

  it("returns the result of a future that is already done after one pass", async () => {
    const loop = virtualLoop();
    const { events, log } = recorder(loop);
    const future = loop.createFuture<string>();
    future.setResult("ready");
    loop.callSoon(log, "pass 1");
    loop.callSoon(() => loop.callSoon(log, "pass 2"));
    expect(await loop.runUntilComplete(future)).toBe("ready");
    expect(events).toEqual(["0 pass 1"]);
    loop.close();
  });

  it("throws RuntimeError when the loop stops before the future is done", async () => {
    const loop = virtualLoop();
    const future = loop.createFuture();
    loop.callLater(1, () => loop.stop());
    const error = await rejectionOf(loop.runUntilComplete(future));
    expect(describeError(error)).toBe("RuntimeError: Event loop stopped before Future completed.");
    loop.close();
  });

  it("leaves no done callback behind on the future", async () => {
    const loop = virtualLoop();
    const future = loop.createFuture<number>();
    loop.callLater(1, () => future.setResult(1));
    await loop.runUntilComplete(future);
    const { events, log } = recorder(loop);
    future.addDoneCallback(() => log("mine"));
    loop.callSoon(() => loop.stop());
    await loop.runForever();
    expect(events).toEqual(["1 mine"]);
    loop.close();
  });
});

describe("close", () => {
  it("marks the loop closed, drops what was scheduled, and can be called twice", async () => {
    const loop = virtualLoop();
    const { events, log } = recorder(loop);
    loop.callSoon(log, "never");
    loop.callLater(1, log, "never either");
    expect(loop.isClosed()).toBe(false);
    loop.close();
    loop.close();
    expect(loop.isClosed()).toBe(true);
    expect(loop._timerCount).toBe(0);
    expect(events).toEqual([]);
  });

  it("refuses to close a running loop", async () => {
    const loop = virtualLoop();
    let error: unknown;
    loop.callSoon(() => {
      error = thrownBy(() => loop.close());
      loop.stop();
    });
    await loop.runForever();
    expect(describeError(error)).toBe("RuntimeError: Cannot close a running event loop");
    expect(loop.isClosed()).toBe(false);
    loop.close();
  });
});

describe("createFuture and createTask", () => {
  it("make a future and a task bound to the loop", async () => {
    const loop = virtualLoop();
    const future = loop.createFuture<number>();
    expect(future).toBeInstanceOf(asyncio.Future);
    expect(future.getLoop()).toBe(loop);
    const task = loop.createTask(
      (function* () {
        return 5;
      })(),
      { name: "five" },
    );
    expect(task).toBeInstanceOf(asyncio.Task);
    expect(task.getLoop()).toBe(loop);
    expect(task.getName()).toBe("five");
    expect(await loop.runUntilComplete(task)).toBe(5);
    loop.close();
  });
});

describe("the exception handler", () => {
  it("receives an error thrown by a callback, and the loop carries on", async () => {
    const loop = virtualLoop();
    const contexts = captureExceptions(loop);
    const { events, log } = recorder(loop);
    const error = new TypeError("oops");
    function failing(n: number): void {
      log(`failing ${n}`);
      throw error;
    }
    loop.callSoon(failing, 1);
    loop.callSoon(log, "after");
    loop.callLater(1, failing, 2);
    loop.callLater(2, () => {
      log("still running");
      loop.stop();
    });
    await runThenClose(loop);
    expect(events).toEqual(["0 failing 1", "0 after", "1 failing 2", "2 still running"]);
    expect(contexts.map((c) => [c.message, c.exception])).toEqual([
      ["Exception in callback failing(1)", error],
      ["Exception in callback failing(2)", error],
    ]);
    expect(contexts[0].handle).toBeInstanceOf(asyncio.Handle);
    expect(contexts[1].handle).toBeInstanceOf(asyncio.TimerHandle);
  });

  it("is set, read back and reset to the default with null", () => {
    const loop = virtualLoop();
    expect(loop.getExceptionHandler()).toBeNull();
    const handler: asyncio.ExceptionHandler = () => {};
    loop.setExceptionHandler(handler);
    expect(loop.getExceptionHandler()).toBe(handler);
    loop.setExceptionHandler(null);
    expect(loop.getExceptionHandler()).toBeNull();
    loop.close();
  });

  it("refuses a handler that is not a function", () => {
    const loop = virtualLoop();
    const error = thrownBy(() => loop.setExceptionHandler("nope" as unknown as asyncio.ExceptionHandler));
    expect(error).toBeInstanceOf(TypeError);
    expect(String((error as Error).message)).toContain("'nope'");
    loop.close();
  });

  it("is called by callExceptionHandler with the loop and the context", () => {
    const loop = virtualLoop();
    const calls: [asyncio.EventLoop, asyncio.ExceptionContext][] = [];
    loop.setExceptionHandler((l, context) => calls.push([l, context]));
    const future = loop.createFuture();
    const context = { message: "something", exception: new Error("x"), future, extra: 1 };
    loop.callExceptionHandler(context);
    expect(calls).toEqual([[loop, context]]);
    loop.close();
  });

  it("writes the message, the other keys and the stack to stderr by default", () => {
    const loop = virtualLoop();
    const stderr = captureStderr();
    const error = new Error("kaput");
    const future = loop.createFuture();
    loop.defaultExceptionHandler({ message: "Something broke", exception: error, future, zeta: "z" });
    loop.callExceptionHandler({ message: "Plain message" });
    stderr.restore();
    expect(stderr.lines).toEqual([
      `Something broke\nfuture: <Future pending>\nzeta: 'z'\n${error.stack}`,
      "Plain message",
    ]);
    loop.close();
  });

  it("reports an error thrown by the handler itself through the default handler, and the loop carries on", async () => {
    const loop = virtualLoop();
    const stderr = captureStderr();
    const { events, log } = recorder(loop);
    const handlerError = new Error("handler broke");
    loop.setExceptionHandler(() => {
      throw handlerError;
    });
    function boom(): void {
      throw new Error("callback broke");
    }
    loop.callSoon(boom);
    loop.callSoon(log, "after");
    loop.callLater(1, () => {
      log("still running");
      loop.stop();
    });
    await runThenClose(loop);
    stderr.restore();
    expect(events).toEqual(["0 after", "1 still running"]);
    expect(stderr.lines).toHaveLength(1);
    expect(stderr.lines[0]).toMatch(/^Unhandled error in exception handler\ncontext: /);
    expect(stderr.lines[0]).toContain("Error: handler broke");
  });
});

describe("debug mode", () => {
  it("is off by default, can be set, and can start on", () => {
    const loop = virtualLoop();
    expect(loop.getDebug()).toBe(false);
    loop.setDebug(true);
    expect(loop.getDebug()).toBe(true);
    loop.setDebug(false);
    expect(loop.getDebug()).toBe(false);
    loop.close();
    const debugLoop = asyncio.newEventLoop({ clock: new asyncio.VirtualClock(), debug: true });
    expect(debugLoop.getDebug()).toBe(true);
    debugLoop.close();
  });
});

describe("the task factory", () => {
  it("is used by loop.createTask and asyncio.createTask, and null restores the default", async () => {
    const loop = virtualLoop();
    const made: string[] = [];
    const factory: asyncio.TaskFactory = (l, coro, options) => {
      const task = new asyncio.Task(coro, { ...options, loop: l });
      made.push(task.getName());
      return task;
    };
    expect(loop.getTaskFactory()).toBeNull();
    loop.setTaskFactory(factory);
    expect(loop.getTaskFactory()).toBe(factory);
    const main = function* (): Generator<unknown, number, unknown> {
      const child = asyncio.createTask(
        (function* () {
          return 2;
        })(),
        { name: "child" },
      );
      return (yield* child) + 1;
    };
    expect(await loop.runUntilComplete(loop.createTask(main(), { name: "main" }))).toBe(3);
    expect(made).toEqual(["main", "child"]);
    loop.setTaskFactory(null);
    expect(loop.getTaskFactory()).toBeNull();
    await loop.runUntilComplete(loop.createTask((function* () {})(), { name: "plain" }));
    expect(made).toEqual(["main", "child"]);
    loop.close();
  });

  it("refuses a factory that is not a function", () => {
    const loop = virtualLoop();
    expect(() => loop.setTaskFactory(42 as unknown as asyncio.TaskFactory)).toThrow(TypeError);
    loop.close();
  });
});

describe("bad input", () => {
  it("refuses runUntilComplete and runForever on a running loop, and keeps running", async () => {
    const loop = virtualLoop();
    const errors: unknown[] = [];
    const { events, log } = recorder(loop);
    loop.callSoon(() => {
      const future = loop.createFuture();
      loop.runForever().catch((e: unknown) => errors.push(e));
      loop.runUntilComplete(future).catch((e: unknown) => errors.push(e));
    });
    loop.callLater(1, () => {
      log("still running");
      loop.stop();
    });
    await loop.runForever();
    expect(errors.map(describeError)).toEqual([
      "RuntimeError: This event loop is already running",
      "RuntimeError: This event loop is already running",
    ]);
    expect(events).toEqual(["1 still running"]);
    // And it still runs afterwards.
    const future = loop.createFuture<string>();
    loop.callLater(1, () => future.setResult("ok"));
    expect(await loop.runUntilComplete(future)).toBe("ok");
    expect(loop.time()).toBe(2);
    loop.close();
  });

  it("refuses to schedule or run on a closed loop", async () => {
    const loop = virtualLoop();
    loop.close();
    const noop = (): void => {};
    const attempts = [
      () => loop.callSoon(noop),
      () => loop.callLater(1, noop),
      () => loop.callAt(1, noop),
      () => loop.createTask((function* () {})()),
    ];
    for (const attempt of attempts) {
      expect(describeError(thrownBy(attempt))).toBe("RuntimeError: Event loop is closed");
    }
    expect(describeError(await rejectionOf(loop.runForever()))).toBe("RuntimeError: Event loop is closed");
    const other = virtualLoop();
    const future = other.createFuture();
    expect(describeError(await rejectionOf(loop.runUntilComplete(future)))).toBe("RuntimeError: Event loop is closed");
    other.close();
  });

  it("refuses a delay that is not a number with TypeError", async () => {
    const loop = virtualLoop();
    const noop = (): void => {};
    const delays: unknown[] = ["1", null, undefined, {}, 1n];
    for (const delay of delays) {
      expect(thrownBy(() => loop.callLater(delay as number, noop))).toBeInstanceOf(TypeError);
      expect(thrownBy(() => loop.callAt(delay as number, noop))).toBeInstanceOf(TypeError);
    }
    expect(loop._timerCount).toBe(0);
    await expect(loop.runUntilComplete(asyncio.sleep(1, "usable"))).resolves.toBe("usable");
    loop.close();
  });

  it("refuses a delay that is NaN or infinite with ValueError", async () => {
    const loop = virtualLoop();
    const noop = (): void => {};
    for (const delay of [NaN, Infinity, -Infinity]) {
      expect(thrownBy(() => loop.callLater(delay, noop))).toBeInstanceOf(asyncio.ValueError);
      expect(thrownBy(() => loop.callAt(delay, noop))).toBeInstanceOf(asyncio.ValueError);
    }
    expect(loop._timerCount).toBe(0);
    await expect(loop.runUntilComplete(asyncio.sleep(1, "usable"))).resolves.toBe("usable");
    loop.close();
  });

  it("refuses a callback that is not a function with TypeError", () => {
    const loop = virtualLoop();
    const bad = "print" as unknown as () => void;
    expect(thrownBy(() => loop.callSoon(bad))).toBeInstanceOf(TypeError);
    expect(thrownBy(() => loop.callLater(1, bad))).toBeInstanceOf(TypeError);
    expect(thrownBy(() => loop.callAt(1, bad))).toBeInstanceOf(TypeError);
    expect(loop._timerCount).toBe(0);
    loop.close();
  });

  it("refuses a future from another loop in runUntilComplete, and stays usable", async () => {
    const loop = virtualLoop();
    const other = virtualLoop();
    const foreign = other.createFuture();
    const error = await rejectionOf(loop.runUntilComplete(foreign));
    expect(error).toBeInstanceOf(asyncio.ValueError);
    expect(loop.isRunning()).toBe(false);
    await expect(loop.runUntilComplete(asyncio.sleep(1, "usable"))).resolves.toBe("usable");
    loop.close();
    other.close();
  });

  it("refuses to run a second loop while one is running", async () => {
    const loop = virtualLoop();
    const other = virtualLoop();
    let error: unknown;
    loop.callSoon(() => {
      void other.runForever().catch((e: unknown) => (error = e));
      loop.callSoon(() => loop.stop());
    });
    await loop.runForever();
    expect(describeError(error)).toBe("RuntimeError: Cannot run the event loop while another loop is running");
    other.stop();
    await other.runForever();
    loop.close();
    other.close();
  });
});
