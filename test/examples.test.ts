// The article's snippets, ported in examples/, run as a user runs them: each
// in its own `node --import tsx` process from the repository root, with its
// whole output compared. Sleeping examples run on virtual time
// (ASYNCIO_TS_CLOCK=virtual), so their loop times are exact; the download
// examples run against a local image server and are compared with each other
// (sequential against concurrent), never against a wall-clock number.
//
// Also here: the helpers the examples are built on (the greenlet module, the
// PNG encoder, the image server, the tour's reading of example files).

import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { inflateSync } from "node:zlib";
import * as asyncio from "asyncio-ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchBytes } from "../examples/lib/download.js";
import { startImageServer, type ImageServer } from "../examples/lib/image-server.js";
import { greenlet, getcurrent, type Switch } from "../examples/lib/greenlet.js";
import { encodePng, sampleImage, PNG_SIGNATURE } from "../examples/lib/png.js";
import { listExamples, readExample } from "../examples/tour.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** A child process starts tsx and compiles on the fly: allow it time. */
const CHILD_TIMEOUT = 60_000;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node --import tsx FILE ARGS` from the repository root, as a user would. */
function runNode(file: string, args: string[] = [], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", file, ...args],
      { cwd: ROOT, env: { ...process.env, ...env }, timeout: CHILD_TIMEOUT, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const VIRTUAL = { ASYNCIO_TS_CLOCK: "virtual" };

/** A fresh temporary folder, removed after the file's tests. */
const tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "asyncio-ts-examples-test-"));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) if (dir !== "") rmSync(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------
// PNG checking, written independently of the encoder (its own CRC table).

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

interface PngInfo {
  width: number;
  height: number;
  chunks: string[];
  pixels: Buffer;
}

/** Parses a PNG file, checking its signature, every chunk's CRC and IHDR. */
function checkPng(file: Buffer): PngInfo {
  expect(file.subarray(0, 8)).toEqual(PNG_SIGNATURE);
  expect([...file.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  const chunks: string[] = [];
  const idat: Buffer[] = [];
  let width = 0;
  let height = 0;
  let at = 8;
  while (at < file.length) {
    const length = file.readUInt32BE(at);
    const type = file.subarray(at + 4, at + 8).toString("latin1");
    const data = file.subarray(at + 8, at + 8 + length);
    const stored = file.readUInt32BE(at + 8 + length);
    expect(crc(file.subarray(at + 4, at + 8 + length)), `CRC of ${type}`).toBe(stored);
    chunks.push(type);
    if (type === "IHDR") {
      expect(length).toBe(13);
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      // 8-bit truecolour, deflate, adaptive filtering, not interlaced.
      expect([...data.subarray(8)]).toEqual([8, 2, 0, 0, 0]);
    }
    if (type === "IDAT") idat.push(data);
    at += 12 + length;
  }
  expect(at).toBe(file.length);
  expect(chunks[0]).toBe("IHDR");
  expect(chunks.at(-1)).toBe("IEND");
  const pixels = inflateSync(Buffer.concat(idat));
  expect(pixels.length).toBe(height * (1 + width * 3));
  return { width, height, chunks, pixels };
}

describe("the PNG encoder", () => {
  it("writes a signature, IHDR, IDAT and IEND with correct CRCs and the pixels given", () => {
    const png = encodePng(3, 2, (x, y) => [x * 100, y * 200, 7]);
    const info = checkPng(png);
    expect(info).toMatchObject({ width: 3, height: 2, chunks: ["IHDR", "IDAT", "IEND"] });
    // Each row: filter byte 0, then RGB triples.
    expect([...info.pixels]).toEqual([0, 0, 0, 7, 100, 0, 7, 200, 0, 7, 0, 0, 200, 7, 100, 200, 7, 200, 200, 7]);
  });

  it("draws a different picture for each image number", () => {
    const pictures = [1, 2, 3, 4].map((n) => sampleImage(n).toString("base64"));
    expect(new Set(pictures).size).toBe(4);
    expect(checkPng(sampleImage(1))).toMatchObject({ width: 120, height: 90 });
  });
});

// ---------------------------------------------------------------------------

describe("the image server", () => {
  let server: ImageServer;
  beforeAll(async () => {
    server = await startImageServer({ latency: 0 });
  });
  afterAll(async () => {
    await server.close();
  });

  it("listens on 127.0.0.1 on an ephemeral port", () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.imageUrl(2)).toBe(`${server.origin}/images/2.png`);
  });

  it("serves valid PNG images, a different one per number", async () => {
    const bodies: string[] = [];
    for (const n of [1, 2, 3, 4]) {
      const response = await fetch(server.imageUrl(n));
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("image/png");
      const body = Buffer.from(await response.arrayBuffer());
      expect(checkPng(body)).toMatchObject({ width: 120, height: 90, chunks: ["IHDR", "IDAT", "IEND"] });
      expect(body.equals(sampleImage(n))).toBe(true);
      bodies.push(body.toString("base64"));
    }
    expect(new Set(bodies).size).toBe(4);
  });

  it("answers /status/CODE with that status and anything else with 404", async () => {
    expect((await fetch(`${server.origin}/status/503`)).status).toBe(503);
    expect((await fetch(`${server.origin}/nothing-here`)).status).toBe(404);
  });
});

// ---------------------------------------------------------------------------

describe("the greenlet module", () => {
  it("passes values through switches: one value as is, none as undefined, several as an array", () => {
    const seen: unknown[] = [];
    const child = greenlet(function* (a: unknown, b: unknown) {
      seen.push(["started with", a, b]);
      seen.push(["got", yield* getcurrent().parent!.switch("to main")]);
      seen.push(["got", yield* getcurrent().parent!.switch()]);
      return "finished";
    });
    seen.push(["main got", child.switch(1, 2).value]);
    seen.push(["main got", child.switch("x").value]);
    seen.push(["main got", child.switch("y", "z").value]);
    expect(seen).toEqual([
      ["started with", 1, 2],
      ["main got", "to main"],
      ["got", "x"],
      ["main got", undefined],
      ["got", ["y", "z"]],
      ["main got", "finished"],
    ]);
    expect(child.dead).toBe(true);
  });

  it("returns a finished greenlet's value to its parent, not to whoever switched last", () => {
    const trace: string[] = [];
    let inner: ReturnType<typeof greenlet> | null = null;
    const outer = greenlet(function* () {
      inner = greenlet(function* () {
        trace.push("inner runs");
        return "inner result";
      });
      const got = yield* inner.switch();
      trace.push(`outer got ${String(got)}`);
      return "outer result";
    });
    expect(outer.switch().value).toBe("outer result");
    expect(trace).toEqual(["inner runs", "outer got inner result"]);
  });

  it("raises an error escaping a greenlet in its parent", () => {
    const failing = greenlet(function* () {
      throw new Error("boom");
    });
    expect(() => failing.switch()).toThrow("boom");
    expect(failing.dead).toBe(true);
  });

  it("refuses a switch() that is not yielded", () => {
    const careless = greenlet(function* () {
      getcurrent().parent!.switch();
    });
    expect(() => careless.switch()).toThrow(/yield\* other\.switch\(\)/);
  });

  it("lets nested generator functions switch through yield*", () => {
    const trace: number[] = [];
    function* helper(other: { switch(): Switch }): Generator<Switch, void, unknown> {
      trace.push(2);
      yield* other.switch();
      trace.push(4);
    }
    const b = greenlet(function* (): Generator<Switch, void, unknown> {
      trace.push(3);
      yield* a.switch();
    });
    const a = greenlet(function* (): Generator<Switch, void, unknown> {
      trace.push(1);
      yield* helper(b);
      trace.push(5);
    });
    a.switch();
    expect(trace).toEqual([1, 2, 3, 4, 5]);
  });
});

// ---------------------------------------------------------------------------

const EXAMPLE_FILES = [
  "01-hello-world.ts",
  "02-never-awaited.ts",
  "03-plain-functions.ts",
  "04-greenlet.ts",
  "05-generators.ts",
  "06-coroutine-decorator.ts",
  "07-async-await.ts",
  "08-download-sequential.ts",
  "09-download-concurrent.ts",
];

describe("the example files", () => {
  it("are the nine snippets of the article, numbered in its order", () => {
    const names = readdirSync(join(ROOT, "examples")).filter((n) => /^\d\d-.*\.ts$/.test(n));
    expect(names.sort()).toEqual(EXAMPLE_FILES);
    expect(listExamples().map((e) => e.number)).toEqual(["01", "02", "03", "04", "05", "06", "07", "08", "09"]);
  });

  it("each open with a title, what it teaches and the Python original", () => {
    const article = readArticleSnippets();
    for (const example of listExamples()) {
      expect(example.title.length, example.file).toBeGreaterThan(5);
      expect(example.teaches.length, example.file).toBeGreaterThan(40);
      expect(example.python.trim().length, example.file).toBeGreaterThan(20);
      const snippet = article.get(example.number);
      if (snippet !== undefined) expect(normalise(example.python), example.file).toContain(normalise(snippet));
    }
  });
});

/** Collapses whitespace so that the article's stray spaces do not matter. */
function normalise(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/**
 * Key lines of each snippet, as the article prints them, that the Python
 * block of the matching example must contain.
 */
function readArticleSnippets(): Map<string, string> {
  return new Map([
    ["01", "async def main():\n    print('hello')\n    await asyncio.sleep(1)\n    print('world')\n\nasyncio.run(main())"],
    ["02", "RuntimeWarning: coroutine 'main' was never awaited"],
    ["03", "func1()\nfunc2()\n\n#  Results: 1 2 3 4"],
    ["04", "gr1 = greenlet(func1)\ngr2 = greenlet(func2)\n\ngr1.switch()"],
    ["05", "def func1():\n    yield 1\n    yield from func2()\n    yield 2"],
    ["06", "@asyncio.coroutine\ndef func1():\n    print(1)\n    yield from asyncio.sleep(2)"],
    ["07", "async def func1():\n    print(1)\n    await asyncio.sleep(2)"],
    ["08", "response = requests.get(url)"],
    ["09", "tasks = [asyncio.ensure_future(fetch(session, url)) for url in url_list]\n        await asyncio.wait(tasks)"],
  ]);
}

describe("the examples that need no event loop", () => {
  it("03 prints 1 2 3 4", async () => {
    const run = await runNode("examples/03-plain-functions.ts");
    expect(run).toEqual({ code: 0, stdout: "1\n2\n3\n4\n", stderr: "" });
  });

  it("04 switches between greenlets: 1 3 2 4", async () => {
    const run = await runNode("examples/04-greenlet.ts");
    expect(run).toEqual({ code: 0, stdout: "1\n3\n2\n4\n", stderr: "" });
  });

  it("05 prints what Python prints, 1 3 4 2, not the article's 1 3 2 4", async () => {
    const run = await runNode("examples/05-generators.ts");
    expect(run).toEqual({ code: 0, stdout: "1\n3\n4\n2\n", stderr: "" });
  });
});

describe("the tour's reading of an example file", () => {
  it("finds the title, the teaching and the Python block", () => {
    const example = readExample(join(ROOT, "examples/05-generators.ts"));
    expect(example.number).toBe("05");
    expect(example.title).toBe("Generators: `yield` and `yield from`");
    expect(example.teaches).toMatch(/^a generator pauses at each `yield`/);
    expect(example.python.split("\n")[0]).toBe("def func1():");
    expect(example.python.split("\n").at(-1)).toBe("#  Results: 1 3 2 4");
  });

  it("runs the chosen examples, showing Python then the port's output", async () => {
    const run = await runNode("examples/tour.ts", ["3", "5"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    const out = run.stdout;
    expect(out).toContain("== 03. Two plain functions, one after the other");
    expect(out).toContain("    def func1():\n        print(1)\n        ...\n        print(2)");
    expect(out).toContain("TypeScript: npx tsx examples/03-plain-functions.ts\n\n  | 1\n  | 2\n  | 3\n  | 4\n");
    expect(out).toContain("  | 1\n  | 3\n  | 4\n  | 2\n");
    expect(out).not.toContain("== 04.");
    expect(out.indexOf("== 03.")).toBeLessThan(out.indexOf("== 05."));
    expect(out).toMatch(/\(the process took \d+\.\d\d s, TypeScript start-up included\)/);
  });

  it("runs all nine in order with --virtual, each after its Python original", async () => {
    const run = await runNode("examples/tour.ts", ["--virtual"]);
    for (const match of run.stdout.matchAll(/^ {2}\| Saved \d+ of \d+ pictures in (.+)$/gm)) tempDirs.push(match[1] ?? "");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const headers = [...run.stdout.matchAll(/^== (\d\d)\. /gm)].map((m) => m[1]);
    expect(headers).toEqual(["01", "02", "03", "04", "05", "06", "07", "08", "09"]);
    for (const example of listExamples()) {
      const section = run.stdout.slice(run.stdout.indexOf(`== ${example.number}. `));
      const python = section.indexOf("Python, from the article:");
      const port = section.indexOf(`TypeScript: npx tsx examples/${example.number}-`);
      expect(python, example.number).toBeGreaterThan(0);
      expect(port, example.number).toBeGreaterThan(python);
    }
    expect(run.stdout).toContain("  | hello\n  | world\n  | (loop time: 1 s)\n");
    expect(run.stdout).toContain("  ! RuntimeWarning: coroutine 'main' was never awaited\n");
    expect(run.stdout).toContain("  | 1\n  | 3\n  | 2\n  | 4\n  | (loop time: 2 s)\n");
    expect(run.stdout).toContain("  | Saved 4 of 4 pictures in ");
  }, 2 * CHILD_TIMEOUT);
});

describe("the sleeping examples, on virtual time", () => {
  it("01 prints hello, then world, one second of loop time later", async () => {
    const run = await runNode("examples/01-hello-world.ts", [], VIRTUAL);
    expect(run).toEqual({ code: 0, stdout: "hello\nworld\n(loop time: 1 s)\n", stderr: "" });
  });

  it("02 runs nothing and warns that the coroutine 'main' was never awaited", async () => {
    const run = await runNode("examples/02-never-awaited.ts", [], VIRTUAL);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("RuntimeWarning: coroutine 'main' was never awaited");
    expect(run.stderr).not.toContain("hello");
  });

  it("06 runs two generator coroutines as tasks: 1 3 2 4 in two seconds", async () => {
    const run = await runNode("examples/06-coroutine-decorator.ts", [], VIRTUAL);
    expect(run).toEqual({ code: 0, stdout: "1\n3\n2\n4\n(loop time: 2 s)\n", stderr: "" });
  });

  it("07 runs two async functions as tasks: 1 3 2 4 in two seconds", async () => {
    const run = await runNode("examples/07-async-await.ts", [], VIRTUAL);
    expect(run).toEqual({ code: 0, stdout: "1\n3\n2\n4\n(loop time: 2 s)\n", stderr: "" });
  });
});

// ---------------------------------------------------------------------------

/** The total the download examples print, in seconds. */
function totalTime(stdout: string): number {
  const match = /^Total time: (\d+\.\d{3}) s /m.exec(stdout);
  expect(match, stdout).not.toBeNull();
  return Number(match?.[1]);
}

/** Checks that `dir` holds exactly the pictures `numbers`, each the server's image. */
function expectPictures(dir: string, numbers: number[]): void {
  expect(readdirSync(dir).sort()).toEqual(numbers.map((n) => `${n}.png`).sort());
  for (const n of numbers) {
    const file = readFileSync(join(dir, `${n}.png`));
    checkPng(file);
    expect(file.equals(sampleImage(n)), `${n}.png`).toBe(true);
  }
}

const LATENCY = "0.5";
const ORIGIN = /http:\/\/127\.0\.0\.1:\d+/g;

describe("the download examples", () => {
  it("08 downloads one after another and 09 all at once, about four times faster", async () => {
    const sequentialDir = tempDir();
    const concurrentDir = tempDir();
    const sequential = await runNode("examples/08-download-sequential.ts", ["--latency", LATENCY, "--out", sequentialDir]);
    const concurrent = await runNode("examples/09-download-concurrent.ts", ["--latency", LATENCY, "--out", concurrentDir]);

    expect(sequential.stderr).toBe("");
    expect(sequential.code).toBe(0);
    expect(sequential.stdout.replace(ORIGIN, "ORIGIN").replace(/\d+\.\d{3} s/, "T s").split("\n")).toEqual([
      "Serving 4 generated PNG images on ORIGIN (0.5 s latency each)",
      "Start downloading: ORIGIN/images/1.png",
      expect.stringMatching(/^Download complete: 1\.png \(\d+ bytes\)$/),
      "Start downloading: ORIGIN/images/2.png",
      expect.stringMatching(/^Download complete: 2\.png \(\d+ bytes\)$/),
      "Start downloading: ORIGIN/images/3.png",
      expect.stringMatching(/^Download complete: 3\.png \(\d+ bytes\)$/),
      "Start downloading: ORIGIN/images/4.png",
      expect.stringMatching(/^Download complete: 4\.png \(\d+ bytes\)$/),
      `Saved 4 of 4 pictures in ${sequentialDir}`,
      "Total time: T s (one after another)",
      "",
    ]);
    expectPictures(sequentialDir, [1, 2, 3, 4]);

    expect(concurrent.stderr).toBe("");
    expect(concurrent.code).toBe(0);
    const lines = concurrent.stdout.replace(ORIGIN, "ORIGIN").replace(/\d+\.\d{3} s/, "T s").split("\n");
    // All four requests go out before any answer comes back; answers arrive in any order.
    expect(lines.slice(0, 5)).toEqual([
      "Serving 4 generated PNG images on ORIGIN (0.5 s latency each)",
      "Send a request: ORIGIN/images/1.png",
      "Send a request: ORIGIN/images/2.png",
      "Send a request: ORIGIN/images/3.png",
      "Send a request: ORIGIN/images/4.png",
    ]);
    expect(lines.slice(5, 9).map((l) => l.replace(/ \(\d+ bytes\)$/, "")).sort()).toEqual([
      "Download complete: 1.png",
      "Download complete: 2.png",
      "Download complete: 3.png",
      "Download complete: 4.png",
    ]);
    expect(lines.slice(9)).toEqual([`Saved 4 of 4 pictures in ${concurrentDir}`, "Total time: T s (all at once)", ""]);
    expectPictures(concurrentDir, [1, 2, 3, 4]);

    // Four latencies one after another against one: a ratio, never a fixed time.
    const ratio = totalTime(sequential.stdout) / totalTime(concurrent.stdout);
    expect(ratio).toBeGreaterThan(2);
    expect(ratio).toBeLessThan(8);
  }, 2 * CHILD_TIMEOUT);

  it("write to a new temporary folder when no --out is given", async () => {
    const run = await runNode("examples/09-download-concurrent.ts", ["--latency", "0"]);
    expect(run.code).toBe(0);
    const dir = /^Saved 4 of 4 pictures in (.+)$/m.exec(run.stdout)?.[1] ?? "";
    tempDirs.push(dir);
    expect(dir.startsWith(tmpdir())).toBe(true);
    expectPictures(dir, [1, 2, 3, 4]);
  }, CHILD_TIMEOUT);

  describe("given URLs, some of them failing", () => {
    let server: ImageServer;
    let closedPort = 0;
    const abandoned: string[] = [];
    beforeAll(async () => {
      server = await startImageServer({ latency: 0, onAbandoned: (path) => abandoned.push(path) });
      // A port that was just free: nothing listens there, so connecting is refused.
      const probe = await startImageServer();
      closedPort = Number(new URL(probe.origin).port);
      await probe.close();
    });
    afterAll(async () => {
      await server.close();
    });

    const urls = (): string[] => [
      server.imageUrl(1),
      `${server.origin}/status/500`,
      `http://127.0.0.1:${closedPort}/refused.png`,
      "not-a-url",
      `${server.origin}/images/4.png?latency=30`,
      server.imageUrl(2),
    ];
    const failures = (stdout: string): string[] =>
      stdout
        .split("\n")
        .filter((line) => line.startsWith("Download failed: "))
        .map((line) => line.replace(ORIGIN, "ORIGIN"));

    for (const file of ["08-download-sequential.ts", "09-download-concurrent.ts"]) {
      it(`${file.slice(0, 2)} reports each failed download and still saves the others`, async () => {
        const dir = tempDir();
        abandoned.length = 0;
        const run = await runNode(`examples/${file}`, ["--out", dir, "--timeout", "0.5", ...urls()]);
        expect(run.stderr).toBe("");
        expect(run.code).toBe(1);
        expect(run.stdout).not.toContain("Serving");
        expect(failures(run.stdout)).toEqual([
          "Download failed: ORIGIN/status/500: Error: HTTP 500 Internal Server Error",
          "Download failed: ORIGIN/refused.png: TypeError: fetch failed: connect ECONNREFUSED " +
            `127.0.0.1:${closedPort}`,
          "Download failed: not-a-url: TypeError: Failed to parse URL from not-a-url: Invalid URL",
          expect.stringMatching(/^Download failed: ORIGIN\/images\/4\.png\?latency=30: TimeoutError/),
        ]);
        expect(run.stdout).toContain(`Saved 2 of 6 pictures in ${dir}`);
        // Files are numbered by the URL's position: 1 and 6 are the good ones.
        expect(readdirSync(dir).sort()).toEqual(["1.png", "6.png"]);
        expect(readFileSync(join(dir, "1.png")).equals(sampleImage(1))).toBe(true);
        expect(readFileSync(join(dir, "6.png")).equals(sampleImage(2))).toBe(true);
        // The timed-out request was aborted, not left to finish.
        expect(abandoned).toEqual(["/images/4.png?latency=30"]);
      }, CHILD_TIMEOUT);
    }
  });

  it("reject a bad option with a usage message", async () => {
    const run = await runNode("examples/08-download-sequential.ts", ["--latency", "soon"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--latency expects a number of seconds, got 'soon'");
    expect(run.stderr).toContain("usage:");
  });
});

