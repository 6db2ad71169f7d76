/**
 * What a benchmark case returns, and the few helpers every case uses to time
 * itself and read the heap.
 *
 * The one idea: a case is a plain function `(n) => Sample` that runs one
 * workload of size `n` in the current process and reports one number, either
 * a throughput (operations per second) or a memory figure (bytes per task).
 * The harness runs it in a fresh child process started with `--expose-gc`, so
 * `forceGc()` is a real full collection there.
 */

/** One measured run of one case. */
export interface Sample {
  /** Operations per second, or bytes per task for memory cases. */
  value: number;
  /** Anything else worth keeping in the JSON results (seconds, counts, ...). */
  detail?: Record<string, number | string | null>;
}

/** A benchmark case: runs the workload once with size `n`. */
export type Case = (n: number) => Sample | Promise<Sample>;

/** Wall time in seconds, from a monotonic clock. */
export function seconds(): number {
  return performance.now() / 1000;
}

/** The sample for `ops` operations done between two `seconds()` readings. */
export function throughput(ops: number, start: number, end: number): Sample {
  const elapsed = end - start;
  return { value: ops / elapsed, detail: { ops, seconds: elapsed } };
}

const gcFunction = (globalThis as { gc?: () => void }).gc;

/**
 * Runs a full garbage collection. Without `--expose-gc` memory figures would
 * include garbage, so a memory case refuses to run rather than mislead.
 */
export function forceGc(): void {
  if (gcFunction === undefined) {
    throw new Error("run with node --expose-gc: memory figures need a forced GC");
  }
  // Two passes: the first can leave objects whose finalisation frees more.
  gcFunction();
  gcFunction();
}

/** Whether `forceGc()` can run in this process. */
export function canForceGc(): boolean {
  return gcFunction !== undefined;
}

/** Bytes of live JavaScript heap, as V8 counts them. */
export function heapUsed(): number {
  return process.memoryUsage().heapUsed;
}

/**
 * A small seeded pseudo-random generator (mulberry32), so timer workloads
 * draw the same delays on every run and every machine.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Throws when a workload did not do what it claims to have done. */
export function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`benchmark self-check failed: ${message}`);
}
