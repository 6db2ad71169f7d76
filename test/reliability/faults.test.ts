/**
 * Fault containment: an error thrown by each kind of user code reaches the
 * channel CPython sends it to, and the loop goes on running its other work.
 *
 * - a plain callback, a done callback: the loop's exception handler, with
 *   the handle;
 * - a task: the task's exception (and, if nobody looks, the report at close);
 * - the exception handler itself: the default handler, on standard error;
 * - a task factory: the caller of `createTask`;
 * - an `asyncWith` exit: the code around the `asyncWith`, in place of the
 *   body's error;
 * - a native promise rejected inside a task: that task's exception, never an
 *   `unhandledRejection` of the process (every test here also listens for
 *   those, and one test runs a fault-heavy script under
 *   `node --unhandled-rejections=strict`);
 * - `close()` with work still pending: each pending task and each failure
 *   nobody retrieved is reported, and the loop lets go of everything.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as asyncio from "asyncio-ts";
import { EMPTY_LOOP, captureHandler, describeThrown, erasedTask, loopContents, virtualLoop, failOnUnhandledRejections } from "./support.js";

afterEach(() => {
  vi.restoreAllMocks();
});
failOnUnhandledRejections();

/** The handler's contexts in short: `message | exception`. */
function summary(contexts: readonly asyncio.ExceptionContext[]): string[] {
  return contexts.map((c) => `${c.message}${c.exception === undefined ? "" : ` | ${describeThrown(c.exception)}`}`);
}

/** What `console.error` receives, one string per call; restored after each test. */
function captureStderr(): string[] {
  const lines: string[] = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    lines.push(args.map((arg) => (arg instanceof Error ? describeThrown(arg) : String(arg))).join(" "));
  });
  return lines;
}

/** Runs `main` on `loop` until it completes, then closes the loop; returns main's result. */
async function runOn<T>(loop: asyncio.EventLoop, main: () => Promise<T>): Promise<T> {
  try {
    return await loop.runUntilComplete(asyncio.coroutine(main)());
  } finally {
    loop.close();
  }
}

class Boom extends Error {
  constructor(what: string) {
    super(what);
    this.name = "Boom";
  }
}

describe("an error thrown by a plain callback", () => {
  it("goes to the exception handler with its handle, and the loop runs the rest of the pass and later passes", async () => {
    const loop = virtualLoop();
    const contexts = captureHandler(loop);
    const ran: string[] = [];
    function failing(n: number): void {
      throw new Boom(`callback ${n}`);
    }
    loop.callSoon(failing, 1);
    const handle = loop.callSoon(() => ran.push(`same pass at ${loop.time()}`));
    loop.callLater(1, failing, 2);
    loop.callLater(2, () => {
      ran.push(`later at ${loop.time()}`);
      loop.stop();
    });
    await loop.runForever();
    loop.close();
    expect(ran).toEqual(["same pass at 0", "later at 2"]);
    expect(summary(contexts)).toEqual(["Exception in callback failing(1) | Boom: callback 1", "Exception in callback failing(2) | Boom: callback 2"]);
    expect(contexts[0].handle).toBeInstanceOf(asyncio.Handle);
    expect(contexts[0].handle).not.toBe(handle);
    expect(contexts[1].handle).toBeInstanceOf(asyncio.TimerHandle);
  });

  it("is reported even when the callback throws something that is not an Error", async () => {
    const loop = virtualLoop();
    const contexts = captureHandler(loop);
    for (const value of [undefined, null, "text", 42]) {
      loop.callSoon(function throwsValue() {
        // eslint-disable-next-line @typescript-eslint/only-throw-error
        throw value;
      });
    }
    loop.callSoon(() => loop.stop());
    await loop.runForever();
    loop.close();
    expect(contexts.map((c) => [c.message, c.exception])).toEqual([
      ["Exception in callback throwsValue()", undefined],
      ["Exception in callback throwsValue()", null],
      ["Exception in callback throwsValue()", "text"],
      ["Exception in callback throwsValue()", 42],
    ]);
    expect(contexts.every((c) => "exception" in c)).toBe(true);
  });
});

