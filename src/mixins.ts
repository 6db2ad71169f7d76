/**
 * What the primitives of `locks.ts` and `queues.ts` share (CPython:
 * `asyncio/mixins.py`): binding to a loop at first use, and the shape of
 * their waiting methods.
 *
 * The one idea: every waiting method is a lazy coroutine whose body returns
 * a generator only when it must wait, and an already finished iterator
 * otherwise, so the uncontended path costs one small object. The busiest
 * ones (`Lock.acquire`, `Queue.get`, `Queue.put`) go further: their
 * coroutine object is a small state machine (`Wait`) that needs no
 * generator at all.
 */
import { running, type NativeAwaiter } from "./awaitable.js";
import { LazyCoroutine, coroutine } from "./coroutine.js";
import { RuntimeError } from "./errors.js";
import { getRunningLoop } from "./events.js";
import { waiterLabel, type Future, type WaiterLabel } from "./future.js";
import type { EventLoop } from "./loop.js";
import type { Settle } from "./thenresult.js";

/**
 * A coroutine function with a Python-like qualified name (`Lock.acquire`),
 * which the "never awaited" warning prints. `body` returns a generator, or
 * `finished(value)` when there is nothing to wait for.
 * @internal
 */
export function method<A extends unknown[], T>(
  name: string,
  body: (...args: A) => Generator<unknown, T, unknown>,
): (...args: A) => LazyCoroutine<T> {
  Object.defineProperty(body, "name", { value: name });
  return coroutine(body);
}

/**
 * A coroutine body that is over before it starts: an iterator already at its
 * end, whose result is `value`, which behaves as a generator that returns at
 * once. The coroutine functions here return one on their uncontended path (a
 * free lock, a queue with room), where the generator would never suspend
 * anyway (CPython's coroutines do not suspend there either): that spares the
 * hot path a generator object.
 * @internal
 */
export function finished<T>(value: T): Generator<unknown, T, unknown> {
  return new Finished(value) as unknown as Generator<unknown, T, unknown>;
}

// It is its own iterator result, so that a finished body costs one object.
class Finished<T> implements IteratorReturnResult<T> {
  readonly done = true;

  constructor(readonly value: T) {}

  next(): this {
    return this;
  }

  return(value: T): IteratorReturnResult<T> {
    return { done: true, value };
  }

  throw(error: unknown): never {
    throw error;
  }

  [Symbol.iterator](): this {
    return this;
  }
}

/** @internal The finished bodies that can be shared, having no per-call value. */
export const FINISHED_TRUE = finished<true>(true);
/** @internal */
export const FINISHED_NULL = finished<null>(null);
/** @internal */
export const FINISHED_VOID = finished<void>(undefined);

/**
 * The loop a primitive belongs to, bound at first use (CPython:
 * `mixins._LoopBoundMixin`). A primitive can be made before any loop runs;
 * the first operation that needs a Future ties it to the running loop, and
 * using it from another loop afterwards is an error.
 * @internal
 */
export class LoopBound {
  /** @internal The loop this object was first used on, or null. */
  _loop: EventLoop | null = null;
  /**
   * The labels of this object's waiter Futures, for hang reports, as
   * (operation, label) pairs: made once per operation and shared by all its
   * waiters, rather than one per wait.
   */
  private _waitLabels: (string | WaiterLabel)[] | null = null;

  /**
   * @internal A Future on this object's loop for a task to wait on in
   * `operation`, labelled `Name.operation()` for hang reports.
   */
  _createWaiter<T>(operation: string): Future<T> {
    const future = this._getLoop().createFuture<T>();
    future._label(this._waitLabel(operation));
    return future;
  }

  private _waitLabel(operation: string): WaiterLabel {
    const labels = (this._waitLabels ??= []);
    for (let i = 0; i < labels.length; i += 2) {
      if (labels[i] === operation) return labels[i + 1] as WaiterLabel;
    }
    const label = waiterLabel(`${this.constructor.name}.${operation}()`, this);
    labels.push(operation, label);
    return label;
  }

  /** Python's repr, which the subclasses fill in. */
  toString(): string {
    return `<${this.constructor.name}>`;
  }

