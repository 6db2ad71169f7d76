// Tracing (src/trace/): what the recorder writes down for small programs,
// asserted in full, and the three exporters: the text timeline, the Chrome
// Trace Event JSON and the SVG picture. Everything runs on virtual time, so
// every time in a trace is exact.

import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import * as asyncio from "../src/index.js";
import { describeError, thrownBy } from "./helpers.js";

/**
 * Runs the coroutine function `main` as a task named "main" (started by the
 * loop, as a lazy coroutine) on a fresh virtual-time loop with a recorder;
 * returns the trace.
 */
async function traceOf(
  main: () => PromiseLike<unknown> | Generator<unknown, unknown, unknown>,
  options: asyncio.TraceRecorderOptions = {},
): Promise<asyncio.Trace> {
  const loop = asyncio.newEventLoop({ clock: new asyncio.VirtualClock() });
  const recorder = new asyncio.TraceRecorder(options);
  loop.setTracer(recorder);
  try {
    const lazy = asyncio.coroutine(main as () => PromiseLike<unknown>);
    await loop.runUntilComplete(loop.createTask(lazy(), { name: "main" }));
  } finally {
    loop.close();
  }
  return recorder.snapshot();
}

/** The timeline's lines, for comparing with a literal list. */
function timelineOf(trace: asyncio.Trace): string[] {
  return asyncio.formatTimeline(trace).split("\n");
}

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "asyncio-ts-trace-test-"));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

// ---- Small programs, traced in full ----

/** Example 06 of the article: two generator tasks that sleep 2 s each, side by side. */
function* twoSleepers(): Generator<unknown, void, unknown> {
  const func1 = asyncio.coroutine(function* func1() {
    yield* asyncio.sleep(2);
  });
  const func2 = asyncio.coroutine(function* func2() {
    yield* asyncio.sleep(2);
  });
  const tasks = [asyncio.createTask(func1(), { name: "func1" }), asyncio.createTask(func2(), { name: "func2" })];
  yield* asyncio.wait(tasks);
}

/** Native coroutines: two children made eagerly, a `sleep(0)`, and a gather. */
async function gatherChildren(): Promise<number[]> {
  const child = async (n: number): Promise<number> => {
    await asyncio.sleep(n);
    return n * 10;
  };
  const a = asyncio.createTask(child(1), { name: "a" });
  const b = asyncio.createTask(child(2), { name: "b" });
  await asyncio.sleep(0);
  return asyncio.gather(a, b);
}

