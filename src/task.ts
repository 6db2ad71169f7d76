/**
 * `Task`: a Future that drives a coroutine (CPython: `Task` in `asyncio/tasks.py`).
 *
 * The one idea: a Task runs its coroutine one step at a time. A step runs
 * the coroutine until it suspends on a Future; the Task then adds its own
 * `wakeup` as a done callback of that Future, and when the Future completes,
 * `wakeup` (scheduled with `callSoon`, like every done callback) runs the
 * next step. Cancelling a Task cancels the Future it waits on, so the
 * coroutine sees `CancelledError` right where it is suspended.
 *
 * Three coroutine shapes are driven the same way:
 * - a generator (`function*`, or a lazy coroutine of one) is stepped with
 *   `next()`/`throw()`, exactly as CPython steps a coroutine with
 *   `send()`/`throw()`;
 * - a native promise (from an `async function`) steps itself in promise
 *   jobs. It learns what it waits on through the `then` getter of the
 *   library's awaitables (see `awaitable.ts`); the Task resumes it by
 *   settling that `await`, and the loop lets it run until it suspends again.
 *   JavaScript starts an `async function` at once, so its first step has
 *   already run, inside its creator, when the Task gets it: like Python
 *   3.12's eager tasks.
 */
import { claimFirstAwait, endOfStep, nativeBridges, running, thenOnOwnPrototype, type Awaitable, type NativeAwaiter } from "./awaitable.js";
import { Delegation, LazyCoroutine, isGenerator } from "./coroutine.js";
import { createdAt } from "./debug.js";
import { CancelledError, InvalidStateError, RuntimeError } from "./errors.js";
import { Future, cancelInner } from "./future.js";
import { Handle, describeValue, type TimerHandle } from "./handle.js";
import type { EventLoop } from "./loop.js";
import { getLoopForNewObject, peekRunningLoop } from "./running.js";
import { Sleep } from "./tasks.js";
import type { Settle } from "./thenresult.js";

/** The three shapes of coroutine a Task drives. */
export type Coroutine<T> = PromiseLike<T> | Generator<unknown, T, unknown> | LazyCoroutine<T>;

/** Options of `createTask` and `new Task`. */
export interface TaskOptions {
  /** The task's name; `Task-N` by default. */
  name?: string | null;
  /** The loop to run on; the running (or current) loop by default. */
  loop?: EventLoop;
}

let taskNameCounter = 0;

/** The bits of `Task._flags`. */
const MUST_CANCEL = 1;
const NATIVE_RUNNING = 2;
const FIRST_STEP_PENDING = 4;
const IN_BARE_YIELD = 8;
/** The native coroutine's promise has no watch yet (see `_watchNative`). */
const UNWATCHED = 16;
/**
 * Bits 5 to 7: one more than the kind of step the task is queued for, as an
 * entry of the loop's ready queue (see `_queueStep`); 0 when not queued.
 */
const QUEUED_SHIFT = 5;
const QUEUED_STEP = 7 << QUEUED_SHIFT;

/** The kinds of step a task queues for itself (the first three index `STEP_CALLBACKS`). */
const STEP_GENERATOR = 0;
const STEP_RESUME_SOON = 1;
const STEP_NATIVE_FIRST = 2;
const STEP_START_LAZY = 3;
type StepKind = typeof STEP_GENERATOR | typeof STEP_RESUME_SOON | typeof STEP_NATIVE_FIRST | typeof STEP_START_LAZY;

/**
 * A coroutine scheduled to run on the loop, and the Future of its result.
 *
 * Python: `asyncio.Task`. Make one with `asyncio.createTask(coro)`; await it
 * for the coroutine's result; `cancel()` throws `CancelledError` into the
 * coroutine where it is suspended.
 *
 * @example
 * const task = asyncio.createTask(work(), { name: "worker" });
 * await asyncio.sleep(1);
 * task.cancel();
 */
export class Task<T = unknown> extends Future<T> implements NativeAwaiter {
  static {
    thenOnOwnPrototype(this);
  }

