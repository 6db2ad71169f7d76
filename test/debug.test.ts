// Debug mode (src/debug.ts): warnings for slow callbacks and task steps, for
// native coroutines stuck on promises the loop does not know, and creation
// sites in reprs and in the lifecycle reports. Slow steps are simulated by
// moving a stubbed `performance.now()`: nothing sleeps for real.

import { afterEach, describe, expect, it, vi } from "vitest";
import * as asyncio from "../src/index.js";
import { captureExceptions, captureStderr, virtualLoop } from "./helpers.js";

/** Where `performance.now()` stands, in milliseconds; a callback "takes time" by moving it. */
let fakeNow = 0;
function stubPerformanceNow(): void {
  fakeNow = 1000;
  vi.spyOn(globalThis.performance, "now").mockImplementation(() => fakeNow);
}

/** Captures `console.warn`, where debug mode's warnings go. */
function captureWarnings(): string[] {
  const lines: string[] = [];
  vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => {
    lines.push(args.map(String).join(" "));
  });
  return lines;
}

function debugLoop(): asyncio.EventLoop {
  return asyncio.newEventLoop({ clock: new asyncio.VirtualClock(), debug: true });
}

/** A place in this file, as a creation site shows it. */
const SITE = String.raw`test/debug\.test\.ts:\d+:\d+`;

afterEach(() => {
  vi.restoreAllMocks();
});

describe("debug mode", () => {
  it("is on with debug: true, setDebug(true), or ASYNCIO_TS_DEBUG for every new loop", () => {
    const plain = virtualLoop();
    expect(plain.getDebug()).toBe(false);
    plain.setDebug(true);
    expect(plain.getDebug()).toBe(true);
    plain.close();
    const saved = process.env.ASYNCIO_TS_DEBUG;
    try {
      process.env.ASYNCIO_TS_DEBUG = "1";
      const fromEnvironment = virtualLoop();
      expect(fromEnvironment.getDebug()).toBe(true);
      fromEnvironment.close();
      process.env.ASYNCIO_TS_DEBUG = "0";
      const off = virtualLoop();
      expect(off.getDebug()).toBe(false);
      off.close();
    } finally {
      if (saved === undefined) delete process.env.ASYNCIO_TS_DEBUG;
      else process.env.ASYNCIO_TS_DEBUG = saved;
    }
  });

  it("costs nothing when off: no observer, no creation sites", async () => {
    const loop = virtualLoop();
    expect(loop._hooks).toBe(null);
    const future = loop.createFuture();
    expect(future.toString()).toBe("<Future pending>");
    expect(asyncio.formatAllTasks(loop)).toBe("0 pending tasks at loop time 0");
    future.cancel();
    await loop.runUntilComplete(asyncio.sleep(0));
    loop.close();
  });
});

describe("slow callbacks", () => {
  it("warns about a callback that runs longer than slowCallbackDuration, naming it and where it was scheduled", async () => {
    stubPerformanceNow();
    const warnings = captureWarnings();
    const loop = debugLoop();
    loop.callSoon(function quick() {
      fakeNow += 99;
    });
    loop.callSoon(function slow(n: number) {
      fakeNow += 150 + n;
    }, 2);
    await loop.runUntilComplete(asyncio.sleep(0));
    loop.close();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`^Executing <Handle slow\\(2\\) created at ${SITE}> took 0\\.152 seconds$`));
  });

  it("names the task when a task step is slow, with where the task was created", async () => {
    stubPerformanceNow();
    const warnings = captureWarnings();
    const loop = debugLoop();
    const hog = asyncio.coroutine(async function hog() {
      fakeNow += 250; // a step that computes for 0.25 s
      await asyncio.sleep(1);
      fakeNow += 10;
    });
    const task = loop.createTask(hog(), { name: "hog" });
    await loop.runUntilComplete(task);
    loop.close();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      new RegExp(
        `^Executing <Task pending name='hog' coro=<hog\\(\\)> wait_for=<Future pending created at [^>]+> created at ${SITE}> took 0\\.250 seconds$`,
      ),
    );
  });

  it("uses the loop's slowCallbackDuration, and says nothing outside debug mode", async () => {
    stubPerformanceNow();
    const warnings = captureWarnings();
    const loop = debugLoop();
    loop.slowCallbackDuration = 0.01;
    loop.callSoon(function medium() {
      fakeNow += 20;
    });
    await loop.runUntilComplete(asyncio.sleep(0));
    expect(warnings.map((w) => w.replace(/ created at .*>/, ">"))).toEqual(["Executing <Handle medium()> took 0.020 seconds"]);
    loop.setDebug(false);
    loop.callSoon(function slowButUnwatched() {
      fakeNow += 500;
    });
    await loop.runUntilComplete(asyncio.sleep(0));
    expect(warnings).toHaveLength(1);
    loop.close();
  });
});

