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
import { RuntimeError, ValueError } from "./errors.js";

/** The loop's source of time. Implement it to drive a loop from your own clock. */
export interface Clock {
  /** The current loop time, in seconds. */
  now(): number;
  /**
   * The loop has nothing ready and its next timer is due at `deadline`
   * (`Infinity` when there is none). Returns how many real seconds the loop
   * should wait for outside events before it looks again: 0 means "look
   * again now" (a virtual clock jumps to the deadline and returns 0),
   * `Infinity` means "until something wakes you". `foreignWork` is true while
   * work the loop knows is outside it (such as a `wrapPromise` future) is in
   * flight.
   *
   * Returns `null` when nothing can ever happen again (a virtual clock with no
   * deadline and no foreign work): the loop then fails with a report of its
   * pending tasks instead of waiting forever.
   */
  idle(deadline: number, foreignWork: boolean): number | null;
  /** Optional: called by a loop when it starts running on this clock. */
  attach?(loop: ClockHost): void;
  /** Optional: called by the same loop when it stops running. */
  detach?(loop: ClockHost): void;
}

/**
 * What a running loop offers its clock: a way to wake it from outside, and
 * Futures for the loop's own tasks to await. (`EventLoop` is one; an
 * interface keeps this bottom layer free of the loop's module.)
 */
export interface ClockHost {
  /** Schedules a callback; a loop waiting idle wakes up to run it. */
  callSoon(callback: () => void): unknown;
  /** A pending Future of the loop. */
  createFuture(): PromiseLike<unknown> & { setResult(value: undefined): void; done(): boolean };
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

/**
 * What virtual time does while foreign work is in flight: `"hold"` stands
 * still until it finishes (the default), `"jump"` keeps jumping to the next
 * timer regardless.
 */
export type ForeignWorkPolicy = "hold" | "jump";

/** Options of {@link VirtualClock}. */
export interface VirtualClockOptions {
  /** The loop time to start at, in seconds. Default 0. */
  start?: number;
  /**
   * Jump to the next timer whenever the loop is idle (the default). With
   * `false`, time moves only when the test calls `advance()`/`advanceTo()`.
   */
  autojump?: boolean;
  /**
   * What time does while foreign work (a `wrapPromise` future, say) is in
   * flight: `"hold"` (default) stands still and waits for it for real, so a
   * timeout cannot fire just because a real request took real milliseconds;
   * `"jump"` jumps to the next timer anyway, as if the work took longer than
   * any pending timeout. Work that itself waits on loop time never ends under
   * `"hold"`: once Node has nothing else to do, the run fails with a
   * `DeadlockError` that says so.
   */
  foreignWork?: ForeignWorkPolicy;
}

/** Someone waiting for the loop to be idle at the clock's target time. */
type IdleWaiter = () => boolean;

/**
 * Virtual time: `loop.time()` starts at 0 and moves only when the loop would
 * otherwise sit idle, jumping straight to the next timer. A program that
 * sleeps an hour finishes in milliseconds with `loop.time() === 3600`.
 *
 * - **Autojump** (the default): when nothing is ready, time jumps to the
 *   next timer. When there is no timer either, and no foreign work in
 *   flight, nothing can ever happen again: the loop fails with a
 *   `DeadlockError` listing each pending task and what it waits on.
 * - **Manual** (`{ autojump: false }`): time stands still until the test
 *   moves it with `advance(seconds)` or `advanceTo(when)`; `runUntilIdle()`
 *   lets the loop run everything it can without moving time. Each resolves
 *   once the loop is idle at the new time, so the test can assert the state
 *   of the system at that instant.
 * - **Foreign work** (`wrapPromise`, and any I/O the library bridges) holds
 *   time still while it is in flight, so a timeout cannot fire just because a
 *   real request took real milliseconds. `{ foreignWork: "jump" }` turns
 *   that off.
 *
 * Time never drifts: the clock is set to each timer's own deadline, never to
 * a sum of steps, so a timer scheduled for exactly `t` fires when the clock
 * reads exactly `t`, whatever the magnitude of `t`, also in the middle of an
 * `advance()`.
 *
 * Python has no built-in equivalent; Trio's `MockClock` (autojump or
 * `jump()`) and the `looptime` plugin are the closest.
 *
 * @example
 * await asyncio.run(main, { clock: new asyncio.VirtualClock() });
 *
 * // Manual time, from a test:
 * const clock = new asyncio.VirtualClock({ autojump: false });
 * const loop = asyncio.newEventLoop({ clock });
 * const done = loop.runUntilComplete(service.start());
 * await clock.advance(5); // every timer due by 5 has fired; the loop is idle at 5
 */
export class VirtualClock implements Clock {
  /** The time, in seconds. */
  private _now: number;
  /** How far time may move before the loop counts as idle: the end of the pending `advance()`, or now. */
  private _target: number;
  private readonly _autojump: boolean;
  private readonly _holdForForeignWork: boolean;
  /** Who waits for the loop to be idle at `_target`. */
  private _idleWaiters: IdleWaiter[] = [];
  /** The loop running on this clock, or null. */
  private _host: ClockHost | null = null;

