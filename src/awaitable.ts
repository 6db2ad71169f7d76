/**
 * What `await` and `yield*` see: the base of every awaitable the library
 * hands out (CPython: the `__await__` protocol of `futures.py` and
 * `coroutines.py`).
 *
 * The one idea: a library awaitable supports both spellings of "suspend
 * here until this is done".
 * - `yield* x` (generators, the TypeScript `yield from`): `x`'s iterator
 *   yields a Future (or `undefined` for "just yield once") to the Task that
 *   steps the generator, and returns the result.
 * - `await x` (native `async function`s): JavaScript reads `x.then`
 *   synchronously, at the very moment the coroutine reaches the `await`, and
 *   calls it one promise job later. The `then` getter below notes which task
 *   was running at that moment, so that when the engine calls `then`, the
 *   awaitable knows whose coroutine is suspending: that is how a Task learns
 *   what its native coroutine waits on, to cancel it there and to resume it in
 *   CPython's order.
 */
import type { Future } from "./future.js";
import type { EventLoop } from "./loop.js";

/**
 * What a Task offers to the awaitables its native coroutine suspends on.
 * (An interface, so that this bottom layer does not import `task.ts`.)
 * @internal
 */
export interface NativeAwaiter {
  readonly _loop: EventLoop;
  /** The coroutine suspends until `future` is done; then `resolve`/`reject` resume it. */
  _suspendOn(future: Future<unknown>, resolve: (value: unknown) => void, reject: (error: unknown) => void): void;
  /** The coroutine yields for one iteration (`sleep(0)`); then `resolve` resumes it. */
  _suspendSoon(resolve: (value: unknown) => void, reject: (error: unknown) => void, value: unknown): void;
  /** The coroutine awaits a generator, which the task steps in its place until it returns. */
  _awaitInline(
    generator: Iterator<unknown, unknown, unknown>,
    resolve: (value: unknown) => void,
    reject: (error: unknown) => void,
  ): void;
}

/**
 * The task whose coroutine is running right now (set by the Task while it
 * steps or resumes its coroutine), and the last `await` that began since.
 * @internal
 */
export const running: { task: NativeAwaiter | null; lastAwait: AwaitRecord | null } = {
  task: null,
  lastAwait: null,
};

/**
 * One `await` of a library awaitable by native code: who was running when it
 * began. A Task created right after may claim it (see `Task`): JavaScript ran
 * the new coroutine's first steps eagerly, inside its creator's turn.
 * @internal
 */
export class AwaitRecord {
  /** Set when the engine called `then`; a record is claimable only before that. */
  called = false;

  constructor(
    readonly awaitable: Awaitable<unknown>,
    public task: NativeAwaiter | null,
  ) {}

  readonly then = <R1, R2>(
    onFulfilled?: ((value: unknown) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> => {
    this.called = true;
    if (running.lastAwait === this) running.lastAwait = null;
    const { awaitable, task } = this;
    // The engine's own callbacks (from `await`) are plain resolving functions;
    // handing them over directly keeps an await down to one promise job.
    return new Promise<unknown>((resolve, reject) => {
      if (task === null) awaitable._awaitDetached(resolve, reject);
      else awaitable._awaitFrom(task, resolve, reject);
    }).then(onFulfilled, onRejected);
  };
}

/**
 * Base class of the library's awaitables (`Future`, `Task`, lazy coroutines,
 * `sleep(...)`): awaitable with `await` (a thenable) and `yield*` (iterable).
 */
export abstract class Awaitable<T> implements PromiseLike<T> {
  /**
   * Read by `await` when a native coroutine suspends on this object: records
   * which task is suspending. (Reading it by hand is harmless.)
   */
  get then(): PromiseLike<T>["then"] {
    const record = new AwaitRecord(this, running.task);
    running.lastAwait = record;
    return record.then as PromiseLike<T>["then"];
  }

  /** The generator spelling: `const value = yield* awaitable`. */
  abstract [Symbol.iterator](): Iterator<unknown, T, unknown>;

  /** @internal A native coroutine of `task` suspends on this awaitable. */
  abstract _awaitFrom(task: NativeAwaiter, resolve: (value: T) => void, reject: (error: unknown) => void): void;

  /** @internal Awaited by native code running outside any task. */
  abstract _awaitDetached(resolve: (value: T) => void, reject: (error: unknown) => void): void;
}
