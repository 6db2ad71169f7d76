/**
 * Soak: the property tests of the normal suite (random programs, the
 * primitives against their models), with many more runs. `SOAK_SCALE`
 * scales the run counts (default 1: the figures in docs/reliability.md).
 */
import { describe, expect } from "vitest";
import { fc, it } from "@fast-check/vitest";
import { brokenPromises, programArbitrary, programSize, runProgram, type TaskSpec } from "../reliability/programs.js";
import { PRIMITIVES, programOf, runModel, type Step } from "../reliability/primitives-model.js";

const SCALE = Number(process.env.SOAK_SCALE ?? "1");
const PROGRAM_RUNS = Math.max(100, Math.round(20_000 * SCALE));
const MODEL_RUNS = Math.max(100, Math.round(5_000 * SCALE));

/** Totals printed at the end of each property, for the figures in the docs. */
function tally(): { add(tasks: number, ops: number): void; print(label: string): void } {
  let runsSeen = 0;
  let tasks = 0;
  let ops = 0;
  return {
    add(t: number, o: number): void {
      runsSeen++;
      tasks += t;
      ops += o;
    },
    print(label: string): void {
      console.log(JSON.stringify({ label, runs: runsSeen, tasks, ops }));
    },
  };
}

describe("soak: random programs", () => {
  const plain = tally();
  it.prop([programArbitrary({ depth: 4, width: 10 })], { numRuns: PROGRAM_RUNS })(
    `keeps every promise over ${PROGRAM_RUNS} programs`,
    async (program: TaskSpec) => {
      const run = await runProgram(program);
      const size = programSize(program);
      plain.add(size.tasks, size.ops);
      expect(brokenPromises(run)).toEqual([]);
    },
    30 * 60 * 1000,
  );

  const fuzzed = tally();
  it.prop([programArbitrary({ depth: 4, width: 10 }), fc.integer()], { numRuns: PROGRAM_RUNS })(
    `keeps every promise over ${PROGRAM_RUNS} programs under schedule fuzzing, deterministically`,
    async (program: TaskSpec, seed: number) => {
      const first = await runProgram(program, seed);
      const size = programSize(program);
      fuzzed.add(size.tasks, size.ops);
      expect(brokenPromises(first)).toEqual([]);
      const second = await runProgram(program, seed);
      expect(second.trace).toEqual(first.trace);
    },
    30 * 60 * 1000,
  );

  it("prints the totals", () => {
    plain.print("programs");
    fuzzed.print("programs under fuzzing (each run twice)");
  });
});

describe("soak: primitives against their models", () => {
  const totals = { programs: 0, steps: 0, actors: 0 };
  for (const primitive of PRIMITIVES) {
    it.prop([programOf(primitive, 40)], { numRuns: MODEL_RUNS })(
      `${primitive.name} keeps to its model over ${MODEL_RUNS} programs`,
      async (program: Step[]) => {
        const run = await runModel(primitive, program);
        totals.programs++;
        totals.steps += run.steps;
        totals.actors += run.actors;
        expect(run.mismatch).toBeNull();
      },
      30 * 60 * 1000,
    );
  }
  it("prints the totals", () => {
    console.log(JSON.stringify({ label: "primitive programs", ...totals }));
  });
});