  private readonly _coro: Coroutine<T>;
  /** The generator being stepped: the task's own, or one its native coroutine awaits. */
  private _generator: Iterator<unknown, unknown, unknown> | null = null;
  /** What only some tasks need (nested generators, cancellations), made on first use. */
  private _taskExtras: TaskExtras | null = null;
  /** The Future the coroutine is suspended on, cancelled by `cancel()`. */
  private _futWaiter: Future<unknown> | null = null;
  /**
   * The task's booleans (the bits named above the class) in one number,
   * read and written through `_flag`/`_setFlag`: each field of a Task is
   * paid by every task, and a million sleeping tasks is a workload.
   */
  private _flags = 0;
  /**
   * How to resume the native coroutine's pending await: the future it waits
   * on (null for a one-iteration yield, `sleep(0)`), and where the outcome
   * goes. Kept on the task rather than in a closure per await.
   */
  private _nativeAwaited: Future<unknown> | null = null;
  private _nativeSettle: Settle<unknown> | null = null;
  /**
   * One field for what the pending await holds besides, as each task pays
   * for every field: with a future, the timer of the `sleep` awaited (or
   * null), stopped when the await settles; for a `sleep(0)`, the value it
   * gives; before the first step, the awaitable of the await held until
   * then (see `_deferToFirstStep`).
   */
  private _nativeHeld: unknown = null;
  /** @internal See `NativeAwaiter._pendingThens`. */
  _pendingThens = 0;
  /** A name given by the program, or the N of `Task-N` (made into text when first asked for, as in CPython 3.13). */
  private _name: string | number;
  /** @internal The loop's pending tasks are linked through these two (see `TaskList`). */
  _previousTask: Task<unknown> | null = null;
  /** @internal */ _nextTask: Task<unknown> | null = null;

  private _flag(bit: number): boolean {
    return (this._flags & bit) !== 0;
  }

  private _setFlag(bit: number, value: boolean): void {
    this._flags = value ? this._flags | bit : this._flags & ~bit;
  }

  /** Deliver a CancelledError at the next step (there was no Future to cancel). */
  private get _mustCancel(): boolean {
    return this._flag(MUST_CANCEL);
  }

  private set _mustCancel(value: boolean) {
    this._setFlag(MUST_CANCEL, value);
  }

  /** @internal True from resuming the native coroutine until it suspends again or settles. */
  get _nativeRunning(): boolean {
    return this._flag(NATIVE_RUNNING);
  }

  set _nativeRunning(value: boolean) {
    this._setFlag(NATIVE_RUNNING, value);
  }

  /** @internal See `NativeAwaiter._firstStepPending`. */
  get _firstStepPending(): boolean {
    return this._flag(FIRST_STEP_PENDING);
  }

  set _firstStepPending(value: boolean) {
    this._setFlag(FIRST_STEP_PENDING, value);
  }

  /** How many cancellations were requested and not `uncancel()`ed. */
  private get _numCancelsRequested(): number {
    const extras = this._taskExtras;
    return extras === null ? 0 : extras.cancelsRequested;
  }

  private set _numCancelsRequested(value: number) {
    if (this._taskExtras !== null) this._taskExtras.cancelsRequested = value;
    else if (value !== 0) (this._taskExtras = new TaskExtras()).cancelsRequested = value;
  }

  constructor(coro: Coroutine<T>, options: TaskOptions = {}) {
    const loop = options.loop ?? getLoopForNewObject();
    super({ loop });
    if (loop.isClosed()) throw new RuntimeError("Event loop is closed");
    this._coro = coro;
    this._name = options.name == null ? ++taskNameCounter : String(options.name);

    // Generators first: the most common, and `instanceof` must climb their whole prototype chain to say no.
    if (isGenerator(coro)) {
      this._startGenerator(coro instanceof Sleep ? coro._coroutineForTask() : coro);
    } else if (coro instanceof LazyCoroutine) {
      // Nothing has run yet: the body starts at the task's first step.
      this._queueStep(STEP_START_LAZY);
    } else if (coro !== null && typeof coro === "object" && typeof (coro).then === "function") {
      this._adoptNative(coro);
    } else {
      throw new TypeError(`a coroutine was expected, got ${describeValue(coro)}`);
    }
    loop._tasks.add(this);
    const hooks = loop._hooks;
    if (hooks !== null) hooks.taskCreated(this, running.task instanceof Task ? running.task : null);
  }

  private _startGenerator(generator: Iterator<unknown, unknown, unknown>): void {
    const marked = generator as { [TASK_OF_GENERATOR]?: Task<unknown> };
    if (marked[TASK_OF_GENERATOR] !== undefined) {
      // Another task runs it already: stepping it here too would tangle both.
      // This task fails at its first step, without touching the generator.
      this._loop.callSoon(failTask, this, new RuntimeError("cannot reuse already awaited coroutine"));
      return;
    }
    marked[TASK_OF_GENERATOR] = this;
    this._generator = generator;
    // As in CPython, a new task's first step runs on the next iteration.
    this._queueStep(STEP_GENERATOR);
  }

