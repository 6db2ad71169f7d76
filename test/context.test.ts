/**
 * `asyncWith` and the async context manager protocol (src/context.ts): the
 * order of the calls, what the exit sees and what it may do with the body's
 * error, both spellings, and the types users get back.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import * as asyncio from "asyncio-ts";
import { recorder, virtualRun } from "./helpers.js";

function show(value: unknown): string {
  if (value instanceof Error) return `${value.name}(${value.message})`;
  return String(value);
}

/** A manager that records its calls, takes a second to enter and to exit, and swallows errors if asked. */
class Tracer implements asyncio.AsyncContextManager<string> {
  constructor(
    private readonly log: (what: string) => void,
    private readonly name: string,
    private readonly options: { swallow?: boolean; failExit?: boolean } = {},
  ) {}

  async aenter(): Promise<string> {
    this.log(`${this.name} enter`);
    await asyncio.sleep(1);
    return `${this.name}-value`;
  }

  async aexit(exc: unknown, hasError: boolean): Promise<boolean> {
    this.log(`${this.name} exit hasError=${hasError} exc=${show(exc)}`);
    await asyncio.sleep(1);
    if (this.options.failExit) throw new asyncio.RuntimeError("from exit");
    return this.options.swallow ?? false;
  }
}

describe("asyncWith", () => {
  it("enters, runs the body with the entered value, exits, and returns the body's result", async () => {
    const rec = recorder();
    const trace = rec.events;
    const log = (what: string): void => rec.log(what);
    await virtualRun(async () => {
      const result = await asyncio.asyncWith(new Tracer(log, "cm"), async (value) => {
        log(`body got ${value}`);
        await asyncio.sleep(1);
        return 42;
      });
      log(`result ${result}`);
    });
    expect(trace).toEqual([
      "0 cm enter",
      "1 body got cm-value",
      "2 cm exit hasError=false exc=undefined",
      "3 result 42",
    ]);
  });

  it("shows the body's error to the exit and rethrows that very error", async () => {
    const rec = recorder();
    const trace = rec.events;
    const log = (what: string): void => rec.log(what);
    const error = new asyncio.ValueError("boom");
    let caught: unknown;
    await virtualRun(async () => {
      try {
        await asyncio.asyncWith(new Tracer(log, "cm"), () => {
          throw error;
        });
      } catch (e) {
        caught = e;
        log(`caught ${show(e)}`);
      }
    });
    expect(caught).toBe(error);
    expect(trace).toEqual([
      "0 cm enter",
      "1 cm exit hasError=true exc=ValueError(boom)",
      "2 caught ValueError(boom)",
    ]);
  });

  it("tells a thrown undefined from no error", async () => {
    const rec = recorder();
    const trace = rec.events;
    const log = (what: string): void => rec.log(what);
    await virtualRun(async () => {
      try {
        await asyncio.asyncWith(new Tracer(log, "cm"), () => {
          // eslint-disable-next-line @typescript-eslint/only-throw-error
          throw undefined;
        });
      } catch (e) {
        log(`caught ${show(e)}`);
      }
    });
    expect(trace).toEqual([
      "0 cm enter",
      "1 cm exit hasError=true exc=undefined",
      "2 caught undefined",
    ]);
  });

  it("swallows the error when the exit returns true, and then resolves to undefined", async () => {
    const rec = recorder();
    const trace = rec.events;
    const log = (what: string): void => rec.log(what);
    await virtualRun(async () => {
      const result = await asyncio.asyncWith(new Tracer(log, "cm", { swallow: true }), (): number => {
        throw new asyncio.ValueError("ignored");
      });
      log(`result ${result}`);
    });
    expect(trace).toEqual([
      "0 cm enter",
      "1 cm exit hasError=true exc=ValueError(ignored)",
      "2 result undefined",
    ]);
  });

  it("lets an error thrown by the exit replace the body's", async () => {
    const rec = recorder();
    const trace = rec.events;
    const log = (what: string): void => rec.log(what);
    await virtualRun(async () => {
      for (const fails of [true, false]) {
        try {
          await asyncio.asyncWith(new Tracer(log, "cm", { failExit: true }), () => {
            if (fails) throw new asyncio.ValueError("body");
          });
        } catch (e) {
          log(`caught ${show(e)}`);
        }
      }
    });
    expect(trace).toEqual([
      "0 cm enter",
      "1 cm exit hasError=true exc=ValueError(body)",
      "2 caught RuntimeError(from exit)",
      "2 cm enter",
      "3 cm exit hasError=false exc=undefined",
      "4 caught RuntimeError(from exit)",
    ]);
  });

  it("runs neither body nor exit when entering fails", async () => {
    const rec = recorder();
    const trace = rec.events;
    const log = (what: string): void => rec.log(what);
    const failing: asyncio.AsyncContextManager<void> = {
      aenter() {
        log("enter");
        throw new asyncio.RuntimeError("cannot enter");
      },
      aexit() {
        log("exit");
        return false;
      },
    };
    await virtualRun(async () => {
      try {
        await asyncio.asyncWith(failing, () => log("body"));
      } catch (e) {
        log(`caught ${show(e)}`);
      }
    });
    expect(trace).toEqual([
      "0 enter",
      "0 caught RuntimeError(cannot enter)",
    ]);
  });

  it("accepts managers and bodies that answer at once, without a promise", async () => {
    const rec = recorder();
    const trace = rec.events;
    const log = (what: string): void => rec.log(what);
    const plain = {
      aenter: () => "plain",
      aexit: (_exc: unknown, hasError: boolean) => {
        log(`exit ${hasError}`);
        return hasError;
      },
    };
    await virtualRun(async () => {
      log(`got ${await asyncio.asyncWith(plain, (value) => value.toUpperCase())}`);
      log(`got ${await asyncio.asyncWith(plain, () => {
        throw new asyncio.ValueError("swallowed");
      })}`);
    });
    expect(trace).toEqual([
      "0 exit false",
      "0 got PLAIN",
      "0 exit true",
      "0 got undefined",
    ]);
  });

  it("runs a function* body from an async caller, and an async body from a generator caller", async () => {
    const rec = recorder();
    const trace = rec.events;
    const log = (what: string): void => rec.log(what);
    await virtualRun(async () => {
      const fromGenerator = await asyncio.asyncWith(new Tracer(log, "a"), function* (value) {
        yield* asyncio.sleep(1);
        return `${value} via function*`;
      });
      log(String(fromGenerator));
    });
    await virtualRun(function* () {
      const fromAsync = yield* asyncio.asyncWith(new Tracer(log, "b"), async (value) => {
        await asyncio.sleep(1);
        return `${value} via async`;
      });
      log(String(fromAsync));
    });
    expect(trace).toEqual([
      "0 a enter",
      "2 a exit hasError=false exc=undefined",
      "3 a-value via function*",
      "0 b enter",
      "2 b exit hasError=false exc=undefined",
      "3 b-value via async",
    ]);
  });

  it("runs the manager and the body in the caller's task, at any depth, in both spellings", async () => {
    const seen: string[] = [];
    const whose = (me: asyncio.Task | null, where: string): void => {
      seen.push(`${where}: ${asyncio.currentTask() === me ? "caller" : "other"}`);
    };
    const manager = (me: asyncio.Task | null, name: string): asyncio.AsyncContextManager<null> => ({
      aenter: () => {
        whose(me, `${name} enter`);
        return null;
      },
      aexit: () => {
        whose(me, `${name} exit`);
        return false;
      },
    });
    await virtualRun(async () => {
      const me = asyncio.currentTask();
      await asyncio.asyncWith(manager(me, "outer"), async () => {
        await asyncio.sleep(1);
        await asyncio.asyncWith(manager(me, "inner"), async () => {
          await asyncio.sleep(1);
          whose(me, "inner body");
        });
      });
    });
    await virtualRun(function* () {
      const me = asyncio.currentTask();
      yield* asyncio.asyncWith(manager(me, "outer"), function* () {
        yield* asyncio.sleep(1);
        yield* asyncio.asyncWith(manager(me, "inner"), function* () {
          yield* asyncio.sleep(1);
          whose(me, "inner body");
        });
      });
    });
    const once = ["outer enter", "inner enter", "inner body", "inner exit", "outer exit"].map((w) => `${w}: caller`);
    expect(seen).toEqual([...once, ...once]);
  });

  it("is lazy: nothing runs until it is awaited, and it can be a task of its own", async () => {
    const rec = recorder();
    const trace = rec.events;
    const log = (what: string): void => rec.log(what);
    await virtualRun(async () => {
      const statement = asyncio.asyncWith(new Tracer(log, "cm"), () => "done");
      log("made");
      await asyncio.sleep(1);
      const task = asyncio.createTask(statement);
      log(`task result ${await task}`);
    });
    expect(trace).toEqual([
      "0 made",
      "1 cm enter",
      "2 cm exit hasError=false exc=undefined",
      "3 task result done",
    ]);
  });

  it("shows a cancellation of the task to the exit", async () => {
    const rec = recorder();
    const trace = rec.events;
    const log = (what: string): void => rec.log(what);
    await virtualRun(async () => {
      const task = asyncio.createTask(asyncio.asyncWith(new Tracer(log, "cm"), () => asyncio.sleep(10)));
      await asyncio.sleep(2);
      task.cancel("stop");
      try {
        await task;
      } catch (e) {
        log(`task ${show(e)}`);
      }
    });
    expect(trace).toEqual([
      "0 cm enter",
      "2 cm exit hasError=true exc=CancelledError(stop)",
      "3 task CancelledError(stop)",
    ]);
  });

  it("refuses what is not an async context manager with CPython's TypeError", async () => {
    const messages: string[] = [];
    await virtualRun(async () => {
      const notManagers: unknown[] = [42, null, { aenter: () => 1 }, { aexit: () => false }];
      for (const value of notManagers) {
        try {
          await asyncio.asyncWith(value as asyncio.AsyncContextManager<unknown>, () => {});
        } catch (e) {
          messages.push(`${(e as Error).name}: ${(e as Error).message}`);
        }
      }
    });
    expect(messages).toEqual([
      "TypeError: 'Number' object does not support the asynchronous context manager protocol",
      "TypeError: 'NoneType' object does not support the asynchronous context manager protocol",
      "TypeError: 'Object' object does not support the asynchronous context manager protocol (missed aexit method)",
      "TypeError: 'Object' object does not support the asynchronous context manager protocol (missed aenter method)",
    ]);
  });

  it("types the entered value and the result", () => {
    // Only type-checked: the statements are never started.
    const never = (): never => {
      throw new Error("not run");
    };
    if (Math.random() > 2) {
      expectTypeOf(asyncio.asyncWith(asyncio.timeoutAt(1), (cm) => {
        expectTypeOf(cm).toEqualTypeOf<asyncio.Timeout>();
        return 1;
      })).toEqualTypeOf<asyncio.LazyCoroutine<number>>();
      expectTypeOf(asyncio.asyncWith(new asyncio.TaskGroup(), async (tg) => {
        expectTypeOf(tg).toEqualTypeOf<asyncio.TaskGroup>();
        return "s";
      })).toEqualTypeOf<asyncio.LazyCoroutine<string>>();
      // An exit that may swallow the error makes the result possibly undefined.
      expectTypeOf(asyncio.asyncWith(new Tracer(never, "t"), function* (value) {
        expectTypeOf(value).toEqualTypeOf<string>();
        yield* asyncio.sleep(1);
        return true;
      })).toEqualTypeOf<asyncio.LazyCoroutine<boolean | undefined>>();
    }
  });
});
