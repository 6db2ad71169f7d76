/**
 * Where the outcome of an `await` goes, and what the `then` of a library
 * awaitable returns (see `awaitable.ts`).
 *
 * The one idea: when a native coroutine awaits a library awaitable, the
 * engine calls its `then` with the two functions that resume the coroutine,
 * and throws away whatever `then` returns. Handing those two functions
 * straight to the task, to call when the awaited future is done, resumes
 * the coroutine one promise job later. Wrapping them in a promise of our own
 * and chaining it with `.then(onFulfilled, onRejected)` would cost a promise,
 * its reaction and one more job on every task switch.
 *
 * But code may also call `then` by hand, as `future.then(callback)`, and
 * chain on what it returns. So `then` returns a `ThenResult`: it calls the
 * callbacks itself, keeps what they return, and only makes a real promise
 * of it when someone chains on it. Nothing in the engine's path ever does.
 */

/** Receives the outcome of an await: exactly one of the two is called, once. */
export interface Settle<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
}

const PENDING = 0;
/** The outcome came while `then` was still running: it is on its way, one job later. */
const DEFERRED = 1;
const FULFILLED = 2;
const REJECTED = 3;

/** Settled once and for all: `.then` on it runs a callback one promise job later. */
const RESOLVED = Promise.resolve();

let capturedResolve: ((value: unknown) => void) | null = null;
let capturedReject: ((error: unknown) => void) | null = null;

/** A promise executor that needs no closure: it hands its functions over through two variables. */
function capture(resolve: (value: unknown) => void, reject: (error: unknown) => void): void {
  capturedResolve = resolve;
  capturedReject = reject;
}

/** @internal See the module comment. */
export class ThenResult<T, R1, R2> implements Settle<T>, PromiseLike<R1 | R2> {
  private _onFulfilled: ((value: T) => R1 | PromiseLike<R1>) | null | undefined;
  private _onRejected: ((reason: unknown) => R2 | PromiseLike<R2>) | null | undefined;
  /**
   * True while the `then` that made this object runs. An outcome that is
   * known at once (the future is done already) must still reach the
   * callbacks one job later, as a promise's would.
   */
  _inThen = true;
  private _state = PENDING;
  /** The callbacks' outcome, until a promise is made of it. */
  private _outcome: unknown = undefined;
  /** Made when someone chains on this object (or a callback failed with nobody chained yet). */
  private _promise: Promise<R1 | R2> | null = null;
  private _resolvePromise: ((value: unknown) => void) | null = null;
  private _rejectPromise: ((error: unknown) => void) | null = null;

  constructor(
    onFulfilled: ((value: T) => R1 | PromiseLike<R1>) | null | undefined,
    onRejected: ((reason: unknown) => R2 | PromiseLike<R2>) | null | undefined,
  ) {
    this._onFulfilled = onFulfilled;
    this._onRejected = onRejected;
  }

  resolve(value: T): void {
    if (this._state !== PENDING) return;
    if (this._inThen) {
      this._state = DEFERRED;
      void RESOLVED.then(() => this._fulfilled(value));
      return;
    }
    this._fulfilled(value);
  }

  reject(error: unknown): void {
    if (this._state !== PENDING) return;
    if (this._inThen) {
      this._state = DEFERRED;
      void RESOLVED.then(() => this._rejected(error));
      return;
    }
    this._rejected(error);
  }

  private _fulfilled(value: T): void {
    const onFulfilled = this._onFulfilled;
    this._onFulfilled = this._onRejected = null;
    if (typeof onFulfilled !== "function") {
      this._finish(FULFILLED, value);
      return;
    }
    let result: unknown;
    try {
      result = onFulfilled(value);
    } catch (error) {
      this._finish(REJECTED, error);
      return;
    }
    this._finish(FULFILLED, result);
  }

  private _rejected(error: unknown): void {
    const onRejected = this._onRejected;
    this._onFulfilled = this._onRejected = null;
    if (typeof onRejected !== "function") {
      this._finish(REJECTED, error);
      return;
    }
    let result: unknown;
    try {
      result = onRejected(error);
    } catch (thrown) {
      this._finish(REJECTED, thrown);
      return;
    }
    this._finish(FULFILLED, result);
  }

  private _finish(state: typeof FULFILLED | typeof REJECTED, outcome: unknown): void {
    this._state = state;
    if (this._promise !== null) {
      if (state === FULFILLED) (this._resolvePromise as (value: unknown) => void)(outcome);
      else (this._rejectPromise as (error: unknown) => void)(outcome);
      this._resolvePromise = this._rejectPromise = null;
    } else if (state === REJECTED) {
      // A failure with nobody chained yet must not vanish: as a promise's
      // would, it is reported as unhandled unless someone chains in time.
      this._promise = Promise.reject(outcome);
    } else {
      this._outcome = outcome;
    }
  }

  /** The real promise of the callbacks' outcome, made on first use. */
  private _asPromise(): Promise<R1 | R2> {
    if (this._promise === null) {
      if (this._state === FULFILLED) {
        this._promise = Promise.resolve(this._outcome as R1 | R2);
        this._outcome = undefined;
      } else {
        this._promise = new Promise<unknown>(capture) as Promise<R1 | R2>;
        this._resolvePromise = capturedResolve;
        this._rejectPromise = capturedReject;
        capturedResolve = capturedReject = null;
      }
    }
    return this._promise;
  }

  then<S1 = R1 | R2, S2 = never>(
    onFulfilled?: ((value: R1 | R2) => S1 | PromiseLike<S1>) | null,
    onRejected?: ((reason: unknown) => S2 | PromiseLike<S2>) | null,
  ): Promise<S1 | S2> {
    return this._asPromise().then(onFulfilled, onRejected);
  }

  catch<S = never>(onRejected?: ((reason: unknown) => S | PromiseLike<S>) | null): Promise<R1 | R2 | S> {
    return this._asPromise().catch(onRejected);
  }

  finally(onFinally?: (() => void) | null): Promise<R1 | R2> {
    return this._asPromise().finally(onFinally);
  }
}
