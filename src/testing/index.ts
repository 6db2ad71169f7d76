/**
 * `asyncio-ts/testing`: helpers for testing asyncio-ts programs
 * deterministically (no CPython counterpart; the models are curio's tests,
 * which compare a complete list of recorded events, and Trio's `MockClock`).
 *
 * The one idea: a test runs the program on a fresh loop with a
 * `VirtualClock`, the program records what happens through `record(...)`,
 * each event stamped with the loop time and the name of the task that
 * recorded it, and the test compares the whole trace at once. Nothing sleeps
 * for real, and the same program gives the same trace on every run; with a
 * `shuffle` seed, a reproducible other interleaving.
 *
 * @example
 * import { runVirtual, expectTrace } from "asyncio-ts/testing";
 *
 * it("retries after a second", async () => {
 *   const run = await runVirtual(async ({ record }) => {
 *     record("try");
 *     await asyncio.sleep(1);
 *     record("retry");
 *     return "ok";
 *   });
 *   expect(run.result).toBe("ok");
 *   expect(run.time).toBe(1);
 *   expectTrace(run, ["0 main: try", "1 main: retry"]);
 * });
 */
import { AssertionError } from "node:assert";
import {
  Runner,
  Task,
  TraceRecorder,
  VirtualClock,
  coroutine,
  currentTask,
  type Coroutine,
  type EventLoop,
  type ForeignWorkPolicy,
  type Trace,
} from "../index.js";
import { RuntimeError } from "../errors.js";

/** One event a program recorded with `record(...)`. */
export interface RecordedEvent {
  /** `loop.time()` when it was recorded. */
  readonly time: number;
  /** The name of the task that recorded it, or null outside any task (in a plain callback). */
  readonly task: string | null;
  /** What happened, in the program's words. */
  readonly what: string;
}

/** What a program run by {@link runVirtual} is given. */
export interface TestContext {
  /** Records an event, stamped with the loop time and the current task's name. */
  readonly record: (what: string) => void;
  /** The loop the program runs on. */
  readonly loop: EventLoop;
  /** Its clock (manual when `autojump: false` was asked for). */
  readonly clock: VirtualClock;
  /**
   * Moves virtual time forward by `seconds` (timers due on the way fire at
   * their own deadlines) and resumes the calling task once every other task
   * is blocked at the new time. Python: Trio's `clock.jump(seconds)` then
   * `wait_all_tasks_blocked()`. Meant for `autojump: false`.
   */
  readonly advance: (seconds: number) => PromiseLike<void>;
  /** `advance` to exactly loop time `when`. */
  readonly advanceTo: (when: number) => PromiseLike<void>;
  /** Resumes the calling task once every other task is blocked, without moving time. Python: Trio's `wait_all_tasks_blocked()`. */
  readonly runUntilIdle: () => PromiseLike<void>;
}

/** A program for {@link runVirtual}: a coroutine function given a {@link TestContext}, or a coroutine. */
export type TestMain<T> =
  | ((t: TestContext) => PromiseLike<T> | Generator<unknown, T, unknown>)
  | Coroutine<T>;

/** Options of {@link runVirtual}. */
export interface RunVirtualOptions {
  /** The clock to run on; by default a new `VirtualClock` made from `start`, `autojump` and `foreignWork`. */
  clock?: VirtualClock;
  /** Where virtual time starts, in seconds (default 0). */
  start?: number;
  /** Jump to the next timer whenever the loop is idle (default true). */
  autojump?: boolean;
  /** What time does while foreign work is in flight: `"hold"` (default) or `"jump"`. */
  foreignWork?: ForeignWorkPolicy;
  /** Seeded schedule fuzzing (see `run`): null or absent keeps CPython's FIFO order. */
  shuffle?: number | null;
  /** Runaway guard: at most this many loop passes (default 1,000,000; null for no limit). */
  maxIterations?: number | null;
  /** Runaway guard: at most this many seconds of loop time (default none). */
  maxTime?: number | null;
  /** Debug mode. */
  debug?: boolean;
  /** Also record what the loop itself does (every step and timer), with a `TraceRecorder`. */
  loopTrace?: boolean;
}

/** What {@link runVirtual} returns. */
export interface VirtualRun<T> {
  /** What the program returned. */
  readonly result: T;
  /** `loop.time()` when the program finished. */
  readonly time: number;
  /** The events the program recorded, in order. */
  readonly trace: RecordedEvent[];
  /** The same events as text, `"<time> <task>: <what>"` (see {@link formatEvent}). */
  readonly lines: string[];
  /** What the loop did, when `loopTrace` was asked for; otherwise null. */
  readonly loopTrace: Trace | null;
  /** The loop the program ran on (closed by now). */
  readonly loop: EventLoop;
}

/** The runaway guard `runVirtual` sets unless told otherwise: about a second of a spinning task. */
const DEFAULT_MAX_ITERATIONS = 1_000_000;