describe("an error thrown by a done callback", () => {
  it("goes to the exception handler, and the future's other callbacks and its awaiters still run", async () => {
    const loop = virtualLoop();
    const contexts = captureHandler(loop);
    const events: string[] = [];
    const result = await runOn(loop, async () => {
      const fut = loop.createFuture<number>();
      fut.addDoneCallback(function first() {
        events.push("first");
      });
      fut.addDoneCallback(function broken() {
        throw new Boom("done callback");
      });
      fut.addDoneCallback(function third(f) {
        events.push(`third sees ${f.result()}`);
      });
      loop.callLater(1, () => fut.setResult(7));
      const value = await fut;
      events.push(`awaiter got ${value} at ${loop.time()}`);
      return value;
    });
    expect(result).toBe(7);
    expect(events).toEqual(["first", "third sees 7", "awaiter got 7 at 1"]);
    expect(summary(contexts)).toEqual(["Exception in callback broken(<Future finished result=7>) | Boom: done callback"]);
  });

  it("of a task goes to the exception handler, and the task's awaiter still gets its result", async () => {
    const loop = virtualLoop();
    const contexts = captureHandler(loop);
    const value = await runOn(loop, async () => {
      const task = asyncio.createTask(asyncio.sleep(1, "slept"));
      task.addDoneCallback(() => {
        throw new Boom("task done callback");
      });
      return await task;
    });
    expect(value).toBe("slept");
    expect(summary(contexts)).toEqual([expect.stringMatching(/^Exception in callback .* \| Boom: task done callback$/)]);
  });
});

describe("an error raised by a task", () => {
  it("becomes the task's exception, in each coroutine shape, and other tasks go on", async () => {
    const loop = virtualLoop();
    const contexts = captureHandler(loop);
    const outcomes = await runOn(loop, async () => {
      const generator = asyncio.createTask(
        (function* () {
          yield* asyncio.sleep(1);
          throw new Boom("generator");
        })(),
      );
      const lazy = asyncio.createTask(
        asyncio.coroutine(async () => {
          await asyncio.sleep(1);
          throw new Boom("lazy");
        })(),
      );
      const eager = asyncio.createTask(
        (async () => {
          throw new Boom("eager, before any await");
        })(),
      );
      const bystander = asyncio.createTask(asyncio.coroutine(async () => asyncio.sleep(2, "bystander done"))());
      const all = await asyncio.gather(generator, lazy, eager, bystander, { returnExceptions: true });
      return [...all.map((x) => (x instanceof Error ? describeThrown(x) : x)), loop.time()];
    });
    expect(outcomes).toEqual(["Boom: generator", "Boom: lazy", "Boom: eager, before any await", "bystander done", 2]);
    expect(contexts).toEqual([]);
  });

  it("that nobody retrieves is reported when the loop closes, once per task", async () => {
    const loop = virtualLoop();
    const contexts = captureHandler(loop);
    await loop.runUntilComplete(
      asyncio.coroutine(async () => {
        void asyncio.createTask(asyncio.coroutine(async () => {
          throw new Boom("ignored");
        })());
        await asyncio.sleep(1);
      })(),
    );
    expect(contexts).toEqual([]);
    loop.close();
    expect(summary(contexts)).toEqual(["Task exception was never retrieved | Boom: ignored"]);
  });

  it("that throws undefined still fails the task, and awaiting it throws undefined", async () => {
    const loop = virtualLoop();
    captureHandler(loop);
    const seen = await runOn(loop, async () => {
      const task = asyncio.createTask(
        (function* () {
          yield* asyncio.sleep(0);
          // eslint-disable-next-line @typescript-eslint/only-throw-error
          throw undefined;
        })(),
      );
      try {
        await task;
        return "no error";
      } catch (error) {
        return `caught ${String(error)}, done=${task.done()}, cancelled=${task.cancelled()}`;
      }
    });
    expect(seen).toBe("caught undefined, done=true, cancelled=false");
  });
});