  constructor(options: VirtualClockOptions = {}) {
    const start = options.start ?? 0;
    if (typeof start !== "number") throw new TypeError(`VirtualClock start must be a number of seconds, got ${typeof start}`);
    if (!Number.isFinite(start)) throw new ValueError(`VirtualClock start must be a finite number, got ${start}`);
    const policy = options.foreignWork ?? "hold";
    if (policy !== "hold" && policy !== "jump") {
      throw new ValueError(`VirtualClock foreignWork must be 'hold' or 'jump', got ${String(policy)}`);
    }
    this._now = start;
    this._target = start;
    this._autojump = options.autojump ?? true;
    this._holdForForeignWork = policy === "hold";
  }

  now(): number {
    return this._now;
  }

  /** True unless made with `{ autojump: false }`. */
  get autojump(): boolean {
    return this._autojump;
  }

  idle(deadline: number, foreignWork: boolean): number | null {
    // Outside work decides what happens next; wait for it, for as long as it takes.
    if (foreignWork && this._holdForForeignWork) return Infinity;
    // A timer due by the target time runs at its own deadline: set, never
    // added, so the clock reads exactly the time the timer was scheduled for.
    if (deadline <= this._target) {
      if (deadline > this._now) this._now = deadline;
      return 0;
    }
    // Nothing is due before the target: time gets there, and the loop is idle.
    this._now = this._target;
    if (this._idleWaiters.length > 0 && this._wakeIdleWaiters()) return 0;
    if (!this._autojump) return Infinity;
    if (deadline !== Infinity) {
      this._now = this._target = deadline;
      return 0;
    }
    return foreignWork ? Infinity : null;
  }

  /**
   * Moves time forward by `seconds`. Every timer due on the way fires at its
   * own deadline (the clock reads exactly that deadline while it runs), and
   * the returned promise resolves once the loop is idle at the new time, so
   * the test can then assert the state of the system at that instant. Calls
   * add up: two `advance(1)` in a row move time by 2. With no loop running,
   * time just moves.
   *
   * Meant for a clock made with `{ autojump: false }`, driven by test code
   * outside the loop. (Inside the program, use the `advance` that
   * `asyncio-ts/testing`'s `runVirtual` hands it.)
   *
   * Python: Trio's `MockClock.jump(seconds)`; fake-timers' `tickAsync(ms)`.
   *
   * @example
   * const clock = new asyncio.VirtualClock({ autojump: false });
   * const loop = asyncio.newEventLoop({ clock });
   * const done = loop.runUntilComplete(poller.run());
   * await clock.advance(30);
   * expect(poller.polls).toBe(3);
   */
  advance(seconds: number): Promise<void> {
    this._moveTargetBy(seconds, "advance");
    return this._whenIdle();
  }