/** The `record` of the run in progress, for the module-level {@link record}. */
let activeRecord: ((what: string) => void) | null = null;

/**
 * Runs `main` on a fresh loop with a `VirtualClock`, as `asyncio.run` does
 * (leftover tasks are cancelled, the loop is closed), and returns its
 * result, the loop time at which it finished, and the events it recorded.
 *
 * `main` is a coroutine function, called inside the loop with a
 * {@link TestContext} (`record`, `loop`, `clock`), or a coroutine. Its task
 * is named `main`; other tasks that get no name are numbered `Task-1`,
 * `Task-2`, ... afresh for each run, so that traces do not depend on what
 * ran before in the same process.
 *
 * A program that deadlocks fails with a `DeadlockError` that lists every
 * pending task and what it waits on; one that spins forever fails with a
 * `LoopLimitError` after `maxIterations` loop passes.
 *
 * @example
 * const { result, time, lines } = await runVirtual(async ({ record }) => {
 *   await asyncio.sleep(3600);
 *   record("an hour later");
 *   return 42;
 * });
 * // result === 42, time === 3600, lines == ["3600 main: an hour later"]
 */
export async function runVirtual<T>(main: TestMain<T>, options: RunVirtualOptions = {}): Promise<VirtualRun<T>> {
  const clock =
    options.clock ??
    new VirtualClock({ start: options.start, autojump: options.autojump, foreignWork: options.foreignWork });
  const runner = new Runner({
    clock,
    debug: options.debug ?? false,
    shuffle: options.shuffle ?? null,
    maxIterations: options.maxIterations === undefined ? DEFAULT_MAX_ITERATIONS : options.maxIterations,
    maxTime: options.maxTime ?? null,
  });
  const loop = runner.getLoop();
  let unnamed = 0;
  loop.setTaskFactory((taskLoop, coro, taskOptions) => {
    const name = taskOptions.name ?? `Task-${++unnamed}`;
    return new Task(coro, { ...taskOptions, name, loop: taskLoop });
  });
  const recorder = options.loopTrace === true ? new TraceRecorder() : null;
  if (recorder !== null) loop.setTracer(recorder);

  const trace: RecordedEvent[] = [];
  const recordEvent = (what: string): void => {
    trace.push({ time: loop.time(), task: currentTask(loop)?.getName() ?? null, what: String(what) });
  };
  const context: TestContext = {
    record: recordEvent,
    loop,
    clock,
    advance: (seconds) => {
      clock._moveTargetBy(seconds, "advance");
      return clock._whenIdleFuture();
    },
    advanceTo: (when) => {
      clock._moveTargetTo(when, "advanceTo");
      return clock._whenIdleFuture();
    },
    runUntilIdle: () => clock._whenIdleFuture(),
  };
  // A lazy coroutine: the body starts inside the loop, as the main task's first step
  // (either shape of body; the cast only picks one of `coroutine`'s overloads).
  const coro: Coroutine<T> =
    typeof main === "function" ? coroutine(() => main(context) as PromiseLike<T>)() : main;

  const previous = activeRecord;
  activeRecord = recordEvent;
  try {
    let result: T;
    let time: number;
    try {
      result = await loop.runUntilComplete(loop.createTask(coro, { name: "main" }));
      time = loop.time();
    } catch (error) {
      // The program's error is the one to see; a second one while tidying up
      // after it (tasks in a cycle cannot be cancelled, say) is only reported.
      await runner.close().catch((closeError: unknown) => {
        console.error("Error while closing the loop after a failed run:", closeError);
      });
      throw error;
    }
    // Leftover tasks are cancelled here, and may still record how they end.
    await runner.close();
    return { result, time, trace, lines: trace.map(formatEvent), loopTrace: recorder?.snapshot() ?? null, loop };
  } finally {
    activeRecord = previous;
  }
}

/**
 * Records an event in the trace of the {@link runVirtual} run in progress,
 * stamped with the loop time and the current task's name: the same as the
 * `record` the program is given, reachable from code that is not. Throws a
 * `RuntimeError` outside a run.
 */
export function record(what: string): void {
  if (activeRecord === null) throw new RuntimeError("record() was called outside runVirtual()");
  activeRecord(what);
}

/** An event as one line: `"1.5 worker: got 3"`, or `"1.5 got 3"` when no task recorded it. */
export function formatEvent(event: RecordedEvent): string {
  return event.task === null ? `${event.time} ${event.what}` : `${event.time} ${event.task}: ${event.what}`;
}

/** One expected event for {@link expectTrace}: a whole line, a pattern for a line, or some of its fields. */
export type ExpectedEvent = string | RegExp | Partial<RecordedEvent>;

/** Options of {@link expectTrace}. */
export interface ExpectTraceOptions {
  /**
   * Accept other events in between: the expected events must appear in this
   * order, not necessarily next to each other. Default false: the traces
   * must match one for one.
   */
  subsequence?: boolean;
}

