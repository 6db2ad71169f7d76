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
import { Deque } from "./deque.js";

/** Receives the outcome of an await: exactly one of the two is called, once. */
export interface Settle<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
}

/** The `then` that made it is still running: an outcome must wait one job. */
const IN_THEN = 0;
const PENDING = 1;
/** The outcome came while `then` was still running: it is on its way, one job later (in `deferred`). */
const DEFERRED = 2;
const FULFILLED = 3;
const REJECTED = 4;
/** As DEFERRED, with an error. */
const DEFERRED_REJECTED = 5;

/**
 * @internal Settled once and for all: `RESOLVED.then(f)` runs `f` one
 * promise job later. Shared by the modules that need that one job's turn.
 */
export const RESOLVED = Promise.resolve();

/**
 * The results whose outcome came inside `then`, each followed by that
 * outcome, oldest first. Each has one `RESOLVED.then(runDeferred)` job on
 * its way, queued when it was deferred, and jobs run in the order they were
 * queued: so each job takes the oldest pair, and every outcome arrives in
 * the job it would have with a closure of its own, which this spares.
 * (A queue's `put` that has room settles inside `then` on every call.)
 */
const deferred = new Deque<unknown>(16);

function runDeferred(): void {
  const result = deferred.shift() as ThenResult<unknown, unknown, unknown>;
  result._runDeferred(deferred.shift());
}

let capturedResolve: ((value: unknown) => void) | null = null;
let capturedReject: ((error: unknown) => void) | null = null;

/** A promise executor that needs no closure: it hands its functions over through two variables. */
function capture(resolve: (value: unknown) => void, reject: (error: unknown) => void): void {
  capturedResolve = resolve;
  capturedReject = reject;
}

/** The promise made for someone who chained on a `ThenResult` before it was settled. */
class Chain {
  readonly promise: Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;

  constructor() {
    this.promise = new Promise(capture);
    this.resolve = capturedResolve as (value: unknown) => void;
    this.reject = capturedReject as (error: unknown) => void;
    capturedResolve = capturedReject = null;
  }
}

/**
 * @internal See the module comment. Four fields, as one is made per `await`:
 * the callbacks, the state, and `_result`, which holds the callbacks'
 * outcome once settled, or the `Chain` of whoever chained on it before.
 */
export class ThenResult<T, R1, R2> implements Settle<T>, PromiseLike<R1 | R2> {
  private _onFulfilled: ((value: T) => R1 | PromiseLike<R1>) | null | undefined;
  private _onRejected: ((reason: unknown) => R2 | PromiseLike<R2>) | null | undefined;
  private _state = IN_THEN;
  private _result: unknown = undefined;

  constructor(
    onFulfilled: ((value: T) => R1 | PromiseLike<R1>) | null | undefined,
    onRejected: ((reason: unknown) => R2 | PromiseLike<R2>) | null | undefined,
  ) {
    this._onFulfilled = onFulfilled;
    this._onRejected = onRejected;
  }

  /** The `then` that made this object has returned: outcomes from now on go straight to the callbacks. */
  _thenReturned(): void {
    if (this._state === IN_THEN) this._state = PENDING;
  }

  resolve(value: T): void {
    this._settle(false, value);
  }

  reject(error: unknown): void {
    this._settle(true, error);
  }

  private _settle(failed: boolean, outcome: unknown): void {
    if (this._state === PENDING) {
      this._runCallback(failed, outcome);
    } else if (this._state === IN_THEN) {
      // Known already (the future is done): the callbacks must still run
      // one job later, as a promise's would, never inside `then`.
      this._state = failed ? DEFERRED_REJECTED : DEFERRED;
      deferred.push(this);
      deferred.push(outcome);
      void RESOLVED.then(runDeferred);
    }
  }

  /** @internal The job after `then`, for an outcome that came inside it. */
  _runDeferred(outcome: unknown): void {
    this._runCallback(this._state === DEFERRED_REJECTED, outcome);
  }

  /** Passes the outcome to the callback for it; with none, the outcome goes down the chain as it is. */
  private _runCallback(failed: boolean, outcome: unknown): void {
    const callback = (failed ? this._onRejected : this._onFulfilled) as ((argument: unknown) => unknown) | null | undefined;
    this._onFulfilled = this._onRejected = null;
    if (typeof callback !== "function") {
      this._finish(failed ? REJECTED : FULFILLED, outcome);
      return;
    }
    let result: unknown;
    try {
      result = callback(outcome);
    } catch (error) {
      this._finish(REJECTED, error);
      return;
    }
    this._finish(FULFILLED, result);
  }

  private _finish(state: typeof FULFILLED | typeof REJECTED, outcome: unknown): void {
    this._state = state;
    const chain = this._result;
    if (chain instanceof Chain) {
      if (state === FULFILLED) chain.resolve(outcome);
      else chain.reject(outcome);
      this._result = chain.promise;
    } else if (state === REJECTED) {
      // A failure with nobody chained yet must not vanish: as a promise's
      // would, it is reported as unhandled unless someone chains in time.
      this._result = Promise.reject(outcome);
    } else {
      this._result = outcome;
    }
  }

  /** The real promise of the callbacks' outcome, made on first use. */
  private _asPromise(): Promise<R1 | R2> {
    const result = this._result;
    if (this._state === FULFILLED || this._state === REJECTED) {
      // Settled: `_result` is the outcome, or a promise of it (one made for
      // a chain or a failure, or one a callback returned), which
      // `Promise.resolve` hands back as it is.
      const promise = Promise.resolve(result) as Promise<R1 | R2>;
      this._result = promise;
      return promise;
    }
    if (result instanceof Chain) return result.promise as Promise<R1 | R2>;
    const chain = new Chain();
    this._result = chain;
    return chain.promise as Promise<R1 | R2>;
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
