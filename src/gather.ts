/**
 * `gather`: run awaitables concurrently and collect their results in order
 * (CPython: `gather` and `_GatheringFuture` in `asyncio/tasks.py`).
 *
 * The one idea: the result is one outer Future with a done callback on each
 * child. The callback counts finished children; the last one fills the outer
 * Future. So the outer future completes one iteration after its last child,
 * and a task awaiting it resumes one iteration after that, as in CPython.
 */
import { thenOnOwnPrototype } from "./awaitable.js";
import { toFuture, type AwaitableLike } from "./ensure.js";
import { CancelledError } from "./errors.js";
import { Future, cancelInner } from "./future.js";
import { getEventLoop } from "./events.js";
import type { EventLoop } from "./loop.js";

/** Options of {@link gather}. */
export interface GatherOptions {
  /** Put errors in the result list instead of failing the gather on the first one. */
  returnExceptions?: boolean;
}

/** The Future `gather` returns: cancelling it cancels every child. */
export class GatheringFuture<T> extends Future<T> {
  static {
    thenOnOwnPrototype(this);
  }

  /** @internal */ _cancelRequested = false;

  /** @internal */
  constructor(
    loop: EventLoop,
    private readonly _children: readonly Future<unknown>[],
  ) {
    super({ loop });
  }

  /**
   * Cancels every child that is not done. The gather then fails with
   * `CancelledError` once they have all finished. Python:
   * `_GatheringFuture.cancel(msg=None)`.
   */
  override cancel(msg: string | null = null): boolean {
    if (this.done()) return false;
    let cancelled = false;
    for (const child of this._children) {
      if (cancelInner(child, msg)) cancelled = true;
    }
    if (cancelled) this._cancelRequested = true;
    return cancelled;
  }
}

type Results<T extends readonly unknown[]> = { -readonly [K in keyof T]: Awaited<T[K]> extends infer R ? (T[K] extends AwaitableLike<infer V> ? V : R) : never };

/**
 * Runs the awaitables concurrently (coroutines are wrapped in Tasks) and
 * resolves to the list of their results, in the order given. The first error
 * fails the gather (the others keep running) unless `returnExceptions` is
 * set, in which case errors take their place in the list. Cancelling the
 * gather cancels all of them. Python:
 * `asyncio.gather(*aws, return_exceptions=False)`.
 *
 * Pass the awaitables as arguments, or as one array (spreading a million
 * arguments would overflow the JavaScript stack).
 *
 * @example
 * const [a, b] = await asyncio.gather(fetchA(), fetchB());
 * const results = await asyncio.gather(tasks, { returnExceptions: true });
 */
export function gather<T>(aws: readonly AwaitableLike<T>[]): GatheringFuture<T[]>;
export function gather<T>(aws: readonly AwaitableLike<T>[], options: GatherOptions): GatheringFuture<unknown[]>;
export function gather<T extends readonly unknown[]>(...aws: T): GatheringFuture<Results<T>>;
export function gather<T extends readonly unknown[]>(...args: [...T, GatherOptions]): GatheringFuture<unknown[]>;
export function gather(...args: unknown[]): GatheringFuture<unknown[]> {
  let options: GatherOptions = {};
  const last = args[args.length - 1];
  if (isOptions(last)) {
    options = last;
    args = args.slice(0, -1);
  }
  const aws: readonly unknown[] = args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  const returnExceptions = options.returnExceptions === true;

  if (aws.length === 0) {
    const outer = new GatheringFuture<unknown[]>(getEventLoop(), []);
    outer.setResult([]);
    return outer;
  }

  // The same awaitable passed twice is awaited once (and appears twice in the
  // result). A coroutine must not become two tasks: those are looked up in a
  // map. Futures are told apart below without one, which spares a map entry
  // per child when gathering many tasks.
  let taskOf: Map<unknown, Future<unknown>> | null = null;
  const children = new Array<Future<unknown>>(aws.length);
  let loop: EventLoop | null = null;
  for (let i = 0; i < aws.length; i++) {
    const aw = aws[i];
    let future: Future<unknown> | undefined;
    if (aw instanceof Future) {
      // A future of another loop: `toFuture` says which mistake it is.
      future = loop === null || aw._loop === loop ? aw : toFuture(aw, loop, "gather");
    } else {
      future = taskOf?.get(aw);
      if (future === undefined) {
        future = toFuture(aw as AwaitableLike<unknown>, loop ?? getEventLoop(), "gather");
        (taskOf ??= new Map()).set(aw, future);
      }
    }
    loop ??= future._loop;
    children[i] = future;
  }
  const outer = new GatheringFuture<unknown[]>(loop as EventLoop, children);
  let total = 0;
  let finished = 0;

  const onChildDone = (child: Future<unknown>): void => {
    finished++;
    if (outer.done()) {
      // Too late to matter; still mark the child's error as seen.
      if (!child.cancelled()) child.exception();
      return;
    }
    if (!returnExceptions) {
      if (child.cancelled()) {
        outer.setException(child._makeCancelledError());
        return;
      }
      if (child._failed) {
        outer.setException(child.exception());
        return;
      }
    }
    if (finished === total) {
      const results = children.map((c) => {
        if (c.cancelled()) return new CancelledError(c._cancelMessage ?? "");
        return c._failed ? c.exception() : c.result();
      });
      if (outer._cancelRequested) outer.setException(child._makeCancelledError());
      else outer.setResult(results);
    }
  };
  // As in CPython 3.12+, children that are already done are counted at once,
  // after the outer future exists, so a gather of done futures is done.
  const alreadyDone: Future<unknown>[] = [];
  let doneSeen: Set<Future<unknown>> | null = null;
  for (let i = 0; i < children.length; i++) {
    const child = children[i];
    if (child.done()) {
      if ((doneSeen ??= new Set()).has(child)) continue;
      doneSeen.add(child);
      alreadyDone.push(child);
    } else {
      // Nothing else can have waited on it since: seen before if `onChildDone` is its last waiter.
      if (child._lastWaiterIs(onChildDone)) continue;
      child.addDoneCallback(onChildDone);
    }
    total++;
  }
  for (const child of alreadyDone) onChildDone(child);
  return outer;
}

function isOptions(value: unknown): value is GatherOptions {
  return (
    value !== null &&
    typeof value === "object" &&
    Object.getPrototypeOf(value) === Object.prototype &&
    typeof (value as { then?: unknown }).then !== "function"
  );
}
