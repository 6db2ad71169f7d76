// The heap of the loop's timers (src/timerheap.ts). It is internal, so this
// one file imports it directly rather than through the public API.
import { describe, expect, it } from "vitest";
import { TimerHeap } from "../src/timerheap.js";

/** A timer as the tests see it: its deadline and the order it was pushed in. */
interface Entry {
  when: number;
  order: number;
}

function drain<T>(heap: TimerHeap<T>): T[] {
  const out: T[] = [];
  while (heap.size > 0) out.push(heap.pop() as T);
  return out;
}

/** The order the loop promises: by deadline, then by push order. */
function byWhenThenOrder(a: Entry, b: Entry): number {
  return a.when - b.when || a.order - b.order;
}

/** A seeded generator (a linear congruential one), so failures reproduce. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe("TimerHeap", () => {
  it("pops the earliest deadline first", () => {
    const heap = new TimerHeap<string>();
    for (const [name, when] of [["c", 3], ["a", 1], ["e", 5], ["b", 2.5], ["d", 4]] as const) heap.push(name, when);
    expect(heap.size).toBe(5);
    expect(drain(heap)).toEqual(["a", "b", "c", "d", "e"]);
    expect(heap.size).toBe(0);
  });

  it("pops equal deadlines in the order they were pushed", () => {
    const heap = new TimerHeap<Entry>();
    const whens = [2, 1, 2, 1, 2, 0, 1, 2];
    whens.forEach((when, order) => heap.push({ when, order }, when));
    expect(drain(heap).map((entry) => entry.order)).toEqual([5, 1, 3, 6, 0, 2, 4, 7]);
  });

  it("keeps push order among equal deadlines across many entries", () => {
    const heap = new TimerHeap<number>();
    for (let i = 0; i < 1000; i++) heap.push(i, 7);
    expect(drain(heap)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it("orders negative deadlines and zero like any other", () => {
    const heap = new TimerHeap<string>();
    heap.push("zero", 0);
    heap.push("minus", -1);
    heap.push("negative zero", -0);
    expect(drain(heap)).toEqual(["minus", "zero", "negative zero"]);
  });

  it("peeks at the earliest timer and its deadline without removing it", () => {
    const heap = new TimerHeap<string>();
    expect(heap.peek()).toBeUndefined();
    expect(heap.firstWhen()).toBe(Infinity);
    heap.push("later", 4);
    heap.push("sooner", 1.5);
    expect(heap.peek()).toBe("sooner");
    expect(heap.firstWhen()).toBe(1.5);
    expect(heap.size).toBe(2);
  });

  it("returns undefined when popping an empty heap", () => {
    const heap = new TimerHeap<string>();
    expect(heap.pop()).toBeUndefined();
    heap.push("only", 1);
    expect(heap.pop()).toBe("only");
    expect(heap.pop()).toBeUndefined();
    expect(heap.firstWhen()).toBe(Infinity);
  });

  it("agrees with a sort under random pushes and pops, ties included", () => {
    const random = seeded(20240601);
    const heap = new TimerHeap<Entry>();
    const pending: Entry[] = [];
    const popped: Entry[] = [];
    const expected: Entry[] = [];
    let order = 0;
    for (let step = 0; step < 20_000; step++) {
      if (random() < 0.55 || pending.length === 0) {
        // Few distinct deadlines, so that ties are frequent.
        const when = Math.floor(random() * 50) / 4;
        const entry = { when, order: order++ };
        heap.push(entry, when);
        pending.push(entry);
      } else {
        pending.sort(byWhenThenOrder);
        const next = pending.shift() as Entry;
        expect(heap.firstWhen()).toBe(next.when);
        expected.push(next);
        popped.push(heap.pop() as Entry);
      }
      expect(heap.size).toBe(pending.length);
    }
    expect(popped).toEqual(expected);
    expect(drain(heap)).toEqual(pending.sort(byWhenThenOrder));
  });

  it("sorts a large random input exactly as a sort by deadline then push order", () => {
    const random = seeded(7);
    const heap = new TimerHeap<Entry>();
    const input: Entry[] = [];
    for (let order = 0; order < 100_000; order++) {
      const when = random() < 0.1 ? 5 : random() * 10;
      input.push({ when, order });
      heap.push(input[order], when);
    }
    expect(drain(heap)).toEqual([...input].sort(byWhenThenOrder));
  });

  it("keeps only the timers a predicate accepts, still in order, ties in push order", () => {
    const heap = new TimerHeap<Entry>();
    const input: Entry[] = [];
    for (let order = 0; order < 300; order++) {
      const entry = { when: (order * 37) % 10, order };
      input.push(entry);
      heap.push(entry, entry.when);
    }
    const keep = (entry: Entry): boolean => entry.order % 3 !== 0;
    heap.retain(keep);
    expect(heap.size).toBe(200);
    // Pushed after the sweep: comes after every earlier timer with its deadline.
    const late = { when: 4, order: 300 };
    heap.push(late, late.when);
    expect(drain(heap)).toEqual([...input.filter(keep), late].sort(byWhenThenOrder));
  });

  it("retains nothing or everything", () => {
    const heap = new TimerHeap<number>();
    for (let i = 0; i < 50; i++) heap.push(i, 50 - i);
    heap.retain(() => true);
    expect(heap.size).toBe(50);
    expect(heap.peek()).toBe(49);
    heap.retain(() => false);
    expect(heap.size).toBe(0);
    expect(heap.peek()).toBeUndefined();
    expect(heap.firstWhen()).toBe(Infinity);
    heap.push(1, 1);
    expect(drain(heap)).toEqual([1]);
  });

  it("grows by doubling and shrinks again as it empties", () => {
    const heap = new TimerHeap<number>();
    const initial = heap._capacity;
    for (let i = 0; i < 10_000; i++) {
      heap.push(i, 10_000 - i);
      // Always a power of two times the initial size, with room for every entry.
      expect(heap._capacity).toBeGreaterThanOrEqual(heap.size);
      expect(heap._capacity).toBeLessThan(2 * Math.max(heap.size, initial));
      expect(Math.log2(heap._capacity / initial) % 1).toBe(0);
    }
    const grown = heap._capacity;
    for (let i = 10_000 - 1; i >= 10; i--) expect(heap.pop()).toBe(i);
    expect(heap._capacity).toBeLessThan(grown / 100);
    expect(drain(heap)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect(heap._capacity).toBeGreaterThanOrEqual(initial);
  });

  it("shrinks after a sweep leaves it nearly empty, and still works", () => {
    const heap = new TimerHeap<number>();
    for (let i = 0; i < 4096; i++) heap.push(i, i);
    heap.retain((i) => i < 10);
    expect(heap._capacity).toBeLessThanOrEqual(128);
    for (let i = 10; i < 20; i++) heap.push(i, i);
    expect(drain(heap)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it("clears every timer", () => {
    const heap = new TimerHeap<number>();
    for (let i = 0; i < 100; i++) heap.push(i, i);
    heap.clear();
    expect(heap.size).toBe(0);
    expect(heap.pop()).toBeUndefined();
    heap.push(5, 5);
    expect(drain(heap)).toEqual([5]);
  });

  it("lists its timers in a copy", () => {
    const heap = new TimerHeap<number>();
    for (const n of [3, 1, 2]) heap.push(n, n);
    const items = heap.toArray();
    expect([...items].sort()).toEqual([1, 2, 3]);
    items.length = 0;
    expect(heap.size).toBe(3);
  });
});