describe("the recorder", () => {
  it("records every step of two generator tasks that sleep side by side", async () => {
    const trace = await traceOf(twoSleepers);
    expect(timelineOf(trace)).toEqual([
      " time  event",
      "0.000  task main created: twoSleepers()",
      "0.000  iteration 1: 1 callback, 0 timers waiting",
      "0.000    run startLazy(main, <LazyCoroutine>)",
      "0.000      main step 1 (start)",
      "0.000      task func1 created: func1() (by main)",
      "0.000      task func2 created: func2() (by main)",
      "0.000      main waits on future#1",
      "0.000  iteration 2: 2 callbacks, 0 timers waiting",
      "0.000    run startLazy(func1, <LazyCoroutine>)",
      "0.000      func1 step 1 (start)",
      "0.000      timer#1 scheduled for 2: setResultUnlessCancelled -> future#2",
      "0.000      func1 waits on future#2 (timer#1 at 2)",
      "0.000    run startLazy(func2, <LazyCoroutine>)",
      "0.000      func2 step 1 (start)",
      "0.000      timer#2 scheduled for 2: setResultUnlessCancelled -> future#3",
      "0.000      func2 waits on future#3 (timer#2 at 2)",
      "2.000  iteration 3: 2 callbacks (2 from timers: timer#1, timer#2), 0 timers waiting",
      "2.000    run setResultUnlessCancelled(future#2, None)",
      "2.000      future#2 done: result None",
      "2.000    run setResultUnlessCancelled(future#3, None)",
      "2.000      future#3 done: result None",
      "2.000  iteration 4: 2 callbacks, 0 timers waiting",
      "2.000    run notifyAwaiter(func1, future#2)",
      "2.000      func1 step 2 (woken by future#2)",
      "2.000      func1 done: result None",
      "2.000    run notifyAwaiter(func2, future#3)",
      "2.000      func2 step 2 (woken by future#3)",
      "2.000      func2 done: result None",
      "2.000  iteration 5: 2 callbacks, 0 timers waiting",
      "2.000    run onCompletion(func1)",
      "2.000    run onCompletion(func2)",
      "2.000      future#1 done: result None",
      "2.000  iteration 6: 1 callback, 0 timers waiting",
      "2.000    run notifyAwaiter(main, future#1)",
      "2.000      main step 2 (woken by future#1)",
      "2.000      main done: result None",
      "2.000  iteration 7: 1 callback, 0 timers waiting",
      "2.000    run stopWhenDone(main)",
      "       end at 2.000: 7 iterations, 3 tasks (3 done)",
    ]);
  });

  it("records native coroutines: eager children, a yield for one iteration, a gather", async () => {
    const trace = await traceOf(gatherChildren);
    expect(timelineOf(trace)).toEqual([
      " time  event",
      "0.000  task main created: gatherChildren()",
      "0.000  iteration 1: 1 callback, 0 timers waiting",
      "0.000    run startLazy(main, <LazyCoroutine>)",
      "0.000      main step 1 (start)",
      "0.000      task a created: <promise> (by main)",
      "0.000      task b created: <promise> (by main)",
      "0.000      main yields until the next iteration",
      "0.000  iteration 2: 3 callbacks, 0 timers waiting",
      "0.000    run nativeFirstStep(a)",
      "0.000      a step 1 (start)",
      "0.000      timer#1 scheduled for 1: setResultUnlessCancelled -> future#1",
      "0.000      a waits on future#1 (timer#1 at 1)",
      "0.000    run nativeFirstStep(b)",
      "0.000      b step 1 (start)",
      "0.000      timer#2 scheduled for 2: setResultUnlessCancelled -> future#2",
      "0.000      b waits on future#2 (timer#2 at 2)",
      "0.000    run resumeSoon(main)",
      "0.000      main step 2 (next iteration)",
      "0.000      main waits on gather#1",
      "1.000  iteration 3: 1 callback (1 from timers: timer#1), 1 timer waiting",
      "1.000    run setResultUnlessCancelled(future#1, None)",
      "1.000      future#1 done: result None",
      "1.000  iteration 4: 1 callback, 1 timer waiting",
      "1.000    run notifyAwaiter(a, future#1)",
      "1.000      a step 2 (woken by future#1)",
      "1.000      a done: result 10",
      "1.000  iteration 5: 1 callback, 1 timer waiting",
      "1.000    run onChildDone(a)",
      "2.000  iteration 6: 1 callback (1 from timers: timer#2), 0 timers waiting",
      "2.000    run setResultUnlessCancelled(future#2, None)",
      "2.000      future#2 done: result None",
      "2.000  iteration 7: 1 callback, 0 timers waiting",
      "2.000    run notifyAwaiter(b, future#2)",
      "2.000      b step 2 (woken by future#2)",
      "2.000      b done: result 20",
      "2.000  iteration 8: 1 callback, 0 timers waiting",
      "2.000    run onChildDone(b)",
      "2.000      gather#1 done: result [2 items]",
      "2.000  iteration 9: 1 callback, 0 timers waiting",
      "2.000    run notifyAwaiter(main, gather#1)",
      "2.000      main step 3 (woken by gather#1)",
      "2.000      main done: result [2 items]",
      "2.000  iteration 10: 1 callback, 0 timers waiting",
      "2.000    run stopWhenDone(main)",
      "       end at 2.000: 10 iterations, 3 tasks (3 done)",
    ]);
    expect(trace.tasks).toEqual([
      { name: "main", coro: "gatherChildren()", parent: null, created: 0, done: 2, outcome: "result", value: "[2 items]", steps: 3 },
      { name: "a", coro: "<promise>", parent: "main", created: 0, done: 1, outcome: "result", value: "10", steps: 2 },
      { name: "b", coro: "<promise>", parent: "main", created: 0, done: 2, outcome: "result", value: "20", steps: 2 },
    ]);
  });

  it("records a cancellation: the waiter cancelled, the timer cancelled, the task cancelled", async () => {
    const trace = await traceOf(async () => {
        const sleeper = asyncio.createTask(
          (async () => {
            await asyncio.sleep(10);
          })(),
          { name: "sleeper" },
        );
        await asyncio.sleep(1);
        sleeper.cancel("enough");
        await asyncio.gather(sleeper, { returnExceptions: true });
    });
    expect(timelineOf(trace).slice(18, 32)).toEqual([
      "1.000      main step 2 (woken by future#1)",
      "1.000      future#2 done: cancelled ('enough')",
      "1.000      main waits on gather#1",
      "1.000  iteration 5: 1 callback, 1 timer waiting",
      "1.000    run notifyAwaiter(sleeper, future#2)",
      "1.000      sleeper step 2 (woken by future#2)",
      "1.000      timer#2 cancelled",
      "1.000      sleeper done: cancelled ('enough')",
      "1.000  iteration 6: 1 callback, 0 timers waiting",
      "1.000    run onChildDone(sleeper)",
      "1.000      gather#1 done: result [1 item]",
      "1.000  iteration 7: 1 callback, 0 timers waiting",
      "1.000    run notifyAwaiter(main, gather#1)",
      "1.000      main step 3 (woken by gather#1)",
    ]);
  });

  it("records plain callbacks and timers as events, in full", async () => {
    const loop = asyncio.newEventLoop({ clock: new asyncio.VirtualClock() });
    const recorder = new asyncio.TraceRecorder();
    loop.setTracer(recorder);
    const later = loop.callLater(2, function never() {});
    loop.callLater(
      1,
      function tick(_n: number) {
        later.cancel();
        loop.stop();
      },
      7,
    );
    loop.callSoon(function hello() {});
    await loop.runForever();
    loop.close();
    expect(recorder.snapshot()).toEqual({
      start: 0,
      end: 1,
      events: [
        { kind: "timer-scheduled", time: 0, timer: "timer#1", when: 2, callback: "never", future: null },
        { kind: "timer-scheduled", time: 0, timer: "timer#2", when: 1, callback: "tick", future: null },
        { kind: "iteration", time: 0, iteration: 1, ready: 1, timers: 2 },
        { kind: "handle", time: 0, callback: "hello", args: [] },
        { kind: "handle-end", time: 0 },
        { kind: "iteration", time: 1, iteration: 2, ready: 0, timers: 2 },
        { kind: "timer-due", time: 1, timer: "timer#2" },
        { kind: "handle", time: 1, callback: "tick", args: ["7"] },
        { kind: "timer-cancelled", time: 1, timer: "timer#1" },
        { kind: "handle-end", time: 1 },
      ],
      tasks: [],
      truncated: false,
    });
  });

  it("notes a native coroutine that awaits a promise the loop does not know", async () => {
    const trace = await traceOf(async () => {
        await asyncio.sleep(0);
        // A promise that Node settles later, from a timer of its own: the loop cannot see it.
        await new Promise((resolve) => setTimeout(resolve, 50));
        return "back";
    });
    expect(timelineOf(trace).slice(6, 11)).toEqual([
      "0.000  iteration 2: 1 callback, 0 timers waiting",
      "0.000    run resumeSoon(main)",
      "0.000      main step 2 (next iteration)",
      "0.000      main awaits a foreign promise (the loop cannot see it)",
      "0.000    main done: result 'back'",
    ]);
  });

  it("shows a wrapPromise future as outside work, completed between two passes", async () => {
    // Outside work that takes a while: longer than the loop waits for a step to end.
    const outside = async (): Promise<number> => {
      for (let i = 0; i < 100; i++) await Promise.resolve();
      return 5;
    };
    const trace = await traceOf(async () => {
      return await asyncio.wrapPromise(outside());
    });
    expect(timelineOf(trace)).toEqual([
      " time  event",
      "0.000  task main created: <anonymous>()",
      "0.000  iteration 1: 1 callback, 0 timers waiting",
      "0.000    run startLazy(main, <LazyCoroutine>)",
      "0.000      main step 1 (start)",
      "0.000      main waits on promise#1 (outside work, through wrapPromise)",
      "0.000    promise#1 done: result 5",
      "0.000  iteration 2: 2 callbacks, 0 timers waiting",
      "0.000    run abortIfCancelled(promise#1)",
      "0.000    run notifyAwaiter(main, promise#1)",
      "0.000      main step 2 (woken by promise#1)",
      "0.000      main done: result 5",
      "0.000  iteration 3: 1 callback, 0 timers waiting",
      "0.000    run stopWhenDone(main)",
      "       end at 0.000: 3 iterations, 1 task (1 done)",
    ]);
    expect(trace.events.find((e) => e.kind === "task-suspended")).toEqual({
      kind: "task-suspended",
      time: 0,
      task: "main",
      on: "promise#1",
      foreign: true,
    });
  });

  it("names tasks that share a name apart, and uses a task's latest name", async () => {
    const trace = await traceOf(async () => {
        const one = asyncio.createTask(asyncio.sleep(1), { name: "w" });
        const two = asyncio.createTask(asyncio.sleep(1), { name: "w" });
        asyncio.currentTask()?.setName("boss");
        await asyncio.gather(one, two);
    });
    expect(trace.tasks.map((task) => task.name)).toEqual(["boss", "w#1", "w#2"]);
  });

  it("stops at maxEvents and says so", async () => {
    const trace = await traceOf(twoSleepers, { maxEvents: 10 });
    expect(trace.events).toHaveLength(10);
    expect(trace.truncated).toBe(true);
    expect(asyncio.formatTimeline(trace).split("\n").at(-1)).toMatch(/the recorder stopped at its event limit$/);
  });

  it("records one loop only", () => {
    const recorder = new asyncio.TraceRecorder();
    const first = asyncio.newEventLoop({ clock: new asyncio.VirtualClock() });
    const second = asyncio.newEventLoop({ clock: new asyncio.VirtualClock() });
    first.setTracer(recorder);
    expect(describeError(thrownBy(() => second.setTracer(recorder)))).toBe(
      "TypeError: a TraceRecorder records one event loop; make a new recorder for another loop",
    );
    first.close();
    second.close();
  });

  it("costs a loop nothing until a tracer is set, and can be removed", async () => {
    const loop = asyncio.newEventLoop({ clock: new asyncio.VirtualClock() });
    expect(loop._hooks).toBe(null);
    const recorder = new asyncio.TraceRecorder();
    loop.setTracer(recorder);
    expect(loop.getTracer()).toBe(recorder);
    expect(loop._hooks).toBe(recorder);
    loop.setTracer(null);
    expect(loop._hooks).toBe(null);
    await loop.runUntilComplete(asyncio.sleep(1));
    expect(recorder.size).toBe(0);
    loop.close();
    expect(describeError(thrownBy(() => loop.setTracer(42 as never)))).toBe(
      "TypeError: a tracer (such as asyncio.TraceRecorder) or null was expected, got 42",
    );
  });

  it("is given to a run with the trace option", async () => {
    const recorder = new asyncio.TraceRecorder();
    const result = await asyncio.run(gatherChildren, { clock: new asyncio.VirtualClock(), trace: recorder });
    expect(result).toEqual([10, 20]);
    const trace = recorder.snapshot();
    expect(trace.end).toBe(2);
    expect(trace.tasks.slice(1, 3).map((task) => [task.name, task.done, task.value])).toEqual([
      ["a", 1, "10"],
      ["b", 2, "20"],
    ]);
  });
});

