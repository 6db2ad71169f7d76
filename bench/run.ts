/**
 * `npm run bench`: the performance table of asyncio-ts.
 *
 * Every workload of the performance issue runs three ways, each in its own
 * fresh process: on asyncio-ts (in both spellings, `async function` and
 * `function*`), as a hand-written native-JavaScript floor, and as the
 * equivalent CPython asyncio program when `python3` is present. The table
 * shows medians of several runs with their min-max spread, the ratios to
 * CPython and to the floor, and whether each target is met.
 *
 *   npm run bench                      the full table (5 runs per case)
 *   npm run bench -- --quick           a smoke run: 1 run, sizes / 10
 *   npm run bench -- --scaling         per-op cost at 10k, 100k, 1M
 *   npm run bench -- --only 'w2|w3'    only rows whose id matches
 *   npm run bench -- --help            every option
 */

import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  CHURN,
  type Floor,
  type Program,
  type PythonProgram,
  ROWS,
  type Row,
  SCALING_ROW_IDS,
  SCALING_SIZES,
  meetsTarget,
} from "./harness/cases.js";
import { type NodeRuntime, buildRuntime, sourceRuntime } from "./harness/build.js";
import { type RunOutcome, pythonVersion, runNode, runPython } from "./harness/processes.js";
import {
  type Cell,
  type ChurnResult,
  type Machine,
  type Results,
  type RowResult,
  type ScalingRow,
  churnTable,
  formatSummary,
  machineLine,
  relative,
  rowsTable,
  scalingTable,
} from "./harness/report.js";
import { summarise } from "./harness/stats.js";

const USAGE = `usage: npm run bench -- [options]
  --runs N         measured runs per case (default 5; scaling: 3)
  --warmup N       unmeasured runs first, in the same process (default 1)
  --quick          smoke run: 1 run, no warm-up, every size divided by 10
  --scaling        run the scaling benchmark instead of the table
  --only REGEX     only rows whose id matches (ids: ${ROWS.map((r) => r.id).join(", ")}, ${CHURN.id})
  --no-python      skip the CPython programs
  --python CMD     CPython interpreter (default python3)
  --clock KIND     real (default) or virtual, for workloads that need no timers
  --timeout S      give up on a process after S seconds (default 900)
  --source         run the cases from TypeScript through tsx instead of the
                   compiled build (quicker to start; tsx's keepNames slows
                   every closure the library creates, so figures are lower)
  --cpu-prof       write a V8 CPU profile per asyncio-ts case to bench/results/profiles/
  --out FILE       results JSON (default bench/results/latest.json or scaling.json)
  --markdown FILE  also write the tables as markdown to FILE
  --help           this text`;

const RESULTS_DIR = fileURLToPath(new URL("results/", import.meta.url));

