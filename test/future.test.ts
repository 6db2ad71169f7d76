// Future (src/future.ts): its states, done callbacks through the loop, both
// ways of awaiting it, and wrapPromise.
import { afterEach, describe, expect, it, vi } from "vitest";
import * as asyncio from "../src/index.js";
import { captureExceptions, describeError, recorder, rejectionOf, thrownBy, virtualLoop, virtualRun } from "./helpers.js";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("Future states", () => {
  it("starts pending: result() and exception() raise InvalidStateError", () => {
    const loop = virtualLoop();
    const future = loop.createFuture<number>();
    expect(future.done()).toBe(false);
    expect(future.cancelled()).toBe(false);
    expect(describeError(thrownBy(() => future.result()))).toBe("InvalidStateError: Result is not set.");
    expect(describeError(thrownBy(() => future.exception()))).toBe("InvalidStateError: Exception is not set.");
    expect(String(future)).toBe("<Future pending>");
    loop.close();
  });

  it("holds a result once set", () => {
    const loop = virtualLoop();
    const future = loop.createFuture<number>();
    future.setResult(42);
    expect(future.done()).toBe(true);
    expect(future.cancelled()).toBe(false);
    expect(future.result()).toBe(42);
    expect(future.exception()).toBeNull();
    expect(String(future)).toBe("<Future finished result=42>");
    loop.close();
  });

  it("holds an exception once set, and result() throws it", () => {
    const loop = virtualLoop();
    const future = loop.createFuture<number>();
    const error = new asyncio.ValueError("v");
    future.setException(error);
    expect(future.done()).toBe(true);
    expect(future.exception()).toBe(error);
    expect(thrownBy(() => future.result())).toBe(error);
    expect(String(future)).toBe("<Future finished exception=ValueError('v')>");
    loop.close();
  });

  it("raises CancelledError with the message from result() and exception() once cancelled", () => {
    const loop = virtualLoop();
    const future = loop.createFuture<number>();
    expect(future.cancel("why")).toBe(true);
    expect(future.cancel("again")).toBe(false);
    expect(future.done()).toBe(true);
    expect(future.cancelled()).toBe(true);
    expect(describeError(thrownBy(() => future.result()))).toBe("CancelledError: why");
    expect(describeError(thrownBy(() => future.exception()))).toBe("CancelledError: why");
    expect(thrownBy(() => future.result())).toBeInstanceOf(asyncio.CancelledError);
    loop.close();
  });

  it("refuses to be completed twice with InvalidStateError", () => {
    const loop = virtualLoop();
    const done = loop.createFuture<number>();
    done.setResult(1);
    const cancelled = loop.createFuture<number>();
    cancelled.cancel();
    for (const future of [done, cancelled]) {
      for (const attempt of [() => future.setResult(2), () => future.setException(new Error("x"))]) {
        const error = thrownBy(attempt);
        expect(error).toBeInstanceOf(asyncio.InvalidStateError);
        expect((error as Error).message).toMatch(/^invalid state/);
      }
      expect(future.cancel()).toBe(false);
    }
    expect(done.result()).toBe(1);
    loop.close();
  });

  it("belongs to the loop that made it", () => {
    const loop = virtualLoop();
    expect(loop.createFuture().getLoop()).toBe(loop);
    expect(new asyncio.Future({ loop }).getLoop()).toBe(loop);
    loop.close();
  });

  it("is recognised by isfuture, and tasks are futures too", async () => {
    await virtualRun(function* () {
      const loop = asyncio.getRunningLoop();
      const task = asyncio.createTask((function* () {})());
      expect([asyncio.isfuture(loop.createFuture()), asyncio.isfuture(task)]).toEqual([true, true]);
      expect([asyncio.isfuture(Promise.resolve()), asyncio.isfuture({ then() {} }), asyncio.isfuture(null)]).toEqual([
        false,
        false,
        false,
      ]);
      yield* task;
    });
  });
});

