/**
 * `Future`: a result that will exist later (CPython: `asyncio/futures.py`).
 *
 * The one idea: a Future is a tiny state machine, pending -> finished or
 * cancelled, plus a list of done callbacks. Callbacks never run inside
 * `setResult`: they are handed to the loop with `callSoon`, one handle each,
 * in registration order. Everything that waits in asyncio (a Task on a sleep,
 * a lock waiter, `gather`) is built from that one rule.
 */
import { Awaitable, running, thenOnOwnPrototype, type NativeAwaiter } from "./awaitable.js";
import { createdAt, recordCreationSite } from "./debug.js";
import { CancelledError, InvalidStateError, RuntimeError } from "./errors.js";
import { describeValue } from "./handle.js";
import type { EventLoop } from "./loop.js";
import { getLoopForNewObject } from "./running.js";
import type { Settle } from "./thenresult.js";

const PENDING = 0;
const CANCELLED = 1;
const FINISHED = 2;
/** Finished with an error: Python's FINISHED with an exception set (its own state spares a field). */
const FAILED = 3;
type State = typeof PENDING | typeof CANCELLED | typeof FINISHED | typeof FAILED;
const STATE_NAMES = ["PENDING", "CANCELLED", "FINISHED", "FINISHED"] as const;

/** A done callback: called with the future, through the loop's `callSoon`. */
export type DoneCallback<T> = (future: Future<T>) => void;

/** What a future keeps of one waiter: a done callback, or a task told through `_onFutureDone`. */
type Waiter = DoneCallback<never> | NativeAwaiter;

/**
 * A placeholder for a result that is not there yet.
 *
 * Python: `asyncio.Future`. Await it (`await fut` or `yield* fut`) to get the
 * result; `setResult`/`setException`/`cancel` complete it, and the callbacks
 * added with `addDoneCallback` then run on the loop, in order.
 *
 * @example
 * const fut = loop.createFuture<number>();
 * loop.callLater(1, () => fut.setResult(42));
 * console.log(await fut); // 42, one second later
 */
export class Future<T = unknown> extends Awaitable<T> {
  static {
    thenOnOwnPrototype(this);
  }

  /** @internal */ _state: State = PENDING;
  /** @internal The result, or the error when `_failed` (any value can be thrown in JavaScript). */
  _result: unknown = undefined;
  /** @internal */ readonly _loop: EventLoop;
  /**
   * @internal Who waits for completion: null, one waiter, or an array of
   * them in order (emptied when they are scheduled). Most futures only ever
   * have one waiter, and an array for it would be most of a sleeping task's
   * memory. A Task waiting on this future is an entry itself (its
   * `_onFutureDone` is called), which spares a closure per await.
   */
  _callbacks: Waiter | Waiter[] | null = null;
  /** What few futures need, made on first use (read and written through the accessors below). */
  private _extras: FutureExtras | null = null;

  /**
   * Makes a future on `loop`, or on the running loop (or the current loop)
   * when none is given. Prefer `loop.createFuture()`.
   */
  constructor(options: { loop?: EventLoop } = {}) {
    super();
    this._initAwaitable();
    this._loop = options.loop ?? getLoopForNewObject();
    if (this._loop.getDebug()) recordCreationSite(this);
  }

  /** @internal The message of the cancellation (a task's pending one, or the future's). */
  get _cancelMessage(): string | null {
    const extras = this._extras;
    return extras === null ? null : extras.cancelMessage;
  }

  set _cancelMessage(value: string | null) {
    const extras = this._extrasFor(value);
    if (extras !== null) extras.cancelMessage = value;
  }

  /** @internal The error a cancelled future raises, made once and then reused. */
  get _cancelledError(): CancelledError | null {
    const extras = this._extras;
    return extras === null ? null : extras.cancelledError;
  }

  set _cancelledError(value: CancelledError | null) {
    const extras = this._extrasFor(value);
    if (extras !== null) extras.cancelledError = value;
  }

  /** @internal For hang reports: the operation this future is a waiter of (`"Lock.acquire()"`). */
  get _waitWhat(): string | null {
    const extras = this._extras;
    return extras === null ? null : extras.waitWhat;
  }

  /** @internal For hang reports: the object (a lock, a queue) the waited operation is on. */
  get _waitOwner(): object | null {
    const extras = this._extras;
    return extras === null ? null : extras.waitOwner;
  }

  /**
   * @internal Says what this new future stands for, for hang reports: a
   * label made once and shared by every future of the same operation on the
   * same object (see `waiterLabel`), rather than one record per wait.
   */
  _label(label: WaiterLabel): void {
    this._extras = label;
  }

