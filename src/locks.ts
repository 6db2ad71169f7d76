/**
 * Synchronisation primitives for tasks: `Lock`, `Event`, `Condition`,
 * `Semaphore`, `BoundedSemaphore` and `Barrier` (CPython: `asyncio/locks.py`,
 * with the loop binding of `asyncio/mixins.py`).
 *
 * The one idea: a task that has to wait puts a Future from
 * `loop.createFuture()` in a FIFO of waiters and suspends on it; whoever frees
 * the resource completes the first waiter's Future with `setResult`. Nothing
 * here touches the loop's internals, and the woken task only runs one loop
 * iteration later, so every primitive must cope with the world changing in
 * between: a newcomer may arrive first (it queues behind the woken waiter),
 * and the woken waiter may be cancelled before it runs (it then passes its
 * turn on instead of losing it).
 *
 * Every method that waits is a lazy coroutine made with `coroutine()`, so it
 * can be spelled `await lock.acquire()` or `yield* lock.acquire()`, and it
 * does nothing until awaited, as in Python. Its body takes the uncontended
 * path without a generator (see `finished`) and only builds one to wait;
 * `Lock.acquire`, the busiest, builds none at all (see `Wait`).
 */
import { thenOnOwnPrototype } from "./awaitable.js";
import type { AsyncContextManager } from "./context.js";
import type { LazyCoroutine } from "./coroutine.js";
import { Deque } from "./deque.js";
import { BrokenBarrierError, CancelledError, RuntimeError, ValueError } from "./errors.js";
import type { Future } from "./future.js";
import { AGAIN, ContextManagerMixin, FINISHED_NULL, FINISHED_TRUE, LoopBound, Wait, method } from "./mixins.js";

/** Python's `[extra, waiters:N]` suffix of a primitive's repr. */
function describe(name: string, state: string, waiters: Deque<unknown> | null): string {
  const count = waiters === null ? 0 : waiters.length;
  return count > 0 ? `<${name} [${state}, waiters:${count}]>` : `<${name} [${state}]>`;
}

/**
 * A mutual-exclusion lock for tasks: one holder at a time, the others wait
 * their turn in the order they arrived.
 *
 * Python: `asyncio.Lock`. It is not owned by a task: any task may release
 * it. Use it with `asyncWith` (Python's `async with lock:`), which releases
 * it however the block ends. Waiters are served strictly first come, first
 * served: a task that calls `acquire()` while a woken waiter has not run yet
 * queues behind it, even though the lock looks free.
 *
 * Differs from CPython: `toString()` gives `<Lock [locked, waiters:1]>`,
 * without the module path and address of Python's repr; the same goes for
 * the other primitives and the queues.
 *
 * @example
 * // Python:
 * //   lock = asyncio.Lock()
 * //   async with lock:
 * //       shared_state += 1
 * const lock = new asyncio.Lock();
 * await asyncio.asyncWith(lock, async () => {
 *   sharedState += 1;
 * });
 * // or by hand:
 * await lock.acquire();
 * try { sharedState += 1; } finally { lock.release(); }
 */
export class Lock extends ContextManagerMixin implements AsyncContextManager<null>, AsyncDisposable {
  /** @internal Futures of the tasks blocked in `acquire()`, oldest first; made on first contention. */
  _waiters: Deque<Future<boolean>> | null = null;
  /** @internal */ _locked = false;

  /** True while the lock is held. Python: `Lock.locked()`. */
  locked(): boolean {
    return this._locked;
  }

  /**
   * Waits until the lock is free, takes it and resolves to true.
   * Python: `Lock.acquire()`. If the task is cancelled while waiting, the
   * lock is not taken and the next waiter gets its chance.
   */
  acquire(): LazyCoroutine<true> {
    return new LockAcquire(this, true);
  }

  /**
   * Frees the lock and wakes the first waiter, if any. Python:
   * `Lock.release()`. Throws `RuntimeError("Lock is not acquired.")` if the
   * lock is not held.
   */
  release(): void {
    if (!this._locked) throw new RuntimeError("Lock is not acquired.");
    this._locked = false;
    this._wakeUpFirst();
  }

  /**
   * @internal Takes the lock if that needs no waiting. Fair: a free lock is
   * taken at once only if nobody is queued for it (waiters that were all
   * cancelled do not count: they are about to leave).
   */
  _tryAcquire(): boolean {
    if (this._locked) return false;
    const waiters = this._waiters;
    if (waiters !== null && waiters.length > 0 && !allCancelled(waiters)) return false;
    this._locked = true;
    return true;
  }

