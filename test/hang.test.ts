// Hang reports and runaway guards (src/hang.ts): on virtual time a program
// that can never make progress again fails with a DeadlockError naming each
// pending task and what it waits on, and a runaway one fails with a
// LoopLimitError naming the limit it hit. The deadlocks are the ones people
// actually write. On any clock, a loop still waiting when Node's own event
// loop runs dry fails with a DeadlockError too (tested in child processes).
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { inspect } from "node:util";
import { describe, expect, it, vi } from "vitest";
import * as asyncio from "asyncio-ts";
import { runVirtual } from "asyncio-ts/testing";

/** Resolves to what the promise rejected with (failing when it resolves). */
async function failureOf(promise: PromiseLike<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the run to fail");
}

/** The lines of a report after its first, as they read. */
function reportLines(error: Error): string[] {
  return error.message.split("\n").slice(1);
}

describe("DeadlockError", () => {
  it("reports two tasks that each hold the lock the other one wants", async () => {
    const error = await failureOf(
      runVirtual(async () => {
        const accounts = new asyncio.Lock();
        const audit = new asyncio.Lock();
        const transfer = async (first: asyncio.Lock, second: asyncio.Lock): Promise<void> => {
          await asyncio.asyncWith(first, async () => {
            await asyncio.sleep(1);
            await asyncio.asyncWith(second, async () => undefined);
          });
        };
        await asyncio.gather(
          asyncio.createTask(transfer(accounts, audit), { name: "transfer" }),
          asyncio.createTask(transfer(audit, accounts), { name: "audit" }),
        );
      }),
    );
    expect(error).toBeInstanceOf(asyncio.DeadlockError);
    expect(error.message.split("\n")[0]).toBe(
      "deadlock: nothing can ever happen again at loop time 1: no callback is ready, no timer is scheduled " +
        "and no foreign work is in flight, yet 3 tasks are still pending:",
    );
    expect(reportLines(error)).toEqual([
      "  task 'main' waits on gather() of task 'transfer', task 'audit'",
      "  task 'transfer' waits on Lock.acquire() on #1 <Lock [locked, waiters:1]>",
      "  task 'audit' waits on Lock.acquire() on #2 <Lock [locked, waiters:1]>",
    ]);
    const { tasks } = error as asyncio.DeadlockError;
    // The report keeps the tasks themselves; the run then cancelled them, as asyncio.run does.
    expect(tasks.map((t) => [t.name, t.task.getName(), t.task.cancelled()])).toEqual([
      ["main", "main", true],
      ["transfer", "transfer", true],
      ["audit", "audit", true],
    ]);
    // Printed as an uncaught error would be, it shows the report, not every task's loop.
    expect(Object.keys(error)).not.toContain("tasks");
    const printed = inspect(error);
    expect(printed).toContain("task 'audit' waits on Lock.acquire()");
    expect(printed).not.toContain("_ready");
  });

  it("reports a consumer waiting on a queue that nobody fills", async () => {
    const error = await failureOf(
      runVirtual(async () => {
        const orders = new asyncio.Queue<string>();
        const consumer = asyncio.createTask(
          (async () => {
            for (;;) console.log(await orders.get());
          })(),
          { name: "consumer" },
        );
        await asyncio.sleep(5); // the producer was never started
        await consumer;
      }),
    );
    expect(error).toBeInstanceOf(asyncio.DeadlockError);
    expect(error.message).toContain("at loop time 5");
    expect(reportLines(error)).toEqual([
      "  task 'main' waits on task 'consumer'",
      "  task 'consumer' waits on Queue.get() on #1 <Queue maxsize=0 _getters[1]>",
    ]);
  });

  it("names what a task waits on by the class of the object it waits on", async () => {
    class AuditedLock extends asyncio.Lock {}
    const error = await failureOf(
      runVirtual(async () => {
        const lock = new AuditedLock();
        const jobs = new asyncio.PriorityQueue<number>();
        await lock.acquire();
        const waiter = asyncio.createTask(lock.acquire(), { name: "waiter" });
        const worker = asyncio.createTask(jobs.get(), { name: "worker" });
        await asyncio.gather(waiter, worker);
      }),
    );
    expect(reportLines(error)).toEqual([
      "  task 'main' waits on gather() of task 'waiter', task 'worker'",
      "  task 'waiter' waits on AuditedLock.acquire() on #1 <Lock [locked, waiters:1]>",
      "  task 'worker' waits on PriorityQueue.get() on #2 <PriorityQueue maxsize=0 _getters[1]>",
    ]);
  });

  it("reports a task that awaits itself through a chain of tasks, and names the cycle", async () => {
    const stderr = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const error = await failureOf(
        runVirtual(async () => {
          const tasks: asyncio.Task<void>[] = [];
          const link = asyncio.coroutine(async (next: number) => {
            await asyncio.sleep(0);
            await tasks[next];
          });
          tasks.push(
            asyncio.createTask(link(1), { name: "parse" }),
            asyncio.createTask(link(2), { name: "load" }),
            asyncio.createTask(link(0), { name: "validate" }),
          );
          await tasks[0];
        }),
      );
      expect(error).toBeInstanceOf(asyncio.DeadlockError);
      expect(reportLines(error)).toEqual([
        "  task 'main' waits on task 'parse'",
        "  task 'parse' waits on task 'load'",
        "  task 'load' waits on task 'validate'",
        "  task 'validate' waits on task 'parse'",
        "  cycle: 'parse' -> 'load' -> 'validate' -> 'parse' (each waits for the next to finish)",
      ]);
    } finally {
      // Tasks in a cycle cannot be cancelled afterwards (cancelling one cancels
      // the next, round and round, as in CPython); that is reported on stderr.
      stderr.mockRestore();
    }
  });

  it("reports an event nobody sets and a future nobody completes", async () => {
    const error = await failureOf(
      runVirtual(async ({ loop }) => {
        const ready = new asyncio.Event();
        const reply = loop.createFuture<string>();
        await asyncio.gather(
          asyncio.createTask(ready.wait(), { name: "waiter" }),
          asyncio.createTask((async () => reply)(), { name: "client" }),
        );
      }),
    );
    expect(reportLines(error)).toEqual([
      "  task 'main' waits on gather() of task 'waiter', task 'client'",
      "  task 'waiter' waits on Event.wait() on #1 <Event [unset, waiters:1]>",
      "  task 'client' waits on a Future nothing will complete: <Future pending>",
    ]);
  });

  it("reports a loop left running with no task and nothing scheduled", async () => {
    const loop = asyncio.newEventLoop({ clock: new asyncio.VirtualClock() });
    const error = await failureOf(loop.runUntilComplete(loop.createFuture()));
    expect(error.message).toContain("yet the loop was left running");
    expect((error as asyncio.DeadlockError).tasks).toEqual([]);
    expect(loop.isRunning()).toBe(false);
    loop.close();
  });

  it("gives code outside the loop its turn first: a callback scheduled right after the loop starts is not a hang", async () => {
    const loop = asyncio.newEventLoop({ clock: new asyncio.VirtualClock() });
    const running = loop.runForever();
    loop.callSoon(() => loop.stop());
    await running;
    loop.close();
  });

  it("does not report a task awaiting a promise the loop does not know: it may still settle", async () => {
    const run = await runVirtual(async () => {
      // Not wrapped with wrapPromise: the loop cannot see this work at all.
      const value = await new Promise<string>((resolve) => setImmediate(() => setImmediate(() => resolve("late"))));
      await asyncio.sleep(1);
      return value;
    });
    expect(run.result).toBe("late");
    expect(run.time).toBe(1);
  });

  it("does not apply to the real clock, where the outside world may always call in", () => {
    expect(new asyncio.RealClock().idle(Infinity)).toBe(Infinity);
  });
});