  /**
   * The extras to store `value` in: made on first use, but not to store a
   * null. A shared label is copied first: it is never written to.
   */
  private _extrasFor(value: unknown): FutureExtras | null {
    const extras = this._extras;
    if (extras === null) {
      if (value !== null) this._extras = new FutureExtras();
    } else if (extras.shared) {
      const own = new FutureExtras();
      own.waitWhat = extras.waitWhat;
      own.waitOwner = extras.waitOwner;
      this._extras = own;
    }
    return this._extras;
  }

  /** @internal True when the future finished with an error. */
  get _failed(): boolean {
    return this._state === FAILED;
  }

  /** @internal The error the future finished with, if it failed. */
  get _exception(): unknown {
    return this._state === FAILED ? this._result : undefined;
  }

  /** The loop this future belongs to. Python: `Future.get_loop()`. */
  getLoop(): EventLoop {
    return this._loop;
  }

  /** True once the future has a result, an exception, or was cancelled. */
  done(): boolean {
    return this._state !== PENDING;
  }

  /** True if the future was cancelled. */
  cancelled(): boolean {
    return this._state === CANCELLED;
  }

  /**
   * The result. Throws the future's exception if it has one, `CancelledError`
   * if it was cancelled, and `InvalidStateError("Result is not set.")` while
   * it is pending.
   */
  result(): T {
    const state = this._state;
    if (state === FINISHED) return this._result as T;
    if (state === FAILED) {
      this._loop._exceptionRetrieved(this);
      throw this._result;
    }
    if (state === CANCELLED) throw this._makeCancelledError();
    throw new InvalidStateError("Result is not set.");
  }

  /**
   * The exception the future finished with, or `null`. Throws
   * `CancelledError` if it was cancelled and `InvalidStateError` while pending.
   */
  exception(): unknown {
    const state = this._state;
    if (state === FINISHED) return null;
    if (state === FAILED) {
      this._loop._exceptionRetrieved(this);
      return this._result;
    }
    if (state === CANCELLED) throw this._makeCancelledError();
    throw new InvalidStateError("Exception is not set.");
  }

  /**
   * Completes the future with `result`. Throws `InvalidStateError` if it is
   * already done.
   */
  setResult(result: T): void {
    if (this._state !== PENDING) throw new InvalidStateError(`invalid state: ${this.toString()}`);
    this._result = result;
    this._state = FINISHED;
    this._scheduleCallbacks();
  }

  /**
   * Completes the future with an error. Throws `InvalidStateError` if it is
   * already done.
   */
  setException(exception: unknown): void {
    if (this._state !== PENDING) throw new InvalidStateError(`invalid state: ${this.toString()}`);
    this._result = exception;
    this._state = FAILED;
    this._loop._exceptionSet(this);
    this._scheduleCallbacks();
  }

  /**
   * Cancels the future and schedules its callbacks. Returns false if it was
   * already done. `msg` becomes the message of the `CancelledError` that
   * awaiting it raises.
   */
  cancel(msg: string | null = null): boolean {
    if (this._state !== PENDING) return false;
    this._state = CANCELLED;
    this._cancelMessage = msg ?? null;
    this._scheduleCallbacks();
    return true;
  }

  /**
   * Calls `callback(future)` once the future is done, through the loop's
   * `callSoon`; right away (on the next iteration) if it already is.
   */
  addDoneCallback(callback: DoneCallback<T>): void {
    if (typeof callback !== "function") {
      throw new TypeError(`addDoneCallback() expects a function, got ${describeValue(callback)}`);
    }
    if (this._state !== PENDING) this._loop.callSoon(callback, this);
    else this._pushCallback(callback);
  }

  /** Removes every registration of `callback`; returns how many there were. */
  removeDoneCallback(callback: DoneCallback<T>): number {
    const callbacks = this._callbacks;
    if (callbacks === null) return 0;
    if (!Array.isArray(callbacks)) {
      if (callbacks !== (callback as unknown)) return 0;
      this._callbacks = null;
      return 1;
    }
    const kept = callbacks.filter((cb) => cb !== (callback as unknown));
    const removed = callbacks.length - kept.length;
    if (removed > 0) this._callbacks = kept;
    return removed;
  }

  /** @internal True if `callback` is the waiter added last (`gather` tells a future passed twice by it). */
  _lastWaiterIs(callback: DoneCallback<T>): boolean {
    const callbacks = this._callbacks;
    if (!Array.isArray(callbacks)) return callbacks === (callback as unknown);
    return callbacks[callbacks.length - 1] === (callback as unknown);
  }

  /** `yield* fut`: hands the future to the stepping Task, then returns its result. */
  override [Symbol.iterator](): Iterator<unknown, T, unknown> {
    // Written out rather than as a generator: `yield* future` is the
    // hottest path of generator tasks, and this object is a third the size.
    return new FutureIterator(this);
  }