  /** @internal Makes sure the first waiter will run; a done Future means it already will. */
  _wakeUpFirst(): void {
    const first = this._waiters?.peekFirst();
    if (first !== undefined && !first.done()) first.setResult(true);
  }

  /** Acquires the lock when a block is entered. Python: `Lock.__aenter__`, which gives `None`. */
  aenter(): LazyCoroutine<null> {
    return new LockAcquire(this, null);
  }

  /** Python's repr: `<Lock [locked, waiters:2]>`. */
  override toString(): string {
    return describe("Lock", this._locked ? "locked" : "unlocked", this._waiters);
  }
}

/**
 * `lock.acquire()` and `lock.aenter()`: take the lock if it is free and
 * nobody is queued, else queue a waiter Future and take the lock once
 * `release()` completes it. `value` is what the call resolves to.
 */
class LockAcquire<T extends true | null> extends Wait<T> {
  static {
    thenOnOwnPrototype(this);
  }

  constructor(
    private readonly _lock: Lock,
    private readonly _value: T,
  ) {
    super();
    this._initWait();
  }

  get name(): string {
    return this._value === true ? "Lock.acquire" : "Lock.__aenter__";
  }

  _tryNow(): T | typeof AGAIN {
    return this._lock._tryAcquire() ? this._value : AGAIN;
  }

  _park(): Future<unknown> {
    const lock = this._lock;
    const waiters = (lock._waiters ??= new Deque());
    const fut = lock._createWaiter<boolean>("acquire");
    waiters.push(fut);
    return fut;
  }

  _woken(waiter: Future<unknown>): T {
    this._unqueue(waiter);
    this._lock._locked = true;
    return this._value;
  }

  _failed(waiter: Future<unknown>, error: unknown): void {
    const lock = this._lock;
    this._unqueue(waiter);
    // Cancelled, possibly after release() had already picked us: if the lock
    // is still free, pass the turn to the next waiter instead of losing it.
    if (error instanceof CancelledError && !lock._locked) lock._wakeUpFirst();
  }

  override _closed(waiter: Future<unknown>): void {
    this._unqueue(waiter);
  }

  /** The wait on `waiter` is over, however it ended: it leaves the lock's queue. */
  private _unqueue(waiter: Future<unknown>): void {
    (this._lock._waiters as Deque<Future<boolean>>).remove(waiter as Future<boolean>);
  }
}

function allCancelled<T>(waiters: Deque<Future<T>>): boolean {
  for (let i = 0; i < waiters.length; i++) if (!(waiters.at(i) as Future<T>).cancelled()) return false;
  return true;
}

/**
 * A flag that tasks can wait for: `set()` wakes every waiter, and waiters
 * arriving while it is set do not block at all.
 *
 * Python: `asyncio.Event`.
 *
 * @example
 * // Python:
 * //   ready = asyncio.Event()
 * //   async def worker():
 * //       await ready.wait()
 * //   ...
 * //   ready.set()
 * const ready = new asyncio.Event();
 * async function worker() {
 *   await ready.wait();
 * }
 * // ...
 * ready.set();
 */
export class Event extends LoopBound {
  /** @internal Futures of the tasks blocked in `wait()`. */
  _waiters = new Deque<Future<boolean>>();
  /** @internal */ _value = false;

  /** True once `set()` was called and `clear()` was not. Python: `Event.is_set()`. */
  isSet(): boolean {
    return this._value;
  }

  /** Sets the flag and wakes every waiting task. Python: `Event.set()`. */
  set(): void {
    if (this._value) return;
    this._value = true;
    const waiters = this._waiters;
    for (let i = 0; i < waiters.length; i++) {
      const fut = waiters.at(i) as Future<boolean>;
      if (!fut.done()) fut.setResult(true);
    }
  }

  /** Resets the flag: later `wait()` calls block again. Python: `Event.clear()`. */
  clear(): void {
    this._value = false;
  }

  /**
   * Resolves to true once the flag is set; at once if it already is.
   * Python: `Event.wait()`. A waiter woken by `set()` returns true even if
   * `clear()` was called before it ran.
   */
  wait(): LazyCoroutine<true> {
    return eventWait(this);
  }

  /** Python's repr: `<Event [unset, waiters:1]>`. */
  override toString(): string {
    return describe("Event", this._value ? "set" : "unset", this._waiters);
  }
}

