/**
 * The event loop (CPython: `BaseEventLoop` in `asyncio/base_events.py`).
 *
 * The one idea: the loop is two queues and a clock. `_ready` holds callbacks
 * to run now, in FIFO order; `_scheduled` is a heap of timers ordered by
 * deadline. One iteration (`_runOnce`) drops cancelled timers, waits until
 * something is due, moves due timers to the end of `_ready`, then runs exactly
 * the callbacks that were ready when the pass began. Everything else in
 * asyncio (futures, tasks, locks, queues) is callbacks handed to this loop.
 *
 * Differs from CPython: this loop runs on top of Node's own event loop. It
 * runs many iterations per Node turn, waits for timers with the host's
 * `setTimeout`, and every few thousand callbacks gives Node a turn so that
 * native I/O (a `fetch`, a file read) progresses while tasks spin. Native
 * coroutines resume in promise jobs, so after waking one the loop lets those
 * jobs run until the coroutine suspends again, before the next callback:
 * that keeps CPython's order.
 */
import type { Clock } from "./clock.js";
import { RealClock } from "./clock.js";
import { RuntimeError, ValueError } from "./errors.js";
import { Future } from "./future.js";
import { Handle, TimerHandle, describeValue } from "./handle.js";
import { Heap } from "./heap.js";
import { peekRunningLoop, setRunningLoop } from "./running.js";
import { Task, type Coroutine, type TaskOptions } from "./task.js";
import { toFuture, type AwaitableLike } from "./ensure.js";
import { MessageChannel } from "node:worker_threads";

/** What the exception handler is told (CPython's context dict). */
export interface ExceptionContext {
  /** What went wrong, in words. */
  message: string;
  /** The error, if there is one. */
  exception?: unknown;
  /** The handle whose callback failed. */
  handle?: Handle;
  /** The future concerned. */
  future?: Future<unknown>;
  /** The task concerned. */
  task?: Task<unknown>;
  [key: string]: unknown;
}

/** A loop exception handler, called as `handler(loop, context)`. */
export type ExceptionHandler = (loop: EventLoop, context: ExceptionContext) => void;

/** A task factory, called as `factory(loop, coro, options)`; returns a Task (or Future). */
export type TaskFactory = <T>(loop: EventLoop, coro: Coroutine<T>, options: TaskOptions) => Future<T>;

/** Options of `new EventLoop(...)` and `newEventLoop(...)`. */
export interface EventLoopOptions {
  /** Where time comes from: a `RealClock` (the default) or a `VirtualClock`. */
  clock?: Clock;
  /** Debug mode from the start (see `setDebug`). */
  debug?: boolean;
}

/** How many callbacks may run before the loop gives Node a turn for its I/O. */
const HOST_YIELD_INTERVAL = 20_000;

/**
 * Sweep cancelled timers out of the heap once they are more than this
 * fraction of it (and there are enough of them to be worth a sweep), so a
 * program that arms and cancels millions of timeouts keeps a small heap.
 */
const MIN_CANCELLED_TIMERS_FOR_SWEEP = 100;
const MAX_CANCELLED_TIMER_FRACTION = 0.5;

/**
 * How many promise jobs the loop waits, after resuming a native coroutine,
 * for it to suspend again on a loop awaitable (or finish). A coroutine that
 * awaits a promise the loop does not know never does; past this many jobs the
 * loop carries on without it.
 */
const NATIVE_SETTLE_TICKS = 64;
const RESOLVED = Promise.resolve();

/**
 * The event loop. Python: `asyncio.AbstractEventLoop` / `BaseEventLoop`.
 *
 * Most programs never touch it: `asyncio.run(main())` makes one, runs it and
 * closes it. Inside a task, `asyncio.getRunningLoop()` returns it.
 *
 * @example
 * const loop = asyncio.newEventLoop({ clock: new asyncio.VirtualClock() });
 * loop.callLater(1, () => loop.stop());
 * await loop.runForever();
 * loop.time(); // 1
 * loop.close();
 */