  /** @internal Registers a task to be told (through `callSoon`) when this future is done. */
  _addAwaiter(task: NativeAwaiter): void {
    if (this._state !== PENDING) this._loop.callSoon(notifyAwaiter, task, this);
    else this._pushCallback(task);
  }

  /**
   * The first waiter is kept as it is; the second makes an array made to
   * size (an empty array would grow to room for 17 on its first push).
   */
  private _pushCallback(callback: Waiter): void {
    const callbacks = this._callbacks;
    if (callbacks === null) this._callbacks = callback;
    else if (Array.isArray(callbacks)) callbacks.push(callback);
    else this._callbacks = [callbacks, callback];
  }

  /** @internal */
  override _awaitFrom(task: NativeAwaiter, settle: Settle<T>): void {
    if (this._state === PENDING || task !== running.task) {
      // Pending; or done, but the await belongs to a task other than the one
      // running now: that task resumes in its own turn, through the loop.
      task._suspendOn(this, settle);
    } else {
      // Awaiting a done future does not suspend the coroutine at all, as in CPython.
      this._settle(settle);
    }
  }

  /** @internal */
  override _awaitDetached(settle: Settle<T>): void {
    if (this._state === PENDING) {
      this.addDoneCallback(() => this._settle(settle));
    } else {
      this._settle(settle);
    }
  }

  /** @internal Passes the outcome on. */
  _settle(settle: Settle<T>): void {
    let value: T;
    try {
      value = this.result();
    } catch (error) {
      settle.reject(error);
      return;
    }
    settle.resolve(value);
  }

  /** @internal The `CancelledError` that `result()` raises for a cancelled future. */
  _makeCancelledError(): CancelledError {
    if (this._cancelledError === null) {
      this._cancelledError =
        this._cancelMessage === null ? new CancelledError() : new CancelledError(this._cancelMessage);
    }
    return this._cancelledError;
  }

  private _scheduleCallbacks(): void {
    const hooks = this._loop._hooks;
    if (hooks !== null) hooks.futureDone(this);
    const callbacks = this._callbacks;
    this._callbacks = null;
    if (callbacks === null) return;
    if (!Array.isArray(callbacks)) {
      this._scheduleCallback(callbacks);
      return;
    }
    for (let i = 0; i < callbacks.length; i++) this._scheduleCallback(callbacks[i]);
  }

  private _scheduleCallback(callback: Waiter): void {
    // Stored as `DoneCallback<never>` so that `Future<T>` stays covariant
    // in `T` (a `Task<number>` is a `Future<unknown>`); each was added for this future.
    if (typeof callback === "function") this._loop.callSoon(callback as DoneCallback<T>, this);
    else this._loop.callSoon(notifyAwaiter, callback, this);
  }

  /** @internal Python-like state for reprs: `["finished", " result=42"]`. */
  _stateParts(): [string, string] {
    const state = STATE_NAMES[this._state].toLowerCase();
    if (this._state === FINISHED) return [state, ` result=${describeValue(this._result)}`];
    if (this._state === FAILED) return [state, ` exception=${describeError(this._result)}`];
    return [state, ""];
  }

  /** @internal Python-like state text for reprs: `finished result=42`. */
  _stateText(): string {
    return this._stateParts().join("");
  }

  override toString(): string {
    return `<${this.constructor.name} ${this._stateText()}${createdAt(this)}>`;
  }
}

/**
 * What only some futures need: a cancellation's message and error, and for
 * the waiters of locks and queues, what they wait for. Kept apart from the
 * Future: every field of a Future (and of a Task) is paid by each of a
 * million sleeping tasks.
 */
class FutureExtras {
  cancelMessage: string | null = null;
  cancelledError: CancelledError | null = null;
  waitWhat: string | null = null;
  waitOwner: object | null = null;
  /** True for a `WaiterLabel`, which many futures share and none writes to. */
  shared = false;
}

/** @internal What a waiter Future stands for (`"Lock.acquire()"` on a lock), shared by every such waiter. */
export type WaiterLabel = FutureExtras;

/** @internal Makes the label that the futures waited on for `what` on `owner` share. */
export function waiterLabel(what: string, owner: object | null): WaiterLabel {
  const label = new FutureExtras();
  label.waitWhat = what;
  label.waitOwner = owner;
  label.shared = true;
  return label;
}

/** The label of every `wrapPromise()` future. */
const WRAPPED_PROMISE = waiterLabel("wrapPromise()", null);

/** `yield* future`: yields the future once if it is pending, then returns its result. */
class FutureIterator<T> implements Iterator<unknown, T, unknown> {
  private _yielded = false;

  constructor(private readonly _future: Future<T>) {}

  next(): IteratorResult<unknown, T> {
    const future = this._future;
    if (!this._yielded && !future.done()) {
      this._yielded = true;
      return { done: false, value: future };
    }
    if (!future.done()) throw new RuntimeError("yield* was used on a Future outside of a Task");
    return { done: true, value: future.result() };
  }