  /** @internal The first step of a task made from a lazy coroutine: start its body now. */
  _startLazy(coro: LazyCoroutine<T>): void {
    if (this.done()) return;
    if (this._mustCancel) {
      // Cancelled before it ever ran: the body never starts, as in CPython.
      coro.close();
      this._finishWithError(this._newCancelledError());
      return;
    }
    const hooks = this._loop._hooks;
    if (hooks !== null) hooks.taskStep(this);
    const previous = running.task;
    running.task = this;
    // Code run by `_start()` is this task's native code, an async body's
    // first part (a generator body runs only when stepped): so its
    // `sleep(0)` is the task's own, awaited without a stand-in per await.
    this._nativeRunning = true;
    let started: Generator<unknown, T, unknown> | PromiseLike<T>;
    try {
      started = coro._start();
    } catch (error) {
      running.task = previous;
      this._nativeRunning = false;
      this._finishWithError(error);
      return;
    }
    if (isGenerator(started)) {
      running.task = previous;
      this._nativeRunning = false;
      this._generator = started;
      this._step(undefined, false);
      return;
    }
    // An async body ran up to its first await, with this task current; let
    // the loop run its promise jobs before the next callback, as for a resume.
    this._loop._resumedNative = this;
    endOfStep();
    this._watchNative(started);
  }

  private _adoptNative(promise: PromiseLike<T>): void {
    // The coroutine already ran up to its first `await`, inside our creator.
    // If that await was of a library awaitable, it is the oldest one begun in
    // this step that no task has claimed yet: it is ours.
    const claimed = claimFirstAwait(this);
    // CPython would run the coroutine's first step on the next iteration.
    // JavaScript ran it already, but its first await is held until that
    // step, so that what it waits on resumes it in CPython's turn.
    this._firstStepPending = true;
    this._queueStep(STEP_NATIVE_FIRST);
    // Outside a native coroutine's turn (from a generator step, say) the loop
    // would go on without a promise job's turn: ask it for one, so that the
    // first await reaches this task before its first step.
    if (this._loop._resumedNative === null && this._loop.isRunning()) this._loop._jobTurnWanted = true;
    // A coroutine parked on the await claimed here can only go on, and so
    // return, once this task resumes it: the watch waits until then. One
    // that awaits something else may return on its own: watched at once.
    if (claimed) this._setFlag(UNWATCHED, true);
    else this._watchNative(promise);
  }

  /** @internal A task that could not start: it ends with `error`, its coroutine untouched. */
  _failAtFirstStep(error: unknown): void {
    if (!this.done()) this._finishWithError(error);
  }

  /** @internal */
  _nativeStarted(): void {
    this._nativeRunning = true;
    this._loop._resumedNative = this;
  }

  /** @internal */
  _deferToFirstStep(awaitable: Awaitable<unknown>, settle: Settle<unknown>): void {
    // The one await claimed for this task waits in the fields of a pending
    // await, unused until the first step. Any more (none that a program has
    // been seen to make) go in the extras, as pairs in one flat array.
    if (this._nativeSettle === null) {
      this._nativeSettle = settle;
      this._nativeHeld = awaitable;
    } else {
      ((this._taskExtras ??= new TaskExtras()).moreDeferred ??= []).push(awaitable, settle);
    }
  }

  /** @internal The first step of an eagerly started native coroutine: carry out the awaits it began. */
  _nativeFirstStep(): void {
    this._firstStepPending = false;
    const settle = this._nativeSettle;
    const awaitable = this._nativeHeld as Awaitable<unknown>;
    this._nativeSettle = null;
    this._nativeHeld = null;
    if (settle === null || this.done()) {
      // No await reached this task before its first step: if one was
      // claimed, it was a `then` read and never called, and the coroutine
      // waits on something else, so it may return on its own.
      this._watchIfUnwatched();
      return;
    }
    const hooks = this._loop._hooks;
    if (hooks !== null) hooks.taskStep(this);
    this._nativeRunning = true;
    running.task = this;
    this._loop._resumedNative = this;
    awaitable._awaitFrom(this, settle);
    const more = this._taskExtras?.moreDeferred ?? null;
    if (more !== null) {
      (this._taskExtras as TaskExtras).moreDeferred = null;
      for (let i = 0; i < more.length; i += 2) (more[i] as Awaitable<unknown>)._awaitFrom(this, more[i + 1] as Settle<unknown>);
    }
    // Unless the one await parked it on a future or a `sleep(0)`, which only
    // `_resume` ends, the coroutine goes on now (its await was over at once).
    if (more !== null || this._nativeSettle === null) this._watchIfUnwatched();
  }

  private _watchIfUnwatched(): void {
    if (this._flag(UNWATCHED)) {
      this._setFlag(UNWATCHED, false);
      this._watchNative(this._coro as PromiseLike<T>);
    }
  }

  /**
   * Learns when the native coroutine returns or throws: a reaction on its
   * promise, with two bound functions and a derived promise, about 190 B.
   * An eagerly started coroutine gets it when the task first lets it go on
   * (see `_adoptNative`), so a task that sleeps from its first step on does
   * not carry it while it sleeps.
   */
  private _watchNative(promise: PromiseLike<T>): void {
    promise.then(this._nativeReturned.bind(this), this._nativeThrew.bind(this));
  }

