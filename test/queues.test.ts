/**
 * `Queue`, `PriorityQueue`, `LifoQueue` and `pythonLess` (src/queues.ts), on
 * virtual time. Each test records a trace stamped with `loop.time()` and
 * compares it whole; the orders asserted are the ones CPython 3.13 produces
 * (checked against it: see test/cpython/queues-*).
 */
import { describe, expect, it } from "vitest";
import * as asyncio from "asyncio-ts";
import { describeError, recorder, thrownBy, virtualRun } from "./helpers.js";

/** Runs `program` on virtual time with a fresh trace, and returns the trace. */
async function trace(program: (log: (what: string) => void) => Generator<unknown, void, unknown>): Promise<string[]> {
  const rec = recorder();
  await virtualRun(() => program((what) => rec.log(what)));
  return rec.events;
}

/** What a call throws, as `"Name: message"`, or `"ok"`. */
function outcome(fn: () => unknown): string {
  try {
    fn();
    return "ok";
  } catch (e) {
    return describeError(e);
  }
}

describe("Queue", () => {
  it("reports its size and bounds", () => {
    const q = new asyncio.Queue<number>(2);
    expect([q.maxsize, q.qsize(), q.empty(), q.full()]).toEqual([2, 0, true, false]);
    q.putNowait(1);
    q.putNowait(2);
    expect([q.qsize(), q.empty(), q.full()]).toEqual([2, false, true]);
    expect(outcome(() => q.putNowait(3))).toBe("QueueFull: ");
    expect([q.getNowait(), q.getNowait()]).toEqual([1, 2]);
    expect(outcome(() => q.getNowait())).toBe("QueueEmpty: ");
    // maxsize <= 0: unbounded; a float bound works as in Python.
    const unbounded = new asyncio.Queue<number>(-1);
    for (let i = 0; i < 100; i++) unbounded.putNowait(i);
    expect(unbounded.full()).toBe(false);
    const fractional = new asyncio.Queue<number>(1.3);
    fractional.putNowait(1);
    fractional.putNowait(2);
    expect(fractional.full()).toBe(true);
    expect(q.toString()).toBe("<Queue maxsize=2 tasks=2>");
    q.putNowait(7);
    expect(q.toString()).toBe("<Queue maxsize=2 _queue=[7] tasks=3>");
  });

  it("blocks put() while full and get() while empty, serving each side in FIFO order", async () => {
    const events = await trace(function* (log) {
      const q = new asyncio.Queue<string>(1);
      function* producer(name: string) {
        yield* q.put(name);
        log(`put ${name}`);
      }
      function* consumer(name: string) {
        const item = yield* q.get();
        log(`${name} got ${item}`);
      }
      const getters = ["g1", "g2"].map((n) => asyncio.createTask(consumer(n)));
      yield* asyncio.sleep(1);
      log(q.toString());
      const putters = ["p1", "p2", "p3", "p4"].map((n) => asyncio.createTask(producer(n)));
      yield* asyncio.gather(...getters);
      yield* asyncio.sleep(1);
      log(q.toString());
      log(`get ${yield* q.get()}`);
      log(`get ${yield* q.get()}`);
      yield* asyncio.gather(...putters);
    });
    expect(events).toEqual([
      "1 <Queue maxsize=1 _getters[2]>",
      "1 put p1",
      "1 g1 got p1",
      "1 put p2",
      "1 g2 got p2",
      "1 put p3",
      "2 <Queue maxsize=1 _queue=['p3'] _putters[1] tasks=3>",
      "2 get p3",
      "2 put p4",
      "2 get p4",
    ]);
  });

  it("keeps put()'s value in the queue when a woken getter is cancelled, handing it to the next getter", async () => {
    const events = await trace(function* (log) {
      const q = new asyncio.Queue<number>();
      function* getter(name: string) {
        try {
          log(`${name} got ${yield* q.get()}`);
        } catch (e) {
          log(`${name} ${describeError(e)} qsize=${q.qsize()}`);
          throw e;
        }
      }
      const g1 = asyncio.createTask(getter("g1"));
      const g2 = asyncio.createTask(getter("g2"));
      yield* asyncio.sleep(0);
      q.putNowait(1);
      g1.cancel();
      yield* asyncio.gather(g1, g2, { returnExceptions: true });
      log(`getters=${q._getters.length} qsize=${q.qsize()}`);
    });
    expect(events).toEqual(["0 g1 CancelledError:  qsize=1", "0 g2 got 1", "0 getters=0 qsize=0"]);
  });

  it("does not drop an item when a reader woken for it is cancelled (test_get_cancel_drop_one_pending_reader)", async () => {
    const events = await trace(function* (log) {
      const q = new asyncio.Queue<number>();
      let reader = asyncio.createTask(q.get());
      yield* asyncio.sleep(0);
      q.putNowait(1);
      q.putNowait(2);
      reader.cancel();
      try {
        yield* reader;
      } catch {
        reader = asyncio.createTask(q.get());
        yield* reader;
      }
      log(`result=${reader.result()}`);
    });
    expect(events).toEqual(["0 result=1"]);
  });

  it("passes room on to the next putter when a woken putter is cancelled", async () => {
    const events = await trace(function* (log) {
      const q = new asyncio.Queue<string>(1);
      q.putNowait("x");
      function* putter(item: string) {
        try {
          yield* q.put(item);
          log(`put ${item}`);
        } catch (e) {
          log(`${item} ${describeError(e)} full=${q.full()}`);
          throw e;
        }
      }
      const p1 = asyncio.createTask(putter("p1"));
      const p2 = asyncio.createTask(putter("p2"));
      yield* asyncio.sleep(0);
      log(`took ${q.getNowait()}`);
      p1.cancel();
      yield* asyncio.gather(p1, p2, { returnExceptions: true });
      log(`holds ${q.getNowait()} putters=${q._putters.length}`);
    });
    expect(events).toEqual(["0 took x", "0 p1 CancelledError:  full=false", "0 put p2", "0 holds p2 putters=0"]);
  });

  it("hands a wake-up on from async functions too, when a woken getter or putter is cancelled", async () => {
    const rec = recorder();
    await virtualRun(async () => {
      const q = new asyncio.Queue<string>(1);
      const getter = asyncio.coroutine(async (name: string) => {
        try {
          rec.log(`${name} got ${await q.get()}`);
        } catch (e) {
          rec.log(`${name} ${describeError(e)} qsize=${q.qsize()}`);
          throw e;
        }
      });
      const g1 = asyncio.createTask(getter("g1"));
      const g2 = asyncio.createTask(getter("g2"));
      await asyncio.sleep(0);
      q.putNowait("a");
      g1.cancel();
      await asyncio.gather(g1, g2, { returnExceptions: true });
      const putter = asyncio.coroutine(async (item: string) => {
        try {
          await q.put(item);
          rec.log(`put ${item}`);
        } catch (e) {
          rec.log(`${item} ${describeError(e)} full=${q.full()}`);
          throw e;
        }
      });
      q.putNowait("x");
      const p1 = asyncio.createTask(putter("p1"));
      const p2 = asyncio.createTask(putter("p2"));
      await asyncio.sleep(0);
      rec.log(`took ${q.getNowait()}`);
      p1.cancel();
      await asyncio.gather(p1, p2, { returnExceptions: true });
      rec.log(`holds ${q.getNowait()}, then ${String(q)}`);
    });
    expect(rec.events).toEqual([
      "0 g1 CancelledError:  qsize=1",
      "0 g2 got a",
      "0 took x",
      "0 p1 CancelledError:  full=false",
      "0 put p2",
      "0 holds p2, then <Queue maxsize=1 tasks=3>",
    ]);
  });

  it("leaves no getter behind when waitFor times out around get()", async () => {
    const events = await trace(function* (log) {
      const q = new asyncio.Queue<number>(5);
      try {
        yield* asyncio.waitFor(q.get(), 0.1);
      } catch (e) {
        log(`${describeError(e)} getters=${q._getters.length}`);
      }
    });
    expect(events).toEqual(["0.1 TimeoutError:  getters=0"]);
  });

  it("lets join() return once every item is marked done, and refuses an extra taskDone()", async () => {
    const events = await trace(function* (log) {
      const q = new asyncio.Queue<number>();
      yield* q.join();
      log("empty join returned");
      function* worker(name: string) {
        for (;;) {
          const item = yield* q.get();
          yield* asyncio.sleep(item);
          log(`${name} done with ${item}`);
          q.taskDone();
        }
      }
      for (const item of [3, 1, 1]) q.putNowait(item);
      const workers = ["w1", "w2"].map((n) => asyncio.createTask(worker(n)));
      function* joiner(name: string) {
        yield* q.join();
        log(`${name} joined`);
      }
      yield* asyncio.gather(joiner("j1"), joiner("j2"));
      for (const w of workers) w.cancel();
      log(outcome(() => q.taskDone()));
    });
    expect(events).toEqual([
      "0 empty join returned",
      "1 w2 done with 1",
      "2 w2 done with 1",
      "3 w1 done with 3",
      "3 j1 joined",
      "3 j2 joined",
      "3 ValueError: task_done() called too many times",
    ]);
  });

  it("works from async functions too, with await", async () => {
    const rec = recorder();
    await virtualRun(async () => {
      const q = new asyncio.Queue<number | null>(2);
      const consumer = asyncio.coroutine(async (name: string) => {
        for (;;) {
          const item = await q.get();
          q.taskDone();
          if (item === null) return;
          rec.log(`${name} got ${item}`);
          await asyncio.sleep(1);
        }
      });
      const consumers = [asyncio.createTask(consumer("c1")), asyncio.createTask(consumer("c2"))];
      for (const item of [1, 2, 3, 4, null, null]) await q.put(item);
      await q.join();
      rec.log("joined");
      await asyncio.gather(...consumers);
    });
    expect(rec.events).toEqual(["0 c1 got 1", "0 c2 got 2", "1 c1 got 3", "1 c2 got 4", "2 joined"]);
  });
});