describe("the download bridge (fetch through wrapPromise)", () => {
  it("aborts the request when the task awaiting it is cancelled", async () => {
    let requestArrived = (): void => {};
    const arrived = new Promise<void>((resolve) => (requestArrived = resolve));
    let requestAbandoned = (_path: string): void => {};
    const abandoned = new Promise<string>((resolve) => (requestAbandoned = resolve));
    const server = await startImageServer({
      latency: 30,
      onRequest: () => requestArrived(),
      onAbandoned: (path) => requestAbandoned(path),
    });
    const trace: string[] = [];
    const main = asyncio.coroutine(async function main(): Promise<number> {
      const download = asyncio.createTask(
        asyncio.coroutine(async function download(): Promise<Uint8Array> {
          return await asyncio.wrapPromise((signal) => fetchBytes(server.imageUrl(1), signal));
        })(),
      );
      await asyncio.wrapPromise(arrived);
      trace.push("the request reached the server");
      download.cancel();
      await asyncio.wait([download]);
      trace.push(`the task was cancelled: ${download.cancelled()}`);
      trace.push(`the server saw ${await asyncio.wrapPromise(abandoned)} abandoned`);
      return asyncio.getRunningLoop().time();
    });
    try {
      const loopTime = await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
      expect(trace).toEqual([
        "the request reached the server",
        "the task was cancelled: true",
        "the server saw /images/1.png abandoned",
      ]);
      // Waiting on outside work holds virtual time still.
      expect(loopTime).toBe(0);
    } finally {
      await server.close();
    }
  });
});

describe("the README", () => {
  it("lists every example and says how to run the tour on virtual time", () => {
    const text = readFileSync(join(ROOT, "README.md"), "utf8");
    for (const file of EXAMPLE_FILES) expect(text).toContain(`examples/${file}`);
    expect(text).toContain("npm start");
    expect(text).toContain("ASYNCIO_TS_CLOCK=virtual");
  });
});