  // ---- Names and introspection ----

  /** The task's name. Python: `Task.get_name()`. */
  getName(): string {
    const name = this._name;
    return typeof name === "number" ? `Task-${name}` : name;
  }

  /** Renames the task. Python: `Task.set_name(value)`. */
  setName(value: unknown): void {
    this._name = String(value);
  }

  /** The coroutine the task runs. Python: `Task.get_coro()`. */
  getCoro(): Coroutine<T> {
    return this._coro;
  }

  /**
   * Python: `Task.get_stack()`. Differs from CPython: JavaScript offers no
   * way to read a suspended coroutine's frames, so this is always empty.
   */
  getStack(): never[] {
    return [];
  }

  // ---- Cancellation ----

  /**
   * Asks the task to cancel itself: a `CancelledError(msg)` is thrown into
   * the coroutine where it is suspended (at its next step if it is not
   * suspended on a Future). Returns false if the task is already done. The
   * coroutine may catch the error; the task is cancelled only if the error
   * leaves the coroutine. Python: `Task.cancel(msg=None)`.
   */
  override cancel(msg: string | null = null): boolean {
    if (this.done()) return false;
    this._numCancelsRequested++;
    // Deliver the error where the innermost coroutine is suspended: a native
    // coroutine's pending await if there is one (it may run inside a
    // generator, as `yield*` of an async body does), else the generator's.
    const waiter = this._nativeSettle !== null ? this._nativeAwaited : this._futWaiter;
    if (waiter !== null && !cancelChain.includes(this)) {
      // Tasks waiting on each other in a cycle would cancel each other
      // forever (CPython overflows its stack there); each is asked once.
      cancelChain.push(this);
      let cancelled: boolean;
      try {
        cancelled = cancelInner(waiter, msg);
      } finally {
        void cancelChain.pop();
      }
      // The waiter's done callback will throw the error into the coroutine.
      if (cancelled) return true;
    }
    this._mustCancel = true;
    this._cancelMessage = msg ?? null;
    return true;
  }

  /** @internal See `NativeAwaiter._inBareYield`. */
  get _inBareYield(): boolean {
    return this._flag(IN_BARE_YIELD);
  }

  set _inBareYield(value: boolean) {
    this._setFlag(IN_BARE_YIELD, value);
  }

  /** @internal See `NativeAwaiter._ownYield`. */
  get _ownYield(): Awaitable<null> | null {
    const extras = this._taskExtras;
    return extras === null ? null : extras.ownYield;
  }

  set _ownYield(value: Awaitable<null> | null) {
    (this._taskExtras ??= new TaskExtras()).ownYield = value;
  }

  /** How many cancellation requests are pending. Python: `Task.cancelling()`. */
  cancelling(): number {
    return this._numCancelsRequested;
  }

  /**
   * Takes back one cancellation request; returns how many remain. Used by
   * `timeout` and `TaskGroup` once they have absorbed the cancellation they
   * caused. Python: `Task.uncancel()`.
   */
  uncancel(): number {
    if (this._numCancelsRequested > 0) {
      this._numCancelsRequested--;
      if (this._numCancelsRequested === 0) this._mustCancel = false;
    }
    return this._numCancelsRequested;
  }

  /** Tasks are completed by their coroutine only. */
  override setResult(_result: T): never {
    throw new RuntimeError("Task does not support set_result operation");
  }

  /** Tasks are completed by their coroutine only. */
  override setException(_exception: unknown): never {
    throw new RuntimeError("Task does not support set_exception operation");
  }

  // ---- Stepping a generator ----

  /** @internal Runs the generator until it suspends: CPython's `Task.__step`. */
  _step(error: unknown, hasError: boolean): void {
    if (this.done()) throw new InvalidStateError(`_step(): already done: ${this.toString()}`);
    if (this._mustCancel) {
      if (!(error instanceof CancelledError)) {
        error = this._newCancelledError();
        hasError = true;
      }
      this._mustCancel = false;
    }
    this._futWaiter = null;
    const hooks = this._loop._hooks;
    if (hooks !== null) hooks.taskStep(this);
    const previous = running.task;
    running.task = this;
    try {
      this._stepGenerator(error, hasError);
    } finally {
      running.task = previous;
      endOfStep();
    }
  }

