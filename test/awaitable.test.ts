// The awaitable protocol's base (src/awaitable.ts).
import { describe, expect, it } from "vitest";
import * as asyncio from "../src/index.js";
import { virtualRun } from "./helpers.js";

/** Where `then` is found: how many prototypes up from the object. */
function thenDepth(object: object): number {
  let depth = 0;
  for (let proto = Object.getPrototypeOf(object) as object | null; proto !== null; proto = Object.getPrototypeOf(proto) as object | null) {
    depth++;
    if (Object.prototype.hasOwnProperty.call(proto, "then")) return depth;
  }
  return -1;
}

describe("the then getter", () => {
  it("is on the first prototype of every kind of awaitable the library hands out", async () => {
    // The engine looks `then` up on each await without a cache, one
    // prototype at a time: a kind of awaitable that lost its own copy would
    // make every await of it slower without any test failing but this one.
    const outsideAnyTask = asyncio.sleep(0);
    const { result } = await virtualRun(async () => {
      const loop = asyncio.getRunningLoop();
      const lock = new asyncio.Lock();
      const queue = new asyncio.Queue<number>();
      const child = asyncio.createTask(asyncio.sleep(0));
      const future = loop.createFuture();
      future.setResult(null);
      const kinds: Record<string, object> = {
        future,
        task: child,
        "sleep(1)": asyncio.sleep(1),
        "sleep(0) in a task": asyncio.sleep(0),
        "sleep(0) outside any task": outsideAnyTask,
        "lock.acquire()": lock.acquire(),
        "queue.put()": queue.put(1),
        "queue.get()": queue.get(),
        "gather()": asyncio.gather(child),
        "a lazy coroutine": asyncio.coroutine(async () => 1)(),
        "waitFor()": asyncio.waitFor(child, 1),
      };
      const depths = Object.fromEntries(Object.entries(kinds).map(([name, object]) => [name, thenDepth(object)]));
      // Let every awaitable made here run its course.
      for (const object of Object.values(kinds)) await (object as PromiseLike<unknown>);
      return depths;
    });
    expect(result).toEqual(Object.fromEntries(Object.keys(result).map((name) => [name, 1])));
  });
});

describe("the base classes of awaitables", () => {
  it("have no constructors above the calls that make an object each", async () => {
    // V8 builds an object whose base classes have no constructors as fast as
    // a plain object, and one with a constructor above it several times
    // slower: `put`, `get` and `acquire` make one per call (see Awaitable).
    const { result } = await virtualRun(async () => {
      const queue = new asyncio.Queue<number>();
      const lock = new asyncio.Lock();
      const kinds: Record<string, object> = {
        "queue.put()": queue.put(1),
        "queue.get()": queue.get(),
        "lock.acquire()": lock.acquire(),
        "a lazy coroutine": asyncio.coroutine(async () => 1)(),
      };
      const withConstructors: Record<string, string[]> = {};
      for (const [name, object] of Object.entries(kinds)) {
        const own = Object.getPrototypeOf(object) as { constructor: unknown };
        const found: string[] = [];
        for (let proto = Object.getPrototypeOf(own) as { constructor: { name: string } } | null; proto !== null && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as typeof proto) {
          if (/^\s*constructor\s*\(/m.test(Function.prototype.toString.call(proto.constructor))) found.push(proto.constructor.name);
        }
        withConstructors[name] = found;
        await (object as PromiseLike<unknown>);
      }
      return withConstructors;
    });
    expect(result).toEqual({ "queue.put()": [], "queue.get()": [], "lock.acquire()": [], "a lazy coroutine": [] });
  });
});
