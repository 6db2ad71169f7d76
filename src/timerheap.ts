/**
 * The loop's timers, earliest deadline first (CPython: `base_events.py` keeps
 * its `TimerHandle`s in a `heapq` list, ordered by their deadline).
 *
 * A binary min-heap, as in any textbook: the array is a complete binary tree,
 * the children of slot `i` at `2i + 1` and `2i + 2`, and no parent is due
 * later than its children, so the earliest timer sits at slot 0. Push and pop
 * cost O(log n).
 *
 * The one idea: a heap only ever compares numbers, so the numbers live in
 * typed arrays of their own, beside the timers. Slot `i` is three parallel
 * entries: `_whens[i]` (the deadline), `_sequences[i]` (how many pushes came
 * before it) and `_items[i]` (the timer). Sifting compares the flat arrays of
 * numbers and moves the three entries together, so a comparison never
 * follows a pointer to a timer object somewhere else in memory. With a
 * million timers, that pointer chasing, not the comparing, is what a heap of
 * objects spends its time on.
 *
 * The sequence number is the tiebreak: timers due at the same instant come
 * out in the order they were pushed (the loop pushes in scheduling order).
 * CPython's heap has no such tiebreak, but on its real clock two deadlines
 * practically never tie, so scheduling order is what its users see. Since no
 * two entries ever compare equal, the order in which timers come out is
 * exactly the sorted order of `(when, sequence)`, whatever the heap's shape.
 */

/** The typed arrays' smallest size, in slots. They double when full and halve when mostly empty. */
const MIN_CAPACITY = 16;

export class TimerHeap<T> {
  /** The timers, in heap order; its length is the heap's size. */
  private _items: T[] = [];
  /** `_whens[i]` is the deadline of `_items[i]`; slots past the size are unused. */
  private _whens = new Float64Array(MIN_CAPACITY);
  /** `_sequences[i]` is the push number of `_items[i]`. (A float counts exactly to 2^53.) */
  private _sequences = new Float64Array(MIN_CAPACITY);
  /** The sequence number of the next push. */
  private _nextSequence = 0;

  get size(): number {
    return this._items.length;
  }

  /** The earliest timer, without removing it. */
  peek(): T | undefined {
    return this._items[0];
  }

  /** The earliest deadline, or `Infinity` when the heap is empty. */
  firstWhen(): number {
    return this._items.length > 0 ? this._whens[0] : Infinity;
  }

  /** Adds `item`, due at `when`, after every item already pushed with the same deadline. */
  push(item: T, when: number): void {
    const items = this._items;
    const index = items.length;
    if (index === this._whens.length) this._resize(2 * index);
    items.push(item);
    this._siftUp(index, item, when, this._nextSequence++);
  }

  /** Removes and returns the earliest timer. */
  pop(): T | undefined {
    const items = this._items;
    const last = items.pop();
    const size = items.length;
    if (size === 0 || last === undefined) return last;
    const top = items[0];
    const whens = this._whens;
    const sequences = this._sequences;
    const lastWhen = whens[size];
    const lastSequence = sequences[size];
    // The last entry must go somewhere below the hole that the top left. It
    // came from the bottom, so it almost always belongs near the bottom:
    // move the hole all the way down along the earlier child (one comparison
    // per level), then sift the entry up from there (as `heapq` does). That
    // is about half the comparisons of sifting it down from the top.
    let index = 0;
    for (let child = 1; child < size; child = 2 * index + 1) {
      const right = child + 1;
      if (right < size && precedes(whens[right], sequences[right], whens[child], sequences[child])) child = right;
      whens[index] = whens[child];
      sequences[index] = sequences[child];
      items[index] = items[child];
      index = child;
    }
    this._siftUp(index, last, lastWhen, lastSequence);
    // Halve at a quarter full, not at half: a heap whose size hovers around
    // a power of two would otherwise reallocate at every other push or pop.
    if (size < whens.length >> 2 && whens.length > MIN_CAPACITY) this._resize(whens.length >> 1);
    return top;
  }

  clear(): void {
    this._items = [];
    this._whens = new Float64Array(MIN_CAPACITY);
    this._sequences = new Float64Array(MIN_CAPACITY);
  }

  /** The timers in heap order (not sorted); a copy. */
  toArray(): T[] {
    return this._items.slice();
  }

  /**
   * Keeps only the timers for which `keep` is true, then restores the heap
   * property in O(n). The loop uses it to drop cancelled timers in one sweep.
   */
  retain(keep: (item: T) => boolean): void {
    const items = this._items;
    const whens = this._whens;
    const sequences = this._sequences;
    let kept = 0;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (!keep(item)) continue;
      items[kept] = item;
      whens[kept] = whens[i];
      sequences[kept] = sequences[i];
      kept++;
    }
    items.length = kept;
    for (let i = (kept >> 1) - 1; i >= 0; i--) this._siftDown(i);
    // The loop sweeps once cancelled timers outnumber live ones, so a heap
    // under steady arm-and-cancel churn loses two thirds of its entries at
    // each sweep and grows back: shrink only below an eighth full, or every
    // sweep would reallocate (measured: churn 15% slower).
    let capacity = whens.length;
    while (kept < capacity >> 3 && capacity > MIN_CAPACITY) capacity >>= 1;
    if (capacity !== whens.length) this._resize(capacity);
  }

  /** @internal The number of slots in the typed arrays (for tests). */
  get _capacity(): number {
    return this._whens.length;
  }

  /** Puts the entry `(item, when, sequence)` at `index` or above, where it belongs. */
  private _siftUp(index: number, item: T, when: number, sequence: number): void {
    const items = this._items;
    const whens = this._whens;
    const sequences = this._sequences;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (precedes(whens[parent], sequences[parent], when, sequence)) break;
      whens[index] = whens[parent];
      sequences[index] = sequences[parent];
      items[index] = items[parent];
      index = parent;
    }
    whens[index] = when;
    sequences[index] = sequence;
    items[index] = item;
  }

  /** Moves the entry at `index` down to where it belongs. */
  private _siftDown(index: number): void {
    const items = this._items;
    const whens = this._whens;
    const sequences = this._sequences;
    const size = items.length;
    const item = items[index];
    const when = whens[index];
    const sequence = sequences[index];
    for (;;) {
      let child = 2 * index + 1;
      if (child >= size) break;
      const right = child + 1;
      if (right < size && precedes(whens[right], sequences[right], whens[child], sequences[child])) child = right;
      if (precedes(when, sequence, whens[child], sequences[child])) break;
      whens[index] = whens[child];
      sequences[index] = sequences[child];
      items[index] = items[child];
      index = child;
    }
    whens[index] = when;
    sequences[index] = sequence;
    items[index] = item;
  }

  /** Gives the typed arrays `capacity` slots, keeping the entries in use. */
  private _resize(capacity: number): void {
    const size = this._items.length;
    const whens = new Float64Array(capacity);
    whens.set(this._whens.subarray(0, size));
    this._whens = whens;
    const sequences = new Float64Array(capacity);
    sequences.set(this._sequences.subarray(0, size));
    this._sequences = sequences;
  }
}

/** Whether the entry (`when`, `sequence`) runs before the other: earlier, or as early and scheduled first. */
function precedes(when: number, sequence: number, otherWhen: number, otherSequence: number): boolean {
  return when < otherWhen || (when === otherWhen && sequence < otherSequence);
}
