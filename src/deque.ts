/**
 * A double-ended queue on a ring buffer (CPython: `collections.deque`, which
 * `locks.py` and `queues.py` keep their waiters in).
 *
 * The one idea: the items live in an array whose length is a power of two,
 * from a moving head index, wrapping around; so adding and removing at either
 * end is O(1), which an array's `shift()` does not promise.
 */

/** @internal Shared by `locks.ts` and `queues.ts`; not part of the public API. */
export class Deque<T> {
  private _items: (T | undefined)[];
  /** Index of the first item. */
  private _head = 0;
  private _length = 0;

  constructor(capacity = 4) {
    // A power of two, so that wrapping around is a bit mask.
    let size = 4;
    while (size < capacity) size *= 2;
    this._items = new Array<T | undefined>(size);
  }

  get length(): number {
    return this._length;
  }

  /** The first item, or undefined. */
  peekFirst(): T | undefined {
    return this._length === 0 ? undefined : this._items[this._head];
  }

  /** Adds an item at the right end (Python: `append`). */
  push(item: T): void {
    if (this._length === this._items.length) this._grow();
    this._items[(this._head + this._length) & (this._items.length - 1)] = item;
    this._length++;
  }

  /** Removes and returns the leftmost item (Python: `popleft`). */
  shift(): T | undefined {
    if (this._length === 0) return undefined;
    const items = this._items;
    const item = items[this._head];
    items[this._head] = undefined;
    this._head = (this._head + 1) & (items.length - 1);
    this._length--;
    return item;
  }

  /** The item at `index` from the left. */
  at(index: number): T | undefined {
    if (index < 0 || index >= this._length) return undefined;
    return this._items[(this._head + index) & (this._items.length - 1)];
  }

  /**
   * Removes the first occurrence of `item`; returns whether there was one.
   * Waiters usually leave from the front, which costs O(1).
   */
  remove(item: T): boolean {
    const items = this._items;
    const mask = items.length - 1;
    const length = this._length;
    for (let i = 0; i < length; i++) {
      if (items[(this._head + i) & mask] !== item) continue;
      if (i === 0) {
        this.shift();
        return true;
      }
      // Close the gap by moving the later items one slot to the left.
      for (let j = i; j < length - 1; j++) {
        items[(this._head + j) & mask] = items[(this._head + j + 1) & mask];
      }
      items[(this._head + length - 1) & mask] = undefined;
      this._length--;
      return true;
    }
    return false;
  }

  /** The items from left to right, as a new array. */
  toArray(): T[] {
    const result = new Array<T>(this._length);
    for (let i = 0; i < this._length; i++) result[i] = this.at(i) as T;
    return result;
  }

  private _grow(): void {
    const old = this._items;
    const items = new Array<T | undefined>(old.length * 2);
    for (let i = 0; i < this._length; i++) items[i] = old[(this._head + i) & (old.length - 1)];
    this._items = items;
    this._head = 0;
  }
}
