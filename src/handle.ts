/**
 * Handles: a callback with its arguments, waiting in the loop's ready queue
 * or timer heap (CPython: `Handle` and `TimerHandle` in `asyncio/events.py`).
 *
 * The one idea: a handle is never removed from where it waits when it is
 * cancelled; it is only marked, and the loop skips it (or sweeps it out of
 * the heap later). That keeps `cancel()` O(1).
 */
import { createdAt, creationTraceback } from "./debug.js";
import type { EventLoop } from "./loop.js";
import { peekRunningLoop } from "./running.js";

/** Stands in `_arg0`/`_arg1` for an argument the callback does not get. */
const NO_ARG: unique symbol = Symbol("no argument");
/** Stands in `_arg1` when the callback gets more than two arguments: `_arg0` holds them all. */
const MORE_ARGS: unique symbol = Symbol("more arguments");

/**
 * A callback scheduled with `loop.callSoon`.
 *
 * Its first two arguments live in fields of its own: almost every callback
 * takes at most two, and an array per handle would double what each
 * `callSoon` allocates. Nor does it keep its loop: it only ever runs inside
 * that loop's pass.
 */
export class Handle {
  /** @internal */ _callback: ((...args: never[]) => unknown) | null;
  /** @internal The first argument; every argument, as an array, when `_arg1` is `MORE_ARGS`. */
  _arg0: unknown;
  /** @internal */ _arg1: unknown;

  /**
   * @internal Handles are made by the loop's `callSoon`, `callLater` and
   * `callAt`. `count` arguments: `arg0` and `arg1`, or (past two) an array
   * of them all in `arg0`.
   */
  constructor(callback: (...args: never[]) => unknown, count: number, arg0: unknown, arg1: unknown) {
    this._callback = callback;
    this._arg0 = count === 0 ? NO_ARG : arg0;
    this._arg1 = count < 2 ? NO_ARG : count === 2 ? arg1 : MORE_ARGS;
  }

  /** @internal The callback's arguments, as a new array (for reports and tracers). */
  get _args(): readonly unknown[] {
    const arg0 = this._arg0;
    const arg1 = this._arg1;
    if (arg1 === MORE_ARGS) return (arg0 as readonly unknown[]).slice();
    if (arg1 !== NO_ARG) return [arg0, arg1];
    return arg0 === NO_ARG ? [] : [arg0];
  }

  /**
   * @internal True once `cancel()` was called: it drops the callback, which
   * is never null otherwise (a field less on every handle).
   */
  get _cancelled(): boolean {
    return this._callback === null;
  }

  /** Stops the callback from running; does nothing if it already ran. Python: `Handle.cancel()`. */
  cancel(): void {
    if (this._callback === null) return;
    // Drop the references so a cancelled handle that lingers in a queue
    // does not keep its callback's closure alive.
    this._callback = null;
    this._arg0 = NO_ARG;
    this._arg1 = NO_ARG;
  }

  /** True once `cancel()` was called. Python: `Handle.cancelled()`. */
  cancelled(): boolean {
    return this._cancelled;
  }

  /** @internal Runs the callback; an error goes to the loop's exception handler, never up. */
  _run(): void {
    const callback = this._callback as ((...args: unknown[]) => unknown) | null;
    if (callback === null) return;
    try {
      // Called directly rather than spread: this is the hottest path there is.
      const arg0 = this._arg0;
      const arg1 = this._arg1;
      if (arg1 === NO_ARG) {
        if (arg0 === NO_ARG) callback();
        else callback(arg0);
      } else if (arg1 === MORE_ARGS) {
        callback(...(arg0 as unknown[]));
      } else {
        callback(arg0, arg1);
      }
    } catch (error) {
      this._reportError(error);
    }
  }

  /** @internal The callback threw `error`: the loop's exception handler hears of it, and the loop goes on. */
  _reportError(error: unknown): void {
    const context: Parameters<EventLoop["callExceptionHandler"]>[0] = {
      message: `Exception in callback ${describeCallback(this._callback, this._args)}`,
      exception: error,
      handle: this,
    };
    // Debug mode: where the handle was scheduled, as CPython's `source_traceback`.
    const traceback = creationTraceback(this);
    if (traceback !== null) context.source_traceback = traceback;
    // A handle runs only in its loop's pass: that loop is the running one.
    (peekRunningLoop() as EventLoop).callExceptionHandler(context);
  }

  toString(): string {
    const state = this._cancelled ? " cancelled" : "";
    return `<${this.constructor.name}${state} ${describeCallback(this._callback, this._args)}${createdAt(this)}>`;
  }
}

/**
 * A callback scheduled for a loop time, with `callLater` or `callAt`.
 *
 * The loop keeps it in its timer heap (`timerheap.ts`), which runs timers
 * due at the same instant in the order they were scheduled.
 */
export class TimerHandle extends Handle {
  /** @internal The loop whose heap holds the timer (told when it is cancelled). */
  readonly _loop: EventLoop;
  /** @internal */ readonly _when: number;
  /** @internal True while the handle sits in the loop's timer heap. */
  _scheduled = true;

  /** @internal */
  constructor(
    when: number,
    callback: (...args: never[]) => unknown,
    args: readonly unknown[],
    loop: EventLoop,
  ) {
    // The arguments are copied out of the array, which is not kept: a timer may wait for hours.
    const count = args.length;
    super(callback, count, count > 2 ? args : args[0], args[1]);
    this._loop = loop;
    this._when = when;
  }

  /** The loop time at which the callback is due, in seconds. Python: `TimerHandle.when()`. */
  when(): number {
    return this._when;
  }

  override cancel(): void {
    if (!this._cancelled && this._scheduled) this._loop._timerHandleCancelled(this);
    super.cancel();
  }

  override toString(): string {
    return super.toString().replace(/>$/, ` when=${this._when}>`);
  }
}

/** `name(arg, ...)` for messages, as CPython's `format_helpers` shows a callback. */
export function describeCallback(callback: ((...args: never[]) => unknown) | null, args: readonly unknown[]): string {
  if (callback === null) return "<cancelled>";
  const name = callback.name.replace(/^bound /, "") || "<anonymous>";
  return `${name}(${args.map(describeValue).join(", ")})`;
}

/** A short, Python-like repr of a value for messages. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return `'${value}'`;
  if (typeof value === "function") return `<function ${value.name || "<anonymous>"}>`;
  if (value === null || value === undefined) return "None";
  if (typeof value === "object") {
    // A class's own toString (Future, Task, Handle) is the repr we want.
    // eslint-disable-next-line @typescript-eslint/no-base-to-string
    const text = String(value);
    return text === "[object Object]" ? `<${value.constructor?.name ?? "object"} object>` : text;
  }
  // Only numbers, booleans, bigints and symbols are left here.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  return String(value);
}
