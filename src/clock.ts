/**
 * Clocks: where the loop's time comes from, and how it waits for the next
 * timer (CPython: `loop.time()` reads `time.monotonic()`; the pluggable clock
 * follows Trio's `Clock` and its `MockClock`).
 *
 * The one idea: the loop never reads time or sets a host timer by itself. It
 * asks its clock. A real clock reads `performance.now()` and waits with
 * `setTimeout`, looked up on `globalThis` at each call so that fake timers
 * installed after import still control it. A virtual clock waits for nothing:
 * when the loop has nothing ready, it jumps straight to the next deadline.
 */

/** The loop's source of time. Implement it to drive a loop from your own clock. */
export interface Clock {
  /** The current loop time, in seconds. */
  now(): number;
  /**
   * The loop has nothing ready and its next timer is due at `deadline`
   * (`Infinity` when there is none). Returns how many real seconds the loop
   * should wait for outside events before it looks again; 0 means "look
   * again now" (a virtual clock jumps to the deadline and returns 0).
   * `foreignWork` is true while work the loop knows is outside it (such as a
   * `wrapPromise` future) is in flight.
   */
  idle(deadline: number, foreignWork: boolean): number;
}

/** The host's monotonic clock, read through `globalThis.performance` at every call. */
export class RealClock implements Clock {
  now(): number {
    return globalThis.performance.now() / 1000;
  }

  idle(deadline: number): number {
    return Math.max(0, deadline - this.now());
  }
}

/** Options of {@link VirtualClock}. */
export interface VirtualClockOptions {
  /** The loop time to start at, in seconds. Default 0. */
  start?: number;
}

/**
 * Virtual time: `loop.time()` starts at 0 and moves only when the loop would
 * otherwise sit idle, jumping straight to the next timer. A program that
 * sleeps an hour finishes in milliseconds with `loop.time() === 3600`.
 *
 * While foreign work is in flight (a `wrapPromise` future not yet settled),
 * time holds still and the loop waits for that work for real, so a timeout
 * cannot fire just because a real request took real milliseconds.
 *
 * Time never drifts: a jump sets the clock to the timer's deadline itself,
 * so a timer scheduled for exactly `t` fires when the clock reads `t`.
 *
 * Python has no built-in equivalent; Trio's `MockClock(autojump_threshold=0)`
 * and the `looptime` plugin are the closest.
 *
 * @example
 * await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
 */
export class VirtualClock implements Clock {
  private _now: number;

  constructor(options: VirtualClockOptions = {}) {
    const start = options.start ?? 0;
    if (!Number.isFinite(start)) throw new TypeError(`VirtualClock start must be a finite number, got ${String(start)}`);
    this._now = start;
  }

  now(): number {
    return this._now;
  }

  idle(deadline: number, foreignWork: boolean): number {
    // Outside work decides what happens next; wait for it, for as long as it takes.
    if (foreignWork) return Infinity;
    if (deadline !== Infinity && deadline > this._now) this._now = deadline;
    return deadline === Infinity ? Infinity : 0;
  }
}
