/**
 * The benchmark table: every workload, in every spelling, with its
 * native-JavaScript floor, its CPython program and its target.
 *
 * The one idea: a row names three programs that do the same work (asyncio-ts,
 * the hand-written floor, CPython asyncio) and one size `n`; the harness runs
 * each in its own process and sets the three figures side by side.
 */

/** What a row's figure measures. Throughput: higher is better; memory: lower. */
export type Unit = "ops/s" | "B/task";

/** A TypeScript case: an exported `Case` function in a module under bench/. */
export interface Program {
  /** Path relative to bench/, e.g. `workloads/switch.ts`. */
  module: string;
  /** Name of the exported function. */
  fn: string;
}

/** A native-JavaScript floor, with the name shown in the table. */
export interface Floor extends Program {
  label: string;
}

/** A CPython program in bench/python/. */
export interface PythonProgram {
  script: string;
  args?: string[];
}

/** The figure a row must reach: at least `value` ops/s, or at most `value` B/task. */
export interface Target {
  value: number;
}

/** The figures the performance issue quotes, kept for the JSON results. */
export interface IssueBaseline {
  cpython?: number;
  uvloop?: number;
  floor?: number;
}

export interface Row {
  /** Stable identifier, used by `--only` and in the JSON results. */
  id: string;
  /** Workload as the issue names it, e.g. `W2 switch`. */
  workload: string;
  spelling: "callbacks" | "async" | "generators";
  /** What one run does, in a few words. */
  description: string;
  unit: Unit;
  /** Size of one run. `--quick` divides it by ten. */
  n: number;
  asyncio: Program;
  floor: Floor;
  python?: PythonProgram;
  target: Target;
  issue: IssueBaseline;
}

