/**
 * A binary min-heap (CPython: the `heapq` module, which `base_events.py` uses
 * for the loop's timers and `queues.py` for `PriorityQueue`).
 *
 * The one idea: the array is a complete binary tree, children of slot `i` at
 * `2i + 1` and `2i + 2`, and every parent is no greater than its children, so
 * the smallest item is always at slot 0. Push and pop cost O(log n).
 */
export class Heap<T> {
  private _items: T[] = [];

  /**
   * `less(a, b)` is true when `a` must come out before `b`. `noTies` says
   * that no two items ever compare equal (the loop's timers, ordered by
   * deadline then sequence number): `pop` may then use a faster method,
   * which would order equal items differently.
   */
  constructor(
    private readonly _less: (a: T, b: T) => boolean,
    private readonly _noTies = false,
  ) {}

  get size(): number {
    return this._items.length;
  }

  /** The smallest item, without removing it. */
  peek(): T | undefined {
    return this._items[0];
  }

  push(item: T): void {
    const items = this._items;
    items.push(item);
    this._siftUp(items.length - 1);
  }

  /** Removes and returns the smallest item. */
  pop(): T | undefined {
    const items = this._items;
    const last = items.pop();
    if (items.length === 0 || last === undefined) return last;
    const top = items[0];
    items[0] = last;
    if (this._noTies) this._siftDownFromTop();
    else this._siftDown(0);
    return top;
  }

  clear(): void {
    this._items = [];
  }

  /** The items in heap order (not sorted); a copy. */
  toArray(): T[] {
    return this._items.slice();
  }

  /**
   * Keeps only the items for which `keep` is true, then restores the heap
   * property in O(n). The loop uses it to drop cancelled timers in one sweep.
   */
  retain(keep: (item: T) => boolean): void {
    this._items = this._items.filter(keep);
    for (let i = (this._items.length >> 1) - 1; i >= 0; i--) this._siftDown(i);
  }

  private _siftUp(index: number): void {
    const items = this._items;
    const item = items[index];
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = items[parentIndex];
      if (!this._less(item, parent)) break;
      items[index] = parent;
      index = parentIndex;
    }
    items[index] = item;
  }

  /**
   * `_siftDown(0)` done the way `heapq` does it: move the hole at the top
   * all the way down along the smaller children (one comparison per level),
   * then sift the item up from there. The item came from the bottom, so it
   * rarely climbs far: about half the comparisons of a plain sift-down, which
   * counts with a million timers whose deadlines all sit in different
   * places in memory.
   */
  private _siftDownFromTop(): void {
    const items = this._items;
    const length = items.length;
    const item = items[0];
    let index = 0;
    for (let child = 1; child < length; child = 2 * index + 1) {
      const right = child + 1;
      if (right < length && this._less(items[right], items[child])) child = right;
      items[index] = items[child];
      index = child;
    }
    items[index] = item;
    this._siftUp(index);
  }

  private _siftDown(index: number): void {
    const items = this._items;
    const length = items.length;
    const item = items[index];
    for (;;) {
      let child = 2 * index + 1;
      if (child >= length) break;
      const right = child + 1;
      if (right < length && this._less(items[right], items[child])) child = right;
      if (!this._less(items[child], item)) break;
      items[index] = items[child];
      index = child;
    }
    items[index] = item;
  }
}
