// What `then` of a library awaitable returns (src/thenresult.ts): called by
// hand, as `future.then(callback)`, it behaves as a promise's `then` would.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as asyncio from "../src/index.js";
import { describeError, virtualLoop, virtualRun } from "./helpers.js";
import { watchUnhandledRejections } from "./reliability/support.js";

/** Rejections Node reports as unhandled while a test runs. */
let rejections: ReturnType<typeof watchUnhandledRejections>;
beforeEach(() => {
  rejections = watchUnhandledRejections();
});
afterEach(() => {
  rejections.stop();
});

/** Lets Node run its microtasks and report unhandled rejections. */
function nodeTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

describe("future.then by hand", () => {
  it("chains: the callback's result, then the next callback's", async () => {
    const { result } = await virtualRun(async () => {
      const future = asyncio.getRunningLoop().createFuture<number>();
      asyncio.getRunningLoop().callLater(1, () => future.setResult(20));
      return await future.then((n) => n + 1).then((n) => n * 2);
    });
    expect(result).toBe(42);
  });

  it("calls the callback of a future that is done already one job later, not inside then", async () => {
    const loop = virtualLoop();
    const future = loop.createFuture<string>();
    future.setResult("done");
    const order: string[] = [];
    const chained = future.then((value) => order.push(`callback ${value}`));
    order.push("after then");
    await chained;
    expect(order).toEqual(["after then", "callback done"]);
    loop.close();
  });

  it("runs callbacks of done futures in the jobs a promise's would, between other jobs, chained on or not", async () => {
    // The same calls on done promises and on done futures must log the same.
    async function run(make: (value: string, failed: boolean) => PromiseLike<string>): Promise<string[]> {
      const order: string[] = [];
      const log = (what: string) => () => order.push(what);
      const a = make("a", false);
      const b = make("b", true);
      const c = make("c", false);
      const chained = a.then((value) => order.push(`then ${value}`));
      void Promise.resolve().then(log("job 1"));
      b.then(
        () => order.push("b fulfilled?"),
        (error: unknown) => order.push(`then failed ${String(error)}`),
      );
      void Promise.resolve().then(log("job 2"));
      const fromC = c.then((value) => `${value}!`);
      void fromC.then((value) => order.push(`chained ${value}`));
      void Promise.resolve().then(log("job 3"));
      order.push("sync end");
      await chained;
      await fromC;
      await new Promise((resolve) => setImmediate(resolve));
      return order;
    }
    const loop = virtualLoop();
    const futures = await run((value, failed) => {
      const future = loop.createFuture<string>();
      if (failed) future.setException(new Error(value));
      else future.setResult(value);
      return future;
    });
    loop.close();
    const promises = await run((value, failed) => (failed ? Promise.reject(new Error(value)) : Promise.resolve(value)));
    expect(futures).toEqual(promises);
    expect(futures.slice(0, 5)).toEqual(["sync end", "then a", "job 1", "then failed Error: b", "job 2"]);
  });

  it("adopts a promise the callback returns", async () => {
    const loop = virtualLoop();
    const future = loop.createFuture<number>();
    future.setResult(1);
    const value = await future.then((n) => new Promise<number>((resolve) => setImmediate(() => resolve(n + 1))));
    expect(value).toBe(2);
    loop.close();
  });

  it("rejects the chain with what the callback throws, for catch and finally to see", async () => {
    const loop = virtualLoop();
    const future = loop.createFuture<number>();
    future.setResult(1);
    const seen: string[] = [];
    const result = future
      .then(() => {
        throw new asyncio.ValueError("bad");
      })
      .then(
        () => "not reached",
        (error: unknown) => describeError(error),
      );
    seen.push(await result);
    expect(seen).toEqual(["ValueError: bad"]);
    loop.close();
  });

  it("passes a failure on to the second callback, or down the chain when there is none", async () => {
    const loop = virtualLoop();
    const failed = loop.createFuture<number>();
    failed.setException(new asyncio.ValueError("inner"));
    const handled = await failed.then(
      () => "fulfilled",
      (error: unknown) => `handled ${describeError(error)}`,
    );
    const passedOn = await failed
      .then((n) => n + 1)
      .then(
        () => "fulfilled",
        (error: unknown) => `passed on ${describeError(error)}`,
      );
    expect([handled, passedOn]).toEqual(["handled ValueError: inner", "passed on ValueError: inner"]);
    failed.exception();
    loop.close();
  });

  it("has catch and finally at run time, as the promise it stands for", async () => {
    const loop = virtualLoop();
    const future = loop.createFuture<number>();
    future.setException(new asyncio.ValueError("oops"));
    const chained = future.then((n) => n) as unknown as Promise<number>;
    const steps: string[] = [];
    const caught = await chained.catch((error: unknown) => describeError(error)).finally(() => steps.push("finally"));
    expect([caught, steps]).toEqual(["ValueError: oops", ["finally"]]);
    future.exception();
    loop.close();
  });

  it("reports a failed callback nobody chained on as an unhandled rejection, as a promise would", async () => {
    const loop = virtualLoop();
    const future = loop.createFuture<number>();
    future.setResult(1);
    void future.then(() => {
      throw new asyncio.ValueError("lost?");
    });
    await nodeTurn();
    await nodeTurn();
    expect(rejections.reasons.map(describeError)).toEqual(["ValueError: lost?"]);
    loop.close();
  });

  it("reports nothing when the callbacks succeed and nobody chains", async () => {
    const { result } = await virtualRun(async () => {
      const future = asyncio.getRunningLoop().createFuture<number>();
      let seen = 0;
      void future.then((n) => {
        seen = n;
      });
      future.setResult(7);
      await asyncio.sleep(0);
      await asyncio.sleep(0);
      return seen;
    });
    await nodeTurn();
    expect([result, rejections.reasons]).toEqual([7, []]);
  });

  it("inside a task is not an await of that task: cancelling the task cancels what it really awaits", async () => {
    const { result } = await virtualRun(async () => {
      const loop = asyncio.getRunningLoop();
      const events: string[] = [];
      const watched = loop.createFuture<number>();
      const pending = loop.createFuture<number>();
      pending.setResult(1);
      const worker = asyncio.createTask(
        asyncio.coroutine(async () => {
          // By hand, with one callback, on a pending future and on a done one.
          void watched.then((n) => events.push(`${loop.time()} watched ${n}`));
          void pending.then((n) => events.push(`${loop.time()} done one ${n}`));
          try {
            await asyncio.sleep(10);
            events.push(`${loop.time()} worker slept on`);
          } catch (error) {
            events.push(`${loop.time()} worker ${describeError(error)}`);
            throw error;
          }
        })(),
      );
      await asyncio.sleep(1);
      worker.cancel();
      try {
        await worker;
      } catch (error) {
        events.push(`${loop.time()} main saw ${describeError(error)}`);
      }
      events.push(`${loop.time()} watched cancelled: ${watched.cancelled()}`);
      loop.callLater(1, () => watched.setResult(5));
      await asyncio.sleep(2);
      return events;
    });
    expect(result).toEqual([
      "0 done one 1",
      "1 worker CancelledError: ",
      "1 main saw CancelledError: ",
      "1 watched cancelled: false",
      "2 watched 5",
    ]);
  });

  it("read but never called inside a task, as a thenable check does, leaves turns and order alone", async () => {
    const { result } = await virtualRun(asyncio.coroutine(async () => {
      const loop = asyncio.getRunningLoop();
      const main = asyncio.currentTask()?.getName();
      const seen: string[] = [];
      const isThenable = (value: unknown): boolean => typeof (value as { then?: unknown }).then === "function";
      const worker = async (name: string): Promise<void> => {
        await asyncio.sleep(0);
        // Checked, then awaited: two reads of `then`, one call.
        const pause = asyncio.sleep(0.5);
        if (isThenable(pause)) await pause;
        for (let i = 0; i < 2; i++) {
          await asyncio.sleep(0);
          seen.push(`${name}${i} in ${asyncio.currentTask()?.getName() ?? "no task"} at ${loop.time()}`);
        }
      };
      const tasks = [asyncio.createTask(worker("a"), { name: "A" }), asyncio.createTask(worker("b"), { name: "B" })];
      // Checked, never awaited.
      seen.push(`main checks: ${isThenable(loop.createFuture())}`);
      await asyncio.gather(tasks);
      seen.push(`main goes on in ${asyncio.currentTask()?.getName() === main ? "main" : "another task"}`);
      return seen;
    }));
    expect(result).toEqual([
      "main checks: true",
      "a0 in A at 0.5",
      "b0 in B at 0.5",
      "a1 in A at 0.5",
      "b1 in B at 0.5",
      "main goes on in main",
    ]);
  });

  it("works with Promise.all and Promise.resolve, which call then as await does", async () => {
    const { result } = await virtualRun(async () => {
      const loop = asyncio.getRunningLoop();
      const a = loop.createFuture<string>();
      const b = asyncio.createTask(
        (async () => {
          await asyncio.sleep(2);
          return "b";
        })(),
      );
      loop.callLater(1, () => a.setResult("a"));
      return await Promise.all([a, b, Promise.resolve(asyncio.sleep(3, "c"))]);
    });
    expect(result).toEqual(["a", "b", "c"]);
  });
});