describe("Queue.shutdown", () => {
  it("fails puts at once, wakes blocked putters to fail, and lets gets drain what is left", async () => {
    const events = await trace(function* (log) {
      const q = new asyncio.Queue<string>(1);
      q.putNowait("a");
      function* putter(item: string) {
        try {
          yield* q.put(item);
        } catch (e) {
          log(`put ${item}: ${describeError(e)}`);
        }
      }
      const p = asyncio.createTask(putter("b"));
      yield* asyncio.sleep(1);
      q.shutdown();
      log(q.toString());
      yield* p;
      log(`putNowait: ${outcome(() => q.putNowait("c"))}`);
      log(`get: ${yield* q.get()}`);
      try {
        yield* q.get();
      } catch (e) {
        log(`get: ${describeError(e)}`);
      }
      log(`getNowait: ${outcome(() => q.getNowait())}`);
    });
    expect(events).toEqual([
      "1 <Queue maxsize=1 _queue=['a'] tasks=1 shutdown>",
      "1 put b: QueueShutDown: ",
      "1 putNowait: QueueShutDown: ",
      "1 get: a",
      "1 get: QueueShutDown: ",
      "1 getNowait: QueueShutDown: ",
    ]);
  });

  it("wakes blocked getters, which fail once the queue is empty", async () => {
    const events = await trace(function* (log) {
      const q = new asyncio.Queue<string>();
      function* getter(name: string) {
        try {
          log(`${name} got ${yield* q.get()}`);
        } catch (e) {
          log(`${name} ${describeError(e)}`);
        }
      }
      const getters = ["g1", "g2", "g3"].map((n) => asyncio.createTask(getter(n)));
      yield* asyncio.sleep(1);
      q.putNowait("x");
      q.shutdown();
      yield* asyncio.gather(...getters);
      log(`unfinished=${q._unfinishedTasks}`);
    });
    expect(events).toEqual(["1 g1 got x", "1 g2 QueueShutDown: ", "1 g3 QueueShutDown: ", "1 unfinished=1"]);
  });

  it("with immediate, drops the items, counts them done for join(), and fails gets at once", async () => {
    const events = await trace(function* (log) {
      const q = new asyncio.Queue<number>();
      for (let i = 0; i < 3; i++) q.putNowait(i);
      log(`took ${q.getNowait()} without taskDone`);
      const joiner = asyncio.createTask(
        (function* () {
          yield* q.join();
          log("join returned");
        })(),
      );
      yield* asyncio.sleep(1);
      q.shutdown(true);
      log(`qsize=${q.qsize()} unfinished=${q._unfinishedTasks}`);
      yield* asyncio.sleep(0);
      log(`joiner done=${joiner.done()}`);
      q.taskDone();
      yield* joiner;
      try {
        yield* q.get();
      } catch (e) {
        log(`get: ${describeError(e)}`);
      }
    });
    expect(events).toEqual([
      "0 took 0 without taskDone",
      "1 qsize=0 unfinished=1",
      "1 joiner done=false",
      "1 join returned",
      "1 get: QueueShutDown: ",
    ]);
  });
});