describe("an error thrown by the exception handler itself", () => {
  it("is written by the default handler, and the loop goes on", async () => {
    const stderr = captureStderr();
    const loop = virtualLoop();
    loop.setExceptionHandler(() => {
      throw new Boom("handler");
    });
    const ran: number[] = [];
    loop.callSoon(function failing() {
      throw new Boom("callback");
    });
    loop.callLater(1, () => {
      ran.push(loop.time());
      loop.stop();
    });
    await loop.runForever();
    loop.close();
    expect(ran).toEqual([1]);
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatch(/^Unhandled error in exception handler\n/);
    expect(stderr[0]).toContain("Boom: handler");
  });

  it("is contained at close too", async () => {
    const stderr = captureStderr();
    const loop = virtualLoop();
    loop.setExceptionHandler(() => {
      throw new Boom("handler at close");
    });
    await loop.runUntilComplete(
      asyncio.coroutine(async () => {
        void asyncio.createTask(asyncio.sleep(10));
        await asyncio.sleep(1);
      })(),
    );
    expect(() => loop.close()).not.toThrow();
    expect(loop.isClosed()).toBe(true);
    expect(stderr.some((line) => line.startsWith("Unhandled error in exception handler"))).toBe(true);
  });
});

describe("an error thrown by a task factory", () => {
  it("reaches the caller of createTask, and the loop and the other tasks go on", async () => {
    const loop = virtualLoop();
    const contexts = captureHandler(loop);
    const events = await runOn(loop, async () => {
      const events: string[] = [];
      const other = asyncio.createTask(asyncio.coroutine(async () => asyncio.sleep(1, "other done"))());
      loop.setTaskFactory(() => {
        throw new Boom("factory");
      });
      try {
        void asyncio.createTask((function* () {})());
      } catch (error) {
        events.push(`createTask threw ${describeThrown(error)}`);
      }
      loop.setTaskFactory(null);
      events.push(await other);
      events.push(`at ${loop.time()}`);
      return events;
    });
    expect(events).toEqual(["createTask threw Boom: factory", "other done", "at 1"]);
    expect(contexts).toEqual([]);
  });
});

describe("an error thrown by an asyncWith exit", () => {
  /** A context manager whose exit throws (and records what it saw). */
  function failingExit(seen: string[]): asyncio.AsyncContextManager<string> {
    return {
      aenter: () => "entered",
      aexit: (error: unknown, hasError: boolean) => {
        seen.push(hasError ? `exit saw ${describeThrown(error)}` : "exit saw no error");
        throw new Boom("exit");
      },
    };
  }

  it("replaces the body's error or result, in both spellings, and the task goes on", async () => {
    const loop = virtualLoop();
    const contexts = captureHandler(loop);
    const seen: string[] = [];
    await runOn(loop, async () => {
      for (const bodyFails of [false, true]) {
        try {
          await asyncio.asyncWith(failingExit(seen), async () => {
            await asyncio.sleep(1);
            if (bodyFails) throw new Boom("body");
            return "body result";
          });
        } catch (error) {
          seen.push(`native caught ${describeThrown(error)} at ${loop.time()}`);
        }
      }
      const generator = asyncio.createTask(
        (function* () {
          try {
            yield* asyncio.asyncWith(failingExit(seen), function* () {
              yield* asyncio.sleep(1);
              throw new Boom("generator body");
            });
          } catch (error) {
            seen.push(`generator caught ${describeThrown(error)} at ${loop.time()}`);
          }
          return "generator task finished";
        })(),
      );
      seen.push(await generator);
    });
    expect(seen).toEqual([
      "exit saw no error",
      "native caught Boom: exit at 1",
      "exit saw Boom: body",
      "native caught Boom: exit at 2",
      "exit saw Boom: generator body",
      "generator caught Boom: exit at 3",
      "generator task finished",
    ]);
    expect(contexts).toEqual([]);
  });

  it("when the enter throws, skips the body and the exit", async () => {
    const loop = virtualLoop();
    const seen: string[] = [];
    const outcome = await runOn(loop, async () => {
      try {
        await asyncio.asyncWith(
          {
            aenter: () => {
              throw new Boom("enter");
            },
            aexit: () => {
              seen.push("exit");
              return false;
            },
          },
          () => {
            seen.push("body");
          },
        );
        return "no error";
      } catch (error) {
        return describeThrown(error);
      }
    });
    expect(outcome).toBe("Boom: enter");
    expect(seen).toEqual([]);
  });
});

