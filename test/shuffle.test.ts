// Determinism and seeded schedule fuzzing (src/shuffle.ts, the `shuffle`
// option of run/Runner/EventLoop): off, a program gives CPython's trace on
// every run; with a seed, the callbacks ready in the same pass run in an
// order drawn from the seed, the same order for the same seed.
import { describe, expect, it } from "vitest";
import * as asyncio from "asyncio-ts";
import { expectTrace, fuzzSchedules, runVirtual, type TestContext } from "asyncio-ts/testing";
import { workshop } from "./testing/workshop.js";

/** The workshop's trace on CPython 3.13 (printed by test/testing/workshop.py). */
const CPYTHON_TRACE = [
  "0 producer: queued job 1",
  "0 producer: queued job 2",
  "0 w1: took job 1",
  "0 w2: took job 2",
  "0 producer: queued job 3",
  "0 w3: took job 3",
  "0.1 w3: finished job 3",
  "0.2 w1: finished job 1",
  "0.25 producer: queued job 4",
  "0.25 producer: queued job 5",
  "0.25 w3: took job 4",
  "0.25 w1: took job 5",
  "0.25 producer: queued job 6",
  "0.30000000000000004 w2: finished job 2",
  "0.30000000000000004 w2: took job 6",
  "0.4 w2: finished job 6",
  "0.45 w3: finished job 4",
  "0.5 producer: queued job 7",
  "0.5 producer: queued job 8",
  "0.5 w2: took job 7",
  "0.5 w3: took job 8",
  "0.7 w2: finished job 7",
  "0.75 w1: job 5 timed out",
  "0.8 w3: finished job 8",
  "0.8 producer: all jobs processed",
  "0.8 watchdog: closing",
  "0.8 w1: cancelled",
  "0.8 w2: cancelled",
  "0.8 w3: cancelled",
  "0.8 watchdog: workers ended: cancelled, cancelled, cancelled",
];

/** A whole run as one string: what "byte-identical" compares. */
async function traceOf(options: { shuffle?: number } = {}): Promise<string> {
  const run = await runVirtual(workshop, options);
  return JSON.stringify({ trace: run.trace, result: run.result, time: run.time });
}

describe("without shuffle", () => {
  it("runs the workshop (tasks, a lock, a bounded queue, timeouts, cancellations) in CPython's order", async () => {
    const run = await runVirtual(workshop);
    expectTrace(run, CPYTHON_TRACE);
    expect(run.result.ledger).toBe(31);
    expect(run.time).toBe(0.8);
  });

  it("produces a byte-identical trace on 100 runs", async () => {
    const first = await traceOf();
    for (let i = 0; i < 99; i++) expect(await traceOf()).toBe(first);
  });
});

describe("with a shuffle seed", () => {
  it("produces the same trace for the same seed", async () => {
    for (const seed of [1, 2, 42, 2 ** 40 + 3]) {
      const first = await traceOf({ shuffle: seed });
      expect(await traceOf({ shuffle: seed })).toBe(first);
      expect(await traceOf({ shuffle: seed })).toBe(first);
    }
  });

  it("produces different traces across seeds, each a correct run of the program", async () => {
    const runs = await fuzzSchedules(workshop, {
      seeds: 20,
      // Whatever the order, the primitives keep their promises.
      check: (run) => {
        expect(run.result.ledger).toBe(31);
        expect(run.result.outcomes).toHaveLength(8);
        expect(run.time).toBe(0.8);
      },
    });
    const distinct = new Set(runs.map((run) => run.lines.join("\n")));
    expect(distinct.size).toBeGreaterThan(10);
    expect(runs[0].lines).not.toEqual(runs[1].lines);
  });

  it("only reorders the callbacks of one pass: each runs exactly once, the order repeats with the seed", async () => {
    const order = async (shuffle: number | null): Promise<number[]> => {
      const loop = new asyncio.EventLoop({ clock: new asyncio.VirtualClock(), shuffle });
      const ran: number[] = [];
      for (let i = 0; i < 10; i++) loop.callSoon(() => ran.push(i));
      loop.callSoon(() => loop.callSoon(() => loop.stop()));
      await loop.runForever();
      loop.close();
      return ran;
    };
    const fifo = await order(null);
    expect(fifo).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const shuffled = await order(7);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(fifo);
    expect(shuffled).not.toEqual(fifo);
    expect(await order(7)).toEqual(shuffled);
    expect(await order(8)).not.toEqual(shuffled);
  });

  it("refuses a seed that is not a finite number", async () => {
    await expect(asyncio.run(async () => undefined, { shuffle: Number.NaN })).rejects.toThrow(TypeError);
  });
});

describe("fuzzSchedules", () => {
  /**
   * A check-then-act race: the reader assumes the writer's yield-free update
   * has happened by its second step. FIFO order always agrees; some others do not.
   */
  async function racy({ record }: TestContext): Promise<string> {
    let config = "default";
    const writer = asyncio.createTask(
      (async () => {
        await asyncio.sleep(0);
        config = "loaded";
      })(),
      { name: "writer" },
    );
    const reader = asyncio.createTask(
      (async () => {
        await asyncio.sleep(0);
        record(`read ${config}`);
        return config;
      })(),
      { name: "reader" },
    );
    await writer;
    return reader;
  }

  it("finds an interleaving FIFO never shows, and names the seed that replays it", async () => {
    expect((await runVirtual(racy)).result).toBe("loaded");
    const failure = await fuzzSchedules(racy, {
      seeds: 50,
      check: (run) => expect(run.result).toBe("loaded"),
    }).then(
      () => null,
      (error: unknown) => error as Error & { seed: number },
    );
    expect(failure).not.toBeNull();
    const { seed } = failure as Error & { seed: number };
    expect(failure?.message.split("\n")[0]).toBe(
      `schedule fuzzing failed with shuffle seed ${seed}; replay it with runVirtual(main, { shuffle: ${seed} }).`,
    );
    // The seed replays the very same interleaving.
    const replay = await runVirtual(racy, { shuffle: seed });
    expect(replay.result).toBe("default");
    expectTrace(replay, ["0 reader: read default"]);
  });
});
