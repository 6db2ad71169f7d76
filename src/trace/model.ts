/**
 * What a recorded trace looks like once read: the events, in the order they
 * happened, and the tasks seen. The exporters work from this alone, so a
 * trace can be saved, compared or drawn long after its loop is gone.
 *
 * Every time is a loop time in seconds (`loop.time()`); `start` is the loop
 * time when recording began, and exporters measure from it.
 */

/** How a future or task ended. */
export type TraceOutcome = "result" | "exception" | "cancelled";

/**
 * One thing the loop did. Objects are named by label: a task's name,
 * `future#3`, `gather#1`, `promise#1` (a `wrapPromise` future), `timer#2`.
 */
export type TraceEvent =
  /** A pass of the loop begins: `ready` callbacks were queued, `timers` sit in the heap. */
  | { kind: "iteration"; time: number; iteration: number; ready: number; timers: number }
  /** The loop runs a callback; `args` names its first two arguments. */
  | { kind: "handle"; time: number; callback: string; args: string[] }
  /** That callback (and the coroutine step it resumed) is over. */
  | { kind: "handle-end"; time: number }
  /** A timer was pushed onto the heap, due at `when`; `future` is what it will complete. */
  | { kind: "timer-scheduled"; time: number; timer: string; when: number; callback: string; future: string | null }
  /** A timer in the heap was cancelled. */
  | { kind: "timer-cancelled"; time: number; timer: string }
  /** A timer came due: it left the heap for the ready queue. */
  | { kind: "timer-due"; time: number; timer: string }
  /** A task was made, by `parent` if a task was running. */
  | { kind: "task-created"; time: number; task: string; coro: string; parent: string | null }
  /** The task's coroutine runs: step `step`, woken by `cause` ("start", "next iteration" or what it waited on). */
  | { kind: "task-step"; time: number; task: string; step: number; cause: string }
  /**
   * The coroutine suspended on `on`: a future's label, "next iteration"
   * (`sleep(0)`), or "a foreign promise". A future a timer will complete
   * names that timer and its deadline; `foreign` marks a `wrapPromise`
   * future (`promise#N`), which outside work completes; `what` is the
   * operation a lock or queue parked the task for (`Lock.acquire()`).
   */
  | {
      kind: "task-suspended";
      time: number;
      task: string;
      on: string;
      timer?: string;
      until?: number;
      foreign?: boolean;
      what?: string;
    }
  /** The task finished. `value` describes the result, the exception, or the cancel message. */
  | { kind: "task-done"; time: number; task: string; outcome: TraceOutcome; value: string }
  /** A future (not a task) was completed. */
  | { kind: "future-done"; time: number; future: string; outcome: TraceOutcome; value: string };

/** A task as the trace saw it. */
export interface TraceTask {
  /** Its label: the task's name, with `#N` added when names repeat. */
  name: string;
  /** Its coroutine: `main()` for a lazy coroutine, `<generator>`, `<promise>`. */
  coro: string;
  /** The task that created it, if one was running. */
  parent: string | null;
  /** Loop time it was created (the trace's start if created before recording). */
  created: number;
  /** Loop time it finished, or null if still pending at the end. */
  done: number | null;
  outcome: TraceOutcome | null;
  value: string | null;
  /** How many steps it ran. */
  steps: number;
}

/** A recorded trace. */
export interface Trace {
  /** Loop time when recording began. */
  start: number;
  /** Loop time when it ended (the loop closed, or the snapshot was taken). */
  end: number;
  events: TraceEvent[];
  /** The tasks, in the order they were first seen. */
  tasks: TraceTask[];
  /** True when the recorder stopped at its `maxEvents`. */
  truncated: boolean;
}