  /**
   * Moves time forward to exactly `when`, like {@link advance}: the exact
   * spelling of `advance(when - now)`, which floating point may not land on.
   * Moving backwards is refused.
   */
  advanceTo(when: number): Promise<void> {
    this._moveTargetTo(when, "advanceTo");
    return this._whenIdle();
  }

  /**
   * Lets the loop run everything it can without moving time: resolves once
   * nothing is ready and no timer is due (nor, under the `"hold"` policy, any
   * foreign work in flight). Python: Trio's `wait_all_tasks_blocked()`.
   */
  runUntilIdle(): Promise<void> {
    return this._whenIdle();
  }

  /** @internal */
  attach(loop: ClockHost): void {
    if (this._host !== null && this._host !== loop) {
      throw new RuntimeError("this VirtualClock already drives another running loop");
    }
    this._host = loop;
  }

  /** @internal The loop stopped: whatever was to happen up to the target will not; time still gets there. */
  detach(loop: ClockHost): void {
    if (this._host !== loop) return;
    this._host = null;
    this._now = this._target;
    this._wakeIdleWaiters();
  }

  /** @internal */
  _moveTargetBy(seconds: number, method: string): void {
    if (typeof seconds !== "number" || !(seconds >= 0) || seconds === Infinity) {
      throw new ValueError(`${method}() takes a finite number of seconds >= 0, got ${String(seconds)}`);
    }
    this._target += seconds;
  }

  /** @internal */
  _moveTargetTo(when: number, method: string): void {
    if (typeof when !== "number" || !Number.isFinite(when)) {
      throw new ValueError(`${method}() takes a finite loop time, got ${String(when)}`);
    }
    if (when < this._now) throw new ValueError(`${method}(${when}): time cannot move backwards from ${this._now}`);
    if (when > this._target) this._target = when;
  }

  /** @internal A promise that resolves once the loop is idle at the target: for code outside the loop. */
  _whenIdle(): Promise<void> {
    const host = this._host;
    if (host === null) {
      // No loop runs on this clock: nothing can happen on the way.
      this._now = this._target;
      return Promise.resolve();
    }
    const waiting = new Promise<void>((resolve) => {
      this._idleWaiters.push(() => {
        resolve();
        return false;
      });
    });
    // Wake the loop if it sits idle: it then looks at the new target.
    host.callSoon(wakeForClock);
    return waiting;
  }

  /**
   * @internal The same as a Future of the running loop, for a task of that
   * loop to await: the task suspends as on any awaitable and resumes in its
   * turn, once every other task is blocked at the target.
   */
  _whenIdleFuture(): PromiseLike<void> {
    const host = this._host;
    if (host === null) throw new RuntimeError("no loop is running on this VirtualClock");
    const future = host.createFuture();
    this._idleWaiters.push(() => {
      if (future.done()) return false;
      future.setResult(undefined);
      return true;
    });
    host.callSoon(wakeForClock);
    return future as PromiseLike<unknown> as PromiseLike<void>;
  }

  /** Wakes everyone waiting for the loop to be idle; true if that scheduled callbacks on the loop. */
  private _wakeIdleWaiters(): boolean {
    const waiters = this._idleWaiters;
    this._idleWaiters = [];
    let scheduled = false;
    for (const wake of waiters) if (wake()) scheduled = true;
    return scheduled;
  }
}

/** The callback that wakes an idle loop after the clock's target moved; it has nothing to do. */
function wakeForClock(): void {}

/**
 * The clock a loop gets when none is given: a `RealClock`, or a
 * `VirtualClock` when the `ASYNCIO_TS_CLOCK` environment variable is
 * `virtual`, so that any script can run on virtual time without code changes.
 * @internal
 */
export function clockFromEnvironment(): Clock {
  const kind = globalThis.process?.env?.ASYNCIO_TS_CLOCK;
  if (kind === undefined || kind === "" || kind === "real") return new RealClock();
  if (kind === "virtual") return new VirtualClock();
  throw new ValueError(`ASYNCIO_TS_CLOCK must be 'virtual' or 'real', got '${kind}'`);
}