describe("a native promise rejected inside a task", () => {
  it("becomes the task's exception, whatever the shape of the rejection", async () => {
    const loop = virtualLoop();
    const contexts = captureHandler(loop);
    const outcomes = await runOn(loop, async () => {
      const makers: (() => Promise<unknown>)[] = [
        async () => await Promise.reject(new Boom("awaited rejection")),
        async () => {
          await asyncio.sleep(1);
          await new Promise((_resolve, reject) => queueMicrotask(() => reject(new Boom("rejected in a microtask"))));
        },
        async () => await asyncio.wrapPromise(Promise.reject(new Boom("wrapped rejection"))),
        async () => {
          const thenable: PromiseLike<unknown> = {
            then: (): never => {
              throw new Boom("thenable's then threw");
            },
          };
          return await thenable;
        },
        // A rejection inside Promise.all, with a second one that is never looked at.
        async () => await Promise.all([Promise.reject(new Boom("first of all")), Promise.reject(new Boom("second of all"))]),
      ];
      const tasks = makers.map((make) => asyncio.createTask(asyncio.coroutine(make)()));
      const results = await asyncio.gather(tasks, { returnExceptions: true });
      return results.map(describeThrown);
    });
    expect(outcomes).toEqual([
      "Boom: awaited rejection",
      "Boom: rejected in a microtask",
      "Boom: wrapped rejection",
      "Boom: thenable's then threw",
      "Boom: first of all",
    ]);
    expect(contexts).toEqual([]);
  });

  it("of a task nobody awaits is reported at close, never as an unhandled rejection", async () => {
    const loop = virtualLoop();
    const contexts = captureHandler(loop);
    await loop.runUntilComplete(
      asyncio.coroutine(async () => {
        void asyncio.createTask(
          (async () => {
            await asyncio.sleep(0);
            await Promise.reject(new Boom("nobody looks"));
          })(),
        );
        await asyncio.sleep(1);
      })(),
    );
    loop.close();
    expect(summary(contexts)).toEqual(["Task exception was never retrieved | Boom: nobody looks"]);
  });

  it("fails asyncio.run with the main task's error, and the rejection is the caller's to handle", async () => {
    const outcome = await asyncio
      .run(
        async () => {
          await asyncio.sleep(1);
          await Promise.reject(new Boom("main"));
        },
        { clock: new asyncio.VirtualClock() },
      )
      .then(
        () => "resolved",
        (error: unknown) => describeThrown(error),
      );
    expect(outcome).toBe("Boom: main");
  });
});

describe("close() with work still pending", () => {
  it("reports each pending task and each unretrieved failure, runs nothing, and lets go of everything", async () => {
    const loop = virtualLoop();
    const contexts = captureHandler(loop);
    const ran: string[] = [];
    const finallies: string[] = [];
    let tasks: asyncio.Task<unknown>[] = [];
    await loop.runUntilComplete(
      asyncio.coroutine(async () => {
        tasks = [
          erasedTask(asyncio.createTask(
            (function* () {
              try {
                yield* asyncio.sleep(100);
              } finally {
                finallies.push("generator");
              }
            })(),
            { name: "sleeper" },
          )),
          asyncio.createTask(loop.createFuture(), { name: "on a future" }),
          erasedTask(asyncio.createTask(asyncio.coroutine(async () => asyncio.sleep(5))(), { name: "lazy" })),
        ];
        const failed = loop.createFuture();
        failed.setException(new Boom("future nobody read"));
        void asyncio.createTask(asyncio.coroutine(async () => {
          throw new Boom("task nobody read");
        })(), { name: "failed" });
        await asyncio.sleep(1);
        loop.callLater(3, () => ran.push("timer"));
      })(),
    );
    loop.callSoon(() => ran.push("ready callback"));
    expect(loopContents(loop)).toMatchObject({ ready: 1, liveTimers: 3, tasks: 3 });
    loop.close();
    expect(ran).toEqual([]);
    expect(finallies).toEqual([]);
    expect(summary(contexts).sort()).toEqual(
      [
        "Task was destroyed but it is pending!",
        "Task was destroyed but it is pending!",
        "Task was destroyed but it is pending!",
        "Future exception was never retrieved | Boom: future nobody read",
        "Task exception was never retrieved | Boom: task nobody read",
      ].sort(),
    );
    expect(contexts.filter((c) => c.task !== undefined).map((c) => c.task?.getName())).toEqual(["sleeper", "on a future", "lazy"]);
    expect(loopContents(loop)).toEqual(EMPTY_LOOP);
    expect(tasks.every((task) => !task.done())).toBe(true);
    // Closing twice is allowed and reports nothing more.
    loop.close();
    expect(contexts).toHaveLength(5);
  });

  it("leaves a closed loop that refuses new work with Python's message", async () => {
    const loop = virtualLoop();
    loop.close();
    const refusals: string[] = [];
    const attempts: [string, () => unknown][] = [
      ["callSoon", () => loop.callSoon(() => {})],
      ["callLater", () => loop.callLater(1, () => {})],
      ["callAt", () => loop.callAt(1, () => {})],
      ["createTask", () => loop.createTask((function* () {})())],
    ];
    for (const [name, attempt] of attempts) {
      try {
        attempt();
        refusals.push(`${name}: accepted`);
      } catch (error) {
        refusals.push(`${name}: ${describeThrown(error)}`);
      }
    }
    for (const [name, attempt] of [
      ["runForever", () => loop.runForever()],
      ["runUntilComplete", () => loop.runUntilComplete(loop.createFuture())],
    ] as const) {
      await attempt().then(
        () => refusals.push(`${name}: accepted`),
        (error: unknown) => refusals.push(`${name}: ${describeThrown(error)}`),
      );
    }
    expect(refusals).toEqual([
      "callSoon: RuntimeError: Event loop is closed",
      "callLater: RuntimeError: Event loop is closed",
      "callAt: RuntimeError: Event loop is closed",
      "createTask: RuntimeError: Event loop is closed",
      "runForever: RuntimeError: Event loop is closed",
      "runUntilComplete: RuntimeError: Event loop is closed",
    ]);
  });
});

