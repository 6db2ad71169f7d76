/**
 * Queues between producer and consumer tasks: `Queue` (FIFO),
 * `PriorityQueue` and `LifoQueue` (CPython: `asyncio/queues.py`, 3.13).
 *
 * The one idea: two FIFOs of waiter Futures, `_getters` (tasks waiting for
 * an item) and `_putters` (tasks waiting for room). Each put wakes the first
 * getter and each get wakes the first putter, by popping its Future and
 * completing it. The woken task runs one loop iteration later and re-checks
 * the queue, because another task may have taken the item or the room in
 * between; a woken task that is cancelled instead passes the wake-up on.
 * The storage is the only thing the three classes do differently.
 */
import { thenOnOwnPrototype } from "./awaitable.js";
import type { LazyCoroutine } from "./coroutine.js";
import { QueueEmpty, QueueFull, QueueShutDown, ValueError } from "./errors.js";
import type { Future } from "./future.js";
import { describeValue } from "./handle.js";
import { Heap } from "./heap.js";
import { Deque } from "./deque.js";
import { Event } from "./locks.js";
import { AGAIN, FINISHED_VOID, LoopBound, Wait, method } from "./mixins.js";

/**
 * Python's `a < b` for the values a `PriorityQueue` usually holds: numbers
 * (and bigints, and booleans as 0 and 1), strings (by code point, as Python
 * compares them, not by UTF-16 unit), and arrays compared element by element
 * the way Python compares tuples and lists: the first unequal pair decides,
 * and a prefix is smaller than the longer array.
 *
 * Throws `TypeError` ("'<' not supported between instances of 'str' and
 * 'int'") for values Python would refuse to order, such as a number and a
 * string, or two objects; give the queue a `less` function for those.
 *
 * Differs from CPython: objects cannot define their own order (Python's
 * `__lt__`); pass `{ less }` to the `PriorityQueue` instead.
 *
 * @example
 * pythonLess([1, "b"], [1, "c"]); // true
 * pythonLess([2], [1, "z"]);      // false
 */
export function pythonLess(a: unknown, b: unknown): boolean {
  const ta = typeof a;
  if (ta === "number" && typeof b === "number") return (a as number) < b;
  if (ta === "string" && typeof b === "string") return compareStrings(a as string, b) < 0;
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const x: unknown = a[i];
      const y: unknown = b[i];
      if (!pythonEqual(x, y)) return pythonLess(x, y);
    }
    return a.length < b.length;
  }
  if (isNumeric(a) && isNumeric(b)) return (a as number) < (b as number);
  throw new TypeError(`'<' not supported between instances of '${pythonTypeName(a)}' and '${pythonTypeName(b)}'`);
}

/** Python's `==` for the same values: element-wise for arrays, identity otherwise. */
function pythonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!pythonEqual(a[i], b[i])) return false;
    return true;
  }
  // 1 == 1n == true in Python.
  if (isNumeric(a) && isNumeric(b)) return (a as number) == (b as number);
  return false;
}

function isNumeric(value: unknown): boolean {
  const t = typeof value;
  return t === "number" || t === "bigint" || t === "boolean";
}

/**
 * Orders strings by code point. JavaScript's `<` compares UTF-16 units,
 * which puts characters beyond U+FFFF (stored as surrogates, 0xD800-0xDFFF)
 * before U+E000-U+FFFF; Python puts them after.
 */
function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      const surrogateX = x <= 0xdfff;
      const surrogateY = y <= 0xdfff;
      if (surrogateX !== surrogateY) return surrogateX ? 1 : -1;
    }
    return x - y;
  }
  return a.length - b.length;
}

function pythonTypeName(value: unknown): string {
  if (value === null || value === undefined) return "NoneType";
  if (Array.isArray(value)) return "tuple";
  switch (typeof value) {
    case "number":
      return Number.isInteger(value) ? "int" : "float";
    case "bigint":
      return "int";
    case "boolean":
      return "bool";
    case "string":
      return "str";
    case "object":
      return value.constructor?.name ?? "object";
    default:
      return typeof value;
  }
}

/** An item as Python's repr would show it, arrays as lists. */
function describeItem(item: unknown): string {
  if (Array.isArray(item)) return `[${item.map(describeItem).join(", ")}]`;
  return describeValue(item);
}

/** Wakes the first waiter in `waiters` that is still pending, dropping the ones before it. */
function wakeupNext(waiters: Deque<Future<null>>): void {
  while (waiters.length > 0) {
    const waiter = waiters.shift() as Future<null>;
    if (!waiter.done()) {
      waiter.setResult(null);
      return;
    }
  }
}

