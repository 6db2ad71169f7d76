/**
 * Turning "anything awaitable" into a Future (CPython: `ensure_future` in
 * `asyncio/tasks.py`), shared by the loop and the combinators.
 *
 * The one idea: a Future is used as it is, a coroutine of any of the three
 * shapes becomes a Task, and anything else is refused with a `TypeError` that
 * names what was passed.
 */
import { Awaitable } from "./awaitable.js";
import { LazyCoroutine, isGenerator } from "./coroutine.js";
import { ValueError } from "./errors.js";
import { Future } from "./future.js";
import { describeValue } from "./handle.js";
import type { EventLoop } from "./loop.js";
import type { Coroutine } from "./task.js";

/** Anything a Task can wait for: a Future, a coroutine of any shape, or a library awaitable. */
export type AwaitableLike<T> = Future<T> | Coroutine<T> | Awaitable<T>;

/**
 * `aw` as a Future of `loop`: futures as they are (they must belong to
 * `loop`), coroutines wrapped in a Task. `caller` names the function in errors.
 * @internal
 */
export function toFuture<T>(aw: AwaitableLike<T>, loop: EventLoop, caller: string): Future<T> {
  if (aw instanceof Future) {
    if (aw._loop !== loop) {
      throw new ValueError(`The future belongs to a different loop than the one specified as the loop argument (${caller})`);
    }
    return aw;
  }
  if (isCoroutine(aw)) return loop.createTask(aw);
  if ((aw as unknown) instanceof Awaitable) {
    // A library awaitable that is not a coroutine (what `sleep()` returns):
    // run a one-line coroutine that awaits it.
    const inner = aw as Awaitable<T>;
    return loop.createTask((function* () {
      return yield* inner;
    })());
  }
  if (isAwaitable(aw)) return loop.createTask(Promise.resolve(aw as PromiseLike<T>));
  throw new TypeError(`An asyncio.Future, a coroutine or an awaitable is required, got ${describeValue(aw)} (${caller})`);
}

/**
 * True for the three shapes of coroutine: a lazy coroutine object from
 * `asyncio.coroutine(fn)`, a generator object, and a native promise (what an
 * `async function` returns; JavaScript cannot tell it from other promises).
 * Python: `asyncio.iscoroutine()`.
 */
export function isCoroutine(value: unknown): value is Coroutine<unknown> {
  return value instanceof LazyCoroutine || value instanceof Promise || isGenerator(value);
}

/** True for anything `await`/`yield*` accept here: library awaitables, coroutines, thenables. @internal */
export function isAwaitable(value: unknown): boolean {
  if (value instanceof Awaitable || isCoroutine(value)) return true;
  return (
    value !== null &&
    (typeof value === "object" || typeof value === "function") &&
    typeof (value as { then?: unknown }).then === "function"
  );
}
