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
import type { TimerHandle } from "./handle.js";
import type { EventLoop } from "./loop.js";
import { ThenResult, type Settle } from "./thenresult.js";

/**
 * What a Task offers to the awaitables its native coroutine suspends on.
 * (An interface, so that this bottom layer does not import `task.ts`.)
 * @internal
 */
export interface NativeAwaiter {
  readonly _loop: EventLoop;
  /** True until the task's first step: its eagerly started coroutine's first await waits for it. */
  _firstStepPending: boolean;
  /**
   * True while the task's generator is suspended in a `yield* sleep(0)`: the
   * shared iterator of `sleep(0)` keeps its one bit of state here.
   */
  _inBareYield: boolean;
  /** True from resuming the task's native coroutine until it suspends again or settles. */
  readonly _nativeRunning: boolean;
  /**
   * What `sleep(0)` gives this task's native code: one object for the task,
   * made on first use (an `await` of it is this task's, so it can be reused).
   */
  _ownYield: Awaitable<null> | null;
  /** Native code of this task was just started from a generator step: let the loop run it until it suspends. */
  _nativeStarted(): void;
  /** Holds an await begun before the task's first step, to be carried out at that step. */
  _deferToFirstStep(awaitable: Awaitable<unknown>, settle: Settle<unknown>): void;
  /**
   * Awaits begun by this task's code whose `then` the engine has not called
   * yet. While there are any, the coroutine is still on its way to suspend.
   */
  _pendingThens: number;
  /** The `then` of an await by this task's coroutine has run (it suspended, or goes on at once). */
  _awaitBegun(): void;
  /** Called (through `callSoon`) when a Future this task registered on is done. */
  _onFutureDone(future: Future<unknown>): void;
  /**
   * The coroutine suspends until `future` is done; then `settle` resumes it.
   * A `timer` (sleep's) is cancelled as it resumes.
   */
  _suspendOn(future: Future<unknown>, settle: Settle<unknown>, timer?: TimerHandle | null): void;
  /** The coroutine yields for one iteration (`sleep(0)`); then `settle` resumes it with `value`. */
  _suspendSoon(settle: Settle<unknown>, value: unknown): void;
  /** The coroutine awaits a generator, which the task steps in its place until it returns. */
  _awaitInline(generator: Iterator<unknown, unknown, unknown>, settle: Settle<unknown>): void;
}

/**
 * The task whose coroutine is running right now (set by the Task while it
 * steps or resumes its coroutine), and the awaits begun since, in order:
 * tasks created from eagerly started coroutines claim them (see `Task`).
 * @internal
 */
export const running: {
  task: NativeAwaiter | null;
  /**
   * Awaitables whose `then` was read in this step, oldest first, one entry
   * per await: `begun[0 .. begunCount)`. The array is reused from step to
   * step and only ever grows: emptying it by setting its length would cost
   * a call into the engine on every task switch.
   */
  begun: (Awaitable<unknown> | undefined)[];
  begunCount: number;
  /** How many entries of `begun` new tasks have looked at. */
  claimed: number;
} = {
  task: null,
  begun: [],
  begunCount: 0,
  claimed: 0,
};

/** @internal Forget the awaits of the step that just ended: nobody can claim them now. */
export function endOfStep(): void {
  const begun = running.begun;
  // Cleared slot by slot, so that no awaitable is kept alive by the array.
  for (let i = running.begunCount - 1; i >= 0; i--) begun[i] = undefined;
  running.begunCount = 0;
  running.claimed = 0;
}

/**
 * @internal A task was just made from an eagerly started native coroutine:
 * the oldest await begun in this step that nobody has claimed is its
 * coroutine's first. (Coroutines started together, as in
 * `gather(a(), b())`, made their awaits in the order the tasks are made.)
 */
export function claimFirstAwait(task: NativeAwaiter): boolean {
  const begun = running.begun;
  while (running.claimed < running.begunCount) {
    const awaitable = begun[running.claimed++] as Awaitable<unknown>;
    if (awaitable._claimAwait(task)) return true;
  }
  return false;
}

/**
 * Futures that stand for an async body run inside a generator
 * (`yield* lazyAsyncCoroutine`): while a generator waits on one, native code
 * of the same task is running. See `LazyCoroutine[Symbol.iterator]`.
 * @internal
 */
export const nativeBridges = new WeakSet<Future<unknown>>();

/**
 * The `then` that the getter hands out, shared by every awaitable. The engine
 * calls it one promise job after the getter, with `this` the awaitable, and
 * the two functions that resume the coroutine: the task calls them itself
 * when the await is over (see `thenresult.ts`).
 */
function awaitableThen<T, R1, R2>(
  this: Awaitable<T>,
  onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
  onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
): PromiseLike<R1 | R2> {
  let task = this._takeAwaiter();
  const settle = new ThenResult<T, R1, R2>(onFulfilled, onRejected);
  if (task !== null && (typeof onFulfilled !== "function" || typeof onRejected !== "function")) {
    // `await` always hands over both functions: this is `future.then(callback)`
    // called by hand in the task's code, which goes on running. The task does
    // not wait on this awaitable (cancelling it must not cancel this).
    task._pendingThens--;
    task = null;
  }
  if (task === null) {
    this._awaitDetached(settle);
  } else {
    task._pendingThens--;
    if (task._firstStepPending) task._deferToFirstStep(this, settle);
    else this._awaitFrom(task, settle);
  }
  settle._thenReturned();
  // If the loop's pass was waiting for this coroutine to suspend, and no
  // other await of it is still on its way, the pass goes on from here,
  // inside this very job.
  if (task !== null) task._awaitBegun();
  return settle;
}