interface Options {
  runs: number;
  warmup: number;
  quick: boolean;
  scaling: boolean;
  only: RegExp | null;
  python: string | null;
  clock: "real" | "virtual";
  timeoutSeconds: number;
  cpuProf: boolean;
  source: boolean;
  out: string;
  markdown: string | null;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      runs: { type: "string" },
      warmup: { type: "string" },
      quick: { type: "boolean", default: false },
      scaling: { type: "boolean", default: false },
      only: { type: "string" },
      "no-python": { type: "boolean", default: false },
      python: { type: "string", default: "python3" },
      clock: { type: "string", default: "real" },
      timeout: { type: "string", default: "900" },
      "cpu-prof": { type: "boolean", default: false },
      source: { type: "boolean", default: false },
      out: { type: "string" },
      markdown: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const count = (text: string | undefined, fallback: number, name: string): number => {
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} needs a whole number, got ${text}`);
    return value;
  };
  const clock = values.clock;
  if (clock !== "real" && clock !== "virtual") throw new Error(`--clock is real or virtual, got ${clock}`);
  const quick = values.quick;
  const scaling = values.scaling;
  const runs = count(values.runs, quick ? 1 : scaling ? 3 : 5, "runs");
  if (runs < 1) throw new Error("--runs must be at least 1");
  return {
    runs,
    warmup: count(values.warmup, quick ? 0 : 1, "warmup"),
    quick,
    scaling,
    only: values.only === undefined ? null : new RegExp(values.only),
    python: values["no-python"] ? null : values.python,
    clock,
    timeoutSeconds: count(values.timeout, 900, "timeout"),
    cpuProf: values["cpu-prof"],
    source: values.source,
    out: path.resolve(values.out ?? path.join(RESULTS_DIR, scaling ? "scaling.json" : "latest.json")),
    markdown: values.markdown === undefined ? null : path.resolve(values.markdown),
  };
}

function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Turns one process run into a table cell. */
function toCell(outcome: RunOutcome): Cell {
  const values = outcome.samples.map((s) => s.value);
  const cell: Cell = {
    summary: values.length > 0 ? summarise(values) : null,
    details: outcome.samples.map((s) => s.detail ?? {}),
  };
  if (outcome.error !== undefined) cell.error = outcome.error;
  return cell;
}

class Runner {
  /** CPython runs are shared between the two spellings of a workload. */
  private readonly pythonCache = new Map<string, Cell>();
  private readonly profileDir = path.join(RESULTS_DIR, "profiles");

  constructor(
    private readonly options: Options,
    private readonly runtime: NodeRuntime,
    private readonly pythonAvailable: boolean,
  ) {}

  private size(n: number): number {
    return this.options.quick ? Math.max(1000, Math.floor(n / 10)) : n;
  }

  /**
   * Memory figures vary little and cost a lot: at most 3 runs, no warm-up.
   * A small size gets more warm-up runs (at least 100k operations' worth),
   * or its figure would mostly measure the JIT warming up.
   */
  private repeats(memory: boolean, n: number): { runs: number; warmup: number } {
    const { runs, warmup } = this.options;
    if (memory) return { runs: Math.min(runs, 3), warmup: 0 };
    return { runs, warmup: warmup === 0 ? 0 : Math.max(warmup, Math.ceil(100_000 / n)) };
  }

  async node(label: string, program: Program, n: number, memory: boolean, profile: boolean): Promise<Cell> {
    const nodeFlags: string[] = [];
    if (profile && this.options.cpuProf) {
      mkdirSync(this.profileDir, { recursive: true });
      nodeFlags.push("--cpu-prof", "--cpu-prof-dir", this.profileDir, "--cpu-prof-name", `${label}.cpuprofile`);
    }
    const cell = toCell(
      await runNode(this.runtime, program, {
        n,
        ...this.repeats(memory, n),
        timeoutSeconds: this.options.timeoutSeconds,
        env: { BENCH_CLOCK: this.options.clock },
        nodeFlags,
      }),
    );
    this.report(label, memory ? "B/task" : "ops/s", cell);
    return cell;
  }

  async python(label: string, program: PythonProgram, n: number, memory: boolean): Promise<Cell | null> {
    if (!this.pythonAvailable || this.options.python === null) return null;
    const key = `${program.script} ${(program.args ?? []).join(" ")} ${n}`;
    const cached = this.pythonCache.get(key);
    if (cached !== undefined) return cached;
    const cell = toCell(
      await runPython(this.options.python, program, {
        n,
        // CPython 3.11 has no JIT to warm up.
        runs: this.repeats(memory, n).runs,
        warmup: 0,
        timeoutSeconds: this.options.timeoutSeconds,
      }),
    );
    this.report(label, memory ? "B/task" : "ops/s", cell);
    this.pythonCache.set(key, cell);
    return cell;
  }

  private report(label: string, unit: "ops/s" | "B/task", cell: Cell): void {
    const figure = cell.summary === null ? `FAILED: ${cell.error ?? "no samples"}` : formatSummary(unit, cell.summary);
    progress(`  ${label.padEnd(34)} ${figure}`);
  }

  async row(row: Row, n = this.size(row.n)): Promise<RowResult> {
    const memory = row.unit === "B/task";
    progress(`${row.id} (n=${n.toLocaleString("en-US")}): ${row.description}`);
    const asyncio = await this.node(`${row.id}-asyncio-ts`, row.asyncio, n, memory, true);
    const floor = await this.node(`${row.id}-floor`, row.floor, n, memory, false);
    const cpython = row.python === undefined ? null : await this.python(`${row.id}-cpython`, row.python, n, memory);
    const ours = asyncio.summary?.median;
    return {
      id: row.id,
      workload: row.workload,
      spelling: row.spelling,
      description: row.description,
      unit: row.unit,
      n,
      asyncio,
      floor: { ...floor, label: (row.floor satisfies Floor).label },
      cpython,
      vsCpython: relative(row.unit, ours, cpython?.summary?.median),
      vsFloor: relative(row.unit, ours, floor.summary?.median),
      target: { value: row.target.value, met: ours === undefined ? null : meetsTarget(row, ours) },
      issue: row.issue,
    };
  }

  async churn(): Promise<ChurnResult> {
    const n = this.size(CHURN.n);
    progress(`${CHURN.id} (n=${n.toLocaleString("en-US")}): timeouts armed and cancelled on one loop`);
    const saved = { runs: this.options.runs, warmup: this.options.warmup };
    // One run says whether the heap stays bounded; repeating it adds nothing.
    this.options.runs = 1;
    this.options.warmup = 0;
    const asyncio = await this.node(`${CHURN.id}-asyncio-ts`, CHURN.asyncio, n, false, true);
    const cpython = await this.python(`${CHURN.id}-cpython`, CHURN.python, n, false);
    Object.assign(this.options, saved);
    const detail = asyncio.details[0];
    let met: boolean | null = null;
    if (detail !== undefined) {
      const entries = detail.peakTimerEntries;
      const growth = Number(detail.heapPeak) - Number(detail.heapBefore);
      met = typeof entries === "number" ? entries <= CHURN.maxTimerEntries : growth <= CHURN.maxHeapGrowth;
    }
    return {
      n,
      asyncio,
      cpython,
      bound: { maxTimerEntries: CHURN.maxTimerEntries, maxHeapGrowth: CHURN.maxHeapGrowth },
      met,
    };
  }

  async scaling(rows: readonly Row[]): Promise<ScalingRow[]> {
    const sizes = this.options.quick ? SCALING_SIZES.map((s) => s / 10) : SCALING_SIZES;
    const results: ScalingRow[] = [];
    for (const row of rows) {
      const points = [];
      for (const n of sizes) {
        const result = await this.row(row, n);
        points.push({ n, asyncio: result.asyncio, floor: result.floor, cpython: result.cpython });
      }
      const first = points[0]?.asyncio.summary?.median;
      const last = points[points.length - 1]?.asyncio.summary?.median;
      // Growth of the cost per operation: the inverse ratio for a throughput.
      const growth =
        first === undefined || last === undefined ? null : row.unit === "ops/s" ? first / last : last / first;
      results.push({
        id: row.id,
        workload: row.workload,
        spelling: row.spelling,
        unit: row.unit,
        floorLabel: row.floor.label,
        points,
        growth,
      });
    }
    return results;
  }
}

/** The commit measured, marked when src/ has changes on top of it; null outside git. */
function sourceRevision(): string | null {
  const git = (...args: string[]): string | null => {
    const result = spawnSync("git", args, { encoding: "utf8" });
    return result.status === 0 ? result.stdout.trim() : null;
  };
  const head = git("rev-parse", "--short", "HEAD");
  if (head === null) return null;
  const changes = git("status", "--porcelain", "--", "src");
  return changes === null || changes === "" ? head : `${head} + uncommitted changes in src/`;
}

function machine(python: string | null): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    python,
    loadBefore: os.loadavg()[0] ?? 0,
    loadAfter: null,
  };
}

async function main(): Promise<void> {
  const options = parseOptions();
  const python = options.python === null ? null : await pythonVersion(options.python);
  if (options.python !== null && python === null) progress(`${options.python} not found: no CPython column`);
  const host = machine(python);
  const revision = sourceRevision();
  if (!options.source) progress("compiling the library (dist/) and the cases (bench/results/build/)");
  const runtime = options.source ? sourceRuntime() : buildRuntime();
  const runner = new Runner(options, runtime, python !== null);
  const pythonLabel = python === null ? "CPython" : `CPython ${python}`;
  const selected = (id: string): boolean => options.only === null || options.only.test(id);

  progress(`machine: ${machineLine(host)}`);
  progress(`source: ${revision ?? "not a git checkout"}`);
  progress(
    `runs ${options.runs}, warm-up ${options.warmup}, clock ${options.clock}, code ${runtime.kind}${options.quick ? ", quick" : ""}\n`,
  );

  const results: Results = {
    kind: options.scaling ? "scaling" : "table",
    date: new Date().toISOString(),
    machine: host,
    options: {
      runs: options.runs,
      warmup: options.warmup,
      quick: options.quick,
      clock: options.clock,
      code: runtime.kind,
      revision,
      only: options.only?.source ?? null,
      python: options.python,
    },
  };
  const sections: string[] = [];

  if (options.scaling) {
    const rows = ROWS.filter((r) => SCALING_ROW_IDS.includes(r.id) && selected(r.id));
    results.scaling = await runner.scaling(rows);
    sections.push(scalingTable(results.scaling, pythonLabel));
  } else {
    const rows: RowResult[] = [];
    for (const row of ROWS) if (selected(row.id)) rows.push(await runner.row(row));
    results.rows = rows;
    if (rows.length > 0) sections.push(rowsTable(rows, pythonLabel));
    if (selected(CHURN.id)) {
      results.churn = await runner.churn();
      sections.push(churnTable(results.churn, pythonLabel));
    }
  }

  host.loadAfter = os.loadavg()[0] ?? 0;
  const header = `Machine: ${machineLine(host)}\nSource: ${revision ?? "not a git checkout"}, ${runtime.kind === "build" ? "compiled build" : "TypeScript through tsx"}`;
  const text = [header, ...sections].join("\n\n");
  console.log(`\n${text}\n`);
  mkdirSync(path.dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
  progress(`results written to ${path.relative(process.cwd(), options.out)}`);
  if (options.markdown !== null) {
    mkdirSync(path.dirname(options.markdown), { recursive: true });
    writeFileSync(options.markdown, `${text}\n`);
  }
}

await main();
