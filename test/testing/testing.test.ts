// The asyncio-ts/testing entry point itself: runVirtual, record,
// expectTrace and fuzzSchedules, used the way a user's test would.
import { AssertionError } from "node:assert";
import { describe, expect, it } from "vitest";
import * as asyncio from "asyncio-ts";
import { expectTrace, formatEvent, fuzzSchedules, record, runVirtual, type TestContext } from "asyncio-ts/testing";

describe("runVirtual", () => {
  it("returns the result, the final loop time and the recorded trace", async () => {
    const run = await runVirtual(async ({ record }) => {
      record("start");
      await asyncio.sleep(1.5);
      record("end");
      return 42;
    });
    expect(run.result).toBe(42);
    expect(run.time).toBe(1.5);
    expect(run.trace).toEqual([
      { time: 0, task: "main", what: "start" },
      { time: 1.5, task: "main", what: "end" },
    ]);
    expect(run.lines).toEqual(["0 main: start", "1.5 main: end"]);
    expect(run.loop.isClosed()).toBe(true);
  });

  it("numbers unnamed tasks afresh for each run, so traces do not depend on what ran before", async () => {
    const program = async (): Promise<void> => {
      const child = async (): Promise<void> => {
        await asyncio.sleep(1);
        record("child done");
      };
      await asyncio.gather(asyncio.createTask(child()), asyncio.createTask(child()));
    };
    const first = await runVirtual(program);
    const second = await runVirtual(program);
    expect(first.lines).toEqual(["1 Task-1: child done", "1 Task-2: child done"]);
    expect(second.lines).toEqual(first.lines);
  });

  it("stamps events recorded outside any task with the time alone", async () => {
    const run = await runVirtual(async ({ loop, record }) => {
      loop.callLater(2, () => record("timer fired"));
      await asyncio.sleep(3);
    });
    expect(run.lines).toEqual(["2 timer fired"]);
  });

  it("takes a coroutine as well as a coroutine function", async () => {
    const lazy = asyncio.coroutine(async () => {
      await asyncio.sleep(2);
      record("lazy");
      return "lazy";
    });
    function* generator(): Generator<unknown, string, unknown> {
      yield* asyncio.sleep(3);
      record("generator");
      return "generator";
    }
    expect((await runVirtual(lazy())).lines).toEqual(["2 main: lazy"]);
    expect((await runVirtual(generator())).result).toBe("generator");
  });

  it("cancels leftover tasks at the end, which may still record how they end", async () => {
    const run = await runVirtual(async ({ record }) => {
      void asyncio.createTask(
        (async () => {
          try {
            await asyncio.sleep(100);
          } finally {
            record("leftover cleaned up");
          }
        })(),
        { name: "leftover" },
      );
      await asyncio.sleep(1);
      return "main done";
    });
    expect(run.lines).toEqual(["1 leftover: leftover cleaned up"]);
  });

  it("passes the program's error through", async () => {
    await expect(
      runVirtual(async () => {
        await asyncio.sleep(1);
        throw new asyncio.ValueError("bad input");
      }),
    ).rejects.toThrow("bad input");
  });

  it("refuses record() outside a run", () => {
    expect(() => record("nowhere")).toThrow(asyncio.RuntimeError);
  });

  it("also records what the loop does, when asked", async () => {
    const run = await runVirtual(async () => asyncio.sleep(1), { loopTrace: true });
    expect(run.loopTrace?.events.length).toBeGreaterThan(0);
    expect(run.loopTrace?.tasks.map((task) => task.name)).toContain("main");
    expect((await runVirtual(async () => undefined)).loopTrace).toBeNull();
  });
});

describe("expectTrace", () => {
  const trace = [
    { time: 0, task: "main", what: "start" },
    { time: 1, task: "worker-1", what: "got 1" },
    { time: 2, task: null, what: "tick" },
    { time: 3, task: "main", what: "done" },
  ];

  it("accepts the same sequence, given as lines, patterns or fields", () => {
    expectTrace(trace, ["0 main: start", "1 worker-1: got 1", "2 tick", "3 main: done"]);
    expectTrace(trace, ["0 main: start", /^1 worker-\d: got 1$/, { time: 2, task: null }, { what: "done" }]);
    expectTrace(trace.map(formatEvent), ["0 main: start", "1 worker-1: got 1", "2 tick", "3 main: done"]);
  });

  it("fails at the first mismatch with an AssertionError that carries both sequences", () => {
    let error: unknown;
    try {
      expectTrace(trace, ["0 main: start", "1 worker-2: got 1", "2 tick", "3 main: done"]);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(AssertionError);
    const failure = error as AssertionError;
    expect(failure.message).toBe('trace mismatch at event 1: got "1 worker-1: got 1", expected 1 worker-2: got 1');
    expect(failure.actual).toEqual(["0 main: start", "1 worker-1: got 1", "2 tick", "3 main: done"]);
    expect(failure.expected).toEqual(["0 main: start", "1 worker-2: got 1", "2 tick", "3 main: done"]);
  });

  it("fails when the trace is longer or shorter than expected", () => {
    expect(() => expectTrace(trace, ["0 main: start"])).toThrow(
      'trace mismatch: 3 more event(s) than expected, from "1 worker-1: got 1"',
    );
    expect(() => expectTrace(trace.slice(0, 1), ["0 main: start", "1 worker-1: got 1"])).toThrow(
      "trace mismatch: the trace ends after 1 event(s), expected 1 worker-1: got 1 next",
    );
  });

  it("checks only order with { subsequence: true }", () => {
    expectTrace(trace, ["0 main: start", "3 main: done"], { subsequence: true });
    expect(() => expectTrace(trace, ["3 main: done", "0 main: start"], { subsequence: true })).toThrow(
      "trace mismatch: expected event 1 (0 main: start) was not found in order after the ones before it",
    );
  });

  it("accepts a whole run", async () => {
    const run = await runVirtual(async ({ record }) => record("hello"));
    expectTrace(run, ["0 main: hello"]);
  });
});

describe("fuzzSchedules", () => {
  /** Three tasks that wake at the same instant: any order is correct. */
  async function race({ record }: TestContext): Promise<void> {
    const runner = (name: string) => async (): Promise<void> => {
      await asyncio.sleep(1);
      record(name);
    };
    await asyncio.gather(...["a", "b", "c"].map((name) => asyncio.createTask(runner(name)(), { name })));
  }

  it("runs once per seed and returns each run with its seed, which replays it", async () => {
    const runs = await fuzzSchedules(race, { seeds: [3, 4, 5] });
    expect(runs.map((run) => run.seed)).toEqual([3, 4, 5]);
    for (const run of runs) {
      expect([...run.lines].sort()).toEqual(["1 a: a", "1 b: b", "1 c: c"]);
      expect((await runVirtual(race, { shuffle: run.seed })).lines).toEqual(run.lines);
    }
  });
});