describe("done callbacks", () => {
  it("run through callSoon, in registration order, with the future", async () => {
    const loop = virtualLoop();
    const { events, log } = recorder(loop);
    const future = loop.createFuture<string>();
    future.addDoneCallback((f) => log(`first ${f.result()}`));
    future.addDoneCallback((f) => log(`second ${f.result()}`));
    loop.callSoon(() => {
      future.setResult("x");
      log("set");
      loop.callSoon(log, "scheduled after the set");
    });
    loop.callLater(1, () => loop.stop());
    await loop.runForever();
    expect(events).toEqual(["0 set", "0 first x", "0 second x", "0 scheduled after the set"]);
    loop.close();
  });

  it("run through callSoon when added to a future that is already done", async () => {
    const loop = virtualLoop();
    const { events, log } = recorder(loop);
    const future = loop.createFuture<string>();
    future.setResult("x");
    loop.callSoon(() => {
      future.addDoneCallback(() => log("late callback"));
      log("added");
      future.addDoneCallback(() => log("later callback"));
    });
    loop.callLater(1, () => loop.stop());
    await loop.runForever();
    expect(events).toEqual(["0 added", "0 late callback", "0 later callback"]);
    loop.close();
  });

  it("run for an exception and for cancellation too", async () => {
    const loop = virtualLoop();
    const { events, log } = recorder(loop);
    const failed = loop.createFuture();
    const cancelled = loop.createFuture();
    failed.addDoneCallback((f) => log(`failed ${describeError(f.exception())}`));
    cancelled.addDoneCallback((f) => log(`cancelled ${f.cancelled()}`));
    loop.callLater(1, () => failed.setException(new Error("e")));
    loop.callLater(2, () => cancelled.cancel());
    loop.callLater(3, () => loop.stop());
    await loop.runForever();
    expect(events).toEqual(["1 failed Error: e", "2 cancelled true"]);
    loop.close();
  });

  it("are removed by removeDoneCallback, which counts every registration", async () => {
    const loop = virtualLoop();
    const { events, log } = recorder(loop);
    const future = loop.createFuture();
    const removed = (): void => log("removed one ran");
    future.addDoneCallback(removed);
    future.addDoneCallback(() => log("kept"));
    future.addDoneCallback(removed);
    expect(future.removeDoneCallback(removed)).toBe(2);
    expect(future.removeDoneCallback(removed)).toBe(0);
    future.setResult(null);
    expect(future.removeDoneCallback(() => {})).toBe(0);
    loop.callSoon(() => loop.stop());
    await loop.runForever();
    expect(events).toEqual(["0 kept"]);
    loop.close();
  });

  it("send an error thrown by a callback to the exception handler, and the others still run", async () => {
    const loop = virtualLoop();
    const contexts = captureExceptions(loop);
    const { events, log } = recorder(loop);
    const future = loop.createFuture();
    const error = new Error("callback failed");
    future.addDoneCallback(function failing() {
      throw error;
    });
    future.addDoneCallback(() => log("second"));
    future.setResult(1);
    loop.callSoon(() => loop.stop());
    await loop.runForever();
    expect(events).toEqual(["0 second"]);
    expect(contexts.map((c) => [c.message, c.exception])).toEqual([
      ["Exception in callback failing(<Future finished result=1>)", error],
    ]);
    loop.close();
  });
});

describe("awaiting a Future", () => {
  it("with await, resumes the task one iteration after the future's callbacks run", async () => {
    const { result, time } = await virtualRun(async () => {
      const loop = asyncio.getRunningLoop();
      const { events, log } = recorder();
      const future = loop.createFuture<string>();
      future.addDoneCallback(() => {
        log("callback");
        loop.callSoon(log, "callSoon from the callback");
      });
      loop.callLater(1, () => future.setResult("value"));
      log(`awaited ${await future}`);
      return events;
    });
    expect(result).toEqual(["1 callback", "1 awaited value", "1 callSoon from the callback"]);
    expect(time).toBe(1);
  });

  it("with yield*, yields itself to the task and returns the result", async () => {
    const { result } = await virtualRun(function* () {
      const loop = asyncio.getRunningLoop();
      const future = loop.createFuture<number>();
      loop.callLater(2, () => future.setResult(7));
      const value: number = yield* future;
      return [value, loop.time()];
    });
    expect(result).toEqual([7, 2]);
  });

  it("hands back the very iterator step that yields the future itself", () => {
    const loop = virtualLoop();
    const future = loop.createFuture<number>();
    const iterator = future[Symbol.iterator]();
    // (Compared field by field: a Future is iterable, and deep equality would iterate it.)
    const first = iterator.next();
    expect([first.done, first.value === future]).toEqual([false, true]);
    future.setResult(3);
    expect(iterator.next()).toEqual({ done: true, value: 3 });
    loop.close();
  });

  it("throws the future's exception and CancelledError into the awaiting coroutine", async () => {
    const { result } = await virtualRun(async () => {
      const loop = asyncio.getRunningLoop();
      const failed = loop.createFuture();
      const cancelled = loop.createFuture();
      const error = new Error("failed");
      loop.callLater(1, () => failed.setException(error));
      loop.callLater(2, () => cancelled.cancel("stop"));
      const outcomes = [await rejectionOf(failed), await rejectionOf(cancelled)];
      return [outcomes[0] === error, describeError(outcomes[1]), loop.time()];
    });
    expect(result).toEqual([true, "CancelledError: stop", 2]);
  });

  it("returns at once, without yielding to the loop, when the future is already done", async () => {
    const { result } = await virtualRun(function* () {
      const loop = asyncio.getRunningLoop();
      const { events, log } = recorder();
      const future = loop.createFuture<number>();
      future.setResult(1);
      loop.callSoon(log, "other callback");
      const value = yield* future;
      log(`got ${value}`);
      yield* asyncio.sleep(0);
      return events;
    });
    expect(result).toEqual(["0 got 1", "0 other callback"]);
  });
});

