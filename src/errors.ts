import type { BlockedTask } from "./hang.js";

/**
 * Every error class of asyncio-ts, in one place (CPython: `asyncio/exceptions.py`
 * plus the built-in `RuntimeError` and `ValueError`).
 *
 * The one idea: each class keeps its Python name, both as the exported
 * binding and as `constructor.name`/`error.name`, so a traceback printed by
 * Node reads like one printed by Python.
 */

/** Base for the classes below: sets `name` from the class, as Python prints it. */
class PythonError extends Error {
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * The operation was cancelled. Thrown into a task's coroutine at the point
 * where it is suspended when `task.cancel(msg)` is called.
 *
 * Python: `asyncio.CancelledError`, a `BaseException` so that a bare
 * `except Exception` does not swallow it. Differs from CPython: JavaScript has
 * no such hierarchy, so `catch (e)` catches it; rethrow it unless you mean to
 * stop the cancellation (and then call `task.uncancel()`).
 */
export class CancelledError extends PythonError {}

/** The operation exceeded its deadline (`timeout`, `waitFor`, `wait`). Python: `TimeoutError`. */
export class TimeoutError extends PythonError {}

/**
 * An operation on a Future that its state does not allow: reading the result
 * of a pending future, setting a result twice. Python: `asyncio.InvalidStateError`.
 */
export class InvalidStateError extends PythonError {}

/** Python's built-in `RuntimeError`: a call that is wrong in the current state. */
export class RuntimeError extends PythonError {}

/** Python's built-in `ValueError`: an argument of the right type but a wrong value. */
export class ValueError extends PythonError {}

/** `Queue.getNowait()` on an empty queue. Python: `asyncio.QueueEmpty`. */
export class QueueEmpty extends PythonError {}

/** `Queue.putNowait()` on a full queue. Python: `asyncio.QueueFull`. */
export class QueueFull extends PythonError {}

/** A put or get on a queue after `shutdown()`. Python 3.13: `asyncio.QueueShutDown`. */
export class QueueShutDown extends PythonError {}

/** A `Barrier` was reset or aborted while tasks waited on it. Python: `asyncio.BrokenBarrierError`. */
export class BrokenBarrierError extends PythonError {}

/**
 * Several errors raised together, as a `TaskGroup` does when more than one of
 * its tasks failed. Python 3.11: `ExceptionGroup(message, exceptions)`.
 *
 * It is an `AggregateError`, so JavaScript tools that know that class show the
 * members; `exceptions` is Python's name for them (the same array as `errors`).
 */
export class ExceptionGroup extends AggregateError {
  readonly exceptions: readonly unknown[];

  constructor(message: string, exceptions: readonly unknown[]) {
    if (exceptions.length === 0) {
      throw new ValueError("second argument (exceptions) must be a non-empty sequence");
    }
    super(exceptions, message);
    this.name = new.target.name;
    this.exceptions = exceptions;
  }
}

/** A stream ended before the requested number of bytes arrived. Python: `asyncio.IncompleteReadError`. */
export class IncompleteReadError extends PythonError {
  constructor(
    readonly partial: Uint8Array,
    readonly expected: number | null,
  ) {
    const what = expected === null ? "undefined" : String(expected);
    super(`${partial.length} bytes read on a total of ${what} expected bytes`);
  }
}

/** A stream's buffer limit was reached while looking for a separator. Python: `asyncio.LimitOverrunError`. */
export class LimitOverrunError extends PythonError {
  constructor(
    message: string,
    readonly consumed: number,
  ) {
    super(message);
  }
}

/**
 * Thrown by a loop on virtual time when nothing can ever happen again: no
 * callback is ready, no timer is scheduled, no foreign work is in flight, and
 * yet the loop was asked to keep running (tasks are still pending, or
 * `runUntilComplete` waits for a Future nobody can complete). `tasks` lists
 * the pending tasks and what each waits on; the message says the same.
 *
 * Also thrown on any clock by a loop still waiting when Node's own event loop
 * has nothing left to run (`'beforeExit'`): no timer, I/O or handle is left
 * that could wake it, so it would otherwise vanish as the process exits.
 * That covers foreign work that can never settle, such as a `wrapPromise` of
 * a `Promise.all` over loop Futures while a `VirtualClock` holds time still
 * for it (the message suggests `foreignWork: "jump"`).
 *
 * @example
 * try {
 *   await asyncio.run(main, { clock: new asyncio.VirtualClock() });
 * } catch (error) {
 *   if (error instanceof asyncio.DeadlockError) console.log(error.tasks.map((t) => t.waitingOn));
 * }
 */
export class DeadlockError extends RuntimeError {
  /** The pending tasks, in creation order, each with what it waits on. */
  declare readonly tasks: readonly BlockedTask[];

  constructor(message: string, tasks: readonly BlockedTask[] = []) {
    super(message);
    // Not enumerable: Node prints an uncaught error's enumerable properties,
    // and each task would bring its loop's whole state into the printout.
    // The message lists the same tasks in words.
    Object.defineProperty(this, "tasks", { value: tasks, enumerable: false, writable: false, configurable: true });
  }
}

/** Which runaway guard a {@link LoopLimitError} comes from. */
export type LoopLimit = "maxIterations" | "maxTime";

/**
 * Thrown by a loop that hit one of its runaway guards: it ran `maxIterations`
 * passes, or its time went more than `maxTime` seconds past the moment it
 * started running. The message names the limit; `limit` holds its name.
 */
export class LoopLimitError extends RuntimeError {
  /** The guard that was hit. */
  readonly limit: LoopLimit;

  constructor(limit: LoopLimit, message: string) {
    super(message);
    this.limit = limit;
  }
}
