/**
 * Random programs on virtual time (see programs.ts): generated trees of tasks
 * that sleep, spawn, await, gather, wait with timeouts, cancel each other and
 * raise, in all three coroutine shapes. After each run: every task ended,
 * every `finally` ran exactly once per started body, every done callback and
 * every timer ran exactly once (or never, if cancelled first), the loop's
 * ready queue and timer heap hold nothing live, nothing was reported, and the
 * same program (and the same fuzzing seed) gives the same trace.
 *
 * A failure prints fast-check's seed and path; rerun one with
 * `it.prop([...], { seed, path })` to get the shrunk program back.
 */
import { describe, expect } from "vitest";
import { fc, it } from "@fast-check/vitest";
import { brokenPromises, programArbitrary, runProgram, type TaskSpec } from "./programs.js";
import { runs, failOnUnhandledRejections } from "./support.js";

failOnUnhandledRejections();

describe("random programs on virtual time", () => {
  it.prop([programArbitrary()], { numRuns: runs(150) })(
    "every task ends, every finally and callback runs exactly once, and the loop is left empty",
    async (program: TaskSpec) => {
      const run = await runProgram(program);
      expect(brokenPromises(run)).toEqual([]);
    },
  );

  it.prop([programArbitrary()], { numRuns: runs(100) })("gives the same trace on every run of the same program", async (program: TaskSpec) => {
    const first = await runProgram(program);
    const second = await runProgram(program);
    expect(second.trace).toEqual(first.trace);
    expect(second.outcomes).toEqual(first.outcomes);
  });

  it.prop([programArbitrary(), fc.integer()], { numRuns: runs(100) })(
    "keeps every promise under schedule fuzzing, and the same seed gives the same trace",
    async (program: TaskSpec, seed: number) => {
      const first = await runProgram(program, seed);
      expect(brokenPromises(first)).toEqual([]);
      const second = await runProgram(program, seed);
      expect(second.trace).toEqual(first.trace);
    },
  );
});
