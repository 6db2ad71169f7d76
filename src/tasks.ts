/**
 * The functions around Task that programs reach for first: `sleep`,
 * `createTask`, `ensureFuture`, `shield` (CPython: `asyncio/tasks.py`).
 *
 * The one idea: none of these touch the loop's internals. `sleep` is a
 * Future completed by a timer; `shield` is a second Future that mirrors the
 * first unless it is itself cancelled.
 */
import { Awaitable, running, thenOnOwnPrototype, type NativeAwaiter } from "./awaitable.js";
import { toFuture, type AwaitableLike } from "./ensure.js";
import { RuntimeError, ValueError } from "./errors.js";
import { Future } from "./future.js";
import { describeValue, type TimerHandle } from "./handle.js";
import type { EventLoop } from "./loop.js";
import { getEventLoop } from "./events.js";
import { getLoopForNewObject, getRunningLoop } from "./running.js";
import type { Coroutine, Task, TaskOptions } from "./task.js";
import type { Settle } from "./thenresult.js";

/**
 * What `sleep()` returns: awaitable with `await` and `yield*`, bound to a
 * loop only when awaited, so it can be made before any loop runs.
 *
 * Kinds of it, as a task switch is the hottest path there is: a sleep with
 * a delay or a result (`TimedSleep`); and `sleep(0)`, an object of one field
 * (`YieldOnce`) made anew outside any task, made once per task for its
 * native code (`ReusedYield`), and shared by every generator task's step
 * (`SleepZero`).
 */
export abstract class Sleep<T> extends Awaitable<T> implements Iterator<unknown, T, unknown> {
  /** `yield* sleep(d)`: the sleep object is its own iterator, written out by hand. */
  abstract override [Symbol.iterator](): Iterator<unknown, T, unknown>;
  /** @internal */
  abstract next(): IteratorResult<unknown, T>;
  /** @internal The task threw into the generator (a cancellation). */
  abstract throw(error: unknown): IteratorResult<unknown, T>;
  /** @internal */
  abstract return(value?: T): IteratorResult<unknown, T>;

  /** @internal What a Task made from this sleep (`createTask(sleep(1))`) steps. */
  _coroutineForTask(): Iterator<unknown, T, unknown> {
    return this;
  }
}

/**
 * A sleep object of its own, `yield*`-ed at most once, as a Python coroutine
 * is awaited once: its iterator is itself.
 */
abstract class OwnSleep<T> extends Sleep<T> {
  /** 0 until `yield*`-ed, 1 while suspended in it, 2 once over. */
  protected _step = 0;

  constructor() {
    super();
    this._initAwaitable();
  }

  override [Symbol.iterator](): Iterator<unknown, T, unknown> {
    if (this._step !== 0) throw new RuntimeError("a sleep() awaitable can be awaited only once");
    return this;
  }

  override throw(error: unknown): IteratorResult<unknown, T> {
    this._end();
    throw error;
  }

  override return(value?: T): IteratorResult<unknown, T> {
    this._end();
    return { done: true, value: value as T };
  }

  /** The sleep is over, however it ended. */
  protected _end(): void {
    this._step = 2;
  }
}

/** A sleep with a delay, or with a result to give. */
class TimedSleep<T> extends OwnSleep<T> {
  static {
    thenOnOwnPrototype(this);
  }

  /** While `yield*`-ed: the future the generator waits on, and its timer. */
  private _future: Future<T> | null = null;
  private _timer: TimerHandle | null = null;

  constructor(
    private readonly _delay: number,
    private readonly _value: T,
  ) {
    super();
  }

  override next(): IteratorResult<unknown, T> {
    if (this._step === 0) {
      this._step = 1;
      // A bare yield: the task steps again on the next iteration.
      if (this._delay <= 0) return YIELD_ONCE;
      const loop = running.task?._loop ?? getLoopForNewObject();
      const future = loop.createFuture<T>();
      this._future = future;
      // sleep(Infinity) waits until it is cancelled: a future no timer completes.
      if (this._delay !== Infinity) this._timer = loop.callLater(this._delay, setResultUnlessCancelled, future, this._value);
      return { done: false, value: future };
    }
    this._end();
    const future = this._future;
    const value = future === null ? this._value : future.result();
    return value === null ? (DONE_NULL as IteratorResult<unknown, T>) : { done: true, value };
  }

