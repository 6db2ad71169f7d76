// run and Runner (src/runners.ts): make a loop, run the main coroutine, tidy
// up leftover tasks, close the loop.
import { execFile } from "node:child_process";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as asyncio from "../src/index.js";
import { captureStderr, describeError, recorder, rejectionOf, virtualRun } from "./helpers.js";

afterEach(() => {
  vi.restoreAllMocks();
});

const virtual = (): { clock: asyncio.VirtualClock } => ({ clock: new asyncio.VirtualClock() });

describe("run", () => {
  it("runs the main coroutine on a new loop and returns its result, in each shape", async () => {
    const lazy = asyncio.coroutine(async function lazy() {
      await asyncio.sleep(1);
      return "lazy";
    });
    const results = [
      await asyncio.run(lazy(), virtual()),
      await asyncio.run(
        (function* () {
          yield* asyncio.sleep(1);
          return "generator";
        })(),
        virtual(),
      ),
      await asyncio.run(
        (async () => {
          await asyncio.sleep(1);
          return "native";
        })(),
        virtual(),
      ),
      await asyncio.run(async () => {
        await asyncio.sleep(1);
        return `function ${asyncio.getRunningLoop().time()}`;
      }, virtual()),
    ];
    expect(results).toEqual(["lazy", "generator", "native", "function 1"]);
  });

  it("accepts awaitables made by main's first segment, which ran before run() made its loop", async () => {
    // JavaScript starts main() at once: gather, ensureFuture and sleep below
    // are called before any loop exists, as in a Python coroutine before run.
    const main = async (): Promise<unknown[]> => {
      const gathered = await asyncio.gather(asyncio.sleep(1, "a"), asyncio.sleep(2, "b"));
      const [done] = await asyncio.wait([asyncio.ensureFuture(asyncio.sleep(1, "w"))]);
      return [gathered, [...done].map((f) => f.result()), asyncio.getRunningLoop().time()];
    };
    expect(await asyncio.run(main(), virtual())).toEqual([["a", "b"], ["w"], 3]);
  });

  it("rejects with the main coroutine's error", async () => {
    const error = new asyncio.ValueError("main failed");
    expect(
      await rejectionOf(
        asyncio.run(async () => {
          await asyncio.sleep(1);
          throw error;
        }, virtual()),
      ),
    ).toBe(error);
  });

  it("runs on the clock it is given: an hour of sleep ends at loop time 3600", async () => {
    let loop: asyncio.EventLoop | null = null;
    await asyncio.run(async () => {
      loop = asyncio.getRunningLoop();
      await asyncio.sleep(3600);
    }, virtual());
    const used = loop as asyncio.EventLoop | null;
    expect(used?.time()).toBe(3600);
  });

  it("turns on debug mode with the debug option", async () => {
    const debug = await asyncio.run(async () => asyncio.getRunningLoop().getDebug(), { ...virtual(), debug: true });
    const plain = await asyncio.run(async () => asyncio.getRunningLoop().getDebug(), { ...virtual(), debug: false });
    expect([debug, plain]).toEqual([true, false]);
  });

  it("cancels leftover tasks, runs their finally blocks, and closes the loop", async () => {
    const { events, log } = recorder();
    let loop: asyncio.EventLoop | null = null;
    const result = await asyncio.run(async () => {
      loop = asyncio.getRunningLoop();
      for (const name of ["a", "b"]) {
        void asyncio.createTask(
          (async () => {
            try {
              await asyncio.sleep(100);
            } catch (error) {
              log(`${name} ${describeError(error)}`);
              throw error;
            } finally {
              log(`${name} finally`);
            }
          })(),
        );
      }
      await asyncio.sleep(1);
      log("main returns");
      return "main result";
    }, virtual());
    const used = loop as asyncio.EventLoop | null;
    expect(result).toBe("main result");
    expect(events).toEqual([
      "1 main returns",
      "1 a CancelledError: ",
      "1 a finally",
      "1 b CancelledError: ",
      "1 b finally",
    ]);
    expect(used?.isClosed()).toBe(true);
  });

  it("reports a leftover task that fails while being cancelled", async () => {
    const stderr = captureStderr();
    await asyncio.run(async () => {
      void asyncio.createTask(
        (async () => {
          try {
            await asyncio.sleep(100);
          } catch {
            throw new asyncio.ValueError("failed on the way out");
          }
        })(),
        { name: "stubborn" },
      );
      await asyncio.sleep(0);
    }, virtual());
    stderr.restore();
    expect(stderr.lines).toHaveLength(1);
    expect(stderr.lines[0]).toMatch(/^unhandled exception during asyncio.run\(\) shutdown\n/);
    expect(stderr.lines[0]).toContain("name='stubborn'");
    expect(stderr.lines[0]).toContain("ValueError: failed on the way out");
  });

  it("reports a task exception nobody retrieved when it closes the loop", async () => {
    const stderr = captureStderr();
    await asyncio.run(async () => {
      void asyncio.createTask(
        (async () => {
          await asyncio.sleep(1);
          throw new asyncio.ValueError("ignored failure");
        })(),
        { name: "ignored" },
      );
      await asyncio.sleep(2);
    }, virtual());
    stderr.restore();
    expect(stderr.lines).toHaveLength(1);
    expect(stderr.lines[0]).toMatch(/^Task exception was never retrieved\nfuture: <Task finished .*name='ignored'/);
    expect(stderr.lines[0]).toContain("ValueError: ignored failure");
  });

  it("closes the loop when the main coroutine fails too", async () => {
    let loop: asyncio.EventLoop | null = null;
    await rejectionOf(
      asyncio.run(async () => {
        loop = asyncio.getRunningLoop();
        throw new Error("x");
      }, virtual()),
    );
    const used = loop as asyncio.EventLoop | null;
    expect(used?.isClosed()).toBe(true);
  });

  it("refuses to run inside a running loop, and the outer loop goes on", async () => {
    const { result, time } = await virtualRun(async () => {
      const inner = asyncio.coroutine(async function inner() {});
      const coro = inner();
      const error = await rejectionOf(asyncio.run(coro));
      await coro;
      await asyncio.sleep(1);
      return describeError(error);
    });
    expect(result).toBe("RuntimeError: asyncio.run() cannot be called from a running event loop");
    expect(time).toBe(1);
  });

  it("refuses something that is not a coroutine with ValueError", async () => {
    const error = await rejectionOf(asyncio.run(42 as unknown as Promise<void>, virtual()));
    expect(describeError(error)).toBe("ValueError: a coroutine was expected, got 42");
  });

  it("runs on virtual time when ASYNCIO_TS_CLOCK=virtual", async () => {
    vi.stubEnv("ASYNCIO_TS_CLOCK", "virtual");
    try {
      const time = await asyncio.run(async () => {
        await asyncio.sleep(600);
        return asyncio.getRunningLoop().time();
      });
      expect(time).toBe(600);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("turns on debug mode when ASYNCIO_TS_DEBUG=1", async () => {
    vi.stubEnv("ASYNCIO_TS_DEBUG", "1");
    try {
      expect(await asyncio.run(async () => asyncio.getRunningLoop().getDebug(), virtual())).toBe(true);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("lets a script's process exit as soon as run() returns, with no timer left behind", async () => {
    const entry = new URL("../src/index.ts", import.meta.url).href;
    const root = new URL("..", import.meta.url);
    const script = [
      `const asyncio = await import(${JSON.stringify(entry)});`,
      `const out = await asyncio.run(async () => {`,
      `  asyncio.getRunningLoop().callLater(3600, () => {});`,
      `  await asyncio.sleep(0.01);`,
      `  return "done";`,
      `});`,
      `console.log(out);`,
    ].join("\n");
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(
        process.execPath,
        ["--import", "tsx", "--input-type=module", "-e", script],
        { cwd: root, timeout: 30_000 },
        (error, out) => resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout: out }),
      );
    });
    expect({ code, stdout }).toEqual({ code: 0, stdout: "done\n" });
  }, 60_000);
});

describe("Runner", () => {
  it("runs several coroutines on one loop, then closes it", async () => {
    const runner = new asyncio.Runner(virtual());
    const loop = runner.getLoop();
    const first = await runner.run(asyncio.sleep(1, "first"));
    const second = await runner.run(async () => {
      await asyncio.sleep(1);
      return asyncio.getRunningLoop() === loop ? "same loop" : "other loop";
    });
    expect([first, second, loop.time()]).toEqual(["first", "same loop", 2]);
    await runner.close();
    expect(loop.isClosed()).toBe(true);
    expect(describeError(await rejectionOf(runner.run(asyncio.sleep(0))))).toBe("RuntimeError: Runner is closed");
    await runner.close();
  });

  it("works with asyncWith, closing the loop at the end", async () => {
    let loop: asyncio.EventLoop | null = null;
    const result = await asyncio.asyncWith(new asyncio.Runner(virtual()), async (runner) => {
      loop = runner.getLoop();
      return await runner.run(asyncio.sleep(5, "inside"));
    });
    const used = loop as asyncio.EventLoop | null;
    expect([result, used?.time(), used?.isClosed()]).toEqual(["inside", 5, true]);
  });

  it("refuses run() from inside a running loop", async () => {
    const { result } = await virtualRun(async () => {
      const runner = new asyncio.Runner(virtual());
      const error = describeError(await rejectionOf(runner.run(asyncio.sleep(0))));
      await runner.close();
      return error;
    });
    expect(result).toBe("RuntimeError: Runner.run() cannot be called from a running event loop");
  });
});