/**
 * The tasks of an awaitable's pending awaits, oldest first, when there are
 * several: a queue read from `head`, since a hundred thousand tasks may
 * await `sleep(0)` within one job and shifting an array would cost each of
 * them the length of the queue.
 */
class PendingAwaits {
  readonly tasks: (NativeAwaiter | null)[];
  head = 0;
  /**
   * Where the next claim starts looking. Claims come in the order the awaits
   * began, each for the oldest unclaimed await of the running task, so
   * entries before this one are claimed already or another task's.
   */
  private _claimFrom = 0;

  constructor(first: NativeAwaiter | null, second: NativeAwaiter | null) {
    this.tasks = [first, second];
  }

  /** Hands the oldest await of `from` from here on to `task`; false if there is none. */
  claim(from: NativeAwaiter | null, task: NativeAwaiter): boolean {
    const tasks = this.tasks;
    for (let i = Math.max(this.head, this._claimFrom); i < tasks.length; i++) {
      if (tasks[i] === from) {
        tasks[i] = task;
        this._claimFrom = i + 1;
        return true;
      }
    }
    return false;
  }
}

/**
 * Base class of the library's awaitables (`Future`, `Task`, lazy coroutines,
 * `sleep(...)`): awaitable with `await` (a thenable) and `yield*` (iterable).
 *
 * It has no constructor, and neither have `LazyCoroutine` and `Wait` below
 * it: each concrete class sets their fields in its own constructor. V8
 * (Node 20) makes an object of a class whose base classes have no
 * constructors as fast as a plain object; one constructor anywhere above
 * it, and each object is built by calling the constructors one by one,
 * none of them inlined, each storing its fields through the engine's
 * generic path, as they are shared by every subclass. `queue.put()`,
 * `queue.get()` and `lock.acquire()` make such an object per call (W5 in
 * docs/performance.md: about a tenth of its time).
 */
export abstract class Awaitable<T> implements PromiseLike<T> {
  /**
   * Read by `await` when a native coroutine suspends on this object: records
   * which task is suspending. (Reading it by hand is harmless.)
   */
  get then(): PromiseLike<T>["then"] {
    const task = running.task;
    if (task !== null) task._pendingThens++;
    const who = this._thenWho;
    if (who === undefined) this._thenWho = task;
    else if (who instanceof PendingAwaits) who.tasks.push(task);
    else this._thenWho = new PendingAwaits(who, task);
    running.begun[running.begunCount++] = this;
    return awaitableThen as PromiseLike<T>["then"];
  }

  /**
   * @internal The awaits of this object that have begun and not had `then`
   * called yet, and by whom: `undefined` while there is none; while there is
   * one, its task (null outside any task); while there are more (the same
   * object awaited several times within one promise job: `sleep(0)` is one
   * shared object), a `PendingAwaits`. The engine calls `then` in the order
   * the getter ran. (One field: every future and task carries it.)
   */
  _thenWho: NativeAwaiter | null | PendingAwaits | undefined;

  /**
   * @internal Sets this class's one field. In place of a constructor (see
   * the class comment): each concrete class's constructor calls it, or
   * `_initLazy()`, which does, before anything else.
   */
  protected _initAwaitable(): void {
    this._thenWho = undefined;
  }

  /** @internal The task of the oldest await whose `then` is now being called. */
  _takeAwaiter(): NativeAwaiter | null {
    const who = this._thenWho;
    if (who === undefined) return running.task;
    if (!(who instanceof PendingAwaits)) {
      this._thenWho = undefined;
      return who;
    }
    const task = who.tasks[who.head++];
    // One left: it is kept as it is again.
    if (who.head === who.tasks.length - 1) this._thenWho = who.tasks[who.head];
    return task;
  }

  /**
   * @internal Gives the oldest pending await of this object that was begun
   * by the running task's code to `task` instead. False if there is none.
   */
  _claimAwait(task: NativeAwaiter): boolean {
    const who = this._thenWho;
    if (who === undefined) return false;
    const from = running.task;
    if (!(who instanceof PendingAwaits)) {
      if (who !== from) return false;
      this._thenWho = task;
    } else if (!who.claim(from, task)) {
      return false;
    }
    if (from !== null) from._pendingThens--;
    task._pendingThens++;
    return true;
  }

  /** The generator spelling: `const value = yield* awaitable`. */
  abstract [Symbol.iterator](): Iterator<unknown, T, unknown>;

  /** @internal A native coroutine of `task` suspends on this awaitable. */
  abstract _awaitFrom(task: NativeAwaiter, settle: Settle<T>): void;

  /** @internal Awaited by native code running outside any task. */
  abstract _awaitDetached(settle: Settle<T>): void;
}

/** The `then` getter of `Awaitable`, as a property descriptor to copy. */
const THEN_GETTER = Object.getOwnPropertyDescriptor(Awaitable.prototype, "then") as PropertyDescriptor;

/**
 * @internal Puts the `then` getter on the prototype of `cls` itself. Each
 * class of awaitable the library makes objects of calls it, in a static
 * block.
 *
 * Why: on every `await` of an object that is not a promise, the engine
 * reads `then` with a generic lookup that has no inline cache to remember
 * where it found it last time: it searches the object, then each prototype
 * in turn. A `sleep(0)` found the getter five prototypes up, and that search
 * was the largest single cost of a task switch after the engine's own
 * promise jobs (see docs/performance.md, the sixth round). With a copy on
 * each class's own prototype, the search ends at the first one.
 */
export function thenOnOwnPrototype(cls: abstract new (...args: never[]) => Awaitable<unknown>): void {
  Object.defineProperty(cls.prototype, "then", THEN_GETTER);
}