// ---- Chrome Trace Event format ----

/** Checks the rules of the format that viewers rely on; returns the problems found. */
function chromeProblems(json: unknown): string[] {
  const problems: string[] = [];
  const trace = json as { traceEvents?: unknown };
  if (!Array.isArray(trace.traceEvents)) return ["traceEvents is not an array"];
  const open = new Map<string, string[]>();
  let last = -Infinity;
  for (const [i, event] of (trace.traceEvents as Record<string, unknown>[]).entries()) {
    for (const field of ["name", "ph", "ts", "pid", "tid"]) {
      if (!(field in event)) problems.push(`event ${i} lacks ${field}`);
    }
    if (typeof event.ts !== "number" || !Number.isFinite(event.ts)) problems.push(`event ${i}: ts is not a number`);
    if (event.ph === "M") continue;
    if ((event.ts as number) < last) problems.push(`event ${i}: ts goes back from ${last} to ${String(event.ts)}`);
    last = event.ts as number;
    const track = `${String(event.pid)}/${String(event.tid)}`;
    const stack = open.get(track) ?? [];
    open.set(track, stack);
    if (event.ph === "B") stack.push(event.name as string);
    if (event.ph === "E") {
      const begun = stack.pop();
      if (begun !== event.name) problems.push(`event ${i}: E '${String(event.name)}' closes '${String(begun)}'`);
    }
    if (event.ph === "X" && (typeof event.dur !== "number" || event.dur < 0)) problems.push(`event ${i}: X without a duration`);
    if (!["B", "E", "X", "i", "C"].includes(event.ph as string)) problems.push(`event ${i}: unknown phase ${String(event.ph)}`);
  }
  for (const [track, stack] of open) if (stack.length > 0) problems.push(`track ${track}: unclosed ${stack.join(", ")}`);
  return problems;
}