const eventWait = method(
  "Event.wait",
  (event: Event): Generator<unknown, true, unknown> => (event._value ? FINISHED_TRUE : eventWaitWaiting(event)),
);

function* eventWaitWaiting(event: Event): Generator<unknown, true, unknown> {
  if (event._value) return true;
  const fut = event._createWaiter<boolean>("wait");
  event._waiters.push(fut);
  try {
    yield* fut;
    return true;
  } finally {
    event._waiters.remove(fut);
  }
}

/**
 * A condition variable: tasks holding its lock wait until another task
 * notifies them, then hold the lock again.
 *
 * Python: `asyncio.Condition(lock=None)`. `wait()` releases the lock while
 * it waits and re-acquires it before returning, even when cancelled. A
 * notified task may wake to find the state changed again, so test the state
 * in a loop, or use `waitFor(predicate)`.
 *
 * @example
 * // Python:
 * //   cond = asyncio.Condition()
 * //   async with cond:
 * //       await cond.wait_for(lambda: len(items) > 0)
 * //       item = items.pop()
 * const cond = new asyncio.Condition();
 * await asyncio.asyncWith(cond, async () => {
 *   await cond.waitFor(() => items.length > 0);
 *   item = items.pop();
 * });
 */
export class Condition extends ContextManagerMixin implements AsyncContextManager<null>, AsyncDisposable {
  /** @internal The lock, shared with whoever passed it in. */
  readonly _lock: Lock;
  /** @internal Futures of the tasks blocked in `wait()`. */
  _waiters = new Deque<Future<boolean>>();

  /** A condition on `lock`, or on a new `Lock` of its own. */
  constructor(lock: Lock | null = null) {
    super();
    if (lock !== null && lock !== undefined && !(lock instanceof Lock)) {
      throw new TypeError(`Condition() expects a Lock or null, got ${typeof lock}`);
    }
    this._lock = lock ?? new Lock();
  }

  /** True while the underlying lock is held. Python: `Condition.locked()`. */
  locked(): boolean {
    return this._lock._locked;
  }

  /** Acquires the underlying lock. Python: `Condition.acquire()`. */
  acquire(): LazyCoroutine<true> {
    return this._lock.acquire();
  }

  /** Releases the underlying lock. Python: `Condition.release()`. */
  release(): void {
    this._lock.release();
  }

  /**
   * Releases the lock, waits to be notified, re-acquires the lock and
   * resolves to true. Python: `Condition.wait()`. Throws
   * `RuntimeError("cannot wait on un-acquired lock")` when the lock is not
   * held. The lock is held again however it ends, even when cancelled; a
   * notification that arrived together with a cancellation is passed on to
   * another waiter, so it is never lost.
   */
  wait(): LazyCoroutine<true> {
    return conditionWait(this);
  }

  /**
   * Waits until `predicate()` is truthy and resolves to its value, calling
   * it first right away and then after every wake-up. Python:
   * `Condition.wait_for(predicate)`.
   */
  waitFor<T>(predicate: () => T): LazyCoroutine<T> {
    return conditionWaitFor(this, predicate) as LazyCoroutine<T>;
  }

  /**
   * Wakes up to `n` waiting tasks (they run once they get the lock back).
   * Python: `Condition.notify(n=1)`. Throws
   * `RuntimeError("cannot notify on un-acquired lock")` when the lock is not held.
   */
  notify(n = 1): void {
    if (!this.locked()) throw new RuntimeError("cannot notify on un-acquired lock");
    this._notify(n);
  }

  /** Wakes every waiting task. Python: `Condition.notify_all()`. */
  notifyAll(): void {
    this.notify(this._waiters.length);
  }

  /** @internal Wakes the first `n` waiters not already woken. */
  _notify(n: number): void {
    let woken = 0;
    const waiters = this._waiters;
    for (let i = 0; i < waiters.length; i++) {
      const fut = waiters.at(i) as Future<boolean>;
      if (woken >= n) break;
      if (!fut.done()) {
        woken++;
        fut.setResult(false);
      }
    }
  }

  /** Acquires the lock when a block is entered. Python: `Condition.__aenter__`. */
  aenter(): LazyCoroutine<null> {
    return new LockAcquire(this._lock, null);
  }

  /** Python's repr: `<Condition [locked, waiters:1]>`. */
  override toString(): string {
    return describe("Condition", this.locked() ? "locked" : "unlocked", this._waiters);
  }
}

