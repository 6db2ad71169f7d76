/**
 * Waiting on several futures at once: `wait`, `waitFor`, `asCompleted`
 * (CPython: the same functions in `asyncio/tasks.py`).
 *
 * The one idea: each is a done callback on every future plus one "waiter"
 * Future that the caller awaits; the callback completes the waiter when the
 * condition is met, and a timer completes it when time is up.
 */
import { coroutine, type LazyCoroutine } from "./coroutine.js";
import { asyncWith, twoFormCoroutine } from "./context.js";
import { isAwaitable, isCoroutine, toFuture, type AwaitableLike } from "./ensure.js";
import { CancelledError, TimeoutError, ValueError } from "./errors.js";
import { Future } from "./future.js";
import { describeValue, type TimerHandle } from "./handle.js";
import { getRunningLoop } from "./running.js";
import { getEventLoop } from "./events.js";
import type { EventLoop } from "./loop.js";
import { timeoutAt } from "./timeouts.js";

/** `wait` returns when any future finishes or is cancelled. */
export const FIRST_COMPLETED = "FIRST_COMPLETED";
/** `wait` returns when any future fails, or when all are done. */
export const FIRST_EXCEPTION = "FIRST_EXCEPTION";
/** `wait` returns when all futures are done (the default). */
export const ALL_COMPLETED = "ALL_COMPLETED";

/** One of `FIRST_COMPLETED`, `FIRST_EXCEPTION`, `ALL_COMPLETED`. */
export type ReturnWhen = typeof FIRST_COMPLETED | typeof FIRST_EXCEPTION | typeof ALL_COMPLETED;

/** Options of {@link wait}. */
export interface WaitOptions {
  /** Seconds to wait at most; null (the default) waits as long as needed. */
  timeout?: number | null;
  /** When to return; `ALL_COMPLETED` by default. */
  returnWhen?: ReturnWhen;
}

/**
 * Waits for the futures (tasks) until the `returnWhen` condition holds or
 * `timeout` seconds pass, and resolves to `[done, pending]`, two Sets. It
 * never raises TimeoutError and never cancels anything. Python:
 * `asyncio.wait(aws, *, timeout=None, return_when=ALL_COMPLETED)`.
 *
 * As in Python 3.11+, coroutines are refused: wrap them in tasks, so that the
 * sets hold objects you can recognise.
 *
 * @example
 * const [done, pending] = await asyncio.wait(tasks, { timeout: 1, returnWhen: asyncio.FIRST_COMPLETED });
 */
export const wait = coroutine(function* wait<T>(
  aws: Iterable<AwaitableLike<T>>,
  options: WaitOptions = {},
): Generator<unknown, [Set<Future<T>>, Set<Future<T>>], unknown> {
  const timeout = options.timeout ?? null;
  const returnWhen = options.returnWhen ?? ALL_COMPLETED;
  if (aws instanceof Future || isCoroutine(aws) || aws === null || typeof (aws as { [Symbol.iterator]?: unknown })?.[Symbol.iterator] !== "function") {
    throw new TypeError(`expect a list of futures, not ${describeValue(aws)}`);
  }
  if (returnWhen !== FIRST_COMPLETED && returnWhen !== FIRST_EXCEPTION && returnWhen !== ALL_COMPLETED) {
    throw new ValueError(`Invalid return_when value: ${String(returnWhen)}`);
  }
  checkTimeout(timeout, "wait");
  const given = [...new Set(aws)];
  if (given.length === 0) throw new ValueError("Set of Tasks/Futures is empty.");
  if (given.some(isCoroutine)) {
    throw new TypeError("Passing coroutines is forbidden, use tasks explicitly (asyncio.createTask, or asyncio.wrapPromise for a plain promise).");
  }
  const loop = getRunningLoop();
  const futures = given.map((aw) => toFuture(aw, loop, "wait"));

  const waiter = loop.createFuture<null>();
  let timer: TimerHandle | null = null;
  if (timeout !== null) timer = loop.callLater(timeout, releaseWaiter, waiter);
  let counter = futures.length;
  const onCompletion = (future: Future<T>): void => {
    counter--;
    if (
      counter <= 0 ||
      returnWhen === FIRST_COMPLETED ||
      (returnWhen === FIRST_EXCEPTION && !future.cancelled() && future._failed)
    ) {
      timer?.cancel();
      if (!waiter.done()) waiter.setResult(null);
    }
  };
  for (const future of futures) future.addDoneCallback(onCompletion);
  try {
    yield* waiter;
  } finally {
    timer?.cancel();
    for (const future of futures) future.removeDoneCallback(onCompletion);
  }
  const done = new Set<Future<T>>();
  const pending = new Set<Future<T>>();
  for (const future of futures) (future.done() ? done : pending).add(future);
  return [done, pending];
}) as <T>(
  aws: Iterable<Future<T>> | Iterable<AwaitableLike<T>>,
  options?: WaitOptions,
) => LazyCoroutine<[Set<Future<T>>, Set<Future<T>>]>;