describe("an exception nobody retrieved", () => {
  it("is reported when the loop closes", () => {
    const loop = virtualLoop();
    const contexts = captureExceptions(loop);
    const retrieved = loop.createFuture();
    const ignored = loop.createFuture();
    const error = new Error("never looked at");
    retrieved.setException(new Error("looked at"));
    ignored.setException(error);
    retrieved.exception();
    loop.close();
    expect(contexts.map((c) => [c.message, c.exception === error, c.future === ignored])).toEqual([
      ["Future exception was never retrieved", true, true],
    ]);
  });
});

describe("wrapPromise", () => {
  it("resolves with the promise's value", async () => {
    const { result } = await virtualRun(async () => {
      const future = asyncio.wrapPromise(Promise.resolve("hello"));
      expect(future).toBeInstanceOf(asyncio.Future);
      return await future;
    });
    expect(result).toBe("hello");
  });

  it("fails with the promise's rejection", async () => {
    const error = new Error("rejected");
    const { result } = await virtualRun(async () => rejectionOf(asyncio.wrapPromise(Promise.reject(error))));
    expect(result).toBe(error);
  });

  it("accepts any thenable", async () => {
    const thenable: PromiseLike<number> = {
      then(onFulfilled) {
        return Promise.resolve(onFulfilled ? onFulfilled(5) : 5) as never;
      },
    };
    const { result } = await virtualRun(async () => await asyncio.wrapPromise(thenable));
    expect(result).toBe(5);
  });

  it("aborts the signal it gave to the work when the future is cancelled (function form)", async () => {
    const { result } = await virtualRun(async () => {
      let signal: AbortSignal | null = null;
      const future = asyncio.wrapPromise(
        (s) =>
          new Promise<string>((resolve, reject) => {
            signal = s;
            const timer = setTimeout(() => resolve("too late"), 60_000);
            s.addEventListener("abort", () => {
              clearTimeout(timer);
              reject(s.reason as Error);
            });
          }),
      );
      asyncio.getRunningLoop().callSoon(() => future.cancel("enough"));
      const error = await rejectionOf(future);
      const aborted = signal as AbortSignal | null;
      return [describeError(error), aborted?.aborted, describeError(aborted?.reason)];
    });
    expect(result).toEqual(["CancelledError: enough", true, "CancelledError: enough"]);
  });

  it("aborts the caller's controller when the future is cancelled ({ abort })", async () => {
    const { result } = await virtualRun(async () => {
      const controller = new AbortController();
      const work = new Promise<string>((resolve) => {
        const timer = setTimeout(() => resolve("too late"), 60_000);
        controller.signal.addEventListener("abort", () => clearTimeout(timer));
      });
      const future = asyncio.wrapPromise(work, { abort: controller });
      const task = asyncio.createTask(
        (async () => {
          await future;
        })(),
      );
      // Virtual time holds still while the foreign work is in flight, so
      // cancel without waiting for time to pass.
      await asyncio.sleep(0);
      task.cancel();
      await rejectionOf(task);
      return [controller.signal.aborted, future.cancelled(), task.cancelled(), asyncio.getRunningLoop().time()];
    });
    expect(result).toEqual([true, true, true, 0]);
  });

  it("does not abort when the future completes normally", async () => {
    const { result } = await virtualRun(async () => {
      const controller = new AbortController();
      const value = await asyncio.wrapPromise(Promise.resolve(1), { abort: controller });
      return [value, controller.signal.aborted];
    });
    expect(result).toEqual([1, false]);
  });

  it("refuses something that is not a promise with TypeError", () => {
    const loop = virtualLoop();
    expect(thrownBy(() => asyncio.wrapPromise(42 as unknown as Promise<number>, { loop }))).toBeInstanceOf(TypeError);
    expect(thrownBy(() => asyncio.wrapPromise((() => 42) as unknown as () => Promise<number>, { loop }))).toBeInstanceOf(
      TypeError,
    );
    loop.close();
  });
});
