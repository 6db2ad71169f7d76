/**
 * The scaling benchmark: W3 and memory per task at 10k, 100k and 1M tasks,
 * W4 at 10k, 100k and 1M timers, with the cost per operation at each size.
 * Same as `npm run bench -- --scaling`; every option of bench/run.ts applies.
 */

process.argv.push("--scaling");
await import("./run.js");
