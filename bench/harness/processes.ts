/**
 * Starting the measured programs: one fresh process per case.
 *
 * The one idea: a case runs in its own `node --expose-gc` process (compiled,
 * or from source with tsx: see build.ts), so JIT state and heap garbage never
 * carry over from one workload to the next and memory figures come from a
 * forced GC. CPython programs run with the plain `python3`. Both
 * print one JSON line per measured run; anything else on standard output is
 * ignored and standard error is kept for the error report.
 */

import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { NodeRuntime } from "./build.js";
import type { Program, PythonProgram } from "./cases.js";
import type { Sample } from "./measure.js";

/** Children start in the repository root, where tsx finds tsconfig.json. */
const ROOT_DIR = fileURLToPath(new URL("../..", import.meta.url));
const PYTHON_DIR = fileURLToPath(new URL("../python/", import.meta.url));

/** What one process run produced. */
export interface RunOutcome {
  samples: Sample[];
  /** Set when the process failed, timed out or printed no sample. */
  error?: string;
}

export interface RunOptions {
  n: number;
  runs: number;
  warmup: number;
  timeoutSeconds: number;
  env?: Record<string, string>;
}

function parseSamples(stdout: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of stdout.split("\n")) {
    const text = line.trim();
    if (!text.startsWith("{")) continue;
    const parsed = JSON.parse(text) as { value?: unknown } & Record<string, unknown>;
    if (typeof parsed.value !== "number") continue;
    const { value, detail, ...rest } = parsed;
    const extra = (detail ?? rest) as Record<string, number | string | null>;
    samples.push({ value, detail: extra });
  }
  return samples;
}

function runProcess(
  command: string,
  args: string[],
  cwd: string,
  options: RunOptions,
): Promise<RunOutcome> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
    // The CPython programs must run on the default interpreter the issue measured.
    delete env.PYENV_VERSION;
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.timeoutSeconds * 1000);
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve({ samples: [], error: error.message });
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      let samples: Sample[] = [];
      let parseError: string | undefined;
      try {
        samples = parseSamples(stdout);
      } catch (error) {
        parseError = `unreadable output: ${String(error)}`;
      }
      let error: string | undefined;
      if (timedOut) error = `timed out after ${options.timeoutSeconds} s`;
      else if (code !== 0) error = `exited with ${code ?? signal}: ${lastLines(stderr)}`;
      else if (parseError !== undefined) error = parseError;
      else if (samples.length === 0) error = `printed no sample: ${lastLines(stderr)}`;
      resolve(error === undefined ? { samples } : { samples, error });
    });
  });
}

/** The error lines of a failed process's standard error, else its last lines. */
function lastLines(text: string, count = 4): string {
  const lines = text.trim().split("\n");
  const errors = lines.filter((line) => /^\S*(Error|Exception)\b|^\w+Error:/.test(line.trim()));
  return (errors.length > 0 ? errors.slice(0, 2) : lines.slice(-count)).join(" | ");
}

/** Runs a case in a fresh Node process. */
export function runNode(
  runtime: NodeRuntime,
  program: Program,
  options: RunOptions & { nodeFlags?: string[] },
): Promise<RunOutcome> {
  const args = [
    "--expose-gc",
    ...(options.nodeFlags ?? []),
    ...runtime.loaderFlags,
    runtime.entry,
    runtime.modulePath(program.module),
    program.fn,
    "--n",
    String(options.n),
    "--runs",
    String(options.runs),
    "--warmup",
    String(options.warmup),
  ];
  return runProcess(process.execPath, args, ROOT_DIR, options);
}

/** Runs a CPython program from bench/python/. */
export function runPython(
  python: string,
  program: PythonProgram,
  options: RunOptions,
): Promise<RunOutcome> {
  const args = [
    program.script,
    ...(program.args ?? []),
    "--n",
    String(options.n),
    "--runs",
    String(options.runs),
    "--warmup",
    String(options.warmup),
  ];
  return runProcess(python, args, PYTHON_DIR, options);
}

/** The version of `python` (e.g. "3.11.7"), or null when it cannot run. */
export async function pythonVersion(python: string): Promise<string | null> {
  const outcome = await runProcess(
    python,
    ["-c", 'import json, sys; print(json.dumps({"value": 0, "version": sys.version.split()[0]}))'],
    PYTHON_DIR,
    { n: 0, runs: 0, warmup: 0, timeoutSeconds: 30 },
  );
  const version = outcome.samples[0]?.detail?.version;
  return typeof version === "string" ? version : null;
}
