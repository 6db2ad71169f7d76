// gather (src/gather.ts): results in order, errors, cancellation, and size.
import { describe, expect, it } from "vitest";
import * as asyncio from "../src/index.js";
import { describeError, recorder, rejectionOf, thrownBy, virtualLoop, virtualRun } from "./helpers.js";

describe("gather", () => {
  it("resolves to the results in the order given, not the order they finish", async () => {
    const { result, time } = await virtualRun(async () => {
      return await asyncio.gather(asyncio.sleep(3, "slow"), asyncio.sleep(1, "fast"), asyncio.sleep(2, "middle"));
    });
    expect(result).toEqual(["slow", "fast", "middle"]);
    expect(time).toBe(3);
  });

  it("accepts one array of awaitables, and mixes futures, tasks and coroutines", async () => {
    const { result } = await virtualRun(async () => {
      const loop = asyncio.getRunningLoop();
      const future = loop.createFuture<number>();
      loop.callLater(1, () => future.setResult(1));
      const task = asyncio.createTask(asyncio.sleep(2, 2));
      const generator = (function* () {
        yield* asyncio.sleep(1);
        return 3;
      })();
      const native = (async () => 4)();
      const lazy = asyncio.coroutine(async function five() {
        return 5;
      })();
      return await asyncio.gather([future, task, generator, native, lazy]);
    });
    expect(result).toEqual([1, 2, 3, 4, 5]);
  });

  it("resolves to an empty list with nothing to gather", async () => {
    const { result } = await virtualRun(async () => [await asyncio.gather(), await asyncio.gather([])]);
    expect(result).toEqual([[], []]);
  });

  it("awaits the same awaitable once and lists its result in each place", async () => {
    const { result } = await virtualRun(async () => {
      const task = asyncio.createTask(asyncio.sleep(1, "x"));
      return await asyncio.gather(task, task, asyncio.sleep(0, "y"), task);
    });
    expect(result).toEqual(["x", "x", "y", "x"]);
  });

  it("awaits a done future or a coroutine passed more than once once, wherever the repeats are", async () => {
    const { result } = await virtualRun(async () => {
      const loop = asyncio.getRunningLoop();
      const done = loop.createFuture<string>();
      done.setResult("d");
      const pending = loop.createFuture<string>();
      loop.callLater(1, () => pending.setResult("p"));
      let runs = 0;
      const body = asyncio.coroutine(function* body(): Generator<unknown, string, unknown> {
        runs++;
        yield* asyncio.sleep(0);
        return "c";
      });
      const coro = body();
      const gen = (function* (): Generator<unknown, string, unknown> {
        runs++;
        return "g";
      })();
      const results = await asyncio.gather(done, pending, coro, done, gen, pending, coro, gen, done);
      return { results, runs };
    });
    expect(result).toEqual({ results: ["d", "p", "c", "d", "g", "p", "c", "g", "d"], runs: 2 });
  });

  it("resolves two iterations after its last child, as in CPython", async () => {
    const { result } = await virtualRun(function* () {
      const { events, log } = recorder();
      const child = asyncio.coroutine(function* child(n: number): Generator<unknown, number, unknown> {
        log(`child ${n}`);
        return n;
      });
      const watcher = asyncio.createTask(
        (function* () {
          for (let i = 0; i < 6; i++) {
            log(`tick ${i}`);
            yield* asyncio.sleep(0);
          }
        })(),
      );
      const results = yield* asyncio.gather(child(1), child(2));
      log(`gathered ${results.join(",")}`);
      yield* watcher;
      return events;
    });
    expect(result).toEqual([
      "0 tick 0",
      "0 child 1",
      "0 child 2",
      "0 tick 1",
      "0 tick 2",
      "0 gathered 1,2",
      "0 tick 3",
      "0 tick 4",
      "0 tick 5",
    ]);
  });

  it("fails with the first error, and the other children keep running", async () => {
    const { result } = await virtualRun(async () => {
      const { events, log } = recorder();
      const other = asyncio.createTask(
        (async () => {
          await asyncio.sleep(2);
          log("other finished");
        })(),
      );
      const failing = (async () => {
        await asyncio.sleep(1);
        throw new asyncio.ValueError("first");
      })();
      const error = await rejectionOf(asyncio.gather(failing, other));
      log(describeError(error));
      await other;
      return events;
    });
    expect(result).toEqual(["1 ValueError: first", "2 other finished"]);
  });

  it("puts errors in the result list with returnExceptions", async () => {
    const { result } = await virtualRun(async () => {
      const error = new asyncio.ValueError("x");
      const results = await asyncio.gather(
        (async () => {
          throw error;
        })(),
        asyncio.sleep(1, 3),
        { returnExceptions: true },
      );
      return [results[0] === error, results[1]];
    });
    expect(result).toEqual([true, 3]);
  });

  it("lists a cancelled child as a CancelledError with returnExceptions", async () => {
    const { result } = await virtualRun(async () => {
      const loop = asyncio.getRunningLoop();
      const future = loop.createFuture();
      loop.callLater(1, () => future.cancel());
      const results = await asyncio.gather([future, asyncio.sleep(2, "ok")], { returnExceptions: true });
      return results.map((r) => (r instanceof Error ? describeError(r) : r));
    });
    expect(result).toEqual(["CancelledError: ", "ok"]);
  });

  it("fails with CancelledError when a child is cancelled, without returnExceptions", async () => {
    const { result } = await virtualRun(async () => {
      const task = asyncio.createTask(asyncio.sleep(10));
      asyncio.getRunningLoop().callLater(1, () => task.cancel("child cancelled"));
      return describeError(await rejectionOf(asyncio.gather(task, asyncio.sleep(5))));
    });
    expect(result).toBe("CancelledError: child cancelled");
  });

  it("cancels every child when the gather is cancelled, and then fails with CancelledError", async () => {
    const { result } = await virtualRun(async () => {
      const { events, log } = recorder();
      const child = asyncio.coroutine(async function child(name: string) {
        try {
          await asyncio.sleep(10);
        } catch (error) {
          log(`${name} ${describeError(error)}`);
          throw error;
        }
      });
      const gathering = asyncio.gather(child("a"), child("b"));
      await asyncio.sleep(1);
      log(`cancel returned ${gathering.cancel("enough")}`);
      log(`gather raised ${describeError(await rejectionOf(gathering))}`);
      log(`cancel again returned ${gathering.cancel()}`);
      return events;
    });
    expect(result).toEqual([
      "1 cancel returned true",
      "1 a CancelledError: enough",
      "1 b CancelledError: enough",
      "1 gather raised CancelledError: enough",
      "1 cancel again returned false",
    ]);
  });

  it("cancels every native async child when the gather is cancelled", async () => {
    const { result } = await virtualRun(async () => {
      const { events, log } = recorder();
      const child = async (name: string): Promise<void> => {
        try {
          await asyncio.sleep(10);
          log(`${name} slept`);
        } catch (error) {
          log(`${name} ${describeError(error)}`);
          throw error;
        }
      };
      const gathering = asyncio.gather(child("a"), child("b"));
      await asyncio.sleep(1);
      gathering.cancel();
      await rejectionOf(gathering);
      await asyncio.sleep(20);
      return events;
    });
    expect(result).toEqual(["1 a CancelledError: ", "1 b CancelledError: "]);
  });

  it("cancels its children when the task awaiting it is cancelled", async () => {
    const { result } = await virtualRun(async () => {
      const children = [asyncio.createTask(asyncio.sleep(10)), asyncio.createTask(asyncio.sleep(10))];
      const waiter = asyncio.createTask(
        (async () => {
          await asyncio.gather(children);
        })(),
      );
      await asyncio.sleep(1);
      waiter.cancel();
      await rejectionOf(waiter);
      return [waiter.cancelled(), ...children.map((c) => c.cancelled())];
    });
    expect(result).toEqual([true, true, true]);
  });

  it("gathers 100,000 tasks passed as one array", async () => {
    const { result, time } = await virtualRun(async () => {
      const tasks: asyncio.Task<number>[] = [];
      for (let i = 0; i < 100_000; i++) tasks.push(asyncio.createTask(asyncio.sleep(i % 7, i)));
      const results = await asyncio.gather(tasks);
      return [results.length, results[0], results[99_999], results.every((r, i) => r === i)];
    });
    expect(result).toEqual([100_000, 0, 99_999, true]);
    expect(time).toBe(6);
  });

  it("refuses something that is not awaitable with TypeError naming it, and the loop goes on", async () => {
    const { result } = await virtualRun(async () => {
      const error = thrownBy(() => asyncio.gather(asyncio.sleep(1), 42 as unknown as asyncio.Future<number>));
      await asyncio.sleep(1);
      return describeError(error);
    });
    expect(result).toMatch(/^TypeError: An asyncio.Future, a coroutine or an awaitable is required.*42/);
  });

  it("refuses futures from two different loops with ValueError", () => {
    const one = virtualLoop();
    const two = virtualLoop();
    expect(thrownBy(() => asyncio.gather(one.createFuture(), two.createFuture()))).toBeInstanceOf(asyncio.ValueError);
    one.close();
    two.close();
  });
});
