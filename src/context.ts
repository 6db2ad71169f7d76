/**
 * `asyncWith`: Python's `async with` statement as a function (CPython: the
 * `__aenter__`/`__aexit__` protocol of the language, and `contextlib`).
 *
 * The one idea: a context manager is two methods, `aenter()` and
 * `aexit(exc, hasError)`, and `asyncWith` is the try/catch that calls them in
 * the right order. The exit sees the body's error and may swallow it by
 * returning true, or replace it by throwing: that is all `timeout` needs to
 * turn its cancellation into a `TimeoutError`, and all `TaskGroup` needs to
 * cancel its children when the body fails. The statement runs inline in the
 * task of whoever awaits it, as Python's does; to manage that with both
 * spellings of a coroutine it is written twice, as a generator for callers
 * that `yield*` it and as an `async function` for callers that `await` it.
 */
import { Awaitable, thenOnOwnPrototype } from "./awaitable.js";
import { CoroutineCall, LazyCoroutine, coroutine, isGenerator, type CoroutineBody } from "./coroutine.js";

/**
 * The async context manager protocol: what `asyncWith` (and `async with` in
 * Python) calls around a block.
 *
 * Python: `__aenter__()` and `__aexit__(exc_type, exc, tb)`. JavaScript can
 * throw any value, including `undefined`, so the exit gets the error and a
 * separate flag saying whether there is one.
 *
 * @example
 * // Python:
 * //   class Tracer:
 * //       async def __aenter__(self): print("in"); return self
 * //       async def __aexit__(self, et, exc, tb): print("out", exc); return False
 * class Tracer implements asyncio.AsyncContextManager<Tracer> {
 *   async aenter() { console.log("in"); return this; }
 *   async aexit(exc: unknown, hasError: boolean) { console.log("out", hasError ? exc : null); return false; }
 * }
 */
export interface AsyncContextManager<T> {
  /** Enters the block; resolves to the value the body receives (Python's `as` target). */
  aenter(): PromiseLike<T> | T;
  /**
   * Leaves the block. `hasError` tells whether the body threw, and `exc` is
   * what it threw. Resolving to true swallows that error; throwing replaces it.
   */
  aexit(exc: unknown, hasError: boolean): PromiseLike<ExitResult> | ExitResult;
}

/** What an exit may return: anything truthy swallows the body's error, as in Python. */
export type ExitResult = boolean | null | undefined | void;

/** What a body may return: a value, a promise (an `async` body), an awaitable, or a generator (a `function*` body). */
export type WithBody<R> = R | PromiseLike<R> | Generator<unknown, R, unknown>;

/** The value `aenter()` of `M` resolves to. */
export type EnteredValue<M> = M extends { aenter(): infer A } ? Awaited<A> : never;

/**
 * What `asyncWith(cm, body)` resolves to: the body's result, or `undefined`
 * as well when `cm`'s exit is typed so that it may swallow an error.
 */
export type WithResult<M, R> = M extends { aexit(...args: never[]): infer X }
  ? Awaited<X> extends false | null | undefined | void
    ? R
    : R | undefined
  : R | undefined;

/**
 * Runs `body` inside the async context manager `cm`: Python's
 * `async with cm as value: body`.
 *
 * `cm.aenter()` is awaited and its value handed to `body`; then
 * `cm.aexit(error, hasError)` is awaited whether the body finished or threw.
 * A truthy exit result swallows the body's error (the call then resolves to
 * `undefined`); an error thrown by the exit replaces the body's. Otherwise the
 * call resolves to whatever the body returned, or rethrows its error.
 *
 * The body may be an `async` function or a `function*` (the generator
 * spelling: use `yield*` inside it). What `asyncWith` returns is a lazy
 * coroutine: it starts when awaited, with `await` or `yield*`.
 *
 * Differs from CPython: `async with` is a statement and has no value; here the
 * body's return value is passed through, for convenience. An error thrown by
 * the exit does not record the body's error as its context (JavaScript has no
 * implicit exception context).
 *
 * @example
 * // Python:
 * //   async with asyncio.timeout(1):
 * //       await work()
 * //   async with lock:
 * //       counter += 1
 * await asyncio.asyncWith(asyncio.timeout(1), async () => {
 *   await work();
 * });
 * await asyncio.asyncWith(lock, () => {
 *   counter += 1;
 * });
 * // The generator spelling:
 * yield* asyncio.asyncWith(asyncio.timeout(1), function* () {
 *   yield* work();
 * });
 */
export function asyncWith<M extends AsyncContextManager<unknown>, R>(
  cm: M,
  body: (value: EnteredValue<M>) => WithBody<R>,
): LazyCoroutine<WithResult<M, R>> {
  return twoFormCoroutine("asyncWith", withGenerator, withNative, [cm, body as (value: unknown) => unknown]) as LazyCoroutine<
    WithResult<M, R>
  >;
}

