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
 * Differs from CPython: this loop runs on top of Node's own event loop, and
 * JavaScript cannot block. `_pump` runs passes back to back, many per Node
 * turn, and returns whenever one must wait; it waits for timers with the
 * host's `setTimeout`, and every few thousand callbacks gives Node a turn so
 * that native I/O (a `fetch`, a file read) progresses while tasks spin.
 * Native coroutines resume in promise jobs, so a pass that woke one stops
 * there and goes on from the promise job in which the coroutine suspends
 * again, before the next callback: that keeps CPython's order.
 */
import { endOfStep, running } from "./awaitable.js";
import { clockFromEnvironment, type Clock } from "./clock.js";
import { RuntimeError, ValueError } from "./errors.js";
import { Future } from "./future.js";
import { Handle, TimerHandle, describeValue } from "./handle.js";
import { peekRunningLoop, setRunningLoop } from "./running.js";
import { Task, type Coroutine, type TaskOptions } from "./task.js";
import { TaskList } from "./tasklist.js";
import { toFuture, type AwaitableLike } from "./ensure.js";
import { deadlockError, hostDrainedError, loopLimitError } from "./hang.js";
import { seededShuffler, type Shuffler } from "./shuffle.js";
import { RESOLVED } from "./thenresult.js";
import { TimerHeap } from "./timerheap.js";
import {
  DebugMonitor,
  creationTraceback,
  debugFromEnvironment,
  debugLoopsChanged,
  formatSourceTraceback,
  recordCreationSite,
} from "./debug.js";
import { autoTracer, combineHooks, type LoopHooks } from "./trace/hooks.js";
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

/**
 * What the ready queue holds: callbacks' Handles, and tasks queued for a
 * step of their own (see `Task._queueStep`). Both are run with `_run()`.
 */
type ReadyEntry = Handle | Task<unknown>;

/** A task factory, called as `factory(loop, coro, options)`; returns a Task (or Future). */
export type TaskFactory = <T>(loop: EventLoop, coro: Coroutine<T>, options: TaskOptions) => Future<T>;

