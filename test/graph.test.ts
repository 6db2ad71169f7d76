// Task graph introspection (src/graph.ts): CPython 3.14's call graph (who
// awaits whom, upwards from a task) and the dump of every pending task
// (downwards, through the futures, gathers and tasks each one awaits).

import { describe, expect, it } from "vitest";
import * as asyncio from "../src/index.js";
import { describeError, thrownBy, virtualRun } from "./helpers.js";

/** Ids are per process; the tests compare everything else. */
function withoutIds(text: string): string {
  return text.replace(/id=0x[0-9a-f]+/g, "id=…");
}

/** Collects what a print function writes. */
function sink(): { text: string; write(chunk: string): void } {
  return {
    text: "",
    write(chunk: string): void {
      this.text += chunk;
    },
  };
}

/** A graph as names only: `[name, [awaitedBy...]]`. */
type Names = [string, Names[]];
function names(graph: asyncio.FutureCallGraph): Names {
  const future = graph.future;
  const name = future instanceof asyncio.Task ? future.getName() : future.constructor.name;
  return [name, graph.awaitedBy.map(names)];
}

describe("captureCallGraph", () => {
  it("shows the current task's stack and, upwards, the gather and the task that await it", async () => {
    const out = sink();
    const leaf = asyncio.coroutine(async function leaf() {
      await asyncio.sleep(0.5);
      asyncio.printCallGraph(null, { file: out });
    });
    const middle = asyncio.coroutine(async function middle() {
      await leaf();
    });
    await virtualRun(async () => {
      const a = asyncio.createTask(middle(), { name: "a" });
      const b = asyncio.createTask(asyncio.sleep(5), { name: "b" });
      asyncio.currentTask()?.setName("main");
      await asyncio.gather(a, b);
    });
    // V8 shows the awaiting `async` frames (middle) only where its async stack
    // traces can follow the awaits; the frame that asked is always there.
    const lines = withoutIds(out.text)
      .split("\n")
      .filter((line) => !/in async middle\(\)$/.test(line));
    expect(lines).toEqual([
      "* Task(name='a', id=…)",
      "  + Call stack:",
      expect.stringMatching(/^ {2}\| {3}File 'test\/graph\.test\.ts', line \d+, in leaf\(\)$/),
      "  + Awaited by:",
      "    * GatheringFuture(id=…)",
      "      + Awaited by:",
      "        * Task(name='main', id=…)",
      "",
    ]);
  });

  it("describes any future from outside: no call stack, and who awaits it", async () => {
    await virtualRun(async () => {
      const waiter = asyncio.getRunningLoop().createFuture();
      const inner = asyncio.createTask(
        asyncio.coroutine(async () => {
          await waiter;
        })(),
        { name: "inner" },
      );
      const outer = asyncio.createTask(
        asyncio.coroutine(async () => {
          await inner;
        })(),
        { name: "outer" },
      );
      await asyncio.sleep(1);
      const graph = asyncio.captureCallGraph(waiter) as asyncio.FutureCallGraph;
      expect(graph.callStack).toEqual([]);
      expect(names(graph)).toEqual(["Future", [["inner", [["outer", []]]]]]);
      expect(withoutIds(asyncio.formatCallGraph(inner))).toBe(
        ["* Task(name='inner', id=…)", "  + Awaited by:", "    * Task(name='outer', id=…)"].join("\n"),
      );
      waiter.setResult(null);
      await outer;
    });
  });

  it("follows links made by hand with futureAddToAwaitedBy, until they are discarded", async () => {
    await virtualRun(async () => {
      const parent = asyncio.currentTask() as asyncio.Task<unknown>;
      parent.setName("parent");
      const child = asyncio.createTask(asyncio.sleep(1), { name: "child" });
      asyncio.futureAddToAwaitedBy(child, parent);
      expect(names(asyncio.captureCallGraph(child) as asyncio.FutureCallGraph)).toEqual(["child", [["parent", []]]]);
      asyncio.futureDiscardFromAwaitedBy(child, parent);
      expect(names(asyncio.captureCallGraph(child) as asyncio.FutureCallGraph)).toEqual(["child", []]);
      await child;
    });
  });

  it("trims call stacks with limit: innermost frames when positive, outermost when negative, none at 0", async () => {
    const seen: string[][] = [];
    const frames = (limit: number | null): string[] =>
      (asyncio.captureCallGraph(null, { limit }) as asyncio.FutureCallGraph).callStack.map((entry) => entry.frame.name);
    function inside(limit: number | null): string[] {
      return frames(limit);
    }
    function outside(limit: number | null): string[] {
      return inside(limit);
    }
    const task = asyncio.coroutine(async function task() {
      await asyncio.sleep(0);
      seen.push(outside(null), outside(1), outside(-1), outside(0));
    });
    await virtualRun(() => task());
    expect(seen).toEqual([["frames", "inside", "outside", "task"], ["frames"], ["task"], []]);
  });

  it("returns null where no task runs, and refuses to guess outside a loop", async () => {
    const loop = asyncio.newEventLoop({ clock: new asyncio.VirtualClock() });
    let inCallback: unknown = "not called";
    loop.callSoon(() => {
      inCallback = asyncio.captureCallGraph();
    });
    await loop.runUntilComplete(asyncio.sleep(0));
    expect(inCallback).toBe(null);
    expect(describeError(thrownBy(() => asyncio.captureCallGraph()))).toBe(
      "RuntimeError: captureCallGraph() is called outside of a running event loop and no future to introspect was provided",
    );
    const future = loop.createFuture();
    expect(names(asyncio.captureCallGraph(future) as asyncio.FutureCallGraph)).toEqual(["Future", []]);
    future.cancel();
    loop.close();
  });
});