  /** @internal The running loop, which must be the one this object is bound to. */
  _getLoop(): EventLoop {
    const loop = getRunningLoop();
    if (this._loop === null) this._loop = loop;
    if (loop !== this._loop) {
      throw new RuntimeError(`${this.toString()} is bound to a different event loop`);
    }
    return loop;
  }
}

/**
 * The `async with` exit of the primitives that are acquired and released
 * (CPython: `locks._ContextManagerMixin`): it releases, and never swallows
 * the block's error. Each primitive has its own `aenter`, which acquires.
 * @internal
 */
export abstract class ContextManagerMixin extends LoopBound {
  /** Releases what `aenter` acquired. */
  abstract release(): void;

  /** Releases when the block is left; never swallows its error. Python: `__aexit__`. */
  aexit(_exc?: unknown, _hasError?: boolean): false {
    this.release();
    return false;
  }

  /** Releases: for `await using`, after acquiring by hand. */
  [Symbol.asyncDispose](): Promise<void> {
    this.release();
    return Promise.resolve();
  }
}

/** What `Wait._tryNow` and `Wait._woken` return when the call must (still) wait. */
export const AGAIN: unique symbol = Symbol("wait again");

/**
 * @internal The coroutine object of a busy waiting method (`lock.acquire()`,
 * `queue.get()`): a lazy coroutine to whoever starts it, but one that runs
 * as a small state machine rather than a generator. Awaited from an `async
 * function`, it suspends the task directly on its waiter Future and is its
 * own `Settle`: the task resumes it, it does the primitive's bookkeeping,
 * and either waits again or passes the outcome on to the coroutine. Awaited
 * with `yield*` (or started by a Task) it is stepped through a `WaitSteps`
 * iterator, which yields the same waiter Futures.
 *
 * A subclass writes the body of the method as four steps, the same for both
 * spellings, which keep the semantics of a generator body of this shape:
 *
 *     for (let value = tryNow(); value === AGAIN; value = woken(waiter)) {
 *       waiter = park();
 *       try { yield* waiter; } catch (error) { failed(waiter, error); throw error; }
 *     }
 *     return value;
 *
 * (`closed(waiter)` runs if the generator is closed while it waits.)
 */
export abstract class Wait<T> extends LazyCoroutine<T> implements Settle<unknown> {
  /** The Future this call waits on now. */
  private declare _waiter: Future<unknown> | null;
  /** Where the outcome of a native `await` of this call goes, while it waits. */
  private declare _settle: Settle<T> | null;

  // No constructor (see `Awaitable`): each concrete class calls `_initWait()`.

  /** Sets the fields of a call that may wait; the first thing each concrete class's constructor does. */
  protected _initWait(): void {
    this._initLazy();
    this._waiter = null;
    this._settle = null;
  }

  /** Finishes without waiting if it can: its result, or `AGAIN`. */
  abstract _tryNow(): T | typeof AGAIN;
  /** Makes a waiter Future and queues it where the primitive will complete it. */
  abstract _park(): Future<unknown>;
  /** `waiter` was completed with a result: the call's result, or `AGAIN` to wait once more. */
  abstract _woken(waiter: Future<unknown>): T | typeof AGAIN;
  /** The wait on `waiter` ended with `error` (thrown on afterwards): tidy up and pass a wake-up on. */
  abstract _failed(waiter: Future<unknown>, error: unknown): void;
  /** The generator spelling was closed while waiting on `waiter`. */
  _closed(_waiter: Future<unknown>): void {}

  /** @internal Started by a Task, or awaited in a way the fast path below leaves to the general one. */
  protected override _run(): Generator<unknown, T, unknown> {
    return new WaitSteps(this, BEFORE) as unknown as Generator<unknown, T, unknown>;
  }

  /**
   * `yield* call`: done at once if it can be (a shared finished iterator
   * where the result allows), else the steps, delegated to as they are,
   * with no generator in between.
   */
  override [Symbol.iterator](): Iterator<unknown, T, unknown> {
    this._markStarted();
    const value = this._tryNow();
    if (value === AGAIN) return new WaitSteps(this, TRIED);
    if (value === undefined) return FINISHED_VOID as Iterator<unknown, T, unknown>;
    if (value === true) return FINISHED_TRUE as Iterator<unknown, T, unknown>;
    if (value === null) return FINISHED_NULL as Iterator<unknown, T, unknown>;
    return finished(value);
  }