describe("the Chrome trace", () => {
  it("is valid: required fields, begin/end pairs that match, timestamps that never go back", async () => {
    for (const main of [twoSleepers, gatherChildren]) {
      const chrome = asyncio.chromeTrace(await traceOf(main));
      const json: unknown = JSON.parse(JSON.stringify(chrome));
      expect(chromeProblems(json)).toEqual([]);
    }
  });

  it("gives each task a track named after it, holding its steps and waits", async () => {
    const chrome = asyncio.chromeTrace(await traceOf(twoSleepers));
    const names = chrome.traceEvents.filter((e) => e.name === "thread_name").map((e) => [e.tid, e.args?.name]);
    expect(names).toEqual([
      [0, "event loop"],
      [1, "Task main"],
      [2, "Task func1"],
      [3, "Task func2"],
    ]);
    const func1 = chrome.traceEvents.filter((e) => e.tid === 2 && e.ph !== "M").map((e) => [e.ph, e.name, e.ts, e.dur]);
    expect(func1).toEqual([
      ["B", "func1", 0, undefined],
      ["X", "step 1", 0, 0],
      ["X", "wait future#2", 0, 2_000_000],
      ["X", "step 2", 2_000_000, 0],
      ["E", "func1", 2_000_000, undefined],
    ]);
  });

  it("puts iterations, callbacks, timers and queue sizes on the loop's track", async () => {
    const chrome = asyncio.chromeTrace(await traceOf(twoSleepers));
    const loopTrack = chrome.traceEvents.filter((e) => e.tid === 0 && e.ph !== "M");
    expect(loopTrack.slice(0, 8).map((e) => `${e.ph} ${e.name} ${e.ts}`)).toEqual([
      "C loop queues 0",
      "X iteration 0",
      "X startLazy(main, <LazyCoroutine>) 0",
      "C loop queues 0",
      "X iteration 0",
      "X startLazy(func1, <LazyCoroutine>) 0",
      "i timer#1 scheduled 0",
      "X startLazy(func2, <LazyCoroutine>) 0",
    ]);
    expect(loopTrack.filter((e) => e.ph === "C").map((e) => e.args)).toEqual([
      { ready: 1, timers: 0 },
      { ready: 2, timers: 0 },
      { ready: 0, timers: 2 },
      { ready: 2, timers: 0 },
      { ready: 2, timers: 0 },
      { ready: 1, timers: 0 },
      { ready: 1, timers: 0 },
    ]);
  });

  it("closes what is still pending when the trace is taken", async () => {
    const loop = asyncio.newEventLoop({ clock: new asyncio.VirtualClock() });
    const recorder = new asyncio.TraceRecorder();
    loop.setTracer(recorder);
    const forever = loop.createTask(asyncio.sleep(100), { name: "forever" });
    await loop.runUntilComplete(asyncio.sleep(1));
    const chrome = asyncio.chromeTrace(recorder.snapshot());
    expect(chromeProblems(chrome)).toEqual([]);
    expect(chrome.traceEvents.filter((e) => e.name === "forever").map((e) => [e.ph, e.ts, e.args?.outcome])).toEqual([
      ["B", 0, undefined],
      ["E", 1_000_000, "pending"],
    ]);
    forever.cancel();
    await loop.runUntilComplete(asyncio.gather(forever, { returnExceptions: true }));
    loop.close();
  });
});