/**
 * A first-in, first-out queue for tasks, optionally bounded.
 *
 * Python: `asyncio.Queue(maxsize=0)`. With `maxsize <= 0` it is unbounded;
 * otherwise `put()` waits while it holds `maxsize` items. `get()` waits
 * while it is empty. `taskDone()` and `join()` let a producer wait until
 * every item it put was processed. `shutdown()` (Python 3.13) stops it:
 * puts, and gets once it is empty, throw `QueueShutDown`.
 *
 * Subclasses change the order by overriding `_init`, `_put` and `_get`, as
 * in Python. Differs from CPython: they also override `_qsize` (and
 * `_snapshot`, for `toString()`), where Python takes `len(self._queue)`.
 *
 * @example
 * // Python:
 * //   q = asyncio.Queue(10)
 * //   async def consumer():
 * //       while True:
 * //           item = await q.get()
 * //           print(item)
 * //           q.task_done()
 * //   await q.put("job")
 * //   await q.join()
 * const q = new asyncio.Queue<string>(10);
 * async function consumer() {
 *   for (;;) {
 *     const item = await q.get();
 *     console.log(item);
 *     q.taskDone();
 *   }
 * }
 * await q.put("job");
 * await q.join();
 */
export class Queue<T = unknown> extends LoopBound {
  private readonly _maxsize: number;
  /** @internal Tasks waiting in `get()` for an item, oldest first. */
  readonly _getters = new Deque<Future<null>>();
  /** @internal Tasks waiting in `put()` for room, oldest first. */
  readonly _putters = new Deque<Future<null>>();
  /** @internal Items put and not yet marked done with `taskDone()`. */
  _unfinishedTasks = 0;
  /** @internal Set whenever there are no unfinished tasks; `join()` waits on it. */
  readonly _finished = new Event();
  /** @internal */ _isShutdown = false;
  /** The items, for the FIFO queue; the subclasses declare their own storage. */
  protected declare _queue: Deque<T>;

  /** A queue holding at most `maxsize` items (`0` or less: no limit). */
  constructor(maxsize = 0) {
    super();
    if (typeof maxsize !== "number" || Number.isNaN(maxsize)) {
      throw new TypeError(`Queue maxsize must be a number (0 or less for no limit), got ${String(maxsize)}`);
    }
    this._maxsize = maxsize;
    this._finished.set();
    this._init(maxsize);
  }

  // The storage: the four methods the subclasses override (Python's
  // `_init`, `_put`, `_get`, and the `len(self._queue)` it uses for size).

  /** Creates the storage; called once by the constructor. */
  protected _init(_maxsize: number): void {
    this._queue = new Deque<T>(16);
  }

  /** Stores an item. */
  protected _put(item: T): void {
    this._queue.push(item);
  }

  /** Removes and returns the next item; only called when the queue is not empty. */
  protected _get(): T {
    return this._queue.shift() as T;
  }

  /** How many items are stored. */
  protected _qsize(): number {
    return this._queue.length;
  }

  /** The stored items in storage order, for `toString()`. */
  protected _snapshot(): T[] {
    return this._queue.toArray();
  }

  /** How many items the queue holds. Python: `Queue.qsize()`. */
  qsize(): number {
    return this._qsize();
  }

  /** The bound given to the constructor (0 or less: none). Python: `Queue.maxsize`. */
  get maxsize(): number {
    return this._maxsize;
  }

  /** True if the queue holds no items. Python: `Queue.empty()`. */
  empty(): boolean {
    return this._qsize() === 0;
  }

  /** True if the queue is bounded and holds `maxsize` items. Python: `Queue.full()`. */
  full(): boolean {
    return this._maxsize > 0 && this._qsize() >= this._maxsize;
  }

  /**
   * Puts an item, first waiting for room if the queue is full.
   * Python: `Queue.put(item)`. Throws `QueueShutDown` if the queue is shut
   * down, also while waiting.
   */
  put(item: T): LazyCoroutine<void> {
    return new QueuePut(this, item);
  }

  /**
   * Puts an item without waiting. Python: `Queue.put_nowait(item)`. Throws
   * `QueueFull` if there is no room and `QueueShutDown` after `shutdown()`.
   */
  putNowait(item: T): void {
    if (this._isShutdown) throw new QueueShutDown();
    if (this.full()) throw new QueueFull();
    this._put(item);
    this._unfinishedTasks++;
    this._finished.clear();
    wakeupNext(this._getters);
  }