const conditionWait = method("Condition.wait", function* (cond: Condition): Generator<unknown, true, unknown> {
  if (!cond.locked()) throw new RuntimeError("cannot wait on un-acquired lock");
  const fut = cond._createWaiter<boolean>("wait");
  cond.release();
  try {
    // Wait to be notified; an error here is thrown only once the lock is ours.
    let waitFailed = false;
    let waitError: unknown = undefined;
    cond._waiters.push(fut);
    try {
      yield* fut;
    } catch (error) {
      waitFailed = true;
      waitError = error;
    } finally {
      cond._waiters.remove(fut);
    }
    // The lock must be held again on the way out, whatever happened. A
    // cancellation while re-acquiring is remembered and thrown once the lock
    // is ours, in place of the first error (the last one wins, as in CPython).
    let cancelled: CancelledError | null = null;
    for (;;) {
      try {
        yield* cond.acquire();
        break;
      } catch (error) {
        if (!(error instanceof CancelledError)) throw error;
        cancelled = error;
      }
    }
    if (cancelled !== null) throw cancelled;
    if (waitFailed) throw waitError;
    return true;
  } catch (error) {
    // We may have been notified just before the error: hand the
    // notification to another waiter (a spurious wake-up is allowed).
    cond._notify(1);
    throw error;
  }
});

const conditionWaitFor = method(
  "Condition.wait_for",
  function* (cond: Condition, predicate: () => unknown): Generator<unknown, unknown, unknown> {
    let result = predicate();
    while (!result) {
      yield* conditionWait(cond);
      result = predicate();
    }
    return result;
  },
);

/**
 * A counter of free slots: `acquire()` takes one, waiting while there are
 * none, and `release()` gives one back.
 *
 * Python: `asyncio.Semaphore(value=1)`. Throws
 * `ValueError("Semaphore initial value must be >= 0")` for a negative value.
 * FIFO like `Lock`: a slot freed while tasks wait goes to the oldest waiter,
 * and `locked()` is true while anyone waits, even if a slot is free.
 *
 * @example
 * // Python:
 * //   sem = asyncio.Semaphore(10)
 * //   async with sem:
 * //       await fetch(url)
 * const sem = new asyncio.Semaphore(10);
 * await asyncio.asyncWith(sem, async () => {
 *   await fetch(url);
 * });
 */
export class Semaphore extends ContextManagerMixin implements AsyncContextManager<null>, AsyncDisposable {
  /** @internal Futures of the tasks blocked in `acquire()`; made on first contention. */
  _waiters: Deque<Future<boolean>> | null = null;
  /** @internal Free slots, not counting those handed to woken waiters. */
  _value: number;

  constructor(value = 1) {
    super();
    checkCount(value, "Semaphore initial value");
    if (value < 0) throw new ValueError("Semaphore initial value must be >= 0");
    this._value = value;
  }

  /**
   * True if `acquire()` would wait: no slot is free, or tasks are already
   * queued for one. Python: `Semaphore.locked()`.
   */
  locked(): boolean {
    if (this._value === 0) return true;
    const waiters = this._waiters;
    if (waiters === null) return false;
    for (let i = 0; i < waiters.length; i++) if (!(waiters.at(i) as Future<boolean>).cancelled()) return true;
    return false;
  }

  /**
   * Takes a slot, waiting for one if needed, and resolves to true.
   * Python: `Semaphore.acquire()`.
   */
  acquire(): LazyCoroutine<true> {
    return semaphoreAcquire(this);
  }

  /**
   * Gives a slot back and wakes the oldest waiter, if any.
   * Python: `Semaphore.release()`. A plain semaphore may be released more
   * often than it was acquired; see `BoundedSemaphore`.
   */
  release(): void {
    this._value++;
    this._wakeUpNext();
  }

  /** @internal Takes a slot if that needs no waiting (FIFO: not while others wait). */
  _tryAcquire(): boolean {
    if (this.locked()) return false;
    this._value--;
    return true;
  }

  /**
   * @internal Hands a slot to the first waiter not yet woken; false if there
   * is none.
   */
  _wakeUpNext(): boolean {
    const waiters = this._waiters;
    if (waiters === null) return false;
    for (let i = 0; i < waiters.length; i++) {
      const fut = waiters.at(i) as Future<boolean>;
      if (!fut.done()) {
        this._value--;
        fut.setResult(true);
        return true;
      }
    }
    return false;
  }