/** Options of `new EventLoop(...)` and `newEventLoop(...)`. */
export interface EventLoopOptions {
  /** Where time comes from: a `RealClock` (the default) or a `VirtualClock`. */
  clock?: Clock;
  /** Debug mode from the start (see `setDebug`). */
  debug?: boolean;
  /**
   * Seeded schedule fuzzing: run the callbacks that are ready in the same
   * pass in an order drawn from this seed instead of FIFO. Off (null) by
   * default, which keeps CPython's order.
   */
  shuffle?: number | null;
  /** Runaway guard: fail with a `LoopLimitError` after this many passes in one run. Off by default. */
  maxIterations?: number | null;
  /** Runaway guard: fail with a `LoopLimitError` once loop time is this many seconds past the start of a run. Off by default. */
  maxTime?: number | null;
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
  private _ready: ReadyEntry[] = [];
  /** The array the pass after next fills: two arrays take turns, so a pass never shifts. */
  private _spareReady: ReadyEntry[] = [];
  /** Timers, earliest deadline first; equal deadlines in scheduling order. */
  private readonly _scheduled = new TimerHeap<TimerHandle>();
  /** Cancelled timers still sitting in `_scheduled`. */
  private _timerCancelledCount = 0;
  /** Set by `stop()`: leave `runForever` after the current pass. */
  private _stopping = false;
  /** True between the start and the end of `runForever`. */
  private _running = false;
  /** True after `close()`. */
  private _closed = false;
  /** Where time comes from. */
  _clock: Clock;
  /** Made by `getEventLoop()` on demand rather than by the program; `run` may adopt it (see `Runner`). */
  _implicit = false;
  /** Resolves the idle wait early when a callback arrives from outside; null when not waiting. */
  private _wakeup: (() => void) | null = null;
  /** Foreign work (a `wrapPromise` future, say) in flight; a virtual clock holds still while > 0. */
  private _foreignWork = 0;
  /** Schedule fuzzing: reorders each pass's batch of ready callbacks; null keeps them FIFO. */
  private _shuffle: Shuffler | null = null;
  /** Runaway guards, per run: passes, and seconds of loop time (Infinity when off). */
  private _maxIterations = Infinity;
  private _maxTime = Infinity;
  /** The loop time past which the current run fails: `_maxTime` after it began. */
  private _timeLimit = Infinity;
  /** A task whose native coroutine was just resumed; the pass waits for it to suspend before going on. */
  _resumedNative: Task<unknown> | null = null;
  /** While the pass waits for `_resumedNative`: its callbacks, and the index of the one that resumed it. */
  private _pausedTodo: ReadyEntry[] | null = null;
  private _pausedIndex = 0;
  /** Counts the pass's waits for native coroutines, so that a late wake-up for an old wait is ignored. */
  private _pauses = 0;
  /**
   * Set by a task made from an eagerly started coroutine outside a native
   * turn: its first await reaches it one promise job later, so the pass
   * must give queued jobs a turn before it goes on (see `_waitForNative`).
   */
  _jobTurnWanted = false;
  /** True while the pass gives queued jobs that turn. */
  private _inJobTurn = false;
  /** Passes run in the current run (for `maxIterations`). */
  private _iterations = 0;
  /** Settles the promise `runForever` returned; null when not running. */
  private _runEnded: ((error: unknown, failed: boolean) => void) | null = null;
  /** Callbacks run since Node last had a turn. */
  private _handlesSinceHostYield = 0;
  /** Tasks of this loop that are not done yet (`allTasks`). */
  readonly _tasks = new TaskList();
  /** Failed futures whose exception nobody has looked at yet; reported at `close()`. */
  private readonly _unretrieved = new Set<Future<unknown>>();
  private _exceptionHandler: ExceptionHandler | null = null;
  private _taskFactory: TaskFactory | null = null;
  private _debug: boolean;
  /** Who watches the loop work (debug mode, a tracer), told of every step; null when nobody does. */
  _hooks: LoopHooks | null = null;
  /** The tracer set with `setTracer`, or null. */
  private _tracer: LoopHooks | null = null;
  /** In debug mode, callbacks slower than this many seconds are reported. Python: `slow_callback_duration`. */
  slowCallbackDuration = 0.1;

  constructor(options: EventLoopOptions = {}) {
    const clock = options.clock;
    if (clock !== undefined && (clock === null || typeof clock !== "object" || typeof clock.now !== "function" || typeof clock.idle !== "function")) {
      throw new TypeError(`EventLoop clock must be a Clock (an object with now() and idle()), got ${describeValue(clock)}`);
    }
    this._clock = clock ?? clockFromEnvironment();
    this._debug = options.debug ?? debugFromEnvironment();
    this._configureTesting(options);
    if (this._debug) debugLoopsChanged(1);
    // ASYNCIO_TS_TRACE gives every loop a recorder (see trace/env.ts).
    const traceFactory = autoTracer.factory;
    if (traceFactory !== null) this.setTracer(traceFactory(this));
    else this._updateHooks();
  }

  // ---- Scheduling callbacks ----

  /**
   * Runs `callback(...args)` on the next iteration, after the callbacks
   * already scheduled. Returns a handle that can cancel it.
   */
  callSoon<A extends unknown[]>(callback: (...args: A) => unknown, ...args: A): Handle;
  // The first two arguments are named: a handle keeps them in fields of its
  // own rather than in an array (see `Handle`).
  callSoon(callback: (...args: never[]) => unknown, arg0?: unknown, arg1?: unknown, ...more: unknown[]): Handle {
    this._checkClosed();
    checkCallback(callback, "callSoon");
    const count = arguments.length - 1;
    const handle = count > 2
      ? new Handle(callback, count, [arg0, arg1, ...more], undefined)
      : new Handle(callback, count, arg0, arg1);
    this._enqueue(handle);
    return handle;
  }

  /** @internal `callSoon` of a handle a task made for a step of its own (see `Task._queueStep`). */
  _callSoonHandle(handle: Handle): void {
    this._checkClosed();
    this._enqueue(handle);
  }

