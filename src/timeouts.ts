/**
 * Deadlines around a block of code: `timeout(delay)`, `timeoutAt(when)` and
 * the `Timeout` context manager they return (CPython: `asyncio/timeouts.py`).
 *
 * The one idea: a timeout throws nothing by itself. At its deadline it
 * cancels its task, as anybody could; on exit it asks the task whether any
 * cancellation other than its own is still pending (`uncancel()` against the
 * count noted on entry). Only if none is does the CancelledError on its way
 * out become a TimeoutError; otherwise it goes on, so an outside cancel, or an
 * outer timeout expiring at the same time, keeps working.
 */
import type { AsyncContextManager } from "./context.js";
import { coroutine, type LazyCoroutine } from "./coroutine.js";
import { CancelledError, RuntimeError, TimeoutError, ValueError } from "./errors.js";
import type { Handle } from "./handle.js";
import { getRunningLoop } from "./running.js";
import { currentTask, type Task } from "./task.js";

/** Python's `_State` values, which its messages and reprs print. */
type State = "created" | "active" | "expiring" | "expired" | "finished";

/**
 * An async context manager that cancels the block it guards once a deadline
 * on the loop's clock has passed, and then raises `TimeoutError` in its place.
 * Make one with {@link timeout} or {@link timeoutAt}.
 *
 * Python: `asyncio.Timeout` (3.11). The block is entered with `asyncWith`;
 * `when()`, `reschedule(when)` and `expired()` work as in Python.
 *
 * Differs from CPython: when an error other than `CancelledError` leaves an
 * expired block (a cleanup that failed while being cancelled), CPython splices
 * a `TimeoutError` into that error's implicit `__context__` chain; JavaScript
 * errors have no implicit context, so the error is left as it is. There is no
 * `Symbol.asyncDispose`: `await using` cannot show the block's error to the
 * timeout, and turning that error into `TimeoutError` is the timeout's job.
 *
 * @example
 * // Python:
 * //   async with asyncio.timeout(10) as cm:
 * //       await long_job()
 * //       cm.reschedule(cm.when() + 5)
 * await asyncio.asyncWith(asyncio.timeout(10), async (cm) => {
 *   await longJob();
 *   cm.reschedule(cm.when()! + 5);
 * });
 */
export class Timeout implements AsyncContextManager<Timeout> {
  /** Where the timeout is in its life; Python's `_State`. */
  private _state: State = "created";
  /** The deadline in loop time, or null for none. */
  private _when: number | null;
  /** The pending `_onTimeout` call, if a deadline is set and not reached. */
  private _timeoutHandler: Handle | null = null;
  /** The task running the block, known from entry on. */
  private _task: Task<unknown> | null = null;
  /** `task.cancelling()` on entry: cancellations already pending are not ours. */
  private _cancelling = 0;

  /**
   * A timeout due at loop time `when` (null: never). Prefer {@link timeout}
   * and {@link timeoutAt}. A deadline already in the past fires on the next
   * loop iteration after entry.
   */
  constructor(when: number | null | undefined) {
    checkSeconds(when, "Timeout deadline");
    this._when = when ?? null;
  }

  /**
   * The current deadline in loop time, or null if there is none. Python:
   * `Timeout.when()`.
   *
   * @example
   * // Python: remaining = cm.when() - loop.time()
   * const remaining = cm.when()! - loop.time();
   */
  when(): number | null {
    return this._when;
  }

  /**
   * Moves the deadline to loop time `when`, or removes it with null.
   *
   * Python: `Timeout.reschedule(when)`. Throws `RuntimeError` unless the
   * timeout is active: "Timeout has not been entered" before entry,
   * "Cannot change state of expiring Timeout" (or expired, finished) after.
   *
   * @example
   * // Python: cm.reschedule(loop.time() + 5)
   * cm.reschedule(loop.time() + 5);
   */
  reschedule(when: number | null | undefined): void {
    if (this._state !== "active") {
      if (this._state === "created") throw new RuntimeError("Timeout has not been entered");
      throw new RuntimeError(`Cannot change state of ${this._state} Timeout`);
    }
    this._when = when ?? null;
    this._timeoutHandler?.cancel();
    this._timeoutHandler = null;
    if (this._when === null) return;
    const loop = getRunningLoop();
    // A deadline that has already passed still fires only on the next loop
    // iteration, never inside this call: the block always gets to start.
    this._timeoutHandler =
      this._when <= loop.time() ? loop.callSoon(timeoutExpired, this) : loop.callAt(this._when, timeoutExpired, this);
  }

  /**
   * True once the deadline was reached while the block ran. Python:
   * `Timeout.expired()`.
   *
   * @example
   * // Python: if cm.expired(): print("too slow")
   * if (cm.expired()) console.log("too slow");
   */
  expired(): boolean {
    return this._state === "expiring" || this._state === "expired";
  }

  /** Python's repr: `<Timeout [active] when=12.5>`, `<Timeout [expired]>`. */
  toString(): string {
    if (this._state !== "active") return `<Timeout [${this._state}]>`;
    const when = this._when === null ? "None" : String(Math.round(this._when * 1000) / 1000);
    return `<Timeout [active] when=${when}>`;
  }

