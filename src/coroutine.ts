/**
 * Lazy coroutines: the faithful spelling of `async def` and of the old
 * `@asyncio.coroutine` decorator (CPython: `asyncio/coroutines.py` and the
 * coroutine objects of the language itself).
 *
 * The one idea: calling a Python coroutine function runs nothing; it returns
 * an object that starts when a Task steps it or when it is awaited. JavaScript
 * `async function`s start at once, so `coroutine(fn)` puts that laziness
 * back: the wrapped function returns a `LazyCoroutine`, which calls `fn` only
 * when it is awaited (`await`, `yield*`) or handed to a Task. One that is
 * never started is reported, as Python reports a coroutine that was never
 * awaited.
 */
import { Awaitable, nativeBridges, running, thenOnOwnPrototype, type NativeAwaiter } from "./awaitable.js";
import { coroutineOrigins, creationTraceback, recordCreationSite } from "./debug.js";
import { RuntimeError } from "./errors.js";
import { Future } from "./future.js";
import { getLoopForNewObject } from "./running.js";
import type { Settle } from "./thenresult.js";

/** A generator object, as `function*` makes them: the generator spelling of a coroutine. */
export function isGenerator(value: unknown): value is Generator<unknown, unknown, unknown> {
  return (
    value !== null &&
    typeof value === "object" &&
    typeof (value as Generator).next === "function" &&
    typeof (value as Generator).throw === "function" &&
    typeof (value as Generator)[Symbol.iterator] === "function"
  );
}

/** The body of a coroutine function: an `async function` or a `function*`. */
export type CoroutineBody<A extends unknown[], T> =
  | ((...args: A) => PromiseLike<T>)
  | ((...args: A) => Generator<unknown, T, unknown>);

/**
 * A coroutine object that has not started yet. Await it (`await c`,
 * `yield* c`) or pass it to `createTask`/`run`/`gather`; it can start once.
 *
 * What `coroutine(fn)` wrappers return, and what the library's own
 * coroutine methods return (`lock.acquire()`, `queue.get()`, ...), each kind
 * with its own way to start.
 */
export abstract class LazyCoroutine<T = unknown> extends Awaitable<T> {
  /**
   * @internal Where it sits in the list of coroutines not started yet, or
   * `STARTED`, or -1 (neither: reported already). One field for both, as a
   * queue's `get()` makes one of these per call.
   */
  declare _trackedAt: number;

  /** The coroutine function's name, as Python's `coro.__name__`. */
  abstract readonly name: string;

  // No constructor (see `Awaitable`): each concrete class of the library
  // calls `_initLazy()`. A subclass of a program's own, which does not,
  // works the same, but is not reported if it is never awaited.

  /**
   * @internal Sets the fields of a lazy coroutine and registers it as not
   * started yet; the first thing each concrete class's constructor does.
   */
  protected _initLazy(): void {
    this._initAwaitable();
    neverAwaited.track(this);
    if (coroutineOrigins.tracking) recordCreationSite(this);
  }

  /** @internal True once it started (or was closed): it cannot start again. */
  get _started(): boolean {
    return this._trackedAt === STARTED;
  }

  /**
   * @internal Starts the body: returns its generator, or its promise for an
   * `async function`. A coroutine can start only once.
   */
  _start(): Generator<unknown, T, unknown> | PromiseLike<T> {
    this._markStarted();
    return this._run();
  }

  /** @internal Marks it started; a coroutine can start only once. */
  protected _markStarted(): void {
    if (this._started) throw new RuntimeError("cannot reuse already awaited coroutine");
    neverAwaited.started(this);
  }

  /** @internal Runs the body (called once, by `_start`). */
  protected abstract _run(): Generator<unknown, T, unknown> | PromiseLike<T>;

  /** @internal Lets go of what only starting needed (the body closed without running). */
  protected _forget(): void {}

  /**
   * Marks a coroutine that will never run as finished, so that it is not
   * reported as never awaited. Python: `coroutine.close()` on one that has
   * not started.
   */
  close(): void {
    if (this._started) return;
    neverAwaited.started(this);
    this._forget();
  }