describe("formatAllTasks", () => {
  it("lists every pending task from the top, with what each awaits down to the timers", async () => {
    let dump = "";
    await virtualRun(async () => {
      asyncio.currentTask()?.setName("main");
      const sleeper = asyncio.createTask(asyncio.sleep(5), { name: "sleeper" });
      const waiter = asyncio.createTask(
        asyncio.coroutine(async function waitForSleeper() {
          await sleeper;
        })(),
        { name: "waiter" },
      );
      const loop = asyncio.getRunningLoop();
      loop.callLater(1, () => {
        // A task made just now has not run yet: it waits on nothing, its first step is scheduled.
        void loop.createTask(asyncio.coroutine(async function fresh() {})(), { name: "fresh" });
        dump = asyncio.formatAllTasks();
      });
      await asyncio.gather(waiter);
    });
    expect(withoutIds(dump).split("\n")).toEqual([
      "4 pending tasks at loop time 1",
      "* Task(name='main', id=…) pending, <anonymous>()",
      "  awaits:",
      "    * GatheringFuture(id=…) pending",
      "      awaits:",
      "        * Task(name='waiter', id=…) pending, waitForSleeper()",
      "          awaits:",
      "            * Task(name='sleeper', id=…) pending, <generator>",
      "              awaits:",
      "                * Future(id=…) pending, completed by a timer at 5 (setResultUnlessCancelled)",
      "* Task(name='fresh', id=…) pending, fresh()",
      "  is scheduled to run (ready, or yielded until the next iteration)",
    ]);
  });

  it("prints to a file, and says when a task awaits a promise the loop does not know", async () => {
    const out = sink();
    await virtualRun(async () => {
      asyncio.currentTask()?.setName("main");
      const stuck = asyncio.createTask(
        asyncio.coroutine(async function stuck() {
          await asyncio.sleep(0);
          await new Promise((resolve) => setTimeout(resolve, 50));
        })(),
        { name: "stuck" },
      );
      await asyncio.sleep(0);
      await asyncio.sleep(0);
      asyncio.printAllTasks(undefined, { file: out });
      await asyncio.wrapPromise(Promise.resolve());
      await stuck;
    });
    expect(withoutIds(out.text).split("\n")).toEqual([
      "2 pending tasks at loop time 0",
      "* Task(name='main', id=…) pending, <anonymous>(), running now",
      "  is running (it asked for this dump)",
      "* Task(name='stuck', id=…) pending, stuck()",
      "  awaits a promise the loop does not know",
      "",
    ]);
  });
});