  /** Acquires a slot when a block is entered. Python: `Semaphore.__aenter__`. */
  aenter(): LazyCoroutine<null> {
    return semaphoreEnter(this);
  }

  /** Python's repr: `<Semaphore [unlocked, value:2]>`, `<Semaphore [locked, waiters:1]>`. */
  override toString(): string {
    const state = this.locked() ? "locked" : `unlocked, value:${this._value}`;
    return describe(this.constructor.name, state, this._waiters);
  }
}

const semaphoreAcquire = method(
  "Semaphore.acquire",
  (sem: Semaphore): Generator<unknown, true, unknown> => (sem._tryAcquire() ? FINISHED_TRUE : semaphoreAcquireWaiting(sem)),
);

function* semaphoreAcquireWaiting(sem: Semaphore): Generator<unknown, true, unknown> {
  // Checked again: a task may have started this body later than it was made.
  if (sem._tryAcquire()) return true;
  const waiters = (sem._waiters ??= new Deque());
  const fut = sem._createWaiter<boolean>("acquire");
  waiters.push(fut);
  try {
    try {
      yield* fut;
    } finally {
      waiters.remove(fut);
    }
  } catch (error) {
    // Woken (a slot was counted out for us) but cancelled before running:
    // give the slot back; the loop below hands it on.
    if (error instanceof CancelledError && fut.done() && !fut.cancelled()) sem._value++;
    throw error;
  } finally {
    // Tasks that arrived while we were queued waited behind us even if a
    // slot was free: wake as many as there are slots now.
    while (sem._value > 0) {
      if (!sem._wakeUpNext()) break;
    }
  }
  return true;
}

const semaphoreEnter = method(
  "Semaphore.__aenter__",
  (sem: Semaphore): Generator<unknown, null, unknown> => (sem._tryAcquire() ? FINISHED_NULL : semaphoreEnterWaiting(sem)),
);

function* semaphoreEnterWaiting(sem: Semaphore): Generator<unknown, null, unknown> {
  yield* semaphoreAcquireWaiting(sem);
  return null;
}

/**
 * A semaphore that refuses to be released more often than it was acquired.
 *
 * Python: `asyncio.BoundedSemaphore(value=1)`. `release()` throws
 * `ValueError("BoundedSemaphore released too many times")` when it would
 * raise the count above the initial value.
 *
 * @example
 * // Python:
 * //   pool = asyncio.BoundedSemaphore(2)
 * //   async with pool:
 * //       ...
 * const pool = new asyncio.BoundedSemaphore(2);
 * await asyncio.asyncWith(pool, async () => {
 *   // ...
 * });
 */
export class BoundedSemaphore extends Semaphore {
  private readonly _boundValue: number;

  constructor(value = 1) {
    super(value);
    this._boundValue = value;
  }

  /** Gives a slot back. Python: `BoundedSemaphore.release()`. */
  override release(): void {
    if (this._value >= this._boundValue) throw new ValueError("BoundedSemaphore released too many times");
    super.release();
  }
}

/** Python's `_BarrierState` values, which the repr prints. */
type BarrierState = "filling" | "draining" | "resetting" | "broken";

/**
 * A meeting point for a fixed number of tasks: each `wait()` blocks until
 * `parties` tasks are waiting, then all of them go on together.
 *
 * Python: `asyncio.Barrier(parties)` (3.11). `wait()` resolves to an index
 * from 0 to `parties - 1`, different for each task of a round. `reset()`
 * and `abort()` make the tasks waiting at that moment throw
 * `BrokenBarrierError`; after `abort()` every later `wait()` throws too.
 * `reset()` and `abort()` are coroutines, as in Python: await them.
 * With `asyncWith`, entering the block waits at the barrier and gives the index.
 *
 * @example
 * // Python:
 * //   barrier = asyncio.Barrier(3)
 * //   async def worker():
 * //       index = await barrier.wait()
 * const barrier = new asyncio.Barrier(3);
 * async function worker() {
 *   const index = await barrier.wait();
 * }
 */
export class Barrier extends LoopBound implements AsyncContextManager<number> {
  /** @internal Wakes every task in the barrier when its state changes. */
  readonly _cond = new Condition();
  private readonly _parties: number;
  /** @internal */ _state: BarrierState = "filling";
  /** @internal Tasks inside `wait()` in the current round (filling or draining). */
  _count = 0;