  private _stepGenerator(error: unknown, hasError: boolean): void {
    let value: unknown = undefined;
    let result: IteratorResult<unknown, unknown>;
    for (;;) {
      const generator = this._generator as Iterator<unknown, unknown, unknown>;
      try {
        if (hasError) {
          if (generator.throw === undefined) throw error;
          result = generator.throw(error);
        } else {
          result = generator.next(value);
        }
      } catch (thrown) {
        if (this._popCaller()) {
          // Back in the coroutine that awaited the one that just failed.
          error = thrown;
          hasError = true;
          continue;
        }
        this._generatorEnded(thrown, true);
        return;
      }
      if (result.done === true) {
        if (this._popCaller()) {
          value = result.value;
          hasError = false;
          continue;
        }
        this._generatorEnded(result.value, false);
        return;
      }
      if (result.value instanceof Delegation) {
        // `yield* lazyCoroutine`: run its body right here, in this step, with
        // the caller set aside; it gets the result when the body returns.
        // Stepping each level from here, rather than through the engine's
        // chain of delegating generators, lets chains go 100,000 deep.
        ((this._taskExtras ??= new TaskExtras()).callers ??= []).push(generator);
        this._generator = result.value.generator;
        value = undefined;
        hasError = false;
        continue;
      }
      break;
    }
    const yielded = result.value;
    if (yielded === undefined || yielded === null) {
      // A bare yield (`sleep(0)`): give every other callback a turn, then go on.
      this._queueStep(STEP_GENERATOR);
    } else if (yielded instanceof Future) {
      if (yielded._loop !== this._loop) {
        this._loop.callSoon(throwIntoTask, this, new RuntimeError(`Task ${this.toString()} got Future ${yielded.toString()} attached to a different loop`));
      } else if (yielded === this) {
        this._loop.callSoon(throwIntoTask, this, new RuntimeError(`Task cannot await on itself: ${this.toString()}`));
      } else {
        yielded._addAwaiter(this);
        this._futWaiter = yielded;
        if (this._mustCancel && yielded.cancel(this._cancelMessage)) this._mustCancel = false;
      }
    } else {
      this._loop.callSoon(throwIntoTask, this, new RuntimeError(`Task got bad yield: ${describeYield(yielded)}`));
    }
    const hooks = this._loop._hooks;
    if (hooks !== null) hooks.taskSuspended(this, this._futWaiter);
  }

  /**
   * Queues a step of this task for the next iteration: the task itself goes
   * in the loop's ready queue, and the kind of step in its flags, where a
   * `callSoon` would make a Handle. A hundred thousand tasks spawned at once
   * are a hundred thousand Handles fewer for the garbage collector to copy.
   * Observers (debug mode, tracers) are told of Handles, so while one
   * watches, a step gets a Handle of its own. So does a step asked for while
   * another is queued: the flags hold one, and a task's steps come one at a
   * time, so this is only a safety net.
   */
  private _queueStep(kind: StepKind): void {
    const loop = this._loop;
    if ((this._flags & QUEUED_STEP) !== 0 || loop._hooks !== null) {
      loop._callSoonHandle(this._stepAsHandle(kind));
      return;
    }
    this._flags |= (kind + 1) << QUEUED_SHIFT;
    loop._callSoonTask(this);
  }

  /** @internal Run by the loop's pass: the step `_queueStep` queued. */
  _run(): void {
    const kind = this._takeQueuedStep();
    try {
      if (kind === STEP_GENERATOR) this._step(undefined, false);
      else if (kind === STEP_RESUME_SOON) this._resumeSoon();
      else if (kind === STEP_NATIVE_FIRST) this._nativeFirstStep();
      else this._startLazy(this._coro as LazyCoroutine<T>);
    } catch (error) {
      // Steps catch what the coroutine throws: this is the loop's own
      // failure, reported as a Handle's would be.
      this._stepAsHandle(kind)._reportError(error);
    }
  }

  /**
   * @internal The queued step as a Handle, for an observer set while the task
   * was queued: it is told of Handles. The task is no longer queued itself.
   */
  _queuedStepAsHandle(): Handle {
    return this._stepAsHandle(this._takeQueuedStep());
  }

  /** The kind of the queued step, which is taken out of the flags: the task is no longer queued. */
  private _takeQueuedStep(): StepKind {
    const flags = this._flags;
    this._flags = flags & ~QUEUED_STEP;
    return (((flags & QUEUED_STEP) >> QUEUED_SHIFT) - 1) as StepKind;
  }

  /** The Handle `callSoon` would make for a step of this kind (named as in traces and reports). */
  private _stepAsHandle(kind: StepKind): Handle {
    if (kind === STEP_START_LAZY) return new Handle(startLazy, 2, this, this._coro);
    return new Handle(STEP_CALLBACKS[kind], 1, this, undefined);
  }