/**
 * Checks a recorded trace against an expected sequence of events and throws
 * an `AssertionError` (which Vitest shows as a diff) on the first mismatch.
 * Each expected event is a whole line (`"1 main: retry"`), a RegExp tested
 * against the line, or an object with some of the fields
 * (`{ task: "worker", what: "done" }`).
 *
 * @example
 * expectTrace(run, ["0 main: start", /^1 worker-\d: got 1$/, { what: "done" }]);
 * expectTrace(run, ["0 main: start", "5 main: stop"], { subsequence: true });
 */
export function expectTrace(
  actual: VirtualRun<unknown> | readonly RecordedEvent[] | readonly string[],
  expected: readonly ExpectedEvent[],
  options: ExpectTraceOptions = {},
): void {
  const events = toEvents(actual);
  const lines = events.map((event) => (typeof event === "string" ? event : formatEvent(event)));
  const shown = expected.map(describeExpected);
  const fail = (message: string): never => {
    throw new AssertionError({ message, actual: lines, expected: shown, operator: "expectTrace" });
  };
  if (options.subsequence === true) {
    let next = 0;
    for (const event of events) {
      if (next < expected.length && matches(event, expected[next])) next++;
    }
    if (next < expected.length) {
      fail(`trace mismatch: expected event ${next} (${shown[next]}) was not found in order after the ones before it`);
    }
    return;
  }
  const common = Math.min(events.length, expected.length);
  for (let i = 0; i < common; i++) {
    if (!matches(events[i], expected[i])) fail(`trace mismatch at event ${i}: got "${lines[i]}", expected ${shown[i]}`);
  }
  if (events.length !== expected.length) {
    fail(
      events.length > expected.length
        ? `trace mismatch: ${events.length - expected.length} more event(s) than expected, from "${lines[common]}"`
        : `trace mismatch: the trace ends after ${events.length} event(s), expected ${shown[common]} next`,
    );
  }
}

/** Options of {@link fuzzSchedules}. */
export interface FuzzSchedulesOptions<T> extends Omit<RunVirtualOptions, "shuffle" | "clock"> {
  /** The seeds to try: a count (seeds 1 to N; default 100) or a list. */
  seeds?: number | Iterable<number>;
  /** Checks each run; an error thrown here fails the fuzzing with that run's seed. */
  check?: (run: VirtualRun<T>, seed: number) => void | PromiseLike<void>;
}

/**
 * Runs `main` once per seed with schedule fuzzing on (callbacks ready in the
 * same pass run in a seeded random order), and returns every run. When a run
 * fails (the program throws, deadlocks, or `check` throws), the error says
 * which seed did it, so the failing interleaving can be replayed exactly with
 * `runVirtual(main, { shuffle: seed })`. The error's `cause` is the original.
 *
 * @example
 * await fuzzSchedules(transfer, {
 *   seeds: 200,
 *   check: (run) => expect(run.result.total).toBe(100),
 * });
 */
export async function fuzzSchedules<T>(
  main: (t: TestContext) => PromiseLike<T> | Generator<unknown, T, unknown>,
  options: FuzzSchedulesOptions<T> = {},
): Promise<(VirtualRun<T> & { readonly seed: number })[]> {
  const { seeds = 100, check, ...runOptions } = options;
  const list = typeof seeds === "number" ? Array.from({ length: seeds }, (_, i) => i + 1) : [...seeds];
  const runs: (VirtualRun<T> & { readonly seed: number })[] = [];
  for (const seed of list) {
    try {
      const run = await runVirtual(main, { ...runOptions, shuffle: seed });
      if (check !== undefined) await check(run, seed);
      runs.push({ ...run, seed });
    } catch (error) {
      const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      const failure = new Error(
        `schedule fuzzing failed with shuffle seed ${seed}; replay it with runVirtual(main, { shuffle: ${seed} }).\n${what}`,
        { cause: error },
      );
      Object.defineProperty(failure, "seed", { value: seed, enumerable: true });
      throw failure;
    }
  }
  return runs;
}

function toEvents(
  actual: VirtualRun<unknown> | readonly RecordedEvent[] | readonly string[],
): readonly (RecordedEvent | string)[] {
  if (Array.isArray(actual)) return actual as readonly (RecordedEvent | string)[];
  return (actual as VirtualRun<unknown>).trace;
}

function matches(event: RecordedEvent | string, expected: ExpectedEvent): boolean {
  const line = typeof event === "string" ? event : formatEvent(event);
  if (typeof expected === "string") return line === expected;
  if (expected instanceof RegExp) return expected.test(line);
  if (typeof event === "string") return false;
  return (
    (expected.time === undefined || expected.time === event.time) &&
    (expected.task === undefined || expected.task === event.task) &&
    (expected.what === undefined || expected.what === event.what)
  );
}

function describeExpected(expected: ExpectedEvent): string {
  if (typeof expected === "string") return expected;
  if (expected instanceof RegExp) return String(expected);
  return JSON.stringify(expected);
}