describe("the loop keeps running through a storm of faults", () => {
  it("contains a thousand failures of every kind in one run and still finishes on time", async () => {
    const loop = virtualLoop();
    const contexts = captureHandler(loop);
    const finished = await runOn(loop, async () => {
      const tasks: asyncio.Task<unknown>[] = [];
      for (let i = 0; i < 1000; i++) {
        switch (i % 4) {
          case 0:
            loop.callLater(i / 100, () => {
              throw new Boom(`callback ${i}`);
            });
            break;
          case 1: {
            const fut = loop.createFuture();
            fut.addDoneCallback(() => {
              throw new Boom(`done callback ${i}`);
            });
            loop.callLater(i / 100, () => fut.setResult(i));
            break;
          }
          case 2:
            tasks.push(erasedTask(asyncio.createTask(asyncio.coroutine(async () => {
              await asyncio.sleep(i / 100);
              await Promise.reject(new Boom(`task ${i}`));
            })())));
            break;
          case 3:
            tasks.push(erasedTask(asyncio.createTask(asyncio.coroutine(async () => asyncio.sleep(i / 100, i))())));
            break;
        }
      }
      const results = await asyncio.gather(tasks, { returnExceptions: true });
      return [results.filter((r) => r instanceof Boom).length, results.filter((r) => typeof r === "number").length, loop.time()];
    });
    expect(finished).toEqual([250, 250, 9.99]);
    expect(contexts).toHaveLength(500);
    expect(new Set(contexts.map((c) => c.message.replace(/\(.*$/, "")))).toEqual(new Set(["Exception in callback <anonymous>"]));
  });
});

describe("under node --unhandled-rejections=strict", () => {
  it("runs a script full of failing tasks, callbacks and rejections to the end with exit code 0", async () => {
    const script = fileURLToPath(new URL("./fixtures/strict-faults.ts", import.meta.url));
    const root = fileURLToPath(new URL("../..", import.meta.url));
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ["--unhandled-rejections=strict", "--import", "tsx", script],
        { cwd: root, timeout: 60_000, env: { ...process.env, ASYNCIO_TS_CLOCK: "virtual" } },
        (error, stdout, stderr) => resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : null, stdout, stderr }),
      );
    });
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout.trim().split("\n")).toEqual([
      "task failures: 4",
      "handler reports: 2",
      "never retrieved at close: 1",
      "finished at 3",
    ]);
  }, 60_000);
});