export class EventLoop {
  // ---- The whole state of the machine ----
  /** Callbacks to run on the next pass, in the order they were scheduled. */
  private _ready: Handle[] = [];
  /** The array the pass after next fills: two arrays take turns, so a pass never shifts. */
  private _spareReady: Handle[] = [];
  /** Timers, smallest `(when, sequence)` first. */
  private readonly _scheduled = new Heap<TimerHandle>(timerLess);
  /** Gives each timer its tiebreak, so equal deadlines run in scheduling order. */
  private _timerSequence = 0;
  /** Cancelled timers still sitting in `_scheduled`. */
  private _timerCancelledCount = 0;
  /** Set by `stop()`: leave `runForever` after the current pass. */
  private _stopping = false;
  /** True between the start and the end of `runForever`. */
  private _running = false;
  /** True after `close()`. */
  private _closed = false;
  /** Where time comes from. */
  readonly _clock: Clock;
  /** Resolves the idle wait early when a callback arrives from outside; null when not waiting. */
  private _wakeup: (() => void) | null = null;
  /** Foreign work (a `wrapPromise` future, say) in flight; a virtual clock holds still while > 0. */
  private _foreignWork = 0;
  /** A task whose native coroutine was just resumed; the pass waits for it to suspend before going on. */
  _resumedNative: Task<unknown> | null = null;
  /** Callbacks run since Node last had a turn. */
  private _handlesSinceHostYield = 0;
  /** Tasks of this loop that are not done yet (`allTasks`). */
  readonly _tasks = new Set<Task<unknown>>();
  /** Failed futures whose exception nobody has looked at yet; reported at `close()`. */
  private readonly _unretrieved = new Set<Future<unknown>>();
  private _exceptionHandler: ExceptionHandler | null = null;
  private _taskFactory: TaskFactory | null = null;
  private _debug: boolean;
  /** In debug mode, callbacks slower than this many seconds are reported. Python: `slow_callback_duration`. */
  slowCallbackDuration = 0.1;

  constructor(options: EventLoopOptions = {}) {
    this._clock = options.clock ?? new RealClock();
    this._debug = options.debug ?? false;
  }

  // ---- Scheduling callbacks ----

  /**
   * Runs `callback(...args)` on the next iteration, after the callbacks
   * already scheduled. Returns a handle that can cancel it.
   */
  callSoon<A extends unknown[]>(callback: (...args: A) => unknown, ...args: A): Handle {
    this._checkClosed();
    checkCallback(callback, "callSoon");
    const handle = new Handle(callback, args, this);
    this._ready.push(handle);
    if (this._wakeup !== null) this._wakeup();
    return handle;
  }

  /**
   * Runs `callback(...args)` once `delay` seconds have passed. A delay of 0
   * or less means "on the next iteration that looks at timers".
   */
  callLater<A extends unknown[]>(delay: number, callback: (...args: A) => unknown, ...args: A): TimerHandle {
    checkDelay(delay, "callLater", "delay");
    return this._callAt(this._clock.now() + delay, callback, args);
  }

  /** Runs `callback(...args)` when `loop.time()` reaches `when`. */
  callAt<A extends unknown[]>(when: number, callback: (...args: A) => unknown, ...args: A): TimerHandle {
    checkDelay(when, "callAt", "when");
    return this._callAt(when, callback, args);
  }

  private _callAt<A extends unknown[]>(when: number, callback: (...args: A) => unknown, args: A): TimerHandle {
    this._checkClosed();
    checkCallback(callback, "callAt");
    const timer = new TimerHandle(when, this._timerSequence++, callback, args, this);
    this._scheduled.push(timer);
    // A new earliest deadline changes how long an idle loop must wait.
    if (this._wakeup !== null) this._wakeup();
    return timer;
  }

  /** The loop's time in seconds, from its clock. Python: `loop.time()`. */
  time(): number {
    return this._clock.now();
  }

  // ---- Running and stopping ----

  /**
   * Runs the loop until `stop()` is called. Python: `loop.run_forever()`,
   * which blocks; here it returns a Promise to await.
   */
  async runForever(): Promise<void> {
    this._checkClosed();
    this._checkNotRunning();
    setRunningLoop(this);
    this._running = true;
    try {
      for (;;) {
        const pending = this._runOnce();
        if (pending !== undefined) await pending;
        if (this._stopping) break;
        if (this._handlesSinceHostYield >= HOST_YIELD_INTERVAL) await this._yieldToHost();
      }
    } finally {
      this._stopping = false;
      this._running = false;
      setRunningLoop(null);
    }
  }