/**
 * @internal A lazy coroutine written twice, that runs in the spelling of its
 * caller. `yield* c` runs `generatorForm`, which the calling generator's task
 * steps as part of its own coroutine; `await c` (or a task made from `c`)
 * runs `nativeForm`, an `async function` whose awaits the awaiting task
 * follows as its own. Either way the code runs as part of the caller's task
 * (what `timeout` and `TaskGroup` read on entry), as Python's `async with`
 * runs inline in the coroutine that contains it, and a promise the caller
 * passed in is awaited in the caller's own spelling.
 */
export function twoFormCoroutine<A extends unknown[], T>(
  name: string,
  generatorForm: (...args: A) => Generator<unknown, T, unknown>,
  nativeForm: (...args: A) => Promise<T>,
  args: A,
): LazyCoroutine<T> {
  return new TwoFormCoroutine(name, { generator: false, generatorForm, nativeForm }, args);
}

/** Both forms of a {@link twoFormCoroutine}, and which one its caller chose. */
interface Forms<A extends unknown[], T> {
  generator: boolean;
  generatorForm: (...args: A) => Generator<unknown, T, unknown>;
  nativeForm: (...args: A) => Promise<T>;
}

class TwoFormCoroutine<A extends unknown[], T> extends CoroutineCall<T> {
  static {
    thenOnOwnPrototype(this);
  }

  private readonly _forms: Forms<A, T>;

  constructor(name: string, forms: Forms<A, T>, args: A) {
    super(startForm as unknown as CoroutineBody<unknown[], T>, args, forms, name);
    this._forms = forms;
  }

  override [Symbol.iterator](): Iterator<unknown, T, unknown> {
    this._forms.generator = true;
    return super[Symbol.iterator]();
  }
}

function startForm<A extends unknown[], T>(this: Forms<A, T>, ...args: A): Generator<unknown, T, unknown> | Promise<T> {
  return this.generator ? this.generatorForm(...args) : this.nativeForm(...args);
}

function* withGenerator(
  cm: AsyncContextManager<unknown>,
  body: (value: unknown) => unknown,
): Generator<unknown, unknown, unknown> {
  checkProtocol(cm);
  const value = yield* awaitValue(cm.aenter());
  let result: unknown;
  try {
    result = yield* awaitValue(body(value));
  } catch (error) {
    if (yield* awaitValue(cm.aexit(error, true))) return undefined;
    throw error;
  }
  yield* awaitValue(cm.aexit(undefined, false));
  return result;
}

async function withNative(cm: AsyncContextManager<unknown>, body: (value: unknown) => unknown): Promise<unknown> {
  checkProtocol(cm);
  const value = await cm.aenter();
  let result: unknown;
  try {
    const started = body(value);
    // A `function*` body runs inline, as `yield from` would.
    result = await (isGenerator(started) ? runGenerator(started) : started);
  } catch (error) {
    if (await cm.aexit(error, true)) return undefined;
    throw error;
  }
  await cm.aexit(undefined, false);
  return result;
}

const runGenerator = coroutine(function* body(gen: Generator<unknown, unknown, unknown>) {
  return yield* gen;
});

/**
 * `yield*`-able form of whatever a manager or a body returned: library
 * awaitables and generators as they are, a native promise through a lazy
 * coroutine (which waits on it the way the Task expects), a plain value as is.
 */
function* awaitValue(value: unknown): Generator<unknown, unknown, unknown> {
  if (value instanceof Awaitable || isGenerator(value)) {
    const source: Awaitable<unknown> | Generator<unknown, unknown, unknown> = value;
    return yield* source;
  }
  if (isThenable(value)) return yield* awaitPromise(value);
  return value;
}

const awaitPromise = coroutine(function awaited(promise: PromiseLike<unknown>): PromiseLike<unknown> {
  return promise;
});

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === "object" || typeof value === "function") &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

/** Python's `TypeError` for an object that is not an async context manager, checked before entering. */
function checkProtocol(cm: unknown): void {
  const has = (name: string): boolean =>
    cm !== null && cm !== undefined && typeof (cm as Record<string, unknown>)[name] === "function";
  if (has("aenter") && has("aexit")) return;
  const typeName =
    cm === null || cm === undefined ? "NoneType" : (cm.constructor?.name ?? typeof cm);
  const missing = has("aenter") ? " (missed aexit method)" : has("aexit") ? " (missed aenter method)" : "";
  throw new TypeError(`'${typeName}' object does not support the asynchronous context manager protocol${missing}`);
}