  /** After an awaited lazy coroutine's body ended: make its caller current again. False if there is none. */
  private _popCaller(): boolean {
    const nesting = this._taskExtras;
    if (nesting === null) return false;
    const caller = nesting.callers?.pop();
    if (caller === undefined) return false;
    this._generator = caller;
    return true;
  }

  /** The generator returned or threw: finish the task, or resume the native coroutine that awaited it. */
  private _generatorEnded(outcome: unknown, failed: boolean): void {
    this._generator = null;
    const nesting = this._taskExtras;
    if (nesting !== null && nesting.inlineSettle !== null) {
      const settle = nesting.inlineSettle;
      nesting.inlineSettle = null;
      const parked = nesting.parked?.pop();
      if (parked !== undefined) {
        this._generator = parked.generator;
        nesting.callers = parked.callers;
        nesting.inlineSettle = parked.settle;
        this._futWaiter = parked.futWaiter;
      }
      this._resume(settle, failed, outcome);
    } else if (failed) {
      this._finishWithError(outcome);
    } else {
      this._finishWithResult(outcome as T);
    }
  }

  /** Python: `Task.__wakeup`: the awaited Future is done; step with its outcome. */
  private _wakeup(future: Future<unknown>): void {
    let error: unknown;
    try {
      future.result();
    } catch (thrown) {
      error = thrown;
      this._step(error, true);
      return;
    }
    this._step(undefined, false);
  }

  // ---- Resuming a native coroutine ----

  /**
   * @internal A Future this task registered on is done: resume the native
   * coroutine's await on it, or step the generator (CPython's `__wakeup`).
   */
  _onFutureDone(future: Future<unknown>): void {
    if (this._nativeAwaited === future) {
      this._nativeAwaited = null;
      this._resumeNativeAwait(future);
    } else {
      this._wakeup(future);
    }
  }

  /** @internal The native coroutine suspends on a pending `future`. */
  _suspendOn(future: Future<unknown>, settle: Settle<unknown>, timer: TimerHandle | null = null): void {
    if (future === this) {
      timer?.cancel();
      settle.reject(new RuntimeError(`Task cannot await on itself: ${this.toString()}`));
      return;
    }
    if (future._loop !== this._loop) {
      timer?.cancel();
      settle.reject(new RuntimeError(`Task ${this.toString()} got Future ${future.toString()} attached to a different loop`));
      return;
    }
    this._nativeRunning = false;
    this._futWaiter = future;
    const hooks = this._loop._hooks;
    if (hooks !== null) hooks.taskSuspended(this, future);
    if (this._nativeSettle === null) {
      this._nativeAwaited = future;
      this._nativeSettle = settle;
      this._nativeHeld = timer;
      future._addAwaiter(this);
    } else {
      // A second await at once (Promise.all over loop futures, say): rare
      // enough for a closure of its own.
      future.addDoneCallback(() => {
        if (this._futWaiter === future) this._futWaiter = null;
        this._settleNativeAwait(future, settle, undefined, timer);
      });
    }
    if (this._mustCancel && future.cancel(this._cancelMessage)) this._mustCancel = false;
  }

  /** @internal The native coroutine yields for one iteration (`await sleep(0)`). */
  _suspendSoon(settle: Settle<unknown>, value: unknown): void {
    this._nativeRunning = false;
    const hooks = this._loop._hooks;
    if (hooks !== null) hooks.taskSuspended(this, null);
    if (this._nativeSettle === null) {
      this._nativeSettle = settle;
      this._nativeHeld = value;
      this._queueStep(STEP_RESUME_SOON);
    } else {
      this._loop.callSoon(() => this._settleNativeAwait(null, settle, value));
    }
  }

  /** The future of the pending native await is done: settle the await with its outcome. */
  private _resumeNativeAwait(future: Future<unknown> | null): void {
    const settle = this._nativeSettle as Settle<unknown>;
    const held = this._nativeHeld;
    this._nativeSettle = null;
    this._nativeHeld = null;
    if (this._futWaiter === future) this._futWaiter = null;
    if (future === null) this._settleNativeAwait(null, settle, held);
    else this._settleNativeAwait(future, settle, undefined, held as TimerHandle | null);
  }

  /** @internal Resumes after `sleep(0)`. */
  _resumeSoon(): void {
    this._resumeNativeAwait(null);
  }

  private _settleNativeAwait(
    future: Future<unknown> | null,
    settle: Settle<unknown>,
    value?: unknown,
    timer: TimerHandle | null = null,
  ): void {
    let result = value;
    let error: unknown;
    let failed = false;
    if (future !== null) {
      try {
        result = future.result();
      } catch (thrown) {
        error = thrown;
        failed = true;
      }
    }
    if (this._mustCancel) {
      // A cancellation that found no future to cancel; but if the future was
      // cancelled anyway, its error (with the first message) is the one to throw.
      this._mustCancel = false;
      if (!(failed && error instanceof CancelledError)) {
        error = this._newCancelledError();
        failed = true;
      }
    }
    if (failed) this._resume(settle, true, error, timer);
    else this._resume(settle, false, result, timer);
  }