  /**
   * Runs the loop until `aw` is done and returns its result (or throws its
   * error). A coroutine is wrapped in a Task first. Python:
   * `loop.run_until_complete(future)`.
   */
  async runUntilComplete<T>(aw: AwaitableLike<T>): Promise<T> {
    this._checkClosed();
    this._checkNotRunning();
    const future = toFuture(aw, this, "runUntilComplete");
    const stopWhenDone = (): void => this.stop();
    future.addDoneCallback(stopWhenDone);
    try {
      await this.runForever();
    } finally {
      future.removeDoneCallback(stopWhenDone);
    }
    if (!future.done()) throw new RuntimeError("Event loop stopped before Future completed.");
    return future.result();
  }

  /** Asks the loop to stop after the current pass. Python: `loop.stop()`. */
  stop(): void {
    this._stopping = true;
    if (this._wakeup !== null) this._wakeup();
  }

  /** True while `runForever`/`runUntilComplete` is running. */
  isRunning(): boolean {
    return this._running;
  }

  /** True once `close()` was called. */
  isClosed(): boolean {
    return this._closed;
  }

  /**
   * Closes the loop: drops every scheduled callback. Reports, through the
   * exception handler, tasks still pending ("Task was destroyed but it is
   * pending!") and failures nobody retrieved ("Task exception was never
   * retrieved"). Python: `loop.close()` (which leaves those reports to the
   * garbage collector; here they are deterministic).
   */
  close(): void {
    if (this._running) throw new RuntimeError("Cannot close a running event loop");
    if (this._closed) return;
    for (const task of this._tasks) {
      this.callExceptionHandler({ message: "Task was destroyed but it is pending!", task });
    }
    for (const future of this._unretrieved) {
      const kind = future instanceof Task ? "Task" : "Future";
      this.callExceptionHandler({
        message: `${kind} exception was never retrieved`,
        exception: future._exception,
        future,
      });
    }
    this._closed = true;
    this._tasks.clear();
    this._unretrieved.clear();
    this._ready = [];
    this._spareReady = [];
    this._scheduled.clear();
    this._timerCancelledCount = 0;
  }

  /** Python: `loop.shutdown_asyncgens()`. JavaScript async generators need no loop-level shutdown; resolves at once. */
  async shutdownAsyncgens(): Promise<void> {
    this._checkClosed();
    await Promise.resolve();
  }

  // ---- One iteration ----

  /**
   * One pass of the loop, in four phases. Returns a promise only when the
   * pass has to wait (for time to pass, or for a native coroutine to
   * suspend); otherwise it runs synchronously, which is what makes millions
   * of callbacks a second possible.
   */
  private _runOnce(): Promise<void> | undefined {
    // Phase 1: drop cancelled timers from the front of the heap; sweep the
    // whole heap when cancelled ones dominate it.
    this._dropCancelledTimers();

    // Phase 2: if nothing is ready, let the clock decide how long to wait for
    // the first timer (a virtual clock jumps to it instead of waiting).
    if (this._ready.length === 0 && !this._stopping) {
      const first = this._scheduled.peek();
      const deadline = first === undefined ? Infinity : first._when;
      const seconds = this._clock.idle(deadline, this._foreignWork > 0);
      if (seconds > 0) return this._waitForEvents(seconds).then(this._runDue);
    }
    return this._runDue();
  }

  /** Phases 3 and 4 of `_runOnce`. */
  private readonly _runDue = (): Promise<void> | undefined => {
    // Phase 3: move every timer that is due to the end of the ready queue.
    const now = this._clock.now();
    const scheduled = this._scheduled;
    for (let timer = scheduled.peek(); timer !== undefined && timer._when <= now; timer = scheduled.peek()) {
      scheduled.pop();
      timer._scheduled = false;
      if (timer._cancelled) this._timerCancelledCount--;
      else this._ready.push(timer);
    }

    // Phase 4: run exactly the callbacks that are ready now. Whatever they
    // schedule lands in the other array and runs on the next pass.
    const todo = this._ready;
    this._ready = this._spareReady;
    return this._runHandles(todo, 0);
  };

  /** Runs `todo[start..]`, pausing after each callback that resumed a native coroutine. */
  private _runHandles(todo: Handle[], start: number): Promise<void> | undefined {
    for (let i = start; i < todo.length; i++) {
      (todo[i])._run();
      if (this._resumedNative !== null) {
        const next = i + 1;
        return this._settleNative().then(() => this._runHandles(todo, next));
      }
    }
    this._handlesSinceHostYield += todo.length;
    todo.length = 0;
    this._spareReady = todo;
    return undefined;
  }