  /** A barrier for `parties` tasks. Throws `ValueError("parties must be > 0")` below 1. */
  constructor(parties: number) {
    super();
    checkCount(parties, "Barrier parties");
    if (parties < 1) throw new ValueError("parties must be > 0");
    this._parties = parties;
  }

  /**
   * Waits until `parties` tasks are waiting, then resolves to this task's
   * index in the round. Python: `Barrier.wait()`. Throws
   * `BrokenBarrierError` if the barrier is reset or aborted meanwhile, or was
   * aborted before.
   */
  wait(): LazyCoroutine<number> {
    return barrierWait(this);
  }

  /**
   * Returns the barrier to its empty state; tasks waiting in it throw
   * `BrokenBarrierError`. Python: `Barrier.reset()`, a coroutine.
   */
  reset(): LazyCoroutine<void> {
    return barrierReset(this);
  }

  /**
   * Breaks the barrier: tasks waiting in it, and every later `wait()`, throw
   * `BrokenBarrierError` (until `reset()`). Python: `Barrier.abort()`, a coroutine.
   */
  abort(): LazyCoroutine<void> {
    return barrierAbort(this);
  }

  /** How many tasks a round needs. Python: `Barrier.parties`. */
  get parties(): number {
    return this._parties;
  }

  /** How many tasks wait for the round to fill. Python: `Barrier.n_waiting`. */
  get nWaiting(): number {
    return this._state === "filling" ? this._count : 0;
  }

  /** True once aborted (and not reset since). Python: `Barrier.broken`. */
  get broken(): boolean {
    return this._state === "broken";
  }

  /** Waits at the barrier when a block is entered; gives the index. Python: `Barrier.__aenter__`. */
  aenter(): LazyCoroutine<number> {
    return this.wait();
  }

  /** Does nothing. Python: `Barrier.__aexit__`. */
  aexit(_exc?: unknown, _hasError?: boolean): false {
    return false;
  }

  /** Python's repr: `<Barrier [filling, waiters:2/3]>`, `<Barrier [broken]>`. */
  override toString(): string {
    if (this.broken) return "<Barrier [broken]>";
    return `<Barrier [${this._state}, waiters:${this.nWaiting}/${this._parties}]>`;
  }

  /** @internal The last task out of a round lets the next round start. */
  _exit(): void {
    if (this._count !== 0) return;
    if (this._state === "resetting" || this._state === "draining") this._state = "filling";
    this._cond.notifyAll();
  }
}

const barrierWait = method("Barrier.wait", function* (barrier: Barrier): Generator<unknown, number, unknown> {
  const cond = barrier._cond;
  yield* cond.acquire();
  try {
    // Wait for the previous round to drain (or a reset to finish).
    yield* cond.waitFor(() => barrier._state !== "draining" && barrier._state !== "resetting");
    if (barrier.broken) throw new BrokenBarrierError("Barrier aborted");
    try {
      const index = barrier._count++;
      if (index + 1 === barrier.parties) {
        // The last one in opens the barrier for the whole round.
        barrier._state = "draining";
        cond.notifyAll();
      } else {
        yield* cond.waitFor(() => barrier._state !== "filling");
        const state: BarrierState = barrier._state;
        if (state === "broken" || state === "resetting") {
          throw new BrokenBarrierError("Abort or reset of barrier");
        }
      }
      return index;
    } finally {
      barrier._count--;
      barrier._exit();
    }
  } finally {
    cond.release();
  }
});

const barrierReset = method("Barrier.reset", function* (barrier: Barrier): Generator<unknown, void, unknown> {
  const cond = barrier._cond;
  yield* cond.acquire();
  try {
    // With tasks inside, the last one out sets the state back to filling.
    barrier._state = barrier._count > 0 ? "resetting" : "filling";
    cond.notifyAll();
  } finally {
    cond.release();
  }
});

const barrierAbort = method("Barrier.abort", function* (barrier: Barrier): Generator<unknown, void, unknown> {
  const cond = barrier._cond;
  yield* cond.acquire();
  try {
    barrier._state = "broken";
    cond.notifyAll();
  } finally {
    cond.release();
  }
});

/** A count given to a constructor must be a whole number, as Python's `int` is. */
function checkCount(value: unknown, what: string): void {
  if (typeof value !== "number") throw new TypeError(`${what} must be a number, got ${typeof value}`);
  if (!Number.isInteger(value)) throw new ValueError(`${what} must be a whole number, got ${value}`);
}
