/**
 * Soak: one loop on virtual time runs rounds of churn (test/reliability/
 * workload.ts) for millions of tasks, timers and callbacks, and the V8 heap,
 * measured after forced full collections at regular intervals, stays flat.
 *
 * `npm run soak`; `SOAK_SCALE=0.1 npm run soak` for a tenth of the length.
 * Prints the figures docs/reliability.md quotes.
 */
import { describe, expect, it } from "vitest";
import * as asyncio from "asyncio-ts";
import { heapAfterGc } from "../reliability/support.js";
import { churnRound, emptyChurn } from "../reliability/workload.js";

const SCALE = Number(process.env.SOAK_SCALE ?? "1");
const ROUNDS = Math.max(20, Math.round(1000 * SCALE));
const SIZE = 2000;
const SAMPLE_EVERY = Math.max(5, Math.round(ROUNDS / 20));
const MB = 1024 * 1024;

describe("soak: churn on one loop", () => {
  it(`keeps the heap flat over ${ROUNDS} rounds of ${SIZE} tasks`, async () => {
    const counts = emptyChurn();
    const samples: { round: number; heapMB: number }[] = [];
    const started = performance.now();
    const loopTime = await asyncio.run(
      async () => {
        for (let round = 1; round <= ROUNDS; round++) {
          await churnRound(SIZE, counts);
          if (round % SAMPLE_EVERY === 0) samples.push({ round, heapMB: heapAfterGc() / MB });
        }
        return asyncio.getRunningLoop().time();
      },
      { clock: new asyncio.VirtualClock() },
    );
    const seconds = (performance.now() - started) / 1000;
    // Warm-up: the first samples include JIT code and grown free lists.
    const settled = samples.slice(Math.floor(samples.length / 4));
    const first = settled[0].heapMB;
    const last = settled[settled.length - 1].heapMB;
    const peak = Math.max(...settled.map((s) => s.heapMB));
    console.log(
      JSON.stringify({ rounds: ROUNDS, ...counts, loopTime, seconds: Math.round(seconds), heapMB: samples.map((s) => Math.round(s.heapMB * 10) / 10), growthMB: last - first }),
    );
    expect(last - first).toBeLessThan(8);
    expect(peak - first).toBeLessThan(16);
  });
});