  /**
   * Removes and returns the next item, first waiting for one if the queue
   * is empty. Python: `Queue.get()`. Throws `QueueShutDown` once the queue is
   * shut down and empty (at once after `shutdown(true)`).
   */
  get(): LazyCoroutine<T> {
    return new QueueGet(this);
  }

  /**
   * Removes and returns the next item without waiting.
   * Python: `Queue.get_nowait()`. Throws `QueueEmpty` if there is none, or
   * `QueueShutDown` if there is none and the queue is shut down.
   */
  getNowait(): T {
    if (this.empty()) {
      if (this._isShutdown) throw new QueueShutDown();
      throw new QueueEmpty();
    }
    const item = this._get();
    wakeupNext(this._putters);
    return item;
  }

  /**
   * Marks one item taken with `get()` as processed. Python:
   * `Queue.task_done()`. When every item put so far is processed, `join()`
   * returns. Throws `ValueError("task_done() called too many times")` when
   * there is no unfinished item.
   */
  taskDone(): void {
    if (this._unfinishedTasks <= 0) throw new ValueError("task_done() called too many times");
    this._unfinishedTasks--;
    if (this._unfinishedTasks === 0) this._finished.set();
  }

  /**
   * Waits until every item put so far was taken and marked with
   * `taskDone()`. Python: `Queue.join()`.
   */
  join(): LazyCoroutine<void> {
    return queueJoin(this);
  }

  /**
   * Shuts the queue down: `put()` and `putNowait()` throw `QueueShutDown`
   * from now on, and `get()` throws it once the queue is empty. Tasks blocked
   * in `put()` or `get()` wake up to find that out. With `immediate`, the
   * items still queued are dropped (each counted as done for `join()`), so
   * gets throw at once. Python: `Queue.shutdown(immediate=False)` (3.13).
   */
  shutdown(immediate = false): void {
    this._isShutdown = true;
    if (immediate) {
      while (!this.empty()) {
        this._get();
        if (this._unfinishedTasks > 0) this._unfinishedTasks--;
      }
      if (this._unfinishedTasks === 0) this._finished.set();
    }
    // Every blocked getter and putter re-checks and throws QueueShutDown.
    for (const waiters of [this._getters, this._putters]) {
      while (waiters.length > 0) {
        const waiter = waiters.shift() as Future<null>;
        if (!waiter.done()) waiter.setResult(null);
      }
    }
  }

  /** Python's str: `<Queue maxsize=1 _queue=['a'] _getters[1] tasks=2>`. */
  override toString(): string {
    let text = `maxsize=${this._maxsize}`;
    if (!this.empty()) text += ` _queue=${describeItem(this._snapshot())}`;
    if (this._getters.length > 0) text += ` _getters[${this._getters.length}]`;
    if (this._putters.length > 0) text += ` _putters[${this._putters.length}]`;
    if (this._unfinishedTasks > 0) text += ` tasks=${this._unfinishedTasks}`;
    if (this._isShutdown) text += " shutdown";
    return `<${this.constructor.name} ${text}>`;
  }
}

/**
 * `queue.put(item)`: puts at once if there is room, else queues a putter
 * Future and tries again each time it is woken.
 */
class QueuePut extends Wait<void> {
  static {
    thenOnOwnPrototype(this);
  }

  constructor(
    private readonly _queue: Queue<unknown>,
    private readonly _item: unknown,
  ) {
    super();
    this._initWait();
  }

  get name(): string {
    return "Queue.put";
  }

  _tryNow(): void | typeof AGAIN {
    const q = this._queue;
    if (q.full()) return AGAIN;
    q.putNowait(this._item);
  }

  _park(): Future<unknown> {
    return parkIn(this._queue, this._queue._putters, "put");
  }

  _woken(_putter: Future<unknown>): void | typeof AGAIN {
    return this._tryNow();
  }

  _failed(putter: Future<unknown>, _error: unknown): void {
    // Woken for room we will not use: the next putter gets it.
    leave(this._queue._putters, putter, !this._queue.full());
  }
}

/**
 * `queue.get()`: takes an item at once if there is one, else queues a
 * getter Future and tries again each time it is woken.
 */
class QueueGet<T> extends Wait<T> {
  static {
    thenOnOwnPrototype(this);
  }

  constructor(private readonly _queue: Queue<T>) {
    super();
    this._initWait();
  }

  get name(): string {
    return "Queue.get";
  }

  _tryNow(): T | typeof AGAIN {
    const q = this._queue;
    return q.empty() ? AGAIN : q.getNowait();
  }