  throw(error: unknown): IteratorResult<unknown, T> {
    throw error;
  }
}

/** How deep cancelling recurses down a chain (tasks awaiting tasks, gathers of gathers) before it defers. */
const MAX_CANCEL_DEPTH = 500;
let cancelDepth = 0;
/** Cancellations put off until the stack has unwound. */
const deferredCancels: [Future<unknown>, string | null][] = [];

/**
 * @internal Cancels `inner` on behalf of an outer future that waits on it
 * (a Task's waiter, a gather's child). Deep down a chain, the cancellation
 * is put off until the outermost one returns, rather than recursing 100,000
 * levels deep; a pending future's `cancel()` succeeds, so the answer is the
 * same either way.
 */
export function cancelInner<T>(inner: Future<T>, msg: string | null): boolean {
  if (cancelDepth >= MAX_CANCEL_DEPTH) {
    if (inner.done()) return false;
    deferredCancels.push([inner, msg]);
    return true;
  }
  cancelDepth++;
  try {
    return inner.cancel(msg);
  } finally {
    cancelDepth--;
    if (cancelDepth === 0) {
      // Each deferred one may defer more: this loop takes them all, at depth 1.
      for (let next = deferredCancels.pop(); next !== undefined; next = deferredCancels.pop()) {
        cancelDepth++;
        try {
          next[0].cancel(next[1]);
        } finally {
          cancelDepth--;
        }
      }
    }
  }
}

function notifyAwaiter(task: NativeAwaiter, future: Future<unknown>): void {
  task._onFutureDone(future);
}

/** `Name('message')`, as Python shows an exception in a repr. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}(${error.message ? `'${error.message}'` : ""})`;
  return describeValue(error);
}

/** True for the library's futures (and tasks). Python: `asyncio.isfuture()`. */
export function isfuture(value: unknown): value is Future<unknown> {
  return value instanceof Future;
}

/** Options of {@link wrapPromise}. */
export interface WrapPromiseOptions {
  /** The loop to attach the future to; the running (or current) loop by default. */
  loop?: EventLoop;
  /**
   * A controller whose signal the caller gave to the foreign work (a `fetch`,
   * say): cancelling the future aborts it. Not needed with the function form,
   * which makes its own.
   */
  abort?: AbortController;
}

/**
 * A native promise (or any thenable) as a loop `Future`, so that a Task can
 * await it in CPython's order, cancel it, and (on a virtual clock) hold time
 * still while it is in flight.
 *
 * Pass the promise itself, or a function that starts the work with an
 * `AbortSignal`: cancelling the future then aborts that signal. (A promise
 * cannot be stopped from outside; the signal is how the work hears of it.)
 *
 * Python has no direct equivalent; `asyncio.wrap_future` does the same for
 * `concurrent.futures.Future`.
 *
 * @example
 * // The request is aborted if the task awaiting it is cancelled.
 * const response = await asyncio.wrapPromise((signal) => fetch(url, { signal }));
 */
export function wrapPromise<T>(
  work: PromiseLike<T> | ((signal: AbortSignal) => PromiseLike<T>),
  options: WrapPromiseOptions = {},
): Future<T> {
  let abort = options.abort;
  let promise: PromiseLike<T>;
  if (typeof work === "function") {
    abort ??= new AbortController();
    promise = work(abort.signal);
  } else {
    promise = work;
  }
  if (promise === null || typeof promise !== "object" || typeof (promise as { then?: unknown }).then !== "function") {
    throw new TypeError(`wrapPromise() expects a promise, a thenable or a function returning one, got ${describeValue(promise)}`);
  }
  const loop = options.loop ?? getLoopForNewObject();
  const future = loop.createFuture<T>();
  // For hang reports, traces and call graphs: what the task waits on, in words.
  future._label(WRAPPED_PROMISE);
  // In flight until the promise settles or nobody waits for it any more.
  loop._foreignWorkStarted();
  loop._hooks?.foreignFuture?.(future);
  let inFlight = true;
  const finish = (): void => {
    if (!inFlight) return;
    inFlight = false;
    loop._foreignWorkFinished();
  };
  // Named: traces and debug reports show it as `abortIfCancelled(promise#1)`.
  const abortIfCancelled = (f: Future<T>): void => {
    if (!f.cancelled()) return;
    finish();
    abort?.abort(f._makeCancelledError());
  };
  future.addDoneCallback(abortIfCancelled);
  Promise.resolve(promise).then(
    (value) => {
      finish();
      if (!future.done() && !loop.isClosed()) future.setResult(value);
    },
    (error: unknown) => {
      finish();
      if (!future.done() && !loop.isClosed()) future.setException(error);
    },
  );
  return future;
}
