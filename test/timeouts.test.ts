/**
 * `timeout`, `timeoutAt`, `Timeout` and `waitFor` (src/timeouts.ts, and
 * `waitFor` in src/wait.ts), on virtual time: every trace records the loop
 * time of each event, so a deadline that fires a hair late fails the test.
 */
import { describe, expect, it } from "vitest";
import * as asyncio from "asyncio-ts";
import { recorder, virtualRun } from "./helpers.js";

/** The name of what was thrown, and of its cause: `TimeoutError<-CancelledError`. */
function describe_(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.name}<-${error.cause.name}` : error.name;
}

describe("timeout", () => {
  it("fires exactly at its deadline and turns the cancellation into TimeoutError caused by it", async () => {
    const rec = recorder();
    const trace = rec.events;
    const log = (what: string): void => rec.log(what);
    let thrown: unknown;
    await virtualRun(async () => {
      await asyncio.sleep(0.5);
      const cm = asyncio.timeout(1.5);
      log(`deadline ${cm.when()}`);
      try {
        await asyncio.asyncWith(cm, async () => {
          try {
            await asyncio.sleep(10);
          } catch (e) {
            log(`body: ${describe_(e)}, expired=${cm.expired()}`);
            throw e;
          }
        });
      } catch (e) {
        thrown = e;
        log(`caught ${describe_(e)}`);
      }
      log(`cancelling=${asyncio.currentTask()?.cancelling()}`);
    });
    expect(trace).toEqual([
      "0.5 deadline 2",
      "2 body: CancelledError, expired=true",
      "2 caught TimeoutError<-CancelledError",
      "2 cancelling=0",
    ]);
    expect((thrown as Error).message).toBe("");
  });

  it("does nothing when the block ends first, and leaves no timer behind", async () => {
    const rec = recorder();
    const trace = rec.events;
    const log = (what: string): void => rec.log(what);
    await virtualRun(async () => {
      const cm = asyncio.timeout(1);
      const value = await asyncio.asyncWith(cm, async () => {
        await asyncio.sleep(0.25);
        return "done";
      });
      log(`${value} expired=${cm.expired()} ${cm.toString()}`);
      await asyncio.sleep(5);
      log("still running");
    });
    expect(trace).toEqual([
      "0.25 done expired=false <Timeout [finished]>",
      "5.25 still running",
    ]);
  });

  it("fires on the next iteration when the deadline is already past, even around sleep(0)", async () => {
    const rec = recorder();
    const trace = rec.events;
    const log = (what: string): void => rec.log(what);
    await virtualRun(async () => {
      await asyncio.sleep(3);
      for (const cm of [asyncio.timeout(0), asyncio.timeout(-2), asyncio.timeoutAt(1)]) {
        try {
          await asyncio.asyncWith(cm, async () => {
            log("entered");
            await asyncio.sleep(0);
            log("not reached");
          });
        } catch (e) {
          log(`${describe_(e)} when=${cm.when()}`);
        }
      }
    });
    expect(trace).toEqual([
      "3 entered",
      "3 TimeoutError<-CancelledError when=3",
      "3 entered",
      "3 TimeoutError<-CancelledError when=1",
      "3 entered",
      "3 TimeoutError<-CancelledError when=1",
    ]);
  });

  it("with null never fires", async () => {
    const rec = recorder();
    const trace = rec.events;
    const log = (what: string): void => rec.log(what);
    await virtualRun(async () => {
      for (const cm of [asyncio.timeout(null), asyncio.timeoutAt(null)]) {
        await asyncio.asyncWith(cm, async () => {
          log(`${cm.toString()}`);
          await asyncio.sleep(100);
        });
        log(`expired=${cm.expired()}`);
      }
    });
    expect(trace).toEqual([
      "0 <Timeout [active] when=None>",
      "100 expired=false",
      "100 <Timeout [active] when=None>",
      "200 expired=false",
    ]);
  });

  it("timeoutAt takes an absolute loop time", async () => {
    const rec = recorder();
    const trace = rec.events;
    const log = (what: string): void => rec.log(what);
    await virtualRun(async () => {
      await asyncio.sleep(1);
      const cm = asyncio.timeoutAt(4.5);
      try {
        await asyncio.asyncWith(cm, () => asyncio.sleep(10));
      } catch (e) {
        log(`${describe_(e)} when=${cm.when()} ${cm.toString()}`);
      }
    });
    expect(trace).toEqual(["4.5 TimeoutError<-CancelledError when=4.5 <Timeout [expired]>"]);
  });

  it("can be moved later, earlier, and off by another task", async () => {
    const rec = recorder();
    const trace = rec.events;
    const log = (what: string): void => rec.log(what);
    await virtualRun(async () => {
      const entered = asyncio.getRunningLoop().createFuture<asyncio.Timeout>();
      const worker = asyncio.createTask(
        asyncio.coroutine(async () => {
          try {
            await asyncio.asyncWith(asyncio.timeoutAt(1), async (cm) => {
              entered.setResult(cm);
              await asyncio.sleep(100);
            });
          } catch (e) {
            log(describe_(e));
          }
        })(),
      );
      const cm = await entered;
      await asyncio.sleep(0.5);
      cm.reschedule(3);
      log(`moved to ${cm.when()} ${cm.toString()}`);
      await asyncio.sleep(1);
      cm.reschedule(2);
      log(`moved to ${cm.when()}`);
      await worker;

      const patient = asyncio.timeout(1);
      await asyncio.asyncWith(patient, async () => {
        patient.reschedule(null);
        await asyncio.sleep(5);
      });
      log(`patient done, expired=${patient.expired()}`);
    });
    expect(trace).toEqual([
      "0.5 moved to 3 <Timeout [active] when=3>",
      "1.5 moved to 2",
      "2 TimeoutError<-CancelledError",
      "7 patient done, expired=false",
    ]);
  });

  it("moved into the past fires on the next iteration", async () => {
    const rec = recorder();
    const trace = rec.events;
    const log = (what: string): void => rec.log(what);
    await virtualRun(async () => {
      await asyncio.sleep(2);
      try {
        await asyncio.asyncWith(asyncio.timeout(10), async (cm) => {
          cm.reschedule(1);
          log("rescheduled");
          await asyncio.sleep(0);
          log("not reached");
        });
      } catch (e) {
        log(describe_(e));
      }
    });
    expect(trace).toEqual([
      "2 rescheduled",
      "2 TimeoutError<-CancelledError",
    ]);
  });

  it("nested with the same deadline: the inner lets CancelledError through, the outer converts it", async () => {
    const rec = recorder();
    const trace = rec.events;
    const log = (what: string): void => rec.log(what);
    await virtualRun(async () => {
      const outer = asyncio.timeoutAt(1);
      const inner = asyncio.timeoutAt(1);
      try {
        await asyncio.asyncWith(outer, async () => {
          try {
            await asyncio.asyncWith(inner, () => asyncio.sleep(10));
          } catch (e) {
            log(`between: ${describe_(e)}`);
            throw e;
          }
        });
      } catch (e) {
        log(`outside: ${describe_(e)}`);
      }
      log(`outer=${outer.expired()} inner=${inner.expired()} cancelling=${asyncio.currentTask()?.cancelling()}`);
    });
    expect(trace).toEqual([
      "1 between: CancelledError",
      "1 outside: TimeoutError<-CancelledError",
      "1 outer=true inner=true cancelling=0",
    ]);
  });

  it("nested: the inner expires first and alone, the outer later", async () => {
    const rec = recorder();
    const trace = rec.events;
    const log = (what: string): void => rec.log(what);
    await virtualRun(async () => {
      const outer = asyncio.timeout(3);
      try {
        await asyncio.asyncWith(outer, async () => {
          try {
            await asyncio.asyncWith(asyncio.timeout(1), () => asyncio.sleep(10));
          } catch (e) {
            log(`inner: ${describe_(e)}, outer expired=${outer.expired()}`);
          }
          await asyncio.sleep(10);
        });
      } catch (e) {
        log(`outer: ${describe_(e)}`);
      }
    });
    expect(trace).toEqual([
      "1 inner: TimeoutError<-CancelledError, outer expired=false",
      "3 outer: TimeoutError<-CancelledError",
    ]);
  });

  it("nested: the outer expiring first goes through the inner as CancelledError", async () => {
    const rec = recorder();
    const trace = rec.events;
    const log = (what: string): void => rec.log(what);
    await virtualRun(async () => {
      const inner = asyncio.timeout(5);
      try {
        await asyncio.asyncWith(asyncio.timeout(1), async () => {
          try {
            await asyncio.asyncWith(inner, () => asyncio.sleep(10));
          } catch (e) {
            log(`between: ${describe_(e)}, inner expired=${inner.expired()}`);
            throw e;
          }
        });
      } catch (e) {
        log(`outside: ${describe_(e)}`);
      }
    });
    expect(trace).toEqual([
      "1 between: CancelledError, inner expired=false",
      "1 outside: TimeoutError<-CancelledError",
    ]);
  });

  it("lets a cancel from outside through as CancelledError, and never expires", async () => {
    const rec = recorder();
    const trace = rec.events;
    const log = (what: string): void => rec.log(what);
    await virtualRun(async () => {
      const cm = asyncio.timeout(1);
      const task = asyncio.createTask(asyncio.asyncWith(cm, () => asyncio.sleep(10)));
      await asyncio.sleep(0.5);
      task.cancel("stop");
      try {
        await task;
      } catch (e) {
        log(`${describe_(e)} '${(e as Error).message}' cancelled=${task.cancelled()} expired=${cm.expired()}`);
      }
      await asyncio.sleep(2);
      log(`expired=${cm.expired()}`);
    });
    expect(trace).toEqual([
      "0.5 CancelledError 'stop' cancelled=true expired=false",
      "2.5 expired=false",
    ]);
  });

  it("lets a cancel that arrives after it fired, before the block ends, through as CancelledError", async () => {
    const rec = recorder();
    const trace = rec.events;
    const log = (what: string): void => rec.log(what);
    await virtualRun(async () => {
      const cm = asyncio.timeout(1);
      const worker = asyncio.coroutine(async () => {
        await asyncio.asyncWith(cm, async () => {
          try {
            await asyncio.sleep(10);
          } catch (e) {
            log("fired, cleaning up");
            await asyncio.sleep(1);
            throw e;
          }
        });
      });
      const task = asyncio.createTask(worker());
      await asyncio.sleep(1.5);
      task.cancel();
      try {
        await task;
      } catch (e) {
        log(`${describe_(e)} cancelled=${task.cancelled()} expired=${cm.expired()}`);
      }
    });
    expect(trace).toEqual([
      "1 fired, cleaning up",
      "1.5 CancelledError cancelled=true expired=true",
    ]);
  });

  it("keeps the cancellation count of a task that swallowed a cancel, and a new cancel wins", async () => {
    const rec = recorder();
    const trace = rec.events;
    const log = (what: string): void => rec.log(what);
    await virtualRun(async () => {
      const task = asyncio.currentTask() as asyncio.Task;
      task.cancel();
      try {
        await asyncio.sleep(1);
      } catch (e) {
        log(`swallowed ${describe_(e)}, cancelling=${task.cancelling()}`);
      }
      try {
        await asyncio.asyncWith(asyncio.timeout(1), () => asyncio.sleep(5));
      } catch (e) {
        log(`${describe_(e)}, cancelling=${task.cancelling()}`);
      }
      try {
        await asyncio.asyncWith(asyncio.timeout(1), async () => {
          task.cancel();
          await asyncio.sleep(5);
        });
      } catch (e) {
        log(`${describe_(e)}, cancelling=${task.cancelling()}`);
      }
    });
    expect(trace).toEqual([
      "0 swallowed CancelledError, cancelling=1",
      "1 TimeoutError<-CancelledError, cancelling=1",
      "1 CancelledError, cancelling=2",
    ]);
  });

  it("leaves other errors alone, expired or not", async () => {
    const rec = recorder();
    const trace = rec.events;
    const log = (what: string): void => rec.log(what);
    await virtualRun(async () => {
      const quick = asyncio.timeout(1);
      try {
        await asyncio.asyncWith(quick, () => {
          throw new asyncio.ValueError("early");
        });
      } catch (e) {
        log(`${describe_(e)} expired=${quick.expired()}`);
      }
      const late = asyncio.timeout(1);
      try {
        await asyncio.asyncWith(late, async () => {
          try {
            await asyncio.sleep(5);
          } catch {
            throw new asyncio.ValueError("failed cleanup");
          }
        });
      } catch (e) {
        log(`${describe_(e)} expired=${late.expired()} cancelling=${asyncio.currentTask()?.cancelling()}`);
      }
    });
    expect(trace).toEqual([
      "0 ValueError expired=false",
      "1 ValueError expired=true cancelling=0",
    ]);
  });

  it("works in the generator spelling", async () => {
    const rec = recorder();
    const trace = rec.events;
    const log = (what: string): void => rec.log(what);
    await virtualRun(function* () {
      const cm = asyncio.timeout(2);
      try {
        yield* asyncio.asyncWith(cm, function* () {
          yield* asyncio.sleep(1);
          log("halfway");
          yield* asyncio.sleep(5);
        });
      } catch (e) {
        log(describe_(e));
      }
      const value = yield* asyncio.asyncWith(asyncio.timeout(2), function* () {
        yield* asyncio.sleep(1);
        return 42;
      });
      log(`got ${value}`);
    });
    expect(trace).toEqual([
      "1 halfway",
      "2 TimeoutError<-CancelledError",
      "3 got 42",
    ]);
  });

  it("refuses misuse with CPython's messages", async () => {
    const messages: string[] = [];
    const expectRuntimeError = async (action: () => unknown): Promise<void> => {
      try {
        await action();
        messages.push("no error");
      } catch (e) {
        messages.push(`${(e as Error).name}: ${(e as Error).message}`);
      }
    };
    await virtualRun(async () => {
      const cm = asyncio.timeout(1);
      await expectRuntimeError(() => cm.reschedule(2));
      await asyncio.asyncWith(cm, async () => {
        await expectRuntimeError(() => asyncio.asyncWith(cm, () => {}));
      });
      await expectRuntimeError(() => asyncio.asyncWith(cm, () => {}));
      await expectRuntimeError(() => cm.reschedule(2));
      const expiring = asyncio.timeout(1);
      await expectRuntimeError(() =>
        asyncio.asyncWith(expiring, async () => {
          try {
            await asyncio.sleep(2);
          } catch (e) {
            await expectRuntimeError(() => expiring.reschedule(3));
            throw e;
          }
        }),
      );
      await expectRuntimeError(() => expiring.reschedule(3));
    });
    expect(messages).toEqual([
      "RuntimeError: Timeout has not been entered",
      "RuntimeError: Timeout has already been entered",
      "RuntimeError: Timeout has already been entered",
      "RuntimeError: Cannot change state of finished Timeout",
      "RuntimeError: Cannot change state of expiring Timeout",
      "TimeoutError: ",
      "RuntimeError: Cannot change state of expired Timeout",
    ]);
  });

  it("must be entered inside a task", async () => {
    let message = "";
    await virtualRun(async () => {
      const cm = asyncio.timeout(1);
      const done = asyncio.getRunningLoop().createFuture<null>();
      // Step the entry coroutine by hand from a plain callback, as CPython's
      // tests do with a coroutine driven outside any task.
      asyncio.getRunningLoop().callSoon(() => {
        try {
          cm.aenter()[Symbol.iterator]().next();
        } catch (e) {
          message = (e as Error).message;
        }
        done.setResult(null);
      });
      await done;
      try {
        cm.reschedule(2);
      } catch (e) {
        message += ` / ${(e as Error).message}`;
      }
    });
    expect(message).toBe("Timeout should be used inside a task / Timeout has not been entered");
  });

  it("needs a running loop to read the time", () => {
    expect(() => asyncio.timeout(1)).toThrow(new asyncio.RuntimeError("no running event loop"));
    expect(asyncio.timeoutAt(5).when()).toBe(5);
  });
});

describe("waitFor", () => {
  const slow = asyncio.coroutine(async function slow(log: (what: string) => void, delay: number, value: string) {
    log(`${value} started`);
    try {
      await asyncio.sleep(delay);
    } catch (e) {
      log(`${value} ${describe_(e)}`);
      throw e;
    }
    return value;
  });

  it("returns the result in time, runs the coroutine in the calling task, and times out with a cause", async () => {
    const rec = recorder();
    const trace = rec.events;
    const log = (what: string): void => rec.log(what);
    await virtualRun(async () => {
      const me = asyncio.currentTask();
      const inside = asyncio.coroutine(async () => {
        await asyncio.sleep(1);
        return asyncio.currentTask() === me ? "same task" : "another task";
      });
      log(`${await asyncio.waitFor(inside(), 2)}`);
      log(`${await asyncio.waitFor(slow(log, 1, "a"), 2)}`);
      try {
        await asyncio.waitFor(slow(log, 5, "b"), 2);
      } catch (e) {
        log(describe_(e));
      }
      log(`${await asyncio.waitFor(slow(log, 10, "c"), null)}`);
    });
    expect(trace).toEqual([
      "1 same task",
      "1 a started",
      "2 a",
      "2 b started",
      "4 b CancelledError",
      "4 TimeoutError<-CancelledError",
      "4 c started",
      "14 c",
    ]);
  });

  it("with a timeout of 0 never starts a coroutine, but returns a finished future's result", async () => {
    const rec = recorder();
    const trace = rec.events;
    const log = (what: string): void => rec.log(what);
    await virtualRun(async () => {
      try {
        await asyncio.waitFor(slow(log, 1, "never"), 0);
      } catch (e) {
        log(describe_(e));
      }
      const task = asyncio.createTask(slow(log, 0, "quick"));
      await asyncio.sleep(1);
      log(`${await asyncio.waitFor(task, 0)}`);
      try {
        await asyncio.waitFor(slow(log, 1, "negative"), -1);
      } catch (e) {
        log(describe_(e));
      }
    });
    expect(trace).toEqual([
      "0 TimeoutError<-CancelledError",
      "0 quick started",
      "1 quick",
      "1 TimeoutError<-CancelledError",
    ]);
  });

  it("cancels a task it times out, waits for it, and returns a result it still produced", async () => {
    const rec = recorder();
    const trace = rec.events;
    const log = (what: string): void => rec.log(what);
    await virtualRun(async () => {
      const stubborn = asyncio.createTask(
        asyncio.coroutine(async () => {
          try {
            await asyncio.sleep(10);
          } catch {
            log("cleaning up");
            await asyncio.sleep(1);
            log("cleaned up");
          }
          return "late result";
        })(),
      );
      try {
        log(`${await asyncio.waitFor(stubborn, 1)}`);
      } catch (e) {
        log(describe_(e));
      }
    });
    // As in CPython 3.12+: the block never saw a CancelledError (the task
    // swallowed it and returned), so the late result is returned.
    expect(trace).toEqual([
      "1 cleaning up",
      "2 cleaned up",
      "2 late result",
    ]);
  });

  it("lets an outside cancel through as CancelledError, cancelling the inner work", async () => {
    const rec = recorder();
    const trace = rec.events;
    const log = (what: string): void => rec.log(what);
    await virtualRun(async () => {
      const outer = asyncio.createTask(asyncio.waitFor(slow(log, 10, "inner"), 5));
      await asyncio.sleep(1);
      outer.cancel();
      try {
        await outer;
      } catch (e) {
        log(`outer ${describe_(e)}`);
      }
    });
    expect(trace).toEqual([
      "0 inner started",
      "1 inner CancelledError",
      "1 outer CancelledError",
    ]);
  });

  it("works in the generator spelling", async () => {
    const rec = recorder();
    const trace = rec.events;
    const log = (what: string): void => rec.log(what);
    await virtualRun(function* () {
      log(`${yield* asyncio.waitFor(asyncio.sleep(1, "slept"), 2)}`);
      try {
        yield* asyncio.waitFor(asyncio.sleep(5), 2);
      } catch (e) {
        log(describe_(e));
      }
    });
    expect(trace).toEqual([
      "1 slept",
      "3 TimeoutError<-CancelledError",
    ]);
  });
});
