/**
 * Child-process entry: runs one benchmark case a few times and prints one
 * JSON line per measured run.
 *
 * Usage: node --expose-gc --import tsx bench/child.ts MODULE EXPORT
 *          --n N --runs R --warmup W
 * where MODULE is a path relative to bench/ (e.g. `floors/switch.ts`) and
 * EXPORT names a `Case` in it. The harness starts one such process per case,
 * so JIT feedback and heap state never leak from one workload to the next.
 */

import { parseArgs } from "node:util";
import { type Case, type Sample, canForceGc, forceGc } from "./harness/measure.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    n: { type: "string" },
    runs: { type: "string", default: "5" },
    warmup: { type: "string", default: "1" },
  },
});

const [modulePath, exportName] = positionals;
if (modulePath === undefined || exportName === undefined || values.n === undefined) {
  throw new Error("usage: child.ts MODULE EXPORT --n N [--runs R] [--warmup W]");
}
const n = Number(values.n);
const runs = Number(values.runs);
const warmup = Number(values.warmup);

const loaded = (await import(new URL(modulePath, import.meta.url).href)) as Record<
  string,
  unknown
>;
const candidate = loaded[exportName];
if (typeof candidate !== "function") {
  throw new Error(`${modulePath} has no function export ${exportName}`);
}
const run = candidate as Case;

// One full collection before the warm-up, and none between the runs after
// it, which follow one another as the parts of a long-running program do.
// A full collection at a moment when no object of some class is alive lets
// V8 drop that class's hidden classes, and with them all the optimized code
// built on them: forced before every run, it made each measured run start
// cold again and undid the warm-up, and a library has many more classes and
// much more code to compile again than a floor (W6 with `async function`s
// measured 1.2 M/s that way against 1.7 M/s warm; see docs/performance.md,
// the sixth round). It also keeps each run's garbage on the clock: it is
// collected during the runs that follow, as in a long-running program,
// where the forced collections had cleared part of it between runs, off the
// clock. Memory and churn cases force their own collections.
if (canForceGc()) forceGc();
for (let i = 0; i < warmup; i++) await run(n);
for (let i = 0; i < runs; i++) {
  const sample: Sample = await run(n);
  process.stdout.write(`${JSON.stringify({ value: sample.value, detail: sample.detail ?? {} })}\n`);
}
