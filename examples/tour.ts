// The guided tour (`npm start`): every snippet of the article, Python beside
// TypeScript. For each example in order it prints the number and title, what
// it teaches, the Python original, then runs the port as a child process, as
// a user would, and shows its output and how long it took.
//
// Everything shown comes from the example files themselves: the first line is
// the title, the `Teaches:` paragraph follows, and the Python original sits
// between the `/*--- Python, from the article ---` and `---*/` lines.
//
//   npm start                 all nine, on the real clock
//   npm start -- --virtual    the sleeping examples on virtual time (instant)
//   npm start -- 4 5          only examples 04 and 05

import { spawn } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const EXAMPLES_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(EXAMPLES_DIR);
const EXAMPLE_FILE = /^(\d\d)-[a-z0-9-]+\.ts$/;
const PYTHON_BLOCK = /^\/\*--- Python, from the article ---\n([\s\S]*?)\n---\*\/$/m;
const TITLE_LINE = /^\/\/ (\d\d)\. (.+)$/;
/** Downloads wait on real sockets: virtual time cannot make them faster. */
const REAL_TIME_ONLY = /download/;

export interface Example {
  number: string;
  title: string;
  teaches: string;
  python: string;
  file: string;
}

/** Reads an example file's header: title, what it teaches, Python original. */
export function readExample(file: string): Example {
  const source = readFileSync(file, "utf8");
  const lines = source.split("\n");
  const title = TITLE_LINE.exec(lines[0] ?? "");
  const python = PYTHON_BLOCK.exec(source);
  if (title === null || python === null) {
    throw new Error(`${file}: expected a '// NN. Title' first line and a Python block`);
  }
  const teaches: string[] = [];
  for (const line of lines.slice(1)) {
    if (!line.startsWith("//")) break;
    teaches.push(line.replace(/^\/\/ ?/, ""));
  }
  return {
    number: title[1] ?? "",
    title: title[2] ?? "",
    teaches: teaches.join(" ").replace(/^Teaches: /, ""),
    python: python[1] ?? "",
    file,
  };
}

/** The example files, in the article's order. */
export function listExamples(): Example[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((name) => EXAMPLE_FILE.test(name))
    .sort()
    .map((name) => readExample(join(EXAMPLES_DIR, name)));
}

/** Wraps `text` to `width` columns. */
function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== "" && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") out.push(line);
  return out;
}

/** Writes a child's stream line by line, each line with `prefix`. */
function relay(stream: NodeJS.ReadableStream, prefix: string): Promise<void> {
  return new Promise((resolve) => {
    let partial = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      const lines = (partial + chunk).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) process.stdout.write(`${prefix}${line}\n`);
    });
    stream.on("end", () => {
      if (partial !== "") process.stdout.write(`${prefix}${partial}\n`);
      resolve();
    });
  });
}

/** Runs one example with tsx, relaying its output live; resolves to its exit code. */
async function runExample(example: Example, virtual: boolean, timeline: boolean): Promise<number> {
  const env = { ...process.env };
  if (virtual && !REAL_TIME_ONLY.test(example.file)) env.ASYNCIO_TS_CLOCK = "virtual";
  // The loop's own tracer prints the timeline to standard error at the end.
  if (timeline) env.ASYNCIO_TS_TRACE = "timeline";
  // `--import tsx` resolves from the working directory, the repository root.
  const child = spawn(process.execPath, ["--import", "tsx", example.file], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const relayed = Promise.all([relay(child.stdout, "  | "), relay(child.stderr, "  ! ")]);
  const code = await new Promise<number>((resolve) => {
    child.on("close", (status, signal) => resolve(status ?? (signal === null ? 0 : 1)));
  });
  await relayed;
  return code;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { virtual: { type: "boolean" }, timeline: { type: "boolean" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help === true) {
    console.log("usage: npm start -- [--virtual] [--timeline] [NUMBER ...]");
    console.log("  --virtual   run the sleeping examples on virtual time");
    console.log("  --timeline  after each example, show the loop's timeline: every iteration, callback and task step");
    return;
  }
  const virtual = values.virtual === true;
  const timeline = values.timeline === true;
  const wanted = new Set(positionals.map((n) => n.padStart(2, "0")));
  const examples = listExamples().filter((e) => wanted.size === 0 || wanted.has(e.number));
  if (examples.length === 0) {
    console.error(`no example numbered ${positionals.join(", ")}`);
    process.exitCode = 2;
    return;
  }

  console.log("asyncio-ts: a guided tour of the article's snippets, Python beside TypeScript.");
  console.log(
    virtual
      ? "Sleeping examples run on virtual time (ASYNCIO_TS_CLOCK=virtual); downloads use real time."
      : "Everything runs on the real clock; `npm start -- --virtual` skips the sleeping.",
  );
  const failed: string[] = [];
  for (const example of examples) {
    const rule = "=".repeat(Math.max(3, 72 - example.title.length));
    console.log(`\n== ${example.number}. ${example.title} ${rule}\n`);
    for (const line of wrap(`Teaches: ${example.teaches}`, 76)) console.log(line);
    console.log("\nPython, from the article:\n");
    for (const line of example.python.split("\n")) console.log(line === "" ? "" : `    ${line}`);
    console.log(`\nTypeScript: npx tsx ${relative(ROOT, example.file)}\n`);
    const started = performance.now();
    const code = await runExample(example, virtual, timeline);
    const elapsed = ((performance.now() - started) / 1000).toFixed(2);
    const status = code === 0 ? "" : `, exit code ${code}`;
    console.log(`\n  (the process took ${elapsed} s, TypeScript start-up included${status})`);
    if (code !== 0) failed.push(example.number);
  }
  if (failed.length > 0) {
    console.error(`\nexamples that failed: ${failed.join(", ")}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