function releaseWaiter(waiter: Future<null>): void {
  if (!waiter.done()) waiter.setResult(null);
}

function checkTimeout(timeout: unknown, caller: string): void {
  if (timeout === null) return;
  if (typeof timeout !== "number") throw new TypeError(`${caller}() timeout must be a number of seconds or null, got ${describeValue(timeout)}`);
  if (Number.isNaN(timeout)) throw new ValueError(`${caller}() timeout must not be NaN`);
}

/**
 * Waits for `aw` with a time limit: its result, or `TimeoutError` after
 * `timeout` seconds, having cancelled it (and waited for the cancellation to
 * finish). `timeout` null waits as long as needed. Python:
 * `asyncio.wait_for(aw, timeout)`.
 *
 * As in Python 3.12+, this is `timeout()` around an `await`: a coroutine runs
 * inside the calling task (no task of its own), the `TimeoutError`'s `cause`
 * is the `CancelledError`, and a cancellation from outside goes through as
 * `CancelledError`. A `timeout` of 0 or less cancels `aw` at once (after
 * wrapping it in a task) unless it is already done.
 *
 * @example
 * // Python: page = await asyncio.wait_for(download(url), 1.5)
 * const page = await asyncio.waitFor(download(url), 1.5);
 */
export function waitFor<T>(aw: AwaitableLike<T>, timeout: number | null): LazyCoroutine<T> {
  return twoFormCoroutine<[AwaitableLike<T>, number | null], T>("waitFor", waitForGenerator, waitForNative, [aw, timeout]);
}

// Written twice (see `twoFormCoroutine`): a promise passed in has already
// started inside the caller's task, and must be awaited in the caller's own
// spelling for a cancellation of that task to reach it.
function* waitForGenerator<T>(aw: AwaitableLike<T>, timeout: number | null): Generator<unknown, T, unknown> {
  const { loop, deadline } = waitForStart(aw, timeout);
  if (deadline === NO_TIME) {
    // No time at all: a coroutine must not even start, so give it a task
    // and cancel that before its first step.
    const future = toFuture(aw, loop, "waitFor");
    if (future.done()) return future.result();
    future.cancel();
    yield* cancelledAndWaited(future);
    return resultOrTimeout(future);
  }
  return yield* asyncWith(timeoutAt(deadline), () => aw);
}

async function waitForNative<T>(aw: AwaitableLike<T>, timeout: number | null): Promise<T> {
  const { loop, deadline } = waitForStart(aw, timeout);
  if (deadline === NO_TIME) {
    const future = toFuture(aw, loop, "waitFor");
    if (future.done()) return future.result();
    future.cancel();
    const waiter = loop.createFuture<null>();
    future.addDoneCallback(() => releaseWaiter(waiter));
    await waiter;
    return resultOrTimeout(future);
  }
  return await asyncWith(timeoutAt(deadline), () => aw);
}

/** `waitFor`'s deadline for `timeout`: null for none, `NO_TIME` for a timeout of 0 or less. */
const NO_TIME = -Infinity;

function waitForStart(aw: unknown, timeout: number | null): { loop: EventLoop; deadline: number | null } {
  checkTimeout(timeout ?? null, "waitFor");
  if (!isAwaitable(aw)) {
    throw new TypeError(`An asyncio.Future, a coroutine or an awaitable is required, got ${describeValue(aw)} (waitFor)`);
  }
  const loop = getRunningLoop();
  if (timeout === null || timeout === undefined) return { loop, deadline: null };
  return { loop, deadline: timeout <= 0 ? NO_TIME : loop.time() + timeout };
}

/** The result of a future `waitFor` cancelled for lack of time; its cancellation becomes `TimeoutError`. */
function resultOrTimeout<T>(future: Future<T>): T {
  try {
    return future.result();
  } catch (error) {
    if (error instanceof CancelledError) throw new TimeoutError(undefined, { cause: error });
    throw error;
  }
}

/** Waits until a future that was just cancelled is done, whatever its outcome. */
function* cancelledAndWaited<U>(future: Future<U>): Generator<unknown, void, unknown> {
  if (future.done()) return;
  const loop = future._loop;
  const waiter = loop.createFuture<null>();
  future.addDoneCallback(() => releaseWaiter(waiter));
  yield* waiter;
}

/** Options of {@link asCompleted}. */
export interface AsCompletedOptions {
  /** Seconds until the remaining awaitables raise `TimeoutError`; null for no limit. */
  timeout?: number | null;
}