  /**
   * A callback resumed a native coroutine: its code runs in promise jobs,
   * not inside the callback. Let those jobs run until the coroutine suspends
   * again on a loop awaitable or finishes, so that it runs now, in its turn,
   * as a CPython task step would. A coroutine stuck on a foreign promise is
   * left to finish whenever that promise settles.
   */
  private async _settleNative(): Promise<void> {
    const task = this._resumedNative as Task<unknown>;
    task._nativeStepBegan();
    for (let ticks = 0; ticks < NATIVE_SETTLE_TICKS && task._nativeRunning; ticks++) await RESOLVED;
    task._nativeStepEnded();
    this._resumedNative = null;
  }

  private _dropCancelledTimers(): void {
    const scheduled = this._scheduled;
    if (
      this._timerCancelledCount > MIN_CANCELLED_TIMERS_FOR_SWEEP &&
      this._timerCancelledCount > scheduled.size * MAX_CANCELLED_TIMER_FRACTION
    ) {
      scheduled.retain((timer) => {
        if (timer._cancelled) timer._scheduled = false;
        return !timer._cancelled;
      });
      this._timerCancelledCount = 0;
      return;
    }
    for (let timer = scheduled.peek(); timer !== undefined && timer._cancelled; timer = scheduled.peek()) {
      scheduled.pop();
      timer._scheduled = false;
      this._timerCancelledCount--;
    }
  }

  /** Waits up to `seconds` of real time, or until `callSoon`/`callAt`/`stop` wakes the loop. */
  private _waitForEvents(seconds: number): Promise<void> {
    this._handlesSinceHostYield = 0;
    return new Promise<void>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      this._wakeup = () => {
        this._wakeup = null;
        if (timer !== undefined) globalThis.clearTimeout(timer);
        resolve();
      };
      if (seconds !== Infinity) {
        // Round up: waking a hair early would only spin the loop once more.
        const ms = Math.min(Math.ceil(seconds * 1000), MAX_TIMEOUT_MS);
        timer = globalThis.setTimeout(this._wakeup, ms);
      }
    });
  }

  /** Gives Node one turn of its own event loop, so its I/O callbacks run. */
  private _yieldToHost(): Promise<void> {
    this._handlesSinceHostYield = 0;
    return yieldToHost();
  }

  /** @internal Called by `TimerHandle.cancel()` while the timer is in the heap. */
  _timerHandleCancelled(): void {
    this._timerCancelledCount++;
  }

  /** @internal Number of timers in the heap, cancelled ones included (for tests and benchmarks). */
  get _timerCount(): number {
    return this._scheduled.size;
  }

  /** @internal */
  _foreignWorkStarted(): void {
    this._foreignWork++;
  }

  /** @internal */
  _foreignWorkFinished(): void {
    this._foreignWork--;
    if (this._wakeup !== null) this._wakeup();
  }

  // ---- Futures and tasks ----

  /** A new Future on this loop. Python: `loop.create_future()`. */
  createFuture<T = unknown>(): Future<T> {
    return new Future<T>({ loop: this });
  }

  /**
   * Wraps a coroutine in a Task that runs it on this loop (through the task
   * factory if one is set). Python: `loop.create_task(coro, name=...)`.
   */
  createTask<T>(coro: Coroutine<T>, options: TaskOptions = {}): Task<T> {
    this._checkClosed();
    if (this._taskFactory !== null) {
      const task = this._taskFactory(this, coro, options);
      return task as Task<T>;
    }
    return new Task(coro, { ...options, loop: this });
  }

  /** Sets the function `createTask` uses to make tasks; null restores the default. */
  setTaskFactory(factory: TaskFactory | null): void {
    if (factory !== null && typeof factory !== "function") {
      throw new TypeError(`task factory must be a function or null, got ${describeValue(factory)}`);
    }
    this._taskFactory = factory;
  }

  /** The task factory, or null. */
  getTaskFactory(): TaskFactory | null {
    return this._taskFactory;
  }

  /** @internal */
  _exceptionSet(future: Future<unknown>): void {
    this._unretrieved.add(future);
  }

  /** @internal */
  _exceptionRetrieved(future: Future<unknown>): void {
    this._unretrieved.delete(future);
  }

  // ---- Errors ----

  /** Sets the handler for errors nobody else can catch; null restores the default. */
  setExceptionHandler(handler: ExceptionHandler | null): void {
    if (handler !== null && typeof handler !== "function") {
      throw new TypeError(`A callable object or None is expected, got ${describeValue(handler)}`);
    }
    this._exceptionHandler = handler;
  }

  /** The exception handler, or null for the default. */
  getExceptionHandler(): ExceptionHandler | null {
    return this._exceptionHandler;
  }

  /**
   * Reports an error through the exception handler. An error thrown by the
   * handler itself is reported by the default handler; neither ever reaches
   * the loop. Python: `loop.call_exception_handler(context)`.
   */
  callExceptionHandler(context: ExceptionContext): void {
    const handler = this._exceptionHandler;
    if (handler === null) {
      try {
        this.defaultExceptionHandler(context);
      } catch (error) {
        console.error("Exception in default exception handler", error);
      }
      return;
    }
    try {
      handler(this, context);
    } catch (error) {
      try {
        this.defaultExceptionHandler({ message: "Unhandled error in exception handler", exception: error, context });
      } catch (inner) {
        console.error("Exception in default exception handler", inner);
      }
    }
  }

  /**
   * Writes the context to standard error: the message, each other key, then
   * the error's stack. Python: `loop.default_exception_handler(context)`.
   */
  defaultExceptionHandler(context: ExceptionContext): void {
    const lines = [context.message || "Unhandled exception in event loop"];
    for (const key of Object.keys(context).sort()) {
      if (key === "message" || key === "exception") continue;
      lines.push(`${key}: ${describeValue(context[key])}`);
    }
    const error = context.exception;
    if (error !== undefined) {
      lines.push(error instanceof Error && error.stack ? error.stack : describeValue(error));
    }
    console.error(lines.join("\n"));
  }

  // ---- Debug ----

  /** True in debug mode. */
  getDebug(): boolean {
    return this._debug;
  }

  /** Turns debug mode on or off. */
  setDebug(enabled: boolean): void {
    this._debug = Boolean(enabled);
  }

  // ---- Checks ----

  private _checkClosed(): void {
    if (this._closed) throw new RuntimeError("Event loop is closed");
  }

  private _checkNotRunning(): void {
    if (this._running) throw new RuntimeError("This event loop is already running");
    const other = peekRunningLoop();
    if (other !== null) throw new RuntimeError("Cannot run the event loop while another loop is running");
  }

  toString(): string {
    return `<EventLoop running=${this._running} closed=${this._closed} debug=${this._debug}>`;
  }
}

