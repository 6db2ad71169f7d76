/**
 * `TaskGroup` (src/taskgroups.ts), on virtual time: each test records what
 * happened at which loop time and compares the whole trace.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import * as asyncio from "asyncio-ts";
import { recorder, virtualRun } from "./helpers.js";

/** `Name(message)` for an error, `ExceptionGroup[...]` for a group, recursively. */
function show(error: unknown): string {
  if (error instanceof asyncio.ExceptionGroup) return `ExceptionGroup[${error.exceptions.map(show).join(", ")}]`;
  if (error instanceof Error) return `${error.name}(${error.message})`;
  return String(error);
}

/** A child that sleeps, then fails with `error` (or returns `value`), logging a cancellation. */
function child(log: (what: string) => void, name: string, delay: number, outcome: { error?: Error; value?: string }) {
  return asyncio.coroutine(async function child() {
    try {
      await asyncio.sleep(delay);
    } catch (e) {
      log(`${name} ${show(e)}`);
      throw e;
    }
    if (outcome.error !== undefined) {
      log(`${name} fails`);
      throw outcome.error;
    }
    log(`${name} returns`);
    return outcome.value;
  })();
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("TaskGroup", () => {
  it("waits for every task, including ones added late and by other tasks", async () => {
    const rec = recorder();
    const trace = rec.events;
    const log = (what: string): void => rec.log(what);
    await virtualRun(async () => {
      let spawned!: asyncio.Task<string | undefined>;
      const tasks = await asyncio.asyncWith(new asyncio.TaskGroup(), async (tg) => {
        const a = tg.createTask(child(log, "a", 2, { value: "A" }), { name: "alpha" });
        const spawner = tg.createTask(
          asyncio.coroutine(async () => {
            await asyncio.sleep(1);
            spawned = tg.createTask(child(log, "spawned", 3, { value: "S" }));
          })(),
        );
        await asyncio.sleep(0.5);
        const b = tg.createTask(child(log, "b", 1, { value: "B" }));
        log(`body ends, a is named ${a.getName()}`);
        return [a, b, spawner];
      });
      log(`group done: ${tasks.map((t) => String(t.result())).join(" ")} ${spawned.result()}`);
    });
    expect(trace).toEqual([
      "0.5 body ends, a is named alpha",
      "1.5 b returns",
      "2 a returns",
      "4 spawned returns",
      "4 group done: A B undefined S",
    ]);
  });

  it("when a child fails, cancels its siblings and the body, and throws its error in a group", async () => {
    const rec = recorder();
    const trace = rec.events;
    const log = (what: string): void => rec.log(what);
    let quiet!: asyncio.Task<string | undefined>;
    await virtualRun(async () => {
      try {
        await asyncio.asyncWith(new asyncio.TaskGroup(), async (tg) => {
          void tg.createTask(child(log, "first", 1, { error: new asyncio.ValueError("one") }));
          void tg.createTask(child(log, "second", 2, { error: new asyncio.RuntimeError("two") }));
          quiet = tg.createTask(child(log, "quiet", 5, { value: "q" }));
          await asyncio.sleep(10);
          log("body not cancelled");
        });
      } catch (e) {
        log(`caught ${show(e)}: ${(e as Error).message}`);
      }
      log(`cancelling=${asyncio.currentTask()?.cancelling()}`);
    });
    expect(trace).toEqual([
      "1 first fails",
      "1 second CancelledError()",
      "1 quiet CancelledError()",
      "1 caught ExceptionGroup[ValueError(one)]: unhandled errors in a TaskGroup",
      "1 cancelling=0",
    ]);
    expect(quiet.cancelled()).toBe(true);
  });

  it("when both children fail, throws both errors in the order they happened", async () => {
    const rec = recorder();
    const trace = rec.events;
    const log = (what: string): void => rec.log(what);
    await virtualRun(async () => {
      const failsOnCancel = asyncio.coroutine(async () => {
        try {
          await asyncio.sleep(10);
        } catch {
          await asyncio.sleep(0.5);
          log("second fails while cancelled");
          throw new asyncio.RuntimeError("two");
        }
      });
      try {
        await asyncio.asyncWith(new asyncio.TaskGroup(), async (tg) => {
          void tg.createTask(child(log, "first", 1, { error: new asyncio.ValueError("one") }));
          void tg.createTask(failsOnCancel());
          await asyncio.sleep(10);
        });
      } catch (e) {
        log(`caught ${show(e)}`);
      }
    });
    expect(trace).toEqual([
      "1 first fails",
      "1.5 second fails while cancelled",
      "1.5 caught ExceptionGroup[ValueError(one), RuntimeError(two)]",
    ]);
  });

  it("when the body fails, cancels the children and puts the body's error last", async () => {
    const rec = recorder();
    const trace = rec.events;
    const log = (what: string): void => rec.log(what);
    await virtualRun(async () => {
      const failsOnCancel = asyncio.coroutine(async () => {
        try {
          await asyncio.sleep(10);
        } catch {
          log("child fails while cancelled");
          throw new asyncio.RuntimeError("child");
        }
      });
      try {
        await asyncio.asyncWith(new asyncio.TaskGroup(), async (tg) => {
          void tg.createTask(child(log, "quiet", 5, {}));
          void tg.createTask(failsOnCancel());
          await asyncio.sleep(1);
          throw new asyncio.ValueError("body");
        });
      } catch (e) {
        log(`caught ${show(e)}`);
      }
    });
    expect(trace).toEqual([
      "1 quiet CancelledError()",
      "1 child fails while cancelled",
      "1 caught ExceptionGroup[RuntimeError(child), ValueError(body)]",
    ]);
  });

  it("when the body fails before any child ran, the children never start", async () => {
    const rec = recorder();
    const trace = rec.events;
    const log = (what: string): void => rec.log(what);
    const started: string[] = [];
    await virtualRun(async () => {
      try {
        await asyncio.asyncWith(new asyncio.TaskGroup(), (tg) => {
          void tg.createTask(
            asyncio.coroutine(async () => {
              started.push("child");
              await asyncio.sleep(1);
            })(),
          );
          throw new asyncio.ValueError("body");
        });
      } catch (e) {
        log(`caught ${show(e)}`);
      }
    });
    expect(trace).toEqual(["0 caught ExceptionGroup[ValueError(body)]"]);
    expect(started).toEqual([]);
  });

  it("passes a cancel from outside to every child, waits for them, then lets CancelledError out", async () => {
    const rec = recorder();
    const trace = rec.events;
    const log = (what: string): void => rec.log(what);
    await virtualRun(async () => {
      const slowToCancel = (name: string, cleanup: number) =>
        asyncio.coroutine(async () => {
          try {
            await asyncio.sleep(10);
          } catch (e) {
            await asyncio.sleep(cleanup);
            log(`${name} cleaned up`);
            throw e;
          }
        })();
      const runner = asyncio.createTask(
        asyncio.asyncWith(new asyncio.TaskGroup(), async (tg) => {
          void tg.createTask(slowToCancel("a", 2));
          void tg.createTask(slowToCancel("b", 1));
          try {
            await asyncio.sleep(10);
          } catch (e) {
            log(`body ${show(e)}`);
            throw e;
          }
        }),
      );
      await asyncio.sleep(1);
      runner.cancel("enough");
      try {
        await runner;
      } catch (e) {
        log(`runner ${show(e)}, cancelled=${runner.cancelled()}`);
      }
    });
    expect(trace).toEqual([
      "1 body CancelledError(enough)",
      "2 b cleaned up",
      "3 a cleaned up",
      "3 runner CancelledError(enough), cancelled=true",
    ]);
  });

  it("when cancelled from outside and a child fails meanwhile, throws the errors and keeps the cancel pending", async () => {
    const rec = recorder();
    const trace = rec.events;
    const log = (what: string): void => rec.log(what);
    await virtualRun(async () => {
      const started = asyncio.getRunningLoop().createFuture<null>();
      const inner = asyncio.coroutine(async () => {
        const task = asyncio.currentTask() as asyncio.Task;
        try {
          await asyncio.asyncWith(new asyncio.TaskGroup(), async (tg) => {
            void tg.createTask(
              asyncio.coroutine(async () => {
                started.setResult(null);
                await asyncio.sleep(0);
                throw new asyncio.RuntimeError("child");
              })(),
            );
            await asyncio.sleep(1);
          });
        } catch (e) {
          log(`inner caught ${show(e)}, cancelling=${task.cancelling()}`);
        }
        try {
          await asyncio.sleep(1);
        } catch (e) {
          log(`next await: ${show(e)}`);
          throw e;
        }
      });
      const t = asyncio.createTask(inner());
      await started;
      t.cancel();
      try {
        await t;
      } catch (e) {
        log(`outer: ${show(e)}, cancelled=${t.cancelled()}`);
      }
    });
    expect(trace).toEqual([
      "0 inner caught ExceptionGroup[RuntimeError(child)], cancelling=1",
      "0 next await: CancelledError()",
      "0 outer: CancelledError(), cancelled=true",
    ]);
  });

  it("nested groups whose children both fail: each group throws its own errors", async () => {
    const rec = recorder();
    const trace = rec.events;
    const log = (what: string): void => rec.log(what);
    await virtualRun(async () => {
      const task = asyncio.currentTask() as asyncio.Task;
      try {
        await asyncio.asyncWith(new asyncio.TaskGroup(), async (outer) => {
          try {
            await asyncio.asyncWith(new asyncio.TaskGroup(), (inner) => {
              void inner.createTask(child(log, "inner child", 1, { error: new asyncio.RuntimeError("inner") }));
              void outer.createTask(child(log, "outer child", 1, { error: new asyncio.ValueError("outer") }));
            });
          } catch (e) {
            log(`inner group: ${show(e)}, cancelling=${task.cancelling()}`);
          }
          await asyncio.sleep(5);
          log("not reached");
        });
      } catch (e) {
        log(`outer group: ${show(e)}, cancelling=${task.cancelling()}`);
      }
    });
    expect(trace).toEqual([
      "1 inner child fails",
      "1 outer child fails",
      "1 inner group: ExceptionGroup[RuntimeError(inner)], cancelling=1",
      "1 outer group: ExceptionGroup[ValueError(outer)], cancelling=0",
    ]);
  });

  it("nested groups: an inner failure reaches the outer group as one ExceptionGroup member", async () => {
    const rec = recorder();
    const trace = rec.events;
    const log = (what: string): void => rec.log(what);
    await virtualRun(async () => {
      try {
        await asyncio.asyncWith(new asyncio.TaskGroup(), async (g1) => {
          void g1.createTask(child(log, "g1 child", 3, { error: new asyncio.ValueError("g1") }));
          await asyncio.asyncWith(new asyncio.TaskGroup(), async (g2) => {
            void g2.createTask(child(log, "g2 child", 1, { error: new asyncio.RuntimeError("g2") }));
            await asyncio.sleep(10);
          });
        });
      } catch (e) {
        log(`caught ${show(e)}`);
      }
    });
    expect(trace).toEqual([
      "1 g2 child fails",
      "1 g1 child CancelledError()",
      "1 caught ExceptionGroup[ExceptionGroup[RuntimeError(g2)]]",
    ]);
  });

  it("a child cancelled on its own is not an error", async () => {
    const rec = recorder();
    const trace = rec.events;
    const log = (what: string): void => rec.log(what);
    await virtualRun(async () => {
      await asyncio.asyncWith(new asyncio.TaskGroup(), async (tg) => {
        const doomed = tg.createTask(child(log, "doomed", 5, {}));
        void tg.createTask(child(log, "kept", 2, {}));
        await asyncio.sleep(1);
        doomed.cancel();
      });
      log("group done");
    });
    expect(trace).toEqual([
      "1 doomed CancelledError()",
      "2 kept returns",
      "2 group done",
    ]);
  });

  it("refuses createTask before entry, while shutting down and after exit", async () => {
    const messages: string[] = [];
    const attempt = (action: () => unknown): void => {
      try {
        action();
        messages.push("no error");
      } catch (e) {
        messages.push(`${(e as Error).name}: ${(e as Error).message}`);
      }
    };
    await virtualRun(async () => {
      const tg = new asyncio.TaskGroup();
      attempt(() => tg.createTask(asyncio.sleep(0)));
      try {
        await asyncio.asyncWith(tg, async () => {
          void tg.createTask(
            asyncio.coroutine(async () => {
              try {
                await asyncio.sleep(5);
              } catch (e) {
                attempt(() => tg.createTask(asyncio.sleep(0)));
                throw e;
              }
            })(),
          );
          void tg.createTask(child(() => {}, "failing", 1, { error: new asyncio.ValueError("x") }));
          try {
            await asyncio.asyncWith(tg, () => {});
          } catch (e) {
            messages.push(`${(e as Error).name}: ${(e as Error).message}`);
          }
        });
      } catch (e) {
        messages.push(show(e));
      }
      attempt(() => tg.createTask(asyncio.sleep(0)));
      const ok = new asyncio.TaskGroup();
      await asyncio.asyncWith(ok, () => {});
      attempt(() => ok.createTask(asyncio.sleep(0)));
    });
    expect(messages).toEqual([
      "RuntimeError: TaskGroup <TaskGroup> has not been entered",
      "RuntimeError: TaskGroup <TaskGroup tasks=2 entered> has already been entered",
      "RuntimeError: TaskGroup <TaskGroup tasks=1 errors=1 cancelling> is shutting down",
      "ExceptionGroup[ValueError(x)]",
      "RuntimeError: TaskGroup <TaskGroup cancelling> is finished",
      "RuntimeError: TaskGroup <TaskGroup entered> is finished",
    ]);
  });

  // CPython closes a coroutine it refuses, so that it is not reported as
  // never awaited (`LazyCoroutine.close()`).
  it(
    "closes a coroutine it refuses, so that it is not reported as never awaited",
    async () => {
      const warn = vi.spyOn(console, "error").mockImplementation(() => {});
      const unused = asyncio.coroutine(async function unused() {});
      asyncio.reportNeverAwaited();
      await virtualRun(async () => {
        const tg = new asyncio.TaskGroup();
        expect(() => tg.createTask(unused())).toThrow(asyncio.RuntimeError);
        await asyncio.asyncWith(tg, () => {});
        expect(() => tg.createTask(unused())).toThrow(asyncio.RuntimeError);
      });
      asyncio.reportNeverAwaited();
      expect(warn.mock.calls.filter(([line]) => String(line).includes("never awaited"))).toEqual([]);
    },
  );

  it("must be entered inside a task", async () => {
    let message = "";
    await virtualRun(async () => {
      const tg = new asyncio.TaskGroup();
      const done = asyncio.getRunningLoop().createFuture<null>();
      asyncio.getRunningLoop().callSoon(() => {
        try {
          tg.aenter()[Symbol.iterator]().next();
        } catch (e) {
          message = (e as Error).message;
        }
        done.setResult(null);
      });
      await done;
    });
    expect(message).toBe("TaskGroup <TaskGroup> cannot determine the parent task");
  });

  it("names its tasks as asked", async () => {
    const names: string[] = [];
    await virtualRun(async () => {
      await asyncio.asyncWith(new asyncio.TaskGroup(), (tg) => {
        names.push(tg.createTask(asyncio.sleep(0), { name: "yolo" }).getName());
        names.push(tg.createTask(asyncio.sleep(0)).getName().replace(/\d+$/, "N"));
      });
    });
    expect(names).toEqual(["yolo", "Task-N"]);
  });

  it("works in the generator spelling", async () => {
    const rec = recorder();
    const trace = rec.events;
    const log = (what: string): void => rec.log(what);
    await virtualRun(function* () {
      const worker = asyncio.coroutine(function* (name: string, delay: number) {
        yield* asyncio.sleep(delay);
        log(`${name} done`);
        if (name === "bad") throw new asyncio.ValueError(name);
        return name;
      });
      const results = yield* asyncio.asyncWith(new asyncio.TaskGroup(), function* (tg) {
        const tasks = [tg.createTask(worker("x", 2)), tg.createTask(worker("y", 1))];
        yield* asyncio.sleep(0.5);
        return tasks;
      });
      log(results.map((t) => t.result()).join(","));
      try {
        yield* asyncio.asyncWith(new asyncio.TaskGroup(), function* (tg) {
          void tg.createTask(worker("bad", 1));
          yield* asyncio.sleep(5);
        });
      } catch (e) {
        log(show(e));
      }
    });
    expect(trace).toEqual([
      "1 y done",
      "2 x done",
      "2 x,y",
      "3 bad done",
      "3 ExceptionGroup[ValueError(bad)]",
    ]);
  });

  it("works with await using, which waits for the tasks at the end of the scope", async () => {
    const rec = recorder();
    const trace = rec.events;
    const log = (what: string): void => rec.log(what);
    await virtualRun(async () => {
      {
        await using tg = await new asyncio.TaskGroup().aenter();
        void tg.createTask(child(log, "child", 1, {}));
        log("scope ends");
      }
      log("after the scope");
    });
    expect(trace).toEqual([
      "0 scope ends",
      "1 child returns",
      "1 after the scope",
    ]);
  });

  it("shows its state like CPython's repr", async () => {
    const seen: string[] = [];
    await virtualRun(async () => {
      const tg = new asyncio.TaskGroup();
      seen.push(tg.toString());
      await asyncio.asyncWith(tg, (group) => {
        seen.push(group.toString());
        void group.createTask(asyncio.sleep(1));
        seen.push(group.toString());
      });
      seen.push(tg.toString());
    });
    expect(seen).toEqual(["<TaskGroup>", "<TaskGroup entered>", "<TaskGroup tasks=1 entered>", "<TaskGroup entered>"]);
  });
});
