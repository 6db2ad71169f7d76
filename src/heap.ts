/**
 * A binary min-heap over any comparison (CPython: the `heapq` module, which
 * `queues.py` uses for `PriorityQueue`). The loop's timers have a heap of
 * their own, specialised to numeric deadlines: see `timerheap.ts`.
 *
 * The one idea: the array is a complete binary tree, children of slot `i` at
 * `2i + 1` and `2i + 2`, and every parent is no greater than its children, so
 * the smallest item is always at slot 0. Push and pop cost O(log n).
 */
export class Heap<T> {
  private _items: T[] = [];

  /** `less(a, b)` is true when `a` must come out before `b`. */
  constructor(private readonly _less: (a: T, b: T) => boolean) {}

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
    this._siftDown(0);
    return top;
  }

  clear(): void {
    this._items = [];
  }

  /** The items in heap order (not sorted); a copy. */
  toArray(): T[] {
    return this._items.slice();
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