  /** @internal The native coroutine awaits a generator: step it here, as CPython runs an awaited coroutine inside the awaiting task. */
  _awaitInline(generator: Iterator<unknown, unknown, unknown>, settle: Settle<unknown>): void {
    if (this._generator !== null) {
      if (this._futWaiter === null || !nativeBridges.has(this._futWaiter)) {
        // Already stepping one that does not wait on this native code (the
        // coroutine awaits two at once, say through Promise.all): the second
        // gets a task of its own.
        const helper = new Task(generator as Generator<unknown, unknown, unknown>, { loop: this._loop });
        this._suspendOn(helper, settle);
        return;
      }
      // The current generator waits on the very native code that now awaits
      // a generator: set it aside and run the new one, as CPython runs nested
      // awaits in one task.
      const nesting = (this._taskExtras ??= new TaskExtras());
      (nesting.parked ??= []).push({
        generator: this._generator,
        callers: nesting.callers,
        settle: nesting.inlineSettle,
        futWaiter: this._futWaiter,
      });
      nesting.callers = null;
    }
    this._nativeRunning = false;
    this._generator = generator;
    (this._taskExtras ??= new TaskExtras()).inlineSettle = settle;
    // No new step: the awaited coroutine starts at once, inside the current one.
    const previous = running.task;
    running.task = this;
    try {
      this._stepGenerator(undefined, false);
    } finally {
      running.task = previous;
    }
  }

  /** Settles the native coroutine's pending await; the loop then lets it run until it suspends. */
  private _resume(settle: Settle<unknown>, failed: boolean, outcome: unknown, timer: TimerHandle | null = null): void {
    const hooks = this._loop._hooks;
    if (hooks !== null) hooks.taskStep(this);
    this._watchIfUnwatched();
    this._nativeRunning = true;
    running.task = this;
    endOfStep();
    this._loop._resumedNative = this;
    // A sleep's timer stops as the coroutine wakes, as `finally: h.cancel()` does in CPython's `sleep`.
    if (timer !== null) timer.cancel();
    if (failed) settle.reject(outcome);
    else settle.resolve(outcome);
  }

  /** @internal */
  _awaitBegun(): void {
    if (this._pendingThens === 0) this._loop._nativeSuspended(this);
  }

  /** @internal Called by the loop when the resumed coroutine has suspended (or it gave up waiting). */
  _nativeStepEnded(): void {
    if (running.task === this) running.task = null;
    endOfStep();
  }

  private _nativeReturned(value: T): void {
    this._nativeRunning = false;
    if (!this.done()) this._finishWithResult(value);
    this._awaitBegun();
  }

  private _nativeThrew(error: unknown): void {
    this._nativeRunning = false;
    if (!this.done()) this._finishWithError(error);
    this._awaitBegun();
  }

  // ---- Finishing ----

  private _finishWithResult(value: T): void {
    this._loop._tasks.delete(this);
    if (this._mustCancel) {
      // Cancelled right as the coroutine returned: cancellation wins, as in CPython.
      this._mustCancel = false;
      Future.prototype.cancel.call(this, this._cancelMessage);
    } else {
      Future.prototype.setResult.call(this, value);
    }
  }

  private _finishWithError(error: unknown): void {
    this._loop._tasks.delete(this);
    if (error instanceof CancelledError) {
      // The coroutine let a cancellation out: the task is cancelled, and
      // awaiting it raises that very error (with its message).
      this._cancelledError = error;
      Future.prototype.cancel.call(this, error.message || null);
    } else {
      Future.prototype.setException.call(this, error);
    }
  }

  private _newCancelledError(): CancelledError {
    return this._cancelMessage === null ? new CancelledError() : new CancelledError(this._cancelMessage);
  }

  override toString(): string {
    // Tasks awaiting each other in a cycle: the repeated one shows as `...`, as in CPython.
    // A chain of tasks awaiting tasks is shown a few levels deep, so that a
    // 100,000-deep one does not overflow the stack.
    if (tasksInRepr.has(this)) return "...";
    if (tasksInRepr.size >= MAX_REPR_DEPTH) return `<Task name='${this.getName()}' ...>`;
    tasksInRepr.add(this);
    try {
      const [state, outcome] = this._stateParts();
      let text = `<Task ${state} name='${this.getName()}' coro=${describeCoro(this._coro)}${outcome}`;
      if (this._futWaiter !== null) text += ` wait_for=${this._futWaiter.toString()}`;
      return `${text}${createdAt(this)}>`;
    } finally {
      tasksInRepr.delete(this);
    }
  }