  /** `yield* coro`: runs the body inside the Task that steps the caller. */
  override [Symbol.iterator](): Iterator<unknown, T, unknown> {
    const started = this._start();
    if (!isGenerator(started)) return this._bridge(started);
    // A body that is over before it starts (see `finished` in mixins.ts) is
    // delegated to as it is; a real generator goes to the Task, which steps
    // it in the caller's place (see `Delegation`).
    // Outside a task (iterated by hand), it is the body itself.
    if (running.task === null || (started as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag] !== "Generator") {
      return started;
    }
    return new Delegation<T>(started);
  }

  /**
   * An async body run from a generator: its own awaits are already
   * attributed to the running task; the generator waits on a future fed by
   * its promise.
   */
  private *_bridge(started: PromiseLike<T>): Generator<unknown, T, unknown> {
    const loop = running.task?._loop ?? getLoopForNewObject();
    const future = new Future<T>({ loop });
    nativeBridges.add(future);
    // Its code goes on in promise jobs: the loop runs them before the next callback.
    running.task?._nativeStarted();
    Promise.resolve(started).then(
      (value) => {
        if (!future.done()) future.setResult(value);
      },
      (error: unknown) => {
        if (!future.done()) future.setException(error);
      },
    );
    return yield* future;
  }

  /** @internal */
  override _awaitFrom(task: NativeAwaiter, settle: Settle<T>): void {
    let started: Generator<unknown, T, unknown> | PromiseLike<T>;
    // The body runs inside the awaiting task: its own awaits are that task's.
    const previous = running.task;
    running.task = task;
    try {
      started = this._start();
    } catch (error) {
      settle.reject(error);
      return;
    } finally {
      running.task = previous;
    }
    if (isGenerator(started)) task._awaitInline(started, settle);
    else settleFrom(started, settle);
  }

  /** @internal Awaited from native code outside any task: a generator body needs a Task of its own. */
  override _awaitDetached(settle: Settle<T>): void {
    let started: Generator<unknown, T, unknown> | PromiseLike<T>;
    try {
      started = this._start();
    } catch (error) {
      settle.reject(error);
      return;
    }
    if (isGenerator(started)) getLoopForNewObject().createTask(started)._awaitDetached(settle);
    else settleFrom(started, settle);
  }

  override toString(): string {
    return `<coroutine object ${this.name}>`;
  }
}

/** A call of a function wrapped by `coroutine(fn)`: the function, its `this` and its arguments, until it starts. */
export class CoroutineCall<T> extends LazyCoroutine<T> {
  static {
    thenOnOwnPrototype(this);
  }

  /** @internal */
  constructor(
    private _body: CoroutineBody<unknown[], T> | null,
    private _args: unknown[],
    private _this: unknown,
    readonly name: string,
  ) {
    super();
    this._initLazy();
  }

  protected override _run(): Generator<unknown, T, unknown> | PromiseLike<T> {
    const body = this._body as CoroutineBody<unknown[], T>;
    const self = this._this;
    const args = this._args;
    // Once started, the coroutine object no longer needs (nor keeps alive)
    // its function, arguments or `this`: they now live in the running body.
    this._forget();
    return Reflect.apply(body, self, args) as Generator<unknown, T, unknown> | PromiseLike<T>;
  }

  protected override _forget(): void {
    this._body = null;
    this._this = undefined;
    this._args = NO_ARGS;
  }
}

/**
 * What `yield* lazyCoroutine` delegates to when the body is a generator: it
 * yields itself to the Task once, the Task steps `generator` in the caller's
 * place, and when the body is done the Task sends its result back here
 * (or throws its error in), which ends the caller's `yield*` with it. The
 * engine's own `yield*` would resume every level of a deep chain on every
 * step, and overflow the stack past some thousands of levels; this way each
 * level is resumed once, by the Task.
 * @internal
 */
export class Delegation<T> implements Iterator<unknown, T, unknown> {
  private _handedOver = false;

  constructor(readonly generator: Generator<unknown, T, unknown>) {}

  next(value?: unknown): IteratorResult<unknown, T> {
    if (!this._handedOver) {
      this._handedOver = true;
      return { done: false, value: this };
    }
    return { done: true, value: value as T };
  }

  throw(error: unknown): IteratorResult<unknown, T> {
    throw error;
  }