describe("PriorityQueue", () => {
  it("hands out the smallest item first, comparing arrays like Python tuples", () => {
    const q = new asyncio.PriorityQueue<(number | string)[]>();
    const items = [[2, "b"], [1, "z"], [2, "a"], [1, "y", 0], [0, "first"], [1, "y"], [3], [-1.5, "neg"]];
    for (const item of items) q.putNowait(item);
    const out: (number | string)[][] = [];
    while (!q.empty()) out.push(q.getNowait());
    expect(out).toEqual([[-1.5, "neg"], [0, "first"], [1, "y"], [1, "y", 0], [1, "z"], [2, "a"], [2, "b"], [3]]);
  });

  it("gives a waiting getter the smallest item present when it runs", async () => {
    const events = await trace(function* (log) {
      const q = new asyncio.PriorityQueue<[number, string]>();
      const consumer = asyncio.createTask(
        (function* () {
          for (let i = 0; i < 3; i++) log(`got ${(yield* q.get()).join(":")}`);
        })(),
      );
      yield* asyncio.sleep(0);
      q.putNowait([5, "five"]);
      q.putNowait([4, "four"]);
      q.putNowait([6, "six"]);
      yield* consumer;
    });
    expect(events).toEqual(["0 got 4:four", "0 got 5:five", "0 got 6:six"]);
  });

  it("accepts a comparator of its own", () => {
    const q = new asyncio.PriorityQueue<{ deadline: number }>(0, { less: (a, b) => a.deadline < b.deadline });
    for (const deadline of [3, 1, 2]) q.putNowait({ deadline });
    expect([q.getNowait(), q.getNowait(), q.getNowait()].map((x) => x.deadline)).toEqual([1, 2, 3]);
  });

  it("refuses items Python could not order, with Python's message", () => {
    const q = new asyncio.PriorityQueue<(number | string)[]>();
    q.putNowait([1, "x"]);
    expect(outcome(() => q.putNowait([1, 2]))).toBe("TypeError: '<' not supported between instances of 'int' and 'str'");
  });
});