  /** Over: its timer stops too, as `finally: h.cancel()` does in CPython's `sleep`. */
  protected override _end(): void {
    super._end();
    this._timer?.cancel();
  }

  override _awaitFrom(task: NativeAwaiter, settle: Settle<T>): void {
    if (this._delay <= 0) {
      task._suspendSoon(settle, this._value);
      return;
    }
    const loop = task._loop;
    const future = loop.createFuture<T>();
    if (this._delay === Infinity) {
      task._suspendOn(future, settle);
      return;
    }
    const timer = loop.callLater(this._delay, setResultUnlessCancelled, future, this._value);
    task._suspendOn(future, settle, timer);
  }

  override _awaitDetached(settle: Settle<T>): void {
    if (this._delay === Infinity) return;
    const loop = getLoopForNewObject();
    loop.callLater(Math.max(this._delay, 0), resolveWith, settle, this._value);
  }
}

/**
 * `sleep(0)`: yields for one iteration and gives `null`. Made anew outside
 * any task (an `await` of it is recorded on it, see `Awaitable.then`); the
 * base of the two that are reused.
 */
class YieldOnce extends OwnSleep<null> {
  static {
    thenOnOwnPrototype(this);
  }

  override next(): IteratorResult<unknown, null> {
    if (this._step === 0) {
      this._step = 1;
      return YIELD_ONCE;
    }
    this._end();
    return DONE_NULL;
  }

  override return(value?: null): IteratorResult<unknown, null> {
    return super.return(value ?? null);
  }

  override _awaitFrom(task: NativeAwaiter, settle: Settle<null>): void {
    task._suspendSoon(settle, null);
  }

  override _awaitDetached(settle: Settle<null>): void {
    getLoopForNewObject().callLater(0, resolveWith, settle, null);
  }
}

/**
 * A `sleep(0)` given out again and again: each task's own, for its native
 * code, made on first use, as `await asyncio.sleep(0)` is how an `async
 * function` switches tasks. An `await` is recorded on the object awaited
 * (see `Awaitable.then`); a task's own is only awaited by that task
 * (unless handed to others, which works too), so a stray read of its `then`
 * can only touch that task. `yield*` and a task of its own step a fresh
 * copy, leaving the reused one as it is.
 */
class ReusedYield extends YieldOnce {
  static {
    thenOnOwnPrototype(this);
  }

  override [Symbol.iterator](): Iterator<unknown, null, unknown> {
    return new YieldOnce();
  }

  override _coroutineForTask(): Iterator<unknown, null, unknown> {
    return new YieldOnce();
  }
}

/**
 * `sleep(0)` made in a generator task's step: one object, shared. That is
 * where `yield* sleep(0)` is the hottest path, and where a hundred thousand
 * tasks that have each just yielded would otherwise each keep one alive.
 *
 * `yield*` needs one bit of state per use (its iterator yields once, then
 * returns): the shared iterator keeps it on the task that steps it, which
 * has at most one such yield pending and is `running.task` whenever its
 * generator runs. Outside any task it hands out an object of its own.
 *
 * An `await` is recorded on the object awaited until the engine calls its
 * `then` (see `Awaitable.then`), so a stray read of `then` (a "thenable?"
 * check) would stay recorded on a shared object and mix up the awaits of
 * every task after it. So a task's native code gets the task's own object
 * from `sleep(0)` (`ReusedYield`), and an `await` of this one (by an async
 * function started inside a generator's step, say) is recorded on an
 * object of its own.
 */
class SleepZero extends ReusedYield {
  override get then(): PromiseLike<null>["then"] {
    const own = new YieldOnce();
    return own.then.bind(own);
  }

  override [Symbol.iterator](): Iterator<unknown, null, unknown> {
    return running.task === null ? new YieldOnce() : this;
  }

  override next(): IteratorResult<unknown, null> {
    const task = running.task as NativeAwaiter;
    if (!task._inBareYield) {
      task._inBareYield = true;
      return YIELD_ONCE;
    }
    task._inBareYield = false;
    return DONE_NULL;
  }

  // Thrown into or closed by hand, outside any task: no task to tell.
  override throw(error: unknown): IteratorResult<unknown, null> {
    if (running.task !== null) running.task._inBareYield = false;
    throw error;
  }