export const ROWS: readonly Row[] = [
  {
    id: "w1-chain",
    workload: "W1 chain",
    spelling: "callbacks",
    description: "500k callSoon callbacks, each scheduling the next",
    unit: "ops/s",
    n: 500_000,
    asyncio: { module: "workloads/callbacks.ts", fn: "chain" },
    floor: { module: "floors/callbacks.ts", fn: "chainArrayQueue", label: "array queue" },
    python: { script: "w1_chain.py" },
    target: { value: 10e6 },
    issue: { cpython: 0.53e6, uvloop: 1.5e6, floor: 19.9e6 },
  },
  {
    id: "w1-fanout",
    workload: "W1 fan-out",
    spelling: "callbacks",
    description: "1M callbacks scheduled at once, then run",
    unit: "ops/s",
    n: 1_000_000,
    asyncio: { module: "workloads/callbacks.ts", fn: "fanOut" },
    floor: { module: "floors/callbacks.ts", fn: "fanOutArrayQueue", label: "array of closures" },
    python: { script: "w1_fanout.py" },
    target: { value: 3e6 },
    issue: { cpython: 0.58e6, uvloop: 0.75e6, floor: 5.0e6 },
  },
  {
    id: "w2-async",
    workload: "W2 switch",
    spelling: "async",
    description: "two tasks alternating on sleep(0), 1M switches",
    unit: "ops/s",
    n: 1_000_000,
    asyncio: { module: "workloads/switch.ts", fn: "asyncFunctions" },
    floor: { module: "floors/switch.ts", fn: "awaitNull", label: "await null" },
    python: { script: "w2_switch.py" },
    target: { value: 6e6 },
    issue: { cpython: 0.58e6, uvloop: 1.2e6, floor: 18.9e6 },
  },
  {
    id: "w2-gen",
    workload: "W2 switch",
    spelling: "generators",
    description: "two tasks alternating on sleep(0), 1M switches",
    unit: "ops/s",
    n: 1_000_000,
    asyncio: { module: "workloads/switch.ts", fn: "generators" },
    floor: { module: "floors/switch.ts", fn: "generatorTrampoline", label: "generator trampoline" },
    python: { script: "w2_switch.py" },
    target: { value: 15e6 },
    issue: { cpython: 0.58e6, uvloop: 1.2e6, floor: 38.8e6 },
  },
  {
    id: "w3-async",
    workload: "W3 spawn+gather",
    spelling: "async",
    description: "100k tasks, each sleep(0) once, gathered",
    unit: "ops/s",
    n: 100_000,
    asyncio: { module: "workloads/spawn.ts", fn: "asyncFunctions" },
    floor: { module: "floors/spawn.ts", fn: "promiseAll", label: "Promise.all" },
    python: { script: "w3_spawn.py" },
    target: { value: 700e3 },
    issue: { cpython: 87e3, uvloop: 112e3, floor: 0.88e6 },
  },
  {
    id: "w3-gen",
    workload: "W3 spawn+gather",
    spelling: "generators",
    description: "100k tasks, each sleep(0) once, gathered",
    unit: "ops/s",
    n: 100_000,
    asyncio: { module: "workloads/spawn.ts", fn: "generators" },
    floor: { module: "floors/spawn.ts", fn: "generatorTrampoline", label: "generator trampoline" },
    python: { script: "w3_spawn.py" },
    target: { value: 1.2e6 },
    issue: { cpython: 87e3, uvloop: 112e3, floor: 1.87e6 },
  },
  {
    id: "w4-timers",
    workload: "W4 timers",
    spelling: "callbacks",
    description: "1M callLater, random delays in [0, 10) s, virtual time",
    unit: "ops/s",
    n: 1_000_000,
    asyncio: { module: "workloads/timers.ts", fn: "all" },
    floor: { module: "floors/timers.ts", fn: "sortAll", label: "sort" },
    python: { script: "w4_timers.py" },
    target: { value: 700e3 },
    issue: { cpython: 97e3, floor: 0.95e6 },
  },
  {
    id: "w4-cancel",
    workload: "W4 timers, half cancelled",
    spelling: "callbacks",
    description: "as W4, every other timer cancelled before running",
    unit: "ops/s",
    n: 1_000_000,
    asyncio: { module: "workloads/timers.ts", fn: "cancelHalf" },
    floor: { module: "floors/timers.ts", fn: "sortCancelHalf", label: "sort" },
    python: { script: "w4_timers.py", args: ["--cancel", "1"] },
    target: { value: 700e3 },
    issue: { cpython: 163e3 },
  },
  {
    id: "w5-async",
    workload: "W5 queue",
    spelling: "async",
    description: "Queue(100), 1 producer, 4 consumers, 1M items",
    unit: "ops/s",
    n: 1_000_000,
    asyncio: { module: "workloads/queue.ts", fn: "asyncFunctions" },
    floor: { module: "floors/queue.ts", fn: "promiseQueue", label: "promise queue" },
    python: { script: "w5_queue.py" },
    target: { value: 3e6 },
    issue: { cpython: 1.17e6, uvloop: 1.25e6, floor: 4.7e6 },
  },
  {
    id: "w5-gen",
    workload: "W5 queue",
    spelling: "generators",
    description: "Queue(100), 1 producer, 4 consumers, 1M items",
    unit: "ops/s",
    n: 1_000_000,
    asyncio: { module: "workloads/queue.ts", fn: "generators" },
    floor: { module: "floors/queue.ts", fn: "generatorQueue", label: "generator queue" },
    python: { script: "w5_queue.py" },
    target: { value: 6e6 },
    issue: { cpython: 1.17e6, uvloop: 1.25e6, floor: 12.3e6 },
  },
  {
    id: "w6-async",
    workload: "W6 lock",
    spelling: "async",
    description: "100 tasks, one Lock, sleep(0) inside, 200k acquisitions",
    unit: "ops/s",
    n: 200_000,
    asyncio: { module: "workloads/lock.ts", fn: "asyncFunctions" },
    floor: { module: "floors/lock.ts", fn: "promiseLock", label: "promise lock" },
    python: { script: "w6_lock.py" },
    target: { value: 1.5e6 },
    issue: { cpython: 146e3, uvloop: 249e3, floor: 1.7e6 },
  },
  {
    id: "w6-gen",
    workload: "W6 lock",
    spelling: "generators",
    description: "100 tasks, one Lock, sleep(0) inside, 200k acquisitions",
    unit: "ops/s",
    n: 200_000,
    asyncio: { module: "workloads/lock.ts", fn: "generators" },
    floor: { module: "floors/lock.ts", fn: "generatorLock", label: "generator lock" },
    python: { script: "w6_lock.py" },
    target: { value: 1.5e6 },
    issue: { cpython: 146e3, uvloop: 249e3, floor: 3.9e6 },
  },
  {
    id: "mem-async",
    workload: "Memory, sleeping task",
    spelling: "async",
    description: "1M tasks parked in sleep(3600), heap per task",
    unit: "B/task",
    n: 1_000_000,
    asyncio: { module: "workloads/memory.ts", fn: "asyncFunctions" },
    floor: { module: "floors/memory.ts", fn: "promiseSleepers", label: "async fn on a promise" },
    python: { script: "mem_sleeping.py" },
    target: { value: 800 },
    issue: { cpython: 1462, uvloop: 1766, floor: 678 },
  },
  {
    id: "mem-gen",
    workload: "Memory, sleeping task",
    spelling: "generators",
    description: "1M tasks parked in sleep(3600), heap per task",
    unit: "B/task",
    n: 1_000_000,
    asyncio: { module: "workloads/memory.ts", fn: "generators" },
    floor: { module: "floors/memory.ts", fn: "generatorSleepers", label: "suspended generator" },
    python: { script: "mem_sleeping.py" },
    target: { value: 800 },
    issue: { cpython: 1462, uvloop: 1766, floor: 678 },
  },
];

/** The churn check: timeouts armed and cancelled on one loop. */
export const CHURN = {
  id: "churn",
  n: 10_000_000,
  asyncio: { module: "workloads/churn.ts", fn: "churn" } satisfies Program,
  python: { script: "churn.py" } satisfies PythonProgram,
  /** Bounded means: never more than this many timer entries at once. */
  maxTimerEntries: 10_000,
  /** Without an entry count, bounded means the heap grew by less than this. */
  maxHeapGrowth: 16 * 1024 * 1024,
} as const;

/** Rows of the scaling benchmark, each run at every size in `SCALING_SIZES`. */
export const SCALING_ROW_IDS: readonly string[] = [
  "w3-async",
  "w3-gen",
  "mem-async",
  "mem-gen",
  "w4-timers",
  "w4-cancel",
];

export const SCALING_SIZES: readonly number[] = [10_000, 100_000, 1_000_000];

/** Whether a measured figure meets a row's target. */
export function meetsTarget(row: Row, value: number): boolean {
  return row.unit === "ops/s" ? value >= row.target.value : value <= row.target.value;
}
