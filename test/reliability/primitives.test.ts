/**
 * Model-based property tests of Lock, Event, Condition, Semaphore,
 * BoundedSemaphore, Barrier, Queue, LifoQueue and PriorityQueue (see
 * primitives-model.ts): random programs of waits, releases, puts, gets,
 * notifications and cancellations of waiters at random points (including
 * between a waiter's wake-up and its turn to run), checked against a
 * reference model after every step.
 *
 * A failure names the step, the real and the modelled state, and prints
 * fast-check's seed and path, which replay the shrunk program.
 */
import { describe, expect } from "vitest";
import { it } from "@fast-check/vitest";
import { PRIMITIVES, programOf, runModel, type Step } from "./primitives-model.js";
import { runs, failOnUnhandledRejections } from "./support.js";

failOnUnhandledRejections();

describe("the primitives against their reference models", () => {
  for (const primitive of PRIMITIVES) {
    it.prop([programOf(primitive)], { numRuns: runs(100) })(`${primitive.name} keeps to its model at every step`, async (program: Step[]) => {
      const run = await runModel(primitive, program);
      expect(run.mismatch).toBeNull();
    });
  }
});