  override return(value?: null): IteratorResult<unknown, null> {
    if (running.task !== null) running.task._inBareYield = false;
    return { done: true, value: value ?? null };
  }
}

/**
 * The step result of `yield* sleep(0)`, shared: the Task only reads it, and
 * one object per sleep would be garbage on every switch of a generator task.
 */
const YIELD_ONCE: IteratorResult<unknown, never> = { done: false, value: undefined };

/** The last step result of a sleep whose result is `null` (the usual one), shared likewise. */
const DONE_NULL: IteratorResult<never, null> = { done: true, value: null };

function resolveWith<T>(settle: Settle<T>, value: T): void {
  settle.resolve(value);
}

function setResultUnlessCancelled<T>(future: Future<T>, value: T): void {
  if (!future.cancelled()) future.setResult(value);
}

/**
 * Suspends the calling task for `delay` seconds, then returns `result`.
 * A delay of 0 or less gives every other ready callback exactly one turn;
 * `Infinity` sleeps until the task is cancelled, as `sleep(math.inf)` does.
 * Python: `await asyncio.sleep(delay, result=None)`.
 *
 * @example
 * await asyncio.sleep(1);          // async function
 * yield* asyncio.sleep(1);         // generator
 * const v = await asyncio.sleep(0.5, "done");
 */
export function sleep(delay: number): Sleep<null>;
export function sleep<T>(delay: number, result: T): Sleep<T>;
export function sleep<T>(delay: number, result?: T): Sleep<T | null> {
  if (typeof delay !== "number") throw new TypeError(`sleep() delay must be a number of seconds, got ${describeValue(delay)}`);
  if (Number.isNaN(delay)) throw new ValueError("sleep() got an invalid delay: NaN (not a number)");
  if (delay <= 0 && (result === undefined || result === null)) {
    // Outside any task an object of its own; in a task's native code the
    // task's own (see `ReusedYield`); in a generator's step the shared one.
    const task = running.task;
    if (task === null) return new YieldOnce();
    if (!task._nativeRunning) return SLEEP_ZERO;
    return (task._ownYield ??= new ReusedYield()) as Sleep<null>;
  }
  return new TimedSleep<T | null>(delay, result === undefined ? null : result);
}

const SLEEP_ZERO = new SleepZero();

/**
 * Wraps a coroutine in a Task scheduled on the running loop. Python:
 * `asyncio.create_task(coro, *, name=None)`.
 *
 * @example
 * const task = asyncio.createTask(worker(), { name: "w1" });
 */
export function createTask<T>(coro: Coroutine<T>, options: TaskOptions = {}): Task<T> {
  const loop = options.loop ?? getRunningLoop();
  return loop.createTask(coro, { name: options.name ?? null });
}

/**
 * A Future for `aw`: a Future as it is, a coroutine wrapped in a Task.
 * Python: `asyncio.ensure_future(aw, *, loop=None)`; outside a running loop
 * it uses (and if needed makes) the current loop, as `getEventLoop()` does.
 */
export function ensureFuture<T>(aw: AwaitableLike<T>, options: { loop?: EventLoop } = {}): Future<T> {
  if (aw instanceof Future && options.loop === undefined) return aw;
  return toFuture(aw, options.loop ?? getEventLoop(), "ensureFuture");
}

/**
 * Protects `aw` from cancellation: cancelling the returned Future (or the
 * task awaiting it) leaves `aw` running. Python: `asyncio.shield(aw)`.
 *
 * @example
 * const result = await asyncio.shield(saveToDisk());
 */
export function shield<T>(aw: AwaitableLike<T>): Future<T> {
  const inner = ensureFuture(aw);
  if (inner.done()) return inner;
  const outer = inner._loop.createFuture<T>();
  const innerDone = (): void => {
    if (outer.cancelled()) {
      // Nobody will look at the inner result now; mark its error as seen.
      if (!inner.cancelled()) inner.exception();
      return;
    }
    if (inner.cancelled()) outer.cancel();
    else if (inner._failed) outer.setException(inner.exception());
    else outer.setResult(inner.result());
  };
  const outerDone = (): void => {
    if (!inner.done()) inner.removeDoneCallback(innerDone);
  };
  inner.addDoneCallback(innerDone);
  outer.addDoneCallback(outerDone);
  return outer;
}