  /**
   * @internal Queues a task's own step: the task is its own entry of the
   * ready queue, and knows which step to run (see `Task._queueStep`).
   */
  _callSoonTask(task: Task<unknown>): void {
    this._checkClosed();
    this._push(task);
  }

  private _enqueue(handle: Handle): void {
    // Debug mode: where it was scheduled, as CPython's `source_traceback`.
    if (this._debug) recordCreationSite(handle);
    this._push(handle);
  }

  /** Puts an entry at the end of the ready queue, and wakes the loop if it waits idle. */
  private _push(entry: ReadyEntry): void {
    this._ready.push(entry);
    if (this._wakeup !== null) this._wakeup();
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
    const timer = new TimerHandle(when, callback, args, this);
    if (this._debug) recordCreationSite(timer);
    this._scheduled.push(timer, when);
    const hooks = this._hooks;
    if (hooks !== null) hooks.timerScheduled(timer);
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
  runForever(): Promise<void> {
    try {
      this._checkClosed();
      this._checkNotRunning();
    } catch (error) {
      return Promise.reject(error);
    }
    setRunningLoop(this);
    this._running = true;
    this._iterations = 0;
    return new Promise<void>((resolve, reject) => {
      this._runEnded = (error, failed) => (failed ? reject(error) : resolve());
      try {
        this._clock.attach?.(this);
        this._timeLimit = this._clock.now() + this._maxTime;
      } catch (error) {
        this._endRun(error, true);
        return;
      }
      // Let pending promise jobs run first: coroutines started eagerly before
      // the loop ran may have awaits about to reach their tasks.
      void RESOLVED.then(this._pump);
    });
  }

  /**
   * Runs passes back to back for as long as they complete synchronously.
   * It returns when a pass has to wait: for time to pass (`_idle`), for a
   * native coroutine to suspend (`_waitForNative`), or for Node to take a
   * turn. Whatever ends the wait calls it again.
   */
  private readonly _pump = (): void => {
    try {
      while (this._runOnce() && this._betweenPasses()) {
        // The next pass.
      }
    } catch (error) {
      this._endRun(error, true);
    }
  };

  /** After a pass: false when the run ends here or Node gets a turn first. */
  private _betweenPasses(): boolean {
    if (this._stopping) {
      this._endRun(undefined, false);
      return false;
    }
    if (this._handlesSinceHostYield >= HOST_YIELD_INTERVAL) {
      this._handlesSinceHostYield = 0;
      void yieldToHost().then(this._pump);
      return false;
    }
    return true;
  }

  /** Leaves `runForever`: the loop is no longer running; its promise settles. */
  private _endRun(error: unknown, failed: boolean): void {
    if (!this._running) return;
    this._resumedNative = null;
    this._pausedTodo = null;
    this._jobTurnWanted = false;
    this._inJobTurn = false;
    try {
      this._clock.detach?.(this);
    } catch (detachError) {
      if (!failed) {
        error = detachError;
        failed = true;
      }
    }
    this._stopping = false;
    this._running = false;
    setRunningLoop(null);
    const ended = this._runEnded;
    this._runEnded = null;
    ended?.(error, failed);
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
      this.callExceptionHandler(withSource({ message: "Task was destroyed but it is pending!", task }, task));
    }
    for (const future of this._unretrieved) {
      const kind = future instanceof Task ? "Task" : "Future";
      this.callExceptionHandler(withSource({
        message: `${kind} exception was never retrieved`,
        exception: future._exception,
        future,
      }, future));
    }
    this._closed = true;
    if (this._debug) debugLoopsChanged(-1);
    this._hooks?.loopClosed?.(this);
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
   * One pass of the loop, in four phases. Returns true when the pass ran to
   * its end synchronously, which is what makes millions of callbacks a
   * second possible; false when it has to wait (for time to pass, or for a
   * native coroutine to suspend), and whatever ends the wait carries on.
   */
  private _runOnce(): boolean {
    if (++this._iterations > this._maxIterations) throw loopLimitError("maxIterations", this._maxIterations, this);

    // Phase 1: drop cancelled timers from the front of the heap; sweep the
    // whole heap when cancelled ones dominate it.
    this._dropCancelledTimers();

    // Phase 2: if nothing is ready, wait for the first timer (see `_idle`).
    if (this._ready.length === 0 && !this._stopping) {
      void this._idle();
      return false;
    }
    return this._runDue();
  }

  /**
   * Phase 2 of `_runOnce` when nothing is ready. First let pending promise
   * jobs run: a native coroutine's `await` reaches its awaitable one job late
   * and may be about to schedule something. Then let the clock decide how
   * long to wait for the first timer (a virtual clock jumps to it instead).
   */
  private async _idle(): Promise<void> {
    try {
      await RESOLVED;
      if (this._ready.length === 0 && !this._stopping) {
        const seconds = this._clock.idle(this._scheduled.firstWhen(), this._foreignWork > 0);
        if (seconds === null) await this._stalled();
        else if (seconds > 0) await this._waitForEvents(seconds);
      }
      if (this._runDue() && this._betweenPasses()) this._pump();
    } catch (error) {
      this._endRun(error, true);
    }
  }

  /** Phases 3 and 4 of `_runOnce`; false if the pass waits for a native coroutine. */
  private _runDue(): boolean {
    // Awaits begun before this pass can no longer be claimed by a new task
    // (that happens within the job that began them): forget them, so that
    // code awaiting outside any task does not pile them up.
    if (running.begunCount > 0) endOfStep();

    // Phase 3: move every timer that is due to the end of the ready queue.
    // (With no timer and no time limit, the clock need not even be read: a
    // chain of callbacks would otherwise pay for a clock read per pass.)
    const scheduled = this._scheduled;
    const hooks = this._hooks;
    if (hooks !== null) hooks.iteration(this._ready.length, scheduled.size);
    const now = scheduled.size > 0 || this._timeLimit !== Infinity ? this._clock.now() : -Infinity;
    if (now > this._timeLimit) throw loopLimitError("maxTime", this._maxTime, this, this._timeLimit - this._maxTime);
    while (scheduled.firstWhen() <= now) {
      const timer = scheduled.pop() as TimerHandle;
      timer._scheduled = false;
      if (timer._cancelled) {
        this._timerCancelledCount--;
      } else {
        this._ready.push(timer);
        if (hooks !== null) hooks.timerDue(timer);
      }
    }

    // Phase 4: run exactly the callbacks that are ready now. Whatever they
    // schedule lands in the other array and runs on the next pass.
    const todo = this._ready;
    this._ready = this._spareReady;
    if (this._shuffle !== null) this._shuffle(todo);
    return this._runHandles(todo, 0);
  }

  /**
   * Runs `todo[start..]`; true once the pass is over, false if it paused
   * after a callback that resumed a native coroutine.
   */
  private _runHandles(todo: ReadyEntry[], start: number): boolean {
    const resumed = this._runUntilNative(todo, start, this._hooks);
    if (resumed < 0) return true;
    this._waitForNative(todo, resumed);
    return false;
  }

  /**
   * Runs `todo[start..]` synchronously until a callback resumes a native
   * coroutine; returns that callback's index, or -1 once the pass is over.
   */
  private _runUntilNative(todo: ReadyEntry[], start: number, hooks: LoopHooks | null): number {
    for (let i = start; i < todo.length; i++) {
      let entry = todo[i];
      if (hooks !== null) {
        // Observers are told of Handles: a task queued as its own entry
        // before one was set gets a Handle for its step (see `Task._queueStep`).
        if (!(entry instanceof Handle)) todo[i] = entry = entry._queuedStepAsHandle();
        hooks.handleBegin(entry);
      }
      entry._run();
      const resumed = this._resumedNative;
      if (resumed !== null || this._jobTurnWanted) {
        if (this._jobTurnWanted || onItsWay(resumed as Task<unknown>)) return i;
        // Resumed and suspended again within the callback (the awaits it had
        // begun before its first step, say): its step is over already.
        this._nativeStepEnded(resumed as Task<unknown>);
      }
      if (hooks !== null) hooks.handleEnd(todo[i] as Handle);
    }
    this._handlesSinceHostYield += todo.length;
    // Emptied for reuse. Setting `length` is a call into the engine, dearer
    // than a few pops when the pass was short, as it is between task switches.
    // (`void`: an entry may be a task, which is awaitable, and is dropped here.)
    if (todo.length > 8) todo.length = 0;
    else while (todo.length > 0) void todo.pop();
    this._spareReady = todo;
    return -1;
  }

  /**
   * `todo[index]` resumed a native coroutine: its code runs in promise jobs,
   * not inside the callback. The pass stops here until the coroutine
   * suspends again on a loop awaitable or finishes, so that it runs now, in
   * its turn, as a CPython task step would. The task says so itself
   * (`_nativeSuspended`), from inside the promise job in which it suspended,
   * and the pass goes on right there: no job is spent polling.
   *
   * Two cases need more. A coroutine that awaits a promise the loop does
   * not know never suspends on the loop: once every promise job has run and
   * Node turns to its macrotasks, the watchdog sees the pass still waiting
   * and goes on without it (the coroutine finishes whenever that promise
   * settles). And a callback that made tasks from eagerly started
   * coroutines (`_jobTurnWanted`) leaves their first awaits one promise job
   * away from reaching them: the pass gives every job already queued its
   * turn before it goes on.
   */
  private _waitForNative(todo: ReadyEntry[], index: number): void {
    const task = this._resumedNative;
    // The callback may have ended inside a generator step that set the
    // running task back as it returned: the coroutine runs as `task` again.
    if (task !== null) running.task = task;
    this._pausedTodo = todo;
    this._pausedIndex = index;
    const pause = ++this._pauses;
    if (!this._jobTurnWanted) {
      armWatchdog(this);
      return;
    }
    this._jobTurnWanted = false;
    this._inJobTurn = true;
    void RESOLVED.then(() => {
      if (this._pauses !== pause || this._pausedTodo === null) return;
      this._inJobTurn = false;
      const resumed = this._resumedNative;
      if (resumed !== null && onItsWay(resumed)) armWatchdog(this);
      else this._continuePass();
    });
  }

  /**
   * @internal Called by a task whose native coroutine just suspended or
   * ended: if the pass waits for it, the pass goes on now.
   */
  _nativeSuspended(task: Task<unknown>): void {
    if (this._resumedNative === task && this._pausedTodo !== null && !this._inJobTurn && !task._nativeRunning) {
      this._continuePass();
    }
  }

  /** @internal Called by the watchdog once Node runs macrotasks again; see `_waitForNative`. */
  _watchdog(pause: number): void {
    if (this._pausedTodo !== null && this._pauses === pause) this._continuePass();
  }

  /** @internal The pause the pass is in, or 0 if it is not waiting for a native coroutine. */
  get _pauseNumber(): number {
    return this._pausedTodo === null ? 0 : this._pauses;
  }

  /** The rest of a pass that waited for a native coroutine. */
  private _continuePass(): void {
    try {
      const todo = this._pausedTodo as ReadyEntry[];
      const index = this._pausedIndex;
      this._pausedTodo = null;
      const task = this._resumedNative;
      if (task !== null) this._nativeStepEnded(task);
      else endOfStep();
      const hooks = this._hooks;
      const entry = todo[index];
      // (A task entry here was begun before any observer was set.)
      if (hooks !== null && entry instanceof Handle) hooks.handleEnd(entry);
      if (this._runHandles(todo, index + 1) && this._betweenPasses()) this._pump();
    } catch (error) {
      this._endRun(error, true);
    }
  }

  /** The resumed coroutine suspended, finished, or (still running) awaits a foreign promise. */
  private _nativeStepEnded(task: Task<unknown>): void {
    if (task._nativeRunning) {
      // Still running: it awaits a promise the loop does not know (debug mode warns).
      const hooks = this._hooks;
      if (hooks !== null) hooks.taskAwaitsForeign(task);
    }
    task._nativeStepEnded();
    this._resumedNative = null;
  }

  private _dropCancelledTimers(): void {
    const cancelled = this._timerCancelledCount;
    // None cancelled: the first timer is live, and need not even be looked at.
    if (cancelled === 0) return;
    const scheduled = this._scheduled;
    if (cancelled > MIN_CANCELLED_TIMERS_FOR_SWEEP && cancelled > scheduled.size * MAX_CANCELLED_TIMER_FRACTION) {
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

  /**
   * Waits up to `seconds` of real time, or until `callSoon`/`callAt`/`stop`
   * wakes the loop. Fails with a `DeadlockError` if Node's own event loop
   * runs dry first: then nothing is left that could ever wake it.
   */
  private _waitForEvents(seconds: number): Promise<void> {
    this._handlesSinceHostYield = 0;
    return new Promise<void>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const wakeup = (): void => {
        endWait();
        resolve();
      };
      const stopWatching = whenHostDrained(() => {
        // An earlier 'beforeExit' listener may have called into the loop.
        if (this._wakeup !== wakeup) return;
        endWait();
        reject(hostDrainedError(this, this._foreignWork));
      });
      const endWait = (): void => {
        this._wakeup = null;
        stopWatching();
        if (timer !== undefined) globalThis.clearTimeout(timer);
      };
      this._wakeup = wakeup;
      if (seconds !== Infinity) {
        // Round up: waking a hair early would only spin the loop once more.
        const ms = Math.min(Math.ceil(seconds * 1000), MAX_TIMEOUT_MS);
        timer = globalThis.setTimeout(this._wakeup, ms);
      }
    });
  }


  /** @internal Called by `TimerHandle.cancel()` while the timer is in the heap. */
  _timerHandleCancelled(timer: TimerHandle): void {
    this._timerCancelledCount++;
    const hooks = this._hooks;
    if (hooks !== null) hooks.timerCancelled(timer);
  }

  /** @internal Number of timers in the heap, cancelled ones included (for tests and benchmarks). */
  get _timerCount(): number {
    return this._scheduled.size;
  }

  /** @internal The timers in the heap, in heap order (for introspection: `formatAllTasks`). */
  _timerList(): TimerHandle[] {
    return this._scheduled.toArray();
  }

  /**
   * The clock says nothing can ever happen again (a virtual clock with no
   * timer and no foreign work in flight). Code outside the loop may still be
   * about to call in (it started the loop a moment ago, or a foreign promise
   * just settled), so give Node a turn first; if nothing came, fail the run
   * with a report of the pending tasks. A task that awaits a promise the loop
   * does not know may still wake up: then wait for outside events instead.
   */
  private async _stalled(): Promise<void> {
    this._handlesSinceHostYield = 0;
    await yieldToHost();
    if (this._ready.length > 0 || this._stopping || this._scheduled.size > 0 || this._foreignWork > 0) return;
    const report = deadlockError(this);
    if (report !== null) throw report;
    await this._waitForEvents(Infinity);
  }

  /** @internal Sets schedule fuzzing and the runaway guards (see `EventLoopOptions`); null turns one off. */
  _configureTesting(options: Pick<EventLoopOptions, "shuffle" | "maxIterations" | "maxTime">): void {
    if (options.shuffle !== undefined) this._shuffle = options.shuffle === null ? null : seededShuffler(options.shuffle);
    if (options.maxIterations !== undefined) this._maxIterations = positiveLimit(options.maxIterations, "maxIterations");
    if (options.maxTime !== undefined) this._maxTime = positiveLimit(options.maxTime, "maxTime");
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
    return new Task(coro, { name: options.name, loop: this });
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
      const value = context[key];
      if (key === "source_traceback" && Array.isArray(value)) {
        // Debug mode: where the object was created, as CPython prints it.
        lines.push(formatSourceTraceback(value as string[]));
        continue;
      }
      lines.push(`${key}: ${describeValue(value)}`);
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

  /**
   * Turns debug mode on or off (see `debug.ts`): creation sites in reports,
   * warnings for slow callbacks and for awaits of promises the loop does not
   * know. Python: `loop.set_debug(enabled)`.
   */
  setDebug(enabled: boolean): void {
    const debug = Boolean(enabled);
    if (debug !== this._debug && !this._closed) debugLoopsChanged(debug ? 1 : -1);
    this._debug = debug;
    this._updateHooks();
  }

  // ---- Tracing ----

  /**
   * Installs an observer told of everything the loop does (a
   * `TraceRecorder`, usually); null removes it. An asyncio-ts addition: see
   * `run(main, { trace })` and the `ASYNCIO_TS_TRACE` environment variable.
   */
  setTracer(tracer: LoopHooks | null): void {
    if (tracer !== null && (typeof tracer !== "object" || typeof tracer.handleBegin !== "function")) {
      throw new TypeError(`a tracer (such as asyncio.TraceRecorder) or null was expected, got ${describeValue(tracer)}`);
    }
    tracer?.attached?.(this);
    this._tracer = tracer;
    this._updateHooks();
  }

  /** The tracer set with `setTracer` (or by `ASYNCIO_TS_TRACE`), or null. */
  getTracer(): LoopHooks | null {
    return this._tracer;
  }

  /** One observer slot for debug mode and the tracer together. */
  private _updateHooks(): void {
    this._hooks = combineHooks(this._debug ? new DebugMonitor(this) : null, this._tracer);
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

/** In debug mode, adds where `object` was created to a report, as CPython's `source_traceback`. */
function withSource(context: ExceptionContext, object: object): ExceptionContext {
  const traceback = creationTraceback(object);
  if (traceback !== null) context.source_traceback = traceback;
  return context;
}

/**
 * A resumed coroutine is still on its way to suspending: it runs, or an
 * await it began has yet to reach its awaitable's `then`.
 */
function onItsWay(task: Task<unknown>): boolean {
  return task._nativeRunning || task._pendingThens > 0;
}

/** A runaway guard's value: a number > 0, or null for none. */
function positiveLimit(value: number | null, name: string): number {
  if (value === null) return Infinity;
  if (typeof value !== "number" || !(value > 0)) throw new ValueError(`${name} must be a number > 0 or null, got ${describeValue(value)}`);
  return value;
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

/**
 * Calls `drained` if Node's own event loop runs dry (no timer, I/O or other
 * handle left) before the returned function is called. Node tells with the
 * 'beforeExit' event of `process`: a loop still waiting then can never be
 * woken, and without a word the process would just exit (code 13, "unsettled
 * top-level await", when the program awaits the run). Outside Node, never.
 */
function whenHostDrained(drained: () => void): () => void {
  const host = globalThis.process as NodeJS.Process | undefined;
  if (typeof host?.on !== "function") return ignore;
  host.on("beforeExit", drained);
  return () => host.removeListener("beforeExit", drained);
}

function ignore(): void {}

/**
 * The watchdog of a pass that waits for a native coroutine (see
 * `EventLoop._waitForNative`). Node runs a macrotask only once no promise job
 * is left; if the pass still waits then, its coroutine awaits something the
 * loop does not know. The check is made twice, a macrotask apart, and must
 * see the same wait both times: that rules out a wait begun by a promise job
 * that ran between two messages of one batch.
 */
function armWatchdog(loop: EventLoop): void {
  if (watchdogLoop !== loop) {
    watchdogLoop = loop;
    watchdogPause = -1;
  }
  if (watchdogInFlight) return;
  watchdogInFlight = true;
  watchdogChannel ??= makeWatchdogChannel();
  watchdogChannel.port1.ref();
  watchdogChannel.port2.postMessage(null);
}

/** The loop the watchdog watches (one loop runs at a time), and the wait it saw last. */
let watchdogLoop: EventLoop | null = null;
let watchdogPause = -1;
let watchdogInFlight = false;
let watchdogChannel: MessageChannel | null = null;

function makeWatchdogChannel(): MessageChannel {
  const channel = new MessageChannel();
  channel.port1.on("message", () => {
    const loop = watchdogLoop;
    const pause = loop === null ? 0 : loop._pauseNumber;
    if (loop !== null && pause !== 0 && pause !== watchdogPause) {
      // A wait seen for the first time: look again after one more macrotask.
      watchdogPause = pause;
      channel.port2.postMessage(null);
      return;
    }
    watchdogInFlight = false;
    watchdogLoop = null;
    watchdogPause = -1;
    channel.port1.unref();
    if (loop !== null && pause !== 0) loop._watchdog(pause);
  });
  channel.port1.unref();
  return channel;
}
