/**
 * What the primitives of `locks.ts` and `queues.ts` share (CPython:
 * `asyncio/mixins.py`): binding to a loop at first use, and the shape of
 * their waiting methods.
 *
 * The one idea: every waiting method is a lazy coroutine whose body returns
 * a generator only when it must wait, and an already finished iterator
 * otherwise, so the uncontended path costs one small object.
 */
import { LazyCoroutine, coroutine } from "./coroutine.js";
import { RuntimeError } from "./errors.js";
import { getRunningLoop } from "./events.js";
import type { EventLoop } from "./loop.js";

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