// ---- SVG ----

/** Checks that `svg` is well-formed XML (balanced tags, quoted attributes, known entities); returns the problems. */
function xmlProblems(svg: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<!--[\s\S]*?-->|&(#\d+|#x[0-9a-fA-F]+|amp|lt|gt|quot|apos);|([<>&])/g;
  let roots = 0;
  for (let match = token.exec(svg); match !== null; match = token.exec(svg)) {
    const [, closing, name, , selfClosing, , stray] = match;
    if (stray !== undefined) {
      problems.push(`stray '${stray}' at ${match.index}: ${svg.slice(match.index, match.index + 40)}`);
      continue;
    }
    if (name === undefined) continue;
    if (closing === "/") {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${String(open)}>`);
    } else if (selfClosing !== "/") {
      if (stack.length === 0) roots++;
      stack.push(name);
    } else if (stack.length === 0) {
      roots++;
    }
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(", ")}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}

describe("the SVG timeline", () => {
  it("is well-formed, with one row per task", async () => {
    const trace = await traceOf(gatherChildren);
    const svg = asyncio.timelineSvg(trace, { title: "gather <a & b>" });
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    const rows = [...svg.matchAll(/<g class="task" data-task="([^"]*)">/g)].map((m) => m[1]);
    expect(rows).toEqual(["main", "a", "b"]);
    expect(svg).toContain("<title>gather &lt;a &amp; b&gt;</title>");
  });

  it("draws steps as bars and waits for timers with their deadline", async () => {
    const svg = asyncio.timelineSvg(await traceOf(twoSleepers));
    const func1 = /<g class="task" data-task="func1">([\s\S]*?)<\/g>/.exec(svg)?.[1] ?? "";
    expect([...func1.matchAll(/<rect class="(\w+)"/g)].map((m) => m[1])).toEqual(["step", "wait", "step"]);
    expect(func1).toContain(">sleep until 2</text>");
    expect(func1).toContain("func1 waits on future#2, which timer#1 completes at 2 s (from 0 s)");
  });

  it("draws at most maxTasks rows and says how many were left out", async () => {
    const trace = await traceOf(async () => {
      await asyncio.gather(Array.from({ length: 5 }, (_, i) => asyncio.createTask(asyncio.sleep(i), { name: `t${i}` })));
    });
    const svg = asyncio.timelineSvg(trace, { maxTasks: 2 });
    expect(xmlProblems(svg)).toEqual([]);
    expect([...svg.matchAll(/<g class="task"/g)]).toHaveLength(2);
    expect(svg).toContain("4 more tasks not drawn");
  });
});

// ---- Specifications and the environment variable ----

describe("ASYNCIO_TS_TRACE", () => {
  it("lists outputs: a format and an optional file each", () => {
    expect(asyncio.parseTraceSpec("timeline")).toEqual([{ format: "timeline", file: null }]);
    expect(asyncio.parseTraceSpec("1")).toEqual([{ format: "timeline", file: null }]);
    expect(asyncio.parseTraceSpec("chrome:out.json, svg:pic.svg,timeline:t.txt")).toEqual([
      { format: "chrome", file: "out.json" },
      { format: "svg", file: "pic.svg" },
      { format: "timeline", file: "t.txt" },
    ]);
    expect(asyncio.parseTraceSpec("chrome,svg")).toEqual([
      { format: "chrome", file: "asyncio-trace.json" },
      { format: "svg", file: "asyncio-trace.svg" },
    ]);
    expect(describeError(thrownBy(() => asyncio.parseTraceSpec("pdf:x.pdf")))).toBe(
      "ValueError: ASYNCIO_TS_TRACE: unknown trace format 'pdf' (expected timeline, chrome or svg, as in 'timeline' or 'chrome:out.json')",
    );
  });

  it("writes the files a run's trace option names when the run ends", async () => {
    const dir = tempDir();
    const file = join(dir, "run.json");
    await asyncio.run(gatherChildren, { clock: new asyncio.VirtualClock(), trace: `chrome:${file}` });
    expect(chromeProblems(JSON.parse(readFileSync(file, "utf8")))).toEqual([]);
  });

  it("traces any script, even one that never closes its loop, and prints the timeline at the end", async () => {
    const dir = tempDir();
    const script = join(dir, "script.mts");
    const index = fileURLToPath(new URL("../src/index.ts", import.meta.url));
    writeFileSync(
      script,
      [
        `import * as asyncio from ${JSON.stringify(index)};`,
        `const hello = asyncio.coroutine(function* hello() { yield* asyncio.sleep(1); console.log("hello"); });`,
        `await asyncio.getEventLoop().runUntilComplete(asyncio.ensureFuture(hello()));`,
      ].join("\n"),
    );
    const svg = join(dir, "out.svg");
    const run = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
      execFile(
        process.execPath,
        ["--import", "tsx", script],
        {
          cwd: fileURLToPath(new URL("..", import.meta.url)),
          env: { ...process.env, ASYNCIO_TS_TRACE: `timeline,svg:${svg}`, ASYNCIO_TS_CLOCK: "virtual" },
          timeout: 60_000,
        },
        (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve({ stdout, stderr })),
      );
    });
    expect(run.stdout).toBe("hello\n");
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines[0]).toBe(" time  event");
    expect(lines).toContain("1.000  iteration 2: 1 callback (1 from timers: timer#1), 0 timers waiting");
    expect(lines.at(-1)).toBe(`asyncio-ts: trace written to ${svg} (open it in a browser)`);
    expect(xmlProblems(readFileSync(svg, "utf8"))).toEqual([]);
  }, 60_000);
});