/**
 * The awaitables in the order they finish. Python: `asyncio.as_completed(aws, *, timeout=None)`.
 *
 * Iterate it plainly (Python 3.11 style) to get awaitables, each resolving to
 * the next result; or with `for await` (Python 3.13) to get the original
 * futures and tasks themselves, as they finish. Past `timeout`, the next
 * await raises `TimeoutError`.
 *
 * @example
 * for (const next of asyncio.asCompleted(tasks)) console.log(await next);
 * for await (const task of asyncio.asCompleted(tasks)) console.log(task.result());
 */
export function asCompleted<T>(aws: Iterable<AwaitableLike<T>>, options: AsCompletedOptions = {}): AsCompletedIterator<T> {
  return new AsCompletedIterator(aws, options.timeout ?? null);
}

/** What `asCompleted` returns: both an iterator of awaitables and an async iterator of futures. */
export class AsCompletedIterator<T> implements Iterable<LazyCoroutine<T>>, AsyncIterable<Future<T>> {
  private readonly _todo = new Set<Future<T>>();
  private readonly _done: (Future<T> | null)[] = [];
  private readonly _waiters: Future<Future<T> | null>[] = [];
  private _remaining: number;
  private _timer: TimerHandle | null = null;

  /** @internal */
  constructor(aws: Iterable<AwaitableLike<T>>, timeout: number | null) {
    if (aws instanceof Future || isCoroutine(aws) || aws === null || typeof (aws as { [Symbol.iterator]?: unknown })?.[Symbol.iterator] !== "function") {
      throw new TypeError(`expect an iterable of futures, not ${describeValue(aws)}`);
    }
    checkTimeout(timeout, "asCompleted");
    const loop = getEventLoop();
    for (const aw of new Set(aws)) this._todo.add(toFuture(aw, loop, "asCompleted"));
    this._remaining = this._todo.size;
    for (const future of this._todo) future.addDoneCallback(this._onCompletion);
    if (this._todo.size > 0 && timeout !== null) this._timer = loop.callLater(timeout, this._onTimeout);
  }

  private readonly _onCompletion = (future: Future<T>): void => {
    if (!this._todo.delete(future)) return;
    this._push(future);
    if (this._todo.size === 0) this._timer?.cancel();
  };

  private readonly _onTimeout = (): void => {
    for (const future of this._todo) future.removeDoneCallback(this._onCompletion);
    this._todo.clear();
    // null stands for "time is up" for every awaitable still to come.
    this._push(null);
  };

  private _push(item: Future<T> | null): void {
    const waiter = this._waiters.shift();
    if (waiter !== undefined) waiter.setResult(item);
    else this._done.push(item);
  }

  /** The next finished future; `TimeoutError` once time is up. */
  private *_next(): Generator<unknown, Future<T>, unknown> {
    let item: Future<T> | null | undefined;
    if (this._done.length > 0) {
      item = this._done[0];
      if (item !== null) void this._done.shift();
    } else {
      const waiter = getRunningLoop().createFuture<Future<T> | null>();
      this._waiters.push(waiter);
      item = yield* waiter;
      // After a timeout, every later awaitable must fail too.
      if (item === null) this._done.push(null);
    }
    if (item === null || item === undefined) throw new TimeoutError();
    return item;
  }

  /** Python 3.11 style: coroutines that resolve to the results, in finishing order. */
  *[Symbol.iterator](): Iterator<LazyCoroutine<T>> {
    for (; this._remaining > 0; this._remaining--) yield this._waitForOne();
  }

  private readonly _waitForOne = coroutine(function* (this: AsCompletedIterator<T>): Generator<unknown, T, unknown> {
    const future = yield* this._next();
    return future.result();
  });

  /**
   * Python 3.13 style: the original futures and tasks, as they finish.
   * Written by hand rather than as an `async *` generator, whose `yield`
   * would await each future and hand out its result instead.
   */
  [Symbol.asyncIterator](): AsyncIterator<Future<T>> {
    const iterator: AsyncIterator<Future<T>> & AsyncIterable<Future<T>> = {
      next: (): Promise<IteratorResult<Future<T>>> => {
        if (this._remaining <= 0) return Promise.resolve({ done: true, value: undefined });
        this._remaining--;
        // `for await` awaits what `next()` returns: a lazy coroutine, so that
        // the wait runs in the awaiting task, like any other await of the
        // library. (Typed as the Promise the protocol names; a thenable is
        // all that `for await` needs.)
        return this._nextResult() as unknown as Promise<IteratorResult<Future<T>>>;
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  private readonly _nextResult = coroutine(function* (
    this: AsCompletedIterator<T>,
  ): Generator<unknown, IteratorResult<Future<T>>, unknown> {
    return { done: false, value: yield* this._next() };
  });
}