describe("foreign promises", () => {
  it("warns once per task whose native coroutine awaits a promise the loop does not know", async () => {
    const warnings = captureWarnings();
    const loop = debugLoop();
    const fetchLike = asyncio.coroutine(async function fetchLike() {
      await asyncio.sleep(0);
      for (let round = 0; round < 2; round++) {
        // A promise that Node settles later, as a `fetch`'s would be: the loop cannot see it.
        await new Promise((resolve) => setTimeout(resolve, 50));
        await asyncio.sleep(0);
      }
      return "done";
    });
    const task = loop.createTask(fetchLike(), { name: "fetcher" });
    expect(await loop.runUntilComplete(task)).toBe("done");
    loop.close();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      new RegExp(
        `^RuntimeWarning: <Task pending name='fetcher' coro=<fetchLike\\(\\)> created at ${SITE}> is awaiting a promise the event loop does not know; ` +
          "the loop cannot order its wake-up or cancel it there\\. Wrap the promise with asyncio\\.wrapPromise\\(promise\\)",
      ),
    );
  });

  it("does not warn about promises wrapped with wrapPromise", async () => {
    const warnings = captureWarnings();
    const loop = debugLoop();
    const wrapped = asyncio.coroutine(async function wrapped() {
      let value = 0;
      for (let i = 0; i < 3; i++) {
        value += await asyncio.wrapPromise(
          (async () => {
            for (let j = 0; j < 100; j++) await Promise.resolve();
            return 1;
          })(),
        );
      }
      return value;
    });
    expect(await loop.runUntilComplete(loop.createTask(wrapped()))).toBe(3);
    loop.close();
    expect(warnings).toEqual([]);
  });
});

describe("creation sites", () => {
  it("appear in the reprs of handles, futures and tasks", async () => {
    const loop = debugLoop();
    const handle = loop.callLater(1, function later() {});
    const future = loop.createFuture();
    const task = loop.createTask(asyncio.coroutine(async function napping() {
      await asyncio.sleep(5);
    })(), { name: "t" });
    expect(handle.toString()).toMatch(new RegExp(`^<TimerHandle later\\(\\) created at ${SITE} when=1>$`));
    expect(future.toString()).toMatch(new RegExp(`^<Future pending created at ${SITE}>$`));
    expect(asyncio.formatAllTasks(loop)).toMatch(new RegExp(`created at ${SITE}`));
    task.cancel();
    future.cancel();
    await loop.runUntilComplete(asyncio.gather(task, { returnExceptions: true }));
    loop.close();
  });

  it("are shown when a pending task is destroyed and when an exception is never retrieved", async () => {
    const stderr = captureStderr();
    try {
      const loop = debugLoop();
      const pending = loop.createFuture();
      const forever = asyncio.coroutine(async function forever() {
        await pending;
      });
      void loop.createTask(forever(), { name: "forever" });
      const failing = loop.createFuture();
      failing.setException(new asyncio.ValueError("lost"));
      await loop.runUntilComplete(asyncio.sleep(0));
      loop.close();
      expect(stderr.lines).toHaveLength(2);
      const [destroyed, unretrieved] = stderr.lines as [string, string];
      expect(destroyed.split("\n").slice(0, 2)).toEqual([
        "Task was destroyed but it is pending!",
        "Object created at (most recent call last):",
      ]);
      expect(destroyed).toMatch(
        new RegExp(
          `\\n  at (.* \\()?${SITE}\\)?\\n  at EventLoop\\.createTask \\(src/loop\\.ts:\\d+:\\d+\\)\\n` +
            `task: <Task pending name='forever' coro=<forever\\(\\)> wait_for=<Future pending created at ${SITE}> created at ${SITE}>$`,
        ),
      );
      // The context's keys come in alphabetical order, as CPython prints them.
      expect(unretrieved.split("\n").slice(0, 3)).toEqual([
        "Future exception was never retrieved",
        expect.stringMatching(new RegExp(`^future: <Future finished exception=ValueError\\('lost'\\) created at ${SITE}>$`)),
        "Object created at (most recent call last):",
      ]);
      expect(unretrieved).toMatch(/\n {2}at EventLoop\.createFuture \(src\/loop\.ts:\d+:\d+\)\nValueError: lost\n/);
    } finally {
      stderr.restore();
    }
  });

  it("are given to the exception handler as source_traceback, for a failing callback too", async () => {
    const loop = debugLoop();
    const contexts = captureExceptions(loop);
    loop.callSoon(function broken() {
      throw new asyncio.RuntimeError("oops");
    });
    await loop.runUntilComplete(asyncio.sleep(0));
    loop.close();
    expect(contexts).toHaveLength(1);
    const context = contexts[0];
    expect(context.message).toBe("Exception in callback broken()");
    const traceback = context.source_traceback as string[];
    expect(traceback.at(-2)).toMatch(new RegExp(`^  at (.* \\()?${SITE}\\)?$`));
    expect(traceback.at(-1)).toMatch(/^ {2}at EventLoop\.callSoon \(src\/loop\.ts:\d+:\d+\)$/);
  });

  it("show where a coroutine that was never awaited was made, while a loop is in debug mode", () => {
    asyncio.reportNeverAwaited(); // earlier tests' leftovers, if any
    const stderr = captureStderr();
    try {
      const loop = debugLoop();
      const forgotten = asyncio.coroutine(async function forgotten() {});
      void forgotten();
      loop.close();
      const notTracked = forgotten();
      void notTracked;
      asyncio.reportNeverAwaited();
      expect(stderr.lines).toHaveLength(2);
      const [tracked, untracked] = stderr.lines as [string, string];
      expect(tracked.split("\n").slice(0, 2)).toEqual([
        "RuntimeWarning: coroutine 'forgotten' was never awaited",
        "Coroutine created at (most recent call last)",
      ]);
      expect(tracked.split("\n").at(-2)).toMatch(new RegExp(`^  at (.* \\()?${SITE}\\)?$`));
      expect(untracked).toBe("RuntimeWarning: coroutine 'forgotten' was never awaited");
    } finally {
      stderr.restore();
    }
  });
});