  /** @internal */
  override _awaitFrom(task: NativeAwaiter, settle: Settle<T>): void {
    // Awaited outside its task's turn, or a second time: the general path
    // handles those, as for any lazy coroutine.
    if (this._started || task !== running.task) {
      super._awaitFrom(task, settle);
      return;
    }
    this._markStarted();
    let value: T | typeof AGAIN;
    try {
      value = this._tryNow();
      if (value === AGAIN) {
        this._settle = settle;
        this._suspend(task);
        return;
      }
    } catch (error) {
      this._end();
      settle.reject(error);
      return;
    }
    // Not suspended at all, as when awaiting a done Future.
    settle.resolve(value);
  }

  private _suspend(task: NativeAwaiter): void {
    const waiter = this._park();
    this._waiter = waiter;
    task._suspendOn(waiter, this);
  }

  private _end(): void {
    this._waiter = null;
    this._settle = null;
  }

  /** @internal The task resumes the native await: the waiter has its result. */
  resolve(_result: unknown): void {
    const settle = this._settle as Settle<T>;
    let value: T | typeof AGAIN;
    try {
      value = this._woken(this._waiter as Future<unknown>);
      if (value === AGAIN) {
        // The task resuming us is the running one.
        this._suspend(running.task as NativeAwaiter);
        return;
      }
    } catch (error) {
      this._end();
      settle.reject(error);
      return;
    }
    this._end();
    settle.resolve(value);
  }

  /** @internal The task resumes the native await with an error (cancelled, mostly). */
  reject(error: unknown): void {
    const settle = this._settle as Settle<T>;
    const waiter = this._waiter as Future<unknown>;
    this._end();
    try {
      this._failed(waiter, error);
    } catch (thrown) {
      settle.reject(thrown);
      return;
    }
    settle.reject(error);
  }
}

/** Not started yet. */
const BEFORE = 0;
/** Not started, but `_tryNow()` was just called and said to wait. */
const TRIED = 1;
const WAITING = 2;
const OVER = 3;

/**
 * The iterator that steps a `Wait` for a generator (`yield*`) or a Task: it
 * yields each waiter Future to the Task, as `yield* future` would.
 */
class WaitSteps<T> implements Iterator<unknown, T, unknown> {
  private _waiter: Future<unknown> | null = null;

  constructor(
    private readonly _call: Wait<T>,
    private _state: typeof BEFORE | typeof TRIED | typeof WAITING | typeof OVER,
  ) {}

  next(): IteratorResult<unknown, T> {
    let value: T | typeof AGAIN;
    if (this._state === TRIED) {
      this._state = OVER;
      value = AGAIN;
    } else if (this._state === BEFORE) {
      this._state = OVER;
      value = this._call._tryNow();
    } else if (this._state === WAITING) {
      const waiter = this._waiter as Future<unknown>;
      try {
        if (!waiter.done()) throw new RuntimeError("yield* was used on a Future outside of a Task");
        waiter.result();
      } catch (error) {
        return this.throw(error);
      }
      this._state = OVER;
      this._waiter = null;
      value = this._call._woken(waiter);
    } else {
      return { done: true, value: undefined as T };
    }
    if (value !== AGAIN) return { done: true, value };
    const waiter = this._call._park();
    this._waiter = waiter;
    this._state = WAITING;
    return { done: false, value: waiter };
  }

  throw(error: unknown): IteratorResult<unknown, T> {
    const waiter = this._waiter;
    this._state = OVER;
    this._waiter = null;
    if (waiter !== null) this._call._failed(waiter, error);
    throw error;
  }

  return(value?: T): IteratorResult<unknown, T> {
    const waiter = this._waiter;
    this._state = OVER;
    this._waiter = null;
    if (waiter !== null) this._call._closed(waiter);
    return { done: true, value: value as T };
  }

  [Symbol.iterator](): this {
    return this;
  }
}