  _park(): Future<unknown> {
    return parkIn(this._queue, this._queue._getters, "get");
  }

  _woken(_getter: Future<unknown>): T | typeof AGAIN {
    return this._tryNow();
  }

  _failed(getter: Future<unknown>, _error: unknown): void {
    // Woken for an item we will not take: the next getter gets it.
    leave(this._queue._getters, getter, !this._queue.empty());
  }
}

/** Queues a Future in `waiters` for a task to wait on in `operation` (`put` or `get`). */
function parkIn(q: Queue<unknown>, waiters: Deque<Future<null>>, operation: string): Future<null> {
  if (q._isShutdown) throw new QueueShutDown();
  const waiter = q._createWaiter<null>(operation);
  waiters.push(waiter);
  return waiter;
}

/**
 * A waiter of `waiters` gave up (cancelled, mostly). If it had been woken
 * already and what woke it is still there (`unused`), the next one is woken
 * in its place.
 */
function leave(waiters: Deque<Future<null>>, waiter: Future<unknown>, unused: boolean): void {
  waiter.cancel();
  // The other side's `*_nowait()` or `shutdown()` may have removed it already.
  waiters.remove(waiter as Future<null>);
  if (unused && !waiter.cancelled()) wakeupNext(waiters);
}

const queueJoin = method(
  "Queue.join",
  (q: Queue<unknown>): Generator<unknown, void, unknown> => (q._unfinishedTasks > 0 ? queueJoinWaiting(q) : FINISHED_VOID),
);

function* queueJoinWaiting(q: Queue<unknown>): Generator<unknown, void, unknown> {
  yield* q._finished.wait();
}

/** Options of {@link PriorityQueue}. */
export interface PriorityQueueOptions<T> {
  /**
   * `less(a, b)` is true when `a` must come out before `b`. Defaults to
   * {@link pythonLess}, Python's `<`.
   */
  less?: (a: T, b: T) => boolean;
}

/**
 * A queue that hands out its smallest item first.
 *
 * Python: `asyncio.PriorityQueue(maxsize=0)`. Items are usually
 * `[priority, data]` arrays, compared like Python tuples by
 * {@link pythonLess}; pass `{ less }` to order other values.
 *
 * Differs from CPython: items that compare equal may come out in another
 * order than `heapq` gives (neither promises one); add a counter as the
 * second element, as in Python, to keep insertion order among equals.
 *
 * @example
 * // Python:
 * //   q = asyncio.PriorityQueue()
 * //   q.put_nowait((2, "later"))
 * //   q.put_nowait((1, "first"))
 * //   q.get_nowait()  # (1, 'first')
 * const q = new asyncio.PriorityQueue<[number, string]>();
 * q.putNowait([2, "later"]);
 * q.putNowait([1, "first"]);
 * q.getNowait(); // [1, "first"]
 */
export class PriorityQueue<T = unknown> extends Queue<T> {
  /** The items, as a binary heap. */
  private declare _heap: Heap<T>;

  constructor(maxsize = 0, options: PriorityQueueOptions<T> = {}) {
    super(maxsize);
    if (options.less !== undefined) this._heap = new Heap<T>(options.less);
  }

  protected override _init(_maxsize: number): void {
    this._heap = new Heap<T>(pythonLess);
  }

  protected override _put(item: T): void {
    this._heap.push(item);
  }

  protected override _get(): T {
    return this._heap.pop() as T;
  }

  protected override _qsize(): number {
    return this._heap.size;
  }

  protected override _snapshot(): T[] {
    return this._heap.toArray();
  }
}

/**
 * A queue that hands out the item put last first (a stack).
 *
 * Python: `asyncio.LifoQueue(maxsize=0)`.
 *
 * @example
 * // Python:
 * //   q = asyncio.LifoQueue()
 * //   for i in (1, 2, 3): q.put_nowait(i)
 * //   q.get_nowait()  # 3
 * const q = new asyncio.LifoQueue<number>();
 * for (const i of [1, 2, 3]) q.putNowait(i);
 * q.getNowait(); // 3
 */
export class LifoQueue<T = unknown> extends Queue<T> {
  /** The items, last one on top. */
  private declare _stack: T[];

  protected override _init(_maxsize: number): void {
    this._stack = [];
  }

  protected override _put(item: T): void {
    this._stack.push(item);
  }

  protected override _get(): T {
    return this._stack.pop() as T;
  }

  protected override _qsize(): number {
    return this._stack.length;
  }

  protected override _snapshot(): T[] {
    return this._stack.slice();
  }
}
