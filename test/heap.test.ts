// The binary min-heap under PriorityQueue (src/heap.ts). It is internal,
// so this one file imports it directly rather than through the public API.
import { describe, expect, it } from "vitest";
import { Heap } from "../src/heap.js";

const numbers = (): Heap<number> => new Heap<number>((a, b) => a < b);

function drain<T>(heap: Heap<T>): T[] {
  const out: T[] = [];
  for (let item = heap.pop(); item !== undefined; item = heap.pop()) out.push(item);
  return out;
}

describe("Heap", () => {
  it("pops items smallest first", () => {
    const heap = numbers();
    for (const n of [5, 3, 9, 1, 7, 2, 8, 2]) heap.push(n);
    expect(heap.size).toBe(8);
    expect(drain(heap)).toEqual([1, 2, 2, 3, 5, 7, 8, 9]);
    expect(heap.size).toBe(0);
  });

  it("peeks at the smallest item without removing it", () => {
    const heap = numbers();
    expect(heap.peek()).toBeUndefined();
    heap.push(4);
    heap.push(1);
    expect(heap.peek()).toBe(1);
    expect(heap.size).toBe(2);
  });

  it("returns undefined when popping an empty heap", () => {
    expect(numbers().pop()).toBeUndefined();
  });

  it("breaks ties with the order given by the comparison", () => {
    const heap = new Heap<[number, number]>((a, b) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]));
    let sequence = 0;
    for (const when of [2, 1, 2, 1, 2]) heap.push([when, sequence++]);
    expect(drain(heap)).toEqual([
      [1, 1],
      [1, 3],
      [2, 0],
      [2, 2],
      [2, 4],
    ]);
  });

  it("sorts a large random input", () => {
    const heap = numbers();
    const input: number[] = [];
    let seed = 12345;
    for (let i = 0; i < 10_000; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      input.push(seed % 1000);
      heap.push(seed % 1000);
    }
    expect(drain(heap)).toEqual([...input].sort((a, b) => a - b));
  });

  it("clears every item", () => {
    const heap = numbers();
    heap.push(1);
    heap.push(2);
    heap.clear();
    expect(heap.size).toBe(0);
    expect(heap.pop()).toBeUndefined();
  });

  it("lists its items in a copy", () => {
    const heap = numbers();
    for (const n of [3, 1, 2]) heap.push(n);
    const items = heap.toArray();
    expect([...items].sort()).toEqual([1, 2, 3]);
    items.length = 0;
    expect(heap.size).toBe(3);
  });
});