  /** @internal What the task waits on now (for reports), or null. */
  get _waitingOn(): Future<unknown> | null {
    return this._futWaiter;
  }
}

/** The tasks whose `cancel()` is running, innermost last (see `Task.cancel`). */
const cancelChain: Task<unknown>[] = [];

/** How many levels of `wait_for=` a task's text shows. */
const MAX_REPR_DEPTH = 8;

/**
 * What only some tasks need: how generators nest inside the task, beyond the
 * one being stepped, the count of cancellations, and the `sleep(0)` of its
 * native code. Kept apart from the Task, as most tasks never need it and
 * every field of a Task is memory paid by each of them.
 */
class TaskExtras {
  /** How many cancellations were requested and not `uncancel()`ed. */
  cancelsRequested = 0;
  /** Generators waiting for the lazy coroutine they `yield*` to return, innermost last. */
  callers: Iterator<unknown, unknown, unknown>[] | null = null;
  /** Set while the task's generator is awaited by the native coroutine: where its result goes. */
  inlineSettle: Settle<unknown> | null = null;
  /**
   * Generators set aside while a deeper one runs: a generator `yield*`s an
   * async body, which awaits another generator, and so on. Innermost last.
   */
  parked: ParkedGenerator[] | null = null;
  /** What `sleep(0)` gives the task's native code, made once and reused (see `NativeAwaiter._ownYield`). */
  ownYield: Awaitable<null> | null = null;
  /** Awaits held for the first step beyond the one in the task's fields, as (awaitable, settle) pairs. */
  moreDeferred: (Awaitable<unknown> | Settle<unknown>)[] | null = null;
}

/** A generator set aside while a deeper one, awaited by native code it waits on, runs. */
interface ParkedGenerator {
  generator: Iterator<unknown, unknown, unknown>;
  callers: Iterator<unknown, unknown, unknown>[] | null;
  settle: Settle<unknown> | null;
  futWaiter: Future<unknown> | null;
}

/** Callbacks the loop runs for tasks; module functions, so no closure per task. */
function stepTask(task: Task<unknown>): void {
  task._step(undefined, false);
}

/**
 * Marks a generator object with the task that runs it: a generator can be
 * run by one task only. (A property rather than a WeakSet: measured a
 * quarter faster to spawn generator tasks.)
 */
const TASK_OF_GENERATOR = Symbol("asyncio-ts task");

function failTask(task: Task<unknown>, error: unknown): void {
  task._failAtFirstStep(error);
}

function throwIntoTask(task: Task<unknown>, error: unknown): void {
  task._step(error, true);
}

function nativeFirstStep(task: Task<unknown>): void {
  task._nativeFirstStep();
}

function resumeSoon(task: Task<unknown>): void {
  task._resumeSoon();
}

function startLazy(task: Task<unknown>, coro: LazyCoroutine<unknown>): void {
  task._startLazy(coro);
}

/** The callback of each kind of step but `STEP_START_LAZY` (which also takes the coroutine), by kind. */
const STEP_CALLBACKS: readonly ((task: Task<unknown>) => void)[] = [stepTask, resumeSoon, nativeFirstStep];

/** The tasks whose `toString` is running, to cut cycles short. */
const tasksInRepr = new Set<Task<unknown>>();

function describeCoro(coro: unknown): string {
  if (coro instanceof LazyCoroutine) return `<${coro.name}()>`;
  if (isGenerator(coro)) return "<generator>";
  return "<promise>";
}

function describeYield(value: unknown): string {
  const text = describeValue(value);
  if (value instanceof Promise || (typeof value === "object" && value !== null && "then" in value)) {
    return `${text} (a generator must delegate with yield*; wrap a native promise with asyncio.wrapPromise)`;
  }
  return text;
}

/**
 * The task whose coroutine is running now, or null. Python:
 * `asyncio.current_task(loop=None)`.
 *
 * Differs from CPython: inside an `async function` it is right after every
 * await of a library awaitable; after awaiting a foreign promise directly
 * (not through `wrapPromise`), the loop can no longer tell, and it is null.
 */
export function currentTask(loop?: EventLoop): Task<unknown> | null {
  const task = running.task;
  if (!(task instanceof Task)) return null;
  if (loop !== undefined && task._loop !== loop) return null;
  return task;
}

/**
 * The tasks of the loop (the running loop by default) that are not done yet.
 * Python: `asyncio.all_tasks(loop=None)`.
 */
export function allTasks(loop?: EventLoop): Set<Task<unknown>> {
  const target = loop ?? peekRunningLoop();
  if (target === null) throw new RuntimeError("no running event loop");
  return new Set(target._tasks);
}