  return(value?: T): IteratorResult<unknown, T> {
    // The caller is being closed: close the body too (its finally blocks run).
    this.generator.return(value as T);
    return { done: true, value: value as T };
  }
}

/** An async body's promise settles an await of its lazy coroutine. */
function settleFrom<T>(started: PromiseLike<T>, settle: Settle<T>): void {
  started.then(
    (value) => settle.resolve(value),
    (error: unknown) => settle.reject(error),
  );
}

/**
 * Wraps a coroutine function so that calling it returns a lazy coroutine
 * object, as calling an `async def` function does in Python. Python:
 * `async def`, or the old `@asyncio.coroutine` decorator on a generator.
 *
 * @example
 * const main = asyncio.coroutine(async function main() {
 *   console.log("hello");
 *   await asyncio.sleep(1);
 *   console.log("world");
 * });
 * await asyncio.run(main());
 *
 * // The generator spelling, as `@asyncio.coroutine` with `yield from`:
 * const hello = asyncio.coroutine(function* hello() {
 *   yield* asyncio.sleep(2);
 * });
 */
export function coroutine<A extends unknown[], T>(
  fn: ((...args: A) => PromiseLike<T>) | ((...args: A) => Generator<unknown, T, unknown>),
): (...args: A) => LazyCoroutine<T> {
  if (typeof fn !== "function") throw new TypeError(`coroutine() expects a function, got ${typeof fn}`);
  const name = fn.name || "<anonymous>";
  const body = fn as CoroutineBody<unknown[], T>;
  const wrapper = function (this: unknown, ...args: A): LazyCoroutine<T> {
    return new CoroutineCall<T>(body, args, this, name);
  };
  Object.defineProperty(wrapper, "name", { value: name });
  wrappers.add(wrapper);
  return wrapper;
}

/** True for coroutine functions made by `coroutine()`, generator functions and async functions. Python: `inspect.iscoroutinefunction`. */
export function iscoroutinefunction(fn: unknown): boolean {
  if (typeof fn !== "function") return false;
  const kind = fn.constructor.name;
  return kind === "AsyncFunction" || kind === "GeneratorFunction" || wrappers.has(fn);
}
const wrappers = new WeakSet<object>();

const NO_ARGS: unknown[] = [];

/** `_trackedAt` of a coroutine that started, or was closed. */
const STARTED = -2;

/**
 * Lazy coroutines that were never started, reported when the process exits
 * as Python reports them: `RuntimeWarning: coroutine 'main' was never awaited`.
 * Each knows its slot; one that starts gives it to the last one in the list,
 * so tracking costs a push and a pop per coroutine, whatever the number
 * waiting to start.
 */
const neverAwaited = {
  unstarted: [] as LazyCoroutine<unknown>[],
  hooked: false,

  track(coro: LazyCoroutine<unknown>): void {
    coro._trackedAt = this.unstarted.length;
    this.unstarted.push(coro);
    if (!this.hooked) {
      this.hooked = true;
      process.on("exit", () => reportNeverAwaited());
    }
  },

  /** `coro` starts, or is closed: it cannot start any more. */
  started(coro: LazyCoroutine<unknown>): void {
    const at = coro._trackedAt;
    coro._trackedAt = STARTED;
    // Not in the list: reported already, or of a class of the program's own,
    // which sets none of the library's fields (see `_initLazy`).
    if (!(at >= 0)) return;
    const last = this.unstarted.pop() as LazyCoroutine<unknown>;
    if (last !== coro) {
      this.unstarted[at] = last;
      last._trackedAt = at;
    }
  },
};

/**
 * Writes a `RuntimeWarning` for each lazy coroutine that was never started,
 * once. Runs by itself at process exit; call it to report earlier.
 */
export function reportNeverAwaited(): void {
  const pending = neverAwaited.unstarted;
  neverAwaited.unstarted = [];
  // In the order they were made, as far as the swaps left it.
  for (const coro of pending) coro._trackedAt = -1;
  for (const coro of pending) {
    // In debug mode, where it was made, as CPython's coroutine origin tracking shows.
    const origin = creationTraceback(coro);
    const where = origin === null ? "" : `\nCoroutine created at (most recent call last)\n${origin.join("\n")}`;
    console.error(`RuntimeWarning: coroutine '${coro.name}' was never awaited${where}`);
  }
}