describe("LifoQueue", () => {
  it("hands out the item put last first", async () => {
    const events = await trace(function* (log) {
      const q = new asyncio.LifoQueue<number>(3);
      for (const i of [1, 3, 2]) yield* q.put(i);
      log(`full=${q.full()} qsize=${q.qsize()}`);
      const out: number[] = [];
      for (let i = 0; i < 3; i++) out.push(yield* q.get());
      log(out.join(","));
    });
    expect(events).toEqual(["0 full=true qsize=3", "0 2,3,1"]);
  });
});

describe("pythonLess", () => {
  it("orders numbers, strings by code point, and arrays element by element", () => {
    const less = asyncio.pythonLess;
    expect([less(1, 2), less(2, 1), less(1, 1), less(1n, 2), less(true, 2)]).toEqual([true, false, false, true, true]);
    expect([less("a", "b"), less("B", "a"), less("ab", "abc"), less("", "a")]).toEqual([true, true, true, true]);
    // U+1F600 is one code point above U+FFFF: Python puts it last, unlike UTF-16 order.
    expect([less("\uffff", "\u{1f600}"), less("\u{1f600}", "\uffff")]).toEqual([true, false]);
    expect([less([1, "b"], [1, "c"]), less([2], [1, "z"]), less([1], [1, 0]), less([1, 0], [1])]).toEqual([
      true,
      false,
      true,
      false,
    ]);
    // Equal leading elements are skipped, even when they could not be ordered.
    expect(less([[1, 2], "a"], [[1, 2], "b"])).toBe(true);
    expect(describeError(thrownBy(() => less(null, 1)))).toBe(
      "TypeError: '<' not supported between instances of 'NoneType' and 'int'",
    );
    expect(describeError(thrownBy(() => less({}, {})))).toBe(
      "TypeError: '<' not supported between instances of 'Object' and 'Object'",
    );
  });
});