/** Runs test/fixtures/host-drained.ts in its own Node process, in `mode`. */
function runDrained(mode: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const script = fileURLToPath(new URL("./fixtures/host-drained.ts", import.meta.url));
  const root = fileURLToPath(new URL("..", import.meta.url));
  // Without the inherited ASYNCIO_TS_* variables: the script picks its clocks itself.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("ASYNCIO_TS_")));
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", script, mode], { cwd: root, timeout: 60_000, env }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : null, stdout, stderr });
    });
  });
}

/** What the script printed in `mode`, by line, once it has ended cleanly (exit code 0, nothing on stderr). */
async function drainedLines(mode: string): Promise<string[]> {
  const { code, stdout, stderr } = await runDrained(mode);
  expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
  return stdout.trim().split("\n");
}

// Node's 'beforeExit' never comes inside a Vitest worker (its IPC channel
// keeps it alive), so these run in a child process.
describe("DeadlockError when Node's event loop runs dry", () => {
  it("reports virtual time held still for a wrapped promise that only loop time could settle, and names the way out", async () => {
    const lines = await drainedLines("foreign-work");
    expect(lines[0]).toMatch(/^DeadlockError: deadlock: the loop waits at loop time 0, but Node's event loop has nothing left to run/);
    expect(lines[0]).toContain("holding virtual time still for 1 promise it cannot see");
    expect(lines[0]).toContain('new VirtualClock({ foreignWork: "jump" })');
    expect(lines[0]).toMatch(/yet 1 task is still pending:$/);
    expect(lines.slice(1)).toEqual([
      "  task 'Task-1' waits on wrapPromise()",
      "loop closed: true, main cancelled: true",
      "listeners: 0, warnings: none",
    ]);
  }, 60_000);

  it("reports a task awaiting a future nobody completes on the real clock, and a bare runUntilComplete", async () => {
    const lines = await drainedLines("real-clock");
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(/^DeadlockError: deadlock: the loop waits at loop time [\d.]+, but Node's event loop has nothing left to run .*no callback is ready and no timer is scheduled; yet 1 task is still pending:$/);
    expect(lines[1]).toBe("  task 'Task-1' waits on a Future nothing will complete: <Future pending>");
    expect(lines[2]).toBe("loop closed: true, main cancelled: true");
    expect(lines[3]).toMatch(/^DeadlockError: .*yet the loop was left running \(runUntilComplete on a Future nothing will complete/);
    expect(lines.slice(4)).toEqual(["running: false", "listeners: 0, warnings: none"]);
  }, 60_000);

  it("reports a manual clock that nobody advances", async () => {
    const lines = await drainedLines("manual-clock");
    expect(lines[0]).toMatch(
      /^DeadlockError: deadlock: the loop waits at loop time 0, .*: its next timer is due at loop time 1, but its clock \(\{ autojump: false \}\) moves only when advance\(\) is called, and nothing is left to call it; yet 1 task is still pending:$/,
    );
    expect(lines.slice(1)).toEqual([
      "  task 'Task-1' waits on a Future nothing will complete: <Future pending>",
      "loop closed: true, main cancelled: true",
      "listeners: 0, warnings: none",
    ]);
  }, 60_000);

  it("does not report outside work that settles later, and listens only while the loop waits", async () => {
    expect(await drainedLines("settles-later")).toEqual([
      "listeners while waiting: 1",
      "result wrapped at 5",
      "result awaited directly",
      "result unwrapped on virtual time",
      "result revived by a beforeExit listener",
      "listeners: 0, warnings: none",
    ]);
  }, 60_000);

  it("leaves no listener behind after many runs that waited", async () => {
    expect(await drainedLines("many-runs")).toEqual(["sum 60", "listeners: 0, warnings: none"]);
  }, 60_000);
});

describe("LoopLimitError", () => {
  it("stops a task spinning on sleep(0) after maxIterations passes, and says so", async () => {
    const error = await failureOf(
      asyncio.run(
        async () => {
          for (;;) await asyncio.sleep(0);
        },
        { clock: new asyncio.VirtualClock(), maxIterations: 1000 },
      ),
    );
    expect(error).toBeInstanceOf(asyncio.LoopLimitError);
    expect((error as asyncio.LoopLimitError).limit).toBe("maxIterations");
    expect(error.message.split("\n")[0]).toBe(
      "loop limit hit: maxIterations: the loop ran 1000 iterations and is still busy (loop time 0). " +
        "A task may be spinning (awaiting sleep(0) in an endless loop?); raise maxIterations if the program is meant to run longer.",
    );
  });

  it("stops a generator coroutine spinning just the same", async () => {
    const error = await failureOf(
      runVirtual(
        function* () {
          for (;;) yield* asyncio.sleep(0);
        },
        { maxIterations: 500 },
      ),
    );
    expect((error as asyncio.LoopLimitError).limit).toBe("maxIterations");
  });

  it("stops a program that would run on virtual time forever once it passes maxTime", async () => {
    const error = await failureOf(
      runVirtual(
        async () => {
          const poller = asyncio.createTask(
            (async () => {
              for (;;) await asyncio.sleep(60);
            })(),
            { name: "poller" },
          );
          await poller;
        },
        { maxTime: 3600 },
      ),
    );
    expect(error).toBeInstanceOf(asyncio.LoopLimitError);
    expect(error.message.split("\n")).toEqual([
      "loop limit hit: maxTime: loop time reached 3660, more than 3600 s after the run began at 0. " +
        "A task may be looping on timers forever; raise maxTime if the program is meant to run longer.",
      "Pending tasks:",
      "  task 'main' waits on task 'poller'",
      "  task 'poller' waits on a Future: <Future pending>",
    ]);
  });

  it("counts maxTime from where the run started", async () => {
    const run = await runVirtual(async () => asyncio.sleep(3600, "on time"), { start: 1e9, maxTime: 3600 });
    expect(run.result).toBe("on time");
    expect(run.time).toBe(1e9 + 3600);
  });

  it("lets runVirtual stop a runaway program by default", async () => {
    const error = await failureOf(
      runVirtual(function* () {
        for (;;) yield* asyncio.sleep(0);
      }),
    );
    expect(error.message).toContain("the loop ran 1000000 iterations");
  });

  it("refuses a limit that is not a positive number", async () => {
    await expect(asyncio.run(async () => undefined, { maxIterations: 0 })).rejects.toThrow(asyncio.ValueError);
    await expect(asyncio.run(async () => undefined, { maxTime: -1 })).rejects.toThrow(asyncio.ValueError);
  });
});
