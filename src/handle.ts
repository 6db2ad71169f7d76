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

/** A callback scheduled with `loop.callSoon`. */
export class Handle {
  /** @internal */ _callback: ((...args: never[]) => unknown) | null;
  /** @internal */ _args: readonly unknown[];
  /** @internal */ readonly _loop: EventLoop;
  /** @internal */ _cancelled = false;

  /** @internal Handles are made by the loop's `callSoon`, `callLater` and `callAt`. */
  constructor(callback: (...args: never[]) => unknown, args: readonly unknown[], loop: EventLoop) {
    this._callback = callback;
    // Most callbacks take no arguments: share one empty array rather than
    // keep each call's own, which would outlive the call and cost a memory
    // access when the handle runs (a cache miss, with a million timers).
    this._args = args.length === 0 ? EMPTY : args;
    this._loop = loop;
  }

  /** Stops the callback from running; does nothing if it already ran. Python: `Handle.cancel()`. */
  cancel(): void {
    if (this._cancelled) return;
    this._cancelled = true;
    // Drop the references so a cancelled handle that lingers in a queue
    // does not keep its callback's closure alive.
    this._callback = null;
    this._args = EMPTY;
  }

  /** True once `cancel()` was called. Python: `Handle.cancelled()`. */
  cancelled(): boolean {
    return this._cancelled;
  }

  /** @internal Runs the callback; an error goes to the loop's exception handler, never up. */
  _run(): void {
    const callback = this._callback as ((...args: unknown[]) => unknown) | null;
    if (callback === null) return;
    const args = this._args;
    try {
      // Most callbacks (the loop's own among them) take at most two
      // arguments: calling them directly spares the spread, which costs on
      // the hottest path there is.
      if (args.length === 0) callback();
      else if (args.length === 1) callback(args[0]);
      else if (args.length === 2) callback(args[0], args[1]);
      else callback(...args);
    } catch (error) {
      const context: Parameters<EventLoop["callExceptionHandler"]>[0] = {
        message: `Exception in callback ${describeCallback(callback, this._args)}`,
        exception: error,
        handle: this,
      };
      // Debug mode: where the handle was scheduled, as CPython's `source_traceback`.
      const traceback = creationTraceback(this);
      if (traceback !== null) context.source_traceback = traceback;
      this._loop.callExceptionHandler(context);
    }
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
    super(callback, args, loop);
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

const EMPTY: readonly unknown[] = [];

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