  /**
   * Enters the block: notes the current task and starts the clock. Resolves
   * to the timeout itself. Python: `Timeout.__aenter__`.
   *
   * Throws `RuntimeError("Timeout has already been entered")` on a second
   * entry and `RuntimeError("Timeout should be used inside a task")` outside
   * a task. `asyncWith` calls it; call it yourself only to write a manager
   * of your own around a timeout.
   *
   * @example
   * // Python: cm = await asyncio.timeout(5).__aenter__()
   * const cm = await asyncio.timeout(5).aenter();
   */
  aenter(): LazyCoroutine<this> {
    return enterTimeout(this) as LazyCoroutine<this>;
  }

  /**
   * Leaves the block: stops the clock and, if the deadline cancelled the block
   * and nobody else cancelled the task meanwhile, throws `TimeoutError` (its
   * `cause` is the `CancelledError`) in place of the `CancelledError`.
   * Never swallows an error. Python: `Timeout.__aexit__`.
   *
   * @example
   * // Python: await cm.__aexit__(type(exc), exc, exc.__traceback__)
   * await cm.aexit(exc, true); // throws TimeoutError if the deadline cancelled the block
   */
  aexit(exc: unknown, hasError: boolean): LazyCoroutine<false> {
    return exitTimeout(this, exc, hasError);
  }

  /** @internal The work of `aenter`, run when its coroutine is awaited. */
  _enter(): this {
    if (this._state !== "created") throw new RuntimeError("Timeout has already been entered");
    const task = currentTask();
    if (task === null) throw new RuntimeError("Timeout should be used inside a task");
    this._state = "active";
    this._task = task;
    this._cancelling = task.cancelling();
    this.reschedule(this._when);
    return this;
  }

  /** @internal The work of `aexit`, run when its coroutine is awaited. */
  _exit(exc: unknown, hasError: boolean): false {
    if (this._state !== "active" && this._state !== "expiring") {
      throw new RuntimeError(`Cannot exit a ${this._state} Timeout`);
    }
    this._timeoutHandler?.cancel();
    this._timeoutHandler = null;
    if (this._state === "active") {
      this._state = "finished";
      return false;
    }
    this._state = "expired";
    const task = this._task as Task<unknown>;
    // Our own cancel request is withdrawn in every case. If the count then
    // drops back to what it was on entry, the only cancellation in flight is
    // ours, and the CancelledError leaving the block is ours to convert.
    if (task.uncancel() <= this._cancelling && hasError && exc instanceof CancelledError) {
      throw new TimeoutError(undefined, { cause: exc });
    }
    return false;
  }

  /** The deadline passed: cancel the task; `aexit` sorts out the rest. */
  /** @internal */
  _onTimeout(): void {
    (this._task as Task<unknown>).cancel();
    this._state = "expiring";
    this._timeoutHandler = null;
  }
}

/**
 * A {@link Timeout} that expires `delay` seconds from now (null: never).
 *
 * Python: `asyncio.timeout(delay)` (3.11). When the deadline passes, the
 * block is cancelled and the `asyncWith` throws `TimeoutError`. Needs a
 * running loop, as in Python, to read the time.
 *
 * @example
 * // Python:
 * //   async with asyncio.timeout(10):
 * //       await long_job()
 * await asyncio.asyncWith(asyncio.timeout(10), async () => {
 *   await longJob();
 * });
 */
export function timeout(delay: number | null | undefined): Timeout {
  checkSeconds(delay, "timeout() delay");
  const loop = getRunningLoop();
  return new Timeout(delay === null || delay === undefined ? null : loop.time() + delay);
}

/**
 * A {@link Timeout} that expires at loop time `when` (null: never).
 *
 * Python: `asyncio.timeout_at(when)` (3.11). `when` is on the loop's clock
 * (`loop.time()`), not wall-clock time.
 *
 * @example
 * // Python:
 * //   async with asyncio.timeout_at(loop.time() + 10):
 * //       await long_job()
 * await asyncio.asyncWith(asyncio.timeoutAt(loop.time() + 10), async () => {
 *   await longJob();
 * });
 */
export function timeoutAt(when: number | null | undefined): Timeout {
  return new Timeout(when);
}

// `aenter` and `aexit` return lazy coroutines, as Python's `async def`
// methods do; generators, so that they run inside the task that awaits them.
const enterTimeout = coroutine(function* aenter(timeout: Timeout): Generator<never, Timeout, unknown> {
  return timeout._enter();
});

const exitTimeout = coroutine(function* aexit(
  timeout: Timeout,
  exc: unknown,
  hasError: boolean,
): Generator<never, false, unknown> {
  return timeout._exit(exc, hasError);
});

/** The deadline of a `Timeout` passed (a named function, so traces say what ran). */
function timeoutExpired(timeout: Timeout): void {
  timeout._onTimeout();
}

/** A delay or deadline: a number of seconds (not NaN), or null for none. */
function checkSeconds(value: unknown, what: string): void {
  if (value === null || value === undefined) return;
  if (typeof value !== "number") throw new TypeError(`${what} must be a number of seconds or null, got ${typeof value}`);
  if (Number.isNaN(value)) throw new ValueError(`${what} must not be NaN`);
}