function timerLess(a: TimerHandle, b: TimerHandle): boolean {
  return a._when < b._when || (a._when === b._when && a._sequence < b._sequence);
}

/** Node's `setTimeout` takes at most 2^31 - 1 ms; longer waits wake early and wait again. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

function checkCallback(callback: unknown, method: string): void {
  if (typeof callback !== "function") {
    throw new TypeError(`a callable object was expected by ${method}(), got ${describeValue(callback)}`);
  }
}

function checkDelay(value: unknown, method: string, name: string): void {
  if (typeof value !== "number") {
    throw new TypeError(`${method}() ${name} must be a number of seconds, got ${describeValue(value)}`);
  }
  if (!Number.isFinite(value)) throw new ValueError(`${method}() ${name} must be a finite number, got ${value}`);
}

/**
 * One turn of Node's event loop, through a MessageChannel: unlike
 * `setImmediate`, fake-timer libraries leave it alone, so a loop under fake
 * timers never waits for someone to tick just to let I/O through.
 */
function yieldToHost(): Promise<void> {
  return new Promise<void>((resolve) => {
    hostResolvers.push(resolve);
    if (hostResolvers.length === 1) {
      hostChannel ??= makeHostChannel();
      hostChannel.port1.ref();
      hostChannel.port2.postMessage(null);
    }
  });
}

let hostChannel: MessageChannel | null = null;
const hostResolvers: (() => void)[] = [];

function makeHostChannel(): MessageChannel {
  const channel = new MessageChannel();
  channel.port1.on("message", () => {
    // Unref between uses: an idle channel must not keep the process alive.
    channel.port1.unref();
    const resolvers = hostResolvers.splice(0);
    for (const resolve of resolvers) resolve();
  });
  channel.port1.unref();
  return channel;
}
