// Lazy coroutines (src/coroutine.ts): `asyncio.coroutine(fn)` returns a
// function whose calls start nothing until awaited or handed to a Task.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as asyncio from "../src/index.js";
import { captureStderr, describeError, recorder, rejectionOf, virtualRun } from "./helpers.js";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("coroutine(fn)", () => {
  it("returns a function whose calls run nothing until awaited", async () => {
    const { result } = await virtualRun(async () => {
      const { events, log } = recorder();
      const body = asyncio.coroutine(async function body(n: number) {
        log(`body starts with ${n}`);
        await asyncio.sleep(1);
        return n * 2;
      });
      const coro = body(21);
      expect(coro).toBeInstanceOf(asyncio.LazyCoroutine);
      log("created");
      await asyncio.sleep(1);
      log(`awaited ${await coro}`);
      return events;
    });
    expect(result).toEqual(["0 created", "1 body starts with 21", "2 awaited 42"]);
  });

  it("wraps a generator function, awaited with await or yield*", async () => {
    const double = asyncio.coroutine(function* double(n: number): Generator<unknown, number, unknown> {
      yield* asyncio.sleep(1);
      return n * 2;
    });
    const { result, time } = await virtualRun(async () => {
      const viaAwait = await double(1);
      const viaYield = await asyncio.createTask(
        (function* () {
          return yield* double(2);
        })(),
      );
      return [viaAwait, viaYield];
    });
    expect(result).toEqual([2, 4]);
    expect(time).toBe(2);
  });

  it("passes this and the arguments to the body", async () => {
    class Counter {
      count = 10;
      add = asyncio.coroutine(async function (this: Counter, n: number) {
        this.count += n;
        return this.count;
      });
    }
    const counter = new Counter();
    const { result } = await virtualRun(async () => [await counter.add(5), await counter.add(1)]);
    expect(result).toEqual([15, 16]);
  });

  it("keeps the function's name, on the wrapper and on its coroutine objects", () => {
    const fetchPage = asyncio.coroutine(async function fetchPage() {});
    expect(fetchPage.name).toBe("fetchPage");
    const coro = fetchPage();
    expect(coro.name).toBe("fetchPage");
    expect(String(coro)).toBe("<coroutine object fetchPage>");
    const stderr = captureStderr();
    asyncio.reportNeverAwaited();
    stderr.restore();
    expect(stderr.lines).toEqual(["RuntimeWarning: coroutine 'fetchPage' was never awaited"]);
  });

  it("starts a body once: awaiting it again raises RuntimeError", async () => {
    const { result } = await virtualRun(async () => {
      const once = asyncio.coroutine(async function once() {
        return 1;
      });
      const coro = once();
      const first = await coro;
      return [first, describeError(await rejectionOf(coro))];
    });
    expect(result).toEqual([1, "RuntimeError: cannot reuse already awaited coroutine"]);
  });

  it("refuses something that is not a function with TypeError", () => {
    expect(() => asyncio.coroutine(42 as unknown as () => Promise<void>)).toThrow(TypeError);
  });
});

describe("iscoroutine and iscoroutinefunction", () => {
  it("recognise the three shapes of coroutine and nothing else", async () => {
    const lazy = asyncio.coroutine(async function lazy() {})();
    function* gen(): Generator<unknown, void, unknown> {}
    const generator = gen();
    const promise = (async () => {})();
    await virtualRun(async () => {
      await lazy;
    });
    const loop = asyncio.newEventLoop({ clock: new asyncio.VirtualClock() });
    const future = loop.createFuture();
    expect([lazy, generator, promise].map((x) => asyncio.iscoroutine(x))).toEqual([true, true, true]);
    // As in Python, where asyncio.sleep is a coroutine function.
    expect(asyncio.iscoroutine(asyncio.sleep(1))).toBe(true);
    expect([future, 42, null, {}, () => {}].map((x) => asyncio.iscoroutine(x))).toEqual([false, false, false, false, false]);
    loop.close();
    await promise;
  });

  it("iscoroutinefunction recognises async functions, generator functions and wrapped functions", () => {
    const wrapped = asyncio.coroutine(async function w() {});
    expect(
      [async () => {}, function* () {}, wrapped, () => {}, 42].map((x) => asyncio.iscoroutinefunction(x)),
    ).toEqual([true, true, true, false, false]);
  });
});

describe("a coroutine never awaited", () => {
  it("is reported by reportNeverAwaited as a RuntimeWarning, once", () => {
    asyncio.reportNeverAwaited();
    const forgotten = asyncio.coroutine(async function forgotten() {});
    const started = asyncio.coroutine(function* started() {});
    void forgotten();
    const coro = started();
    coro[Symbol.iterator]().next();
    const stderr = captureStderr();
    asyncio.reportNeverAwaited();
    asyncio.reportNeverAwaited();
    stderr.restore();
    expect(stderr.lines).toEqual(["RuntimeWarning: coroutine 'forgotten' was never awaited"]);
  });

  it("is still reported beside a coroutine class of the program's own", () => {
    // A subclass written outside the library knows nothing of the fields the
    // library's own classes set up; starting one must not upset the record
    // of the others.
    asyncio.reportNeverAwaited();
    class Own extends asyncio.LazyCoroutine<number> {
      readonly name = "own";
      protected _run(): Generator<unknown, number, unknown> {
        return (function* () {
          return 1;
        })();
      }
    }
    const forgotten = asyncio.coroutine(async function forgotten() {});
    void forgotten();
    new Own()[Symbol.iterator]().next();
    const stderr = captureStderr();
    asyncio.reportNeverAwaited();
    stderr.restore();
    expect(stderr.lines).toEqual(["RuntimeWarning: coroutine 'forgotten' was never awaited"]);
  });

  it("is reported at process exit", async () => {
    const dir = mkdtempSync(join(tmpdir(), "asyncio-ts-coroutine-test-"));
    try {
      const entry = pathToFileURL(fileURLToPath(new URL("../src/index.ts", import.meta.url))).href;
      const script = join(dir, "never-awaited.mts");
      writeFileSync(
        script,
        [
          `import * as asyncio from ${JSON.stringify(entry)};`,
          `const main = asyncio.coroutine(async function main() { console.log("ran"); });`,
          `const helper = asyncio.coroutine(function* helper() {});`,
          `main();`,
          `helper();`,
          `await asyncio.run(main(), { clock: new asyncio.VirtualClock() });`,
          `console.log("end of script");`,
        ].join("\n"),
      );
      const root = fileURLToPath(new URL("..", import.meta.url));
      const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(process.execPath, ["--import", "tsx", script], { cwd: root, timeout: 60_000 }, (error, out, err) => {
          resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout: out, stderr: err });
        });
      });
      expect({ code, stdout, stderr }).toEqual({
        code: 0,
        stdout: "ran\nend of script\n",
        stderr:
          "RuntimeWarning: coroutine 'main' was never awaited\n" + "RuntimeWarning: coroutine 'helper' was never awaited\n",
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
