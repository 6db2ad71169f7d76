/**
 * Turning measurements into what people read: the results JSON and the
 * markdown tables printed at the end of a run (and pasted into
 * docs/performance.md).
 *
 * The one idea: every ratio is oriented so that a number above 1 means
 * asyncio-ts does better (more operations per second, or fewer bytes per
 * task), whatever the unit.
 */

import type { IssueBaseline, Unit } from "./cases.js";
import type { Summary } from "./stats.js";

/** One implementation's figures for one row. */
export interface Cell {
  summary: Summary | null;
  error?: string;
  /** The `detail` of every measured run, in order. */
  details: Array<Record<string, number | string | null>>;
}

export interface RowResult {
  id: string;
  workload: string;
  spelling: string;
  description: string;
  unit: Unit;
  n: number;
  asyncio: Cell;
  floor: Cell & { label: string };
  cpython: Cell | null;
  /** asyncio-ts relative to CPython (> 1: asyncio-ts better). */
  vsCpython: number | null;
  /** asyncio-ts relative to the native floor (> 1: asyncio-ts better). */
  vsFloor: number | null;
  target: { value: number; met: boolean | null };
  issue: IssueBaseline;
}

export interface ChurnResult {
  n: number;
  asyncio: Cell;
  cpython: Cell | null;
  bound: { maxTimerEntries: number; maxHeapGrowth: number };
  met: boolean | null;
}

export interface ScalingPoint {
  n: number;
  asyncio: Cell;
  floor: Cell;
  cpython: Cell | null;
}

export interface ScalingRow {
  id: string;
  workload: string;
  spelling: string;
  unit: Unit;
  floorLabel: string;
  points: ScalingPoint[];
  /** Cost per operation (or bytes per task) at the largest size over the smallest. */
  growth: number | null;
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  platform: string;
  node: string;
  python: string | null;
  /** 1-minute load average at the start and at the end: other work skews figures. */
  loadBefore: number;
  loadAfter: number | null;
}

export interface Results {
  kind: "table" | "scaling";
  date: string;
  machine: Machine;
  options: Record<string, string | number | boolean | null>;
  rows?: RowResult[];
  churn?: ChurnResult;
  scaling?: ScalingRow[];
}

/** `a` relative to `b`, oriented so that > 1 favours `a`. */
export function relative(unit: Unit, a: number | undefined, b: number | undefined): number | null {
  if (a === undefined || b === undefined || a <= 0 || b <= 0) return null;
  return unit === "ops/s" ? a / b : b / a;
}

function rateParts(value: number): { scale: number; suffix: string; digits: number } {
  if (value >= 1e6) return { scale: 1e6, suffix: "M/s", digits: value >= 1e8 ? 0 : value >= 1e7 ? 1 : 2 };
  if (value >= 1e3) return { scale: 1e3, suffix: "k/s", digits: value >= 1e5 ? 0 : 1 };
  return { scale: 1, suffix: "/s", digits: 0 };
}

/** `12.3 M/s`, `870 k/s`, `612 B`. */
export function formatValue(unit: Unit, value: number): string {
  if (unit === "B/task") return `${Math.round(value).toLocaleString("en-US")} B`;
  const { scale, suffix, digits } = rateParts(value);
  return `${(value / scale).toFixed(digits)} ${suffix}`;
}

/** A round figure such as a target, without padding zeros: `10 M/s`, `700 k/s`. */
function formatRound(unit: Unit, value: number): string {
  if (unit === "B/task") return formatValue(unit, value);
  const { scale, suffix } = rateParts(value);
  return `${value / scale} ${suffix}`;
}

/** The median and its min-max spread, in one unit: `12.3 M/s (11.9-12.5)`. */
export function formatSummary(unit: Unit, summary: Summary): string {
  if (summary.samples.length === 1) return formatValue(unit, summary.median);
  if (unit === "B/task") {
    return `${formatValue(unit, summary.median)} (${Math.round(summary.min)}–${Math.round(summary.max)})`;
  }
  const { scale, suffix, digits } = rateParts(summary.median);
  const show = (v: number): string => (v / scale).toFixed(digits);
  return `${show(summary.median)} ${suffix} (${show(summary.min)}–${show(summary.max)})`;
}

function formatCell(unit: Unit, cell: Cell | null): string {
  if (cell === null) return "–";
  if (cell.summary === null) return "failed (see JSON)";
  return formatSummary(unit, cell.summary);
}

/** `23×`, `0.62×`, or a dash. */
export function formatRatio(ratio: number | null): string {
  if (ratio === null) return "–";
  return ratio >= 10 ? `${ratio.toFixed(0)}×` : `${ratio.toFixed(2)}×`;
}

function formatTarget(unit: Unit, target: RowResult["target"]): string {
  const sign = unit === "ops/s" ? "≥" : "≤";
  const verdict = target.met === null ? "not measured" : target.met ? "met" : "**missed**";
  return `${sign} ${formatRound(unit, target.value)}: ${verdict}`;
}

function markdownTable(header: string[], lines: string[][]): string {
  const row = (cells: string[]): string => `| ${cells.join(" | ")} |`;
  return [row(header), row(header.map(() => "---")), ...lines.map(row)].join("\n");
}

/** The main table. */
export function rowsTable(rows: readonly RowResult[], pythonLabel: string): string {
  return markdownTable(
    [
      "Workload",
      "Spelling",
      "asyncio-ts",
      "Native floor",
      "Floor is",
      pythonLabel,
      "vs CPython",
      "vs floor",
      "Target",
    ],
    rows.map((r) => [
      r.workload,
      r.spelling,
      formatCell(r.unit, r.asyncio),
      formatCell(r.unit, r.floor),
      r.floor.label,
      formatCell(r.unit, r.cpython),
      formatRatio(r.vsCpython),
      formatRatio(r.vsFloor),
      formatTarget(r.unit, r.target),
    ]),
  );
}

function bytes(value: number | string | null | undefined): string {
  if (typeof value !== "number") return "–";
  return `${(value / 1024 / 1024).toFixed(1)} MiB`;
}

function median(details: Cell["details"], key: string): number | null {
  const values = details.map((d) => d[key]).filter((v): v is number => typeof v === "number");
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)];
}

/** The churn check, as a small table. */
export function churnTable(churn: ChurnResult, pythonLabel: string): string {
  const ours = churn.asyncio.details[0] ?? {};
  const entries = median(churn.asyncio.details, "peakTimerEntries");
  const theirs = churn.cpython === null ? null : median(churn.cpython.details, "peakTimerEntries");
  const verdict = churn.met === null ? "not measured" : churn.met ? "met" : "**missed**";
  return markdownTable(
    ["Churn check", "asyncio-ts", pythonLabel],
    [
      ["timeouts armed and cancelled", churn.n.toLocaleString("en-US"), churn.n.toLocaleString("en-US")],
      ["rate", formatCell("ops/s", churn.asyncio), formatCell("ops/s", churn.cpython)],
      [
        "peak timer-heap entries",
        entries === null ? "not exposed" : entries.toLocaleString("en-US"),
        theirs === null ? "–" : theirs.toLocaleString("en-US"),
      ],
      ["JS heap before / peak / after", `${bytes(ours.heapBefore)} / ${bytes(ours.heapPeak)} / ${bytes(ours.heapAfter)}`, "–"],
      [
        "bounded",
        `${verdict} (≤ ${churn.bound.maxTimerEntries.toLocaleString("en-US")} entries)`,
        "",
      ],
    ],
  );
}

/** Per-operation cost: nanoseconds per op, or bytes per task. */
export function perOp(unit: Unit, cell: Cell | null): string {
  const value = cell?.summary?.median;
  if (value === undefined) return "–";
  if (unit === "B/task") return `${Math.round(value).toLocaleString("en-US")} B`;
  const ns = 1e9 / value;
  return ns >= 100 ? `${Math.round(ns).toLocaleString("en-US")} ns` : `${ns.toFixed(1)} ns`;
}

function compactCount(n: number): string {
  if (n >= 1e6 && n % 1e6 === 0) return `${n / 1e6}M`;
  if (n >= 1e3 && n % 1e3 === 0) return `${n / 1e3}k`;
  return String(n);
}

/** The scaling benchmark: per-operation cost at each size. */
export function scalingTable(rows: readonly ScalingRow[], pythonLabel: string): string {
  const lines: string[][] = [];
  for (const row of rows) {
    let previous: number | undefined;
    for (const point of row.points) {
      const median = point.asyncio.summary?.median;
      // Cost per operation relative to the previous size (inverse for a rate).
      const step =
        previous === undefined || median === undefined
          ? "–"
          : `${(row.unit === "ops/s" ? previous / median : median / previous).toFixed(2)}×`;
      previous = median;
      lines.push([
        row.workload,
        row.spelling,
        point.n.toLocaleString("en-US"),
        formatCell(row.unit, point.asyncio),
        perOp(row.unit, point.asyncio),
        step,
        `${perOp(row.unit, point.floor)} (${row.floorLabel})`,
        perOp(row.unit, point.cpython),
      ]);
    }
    const first = row.points[0]?.n ?? 0;
    const last = row.points[row.points.length - 1]?.n ?? 0;
    const span = `${compactCount(first)} → ${compactCount(last)}`;
    const growth = row.growth === null ? "–" : `${row.growth.toFixed(2)}×`;
    lines.push(["", "", `growth ${span}`, "", growth, "", "", ""]);
  }
  return markdownTable(
    [
      "Workload",
      "Spelling",
      "n",
      "asyncio-ts",
      "per op / task",
      "vs previous n",
      "floor per op",
      `${pythonLabel} per op`,
    ],
    lines,
  );
}

export function machineLine(machine: Machine): string {
  const python = machine.python === null ? "CPython not run" : `CPython ${machine.python}`;
  const load =
    machine.loadAfter === null
      ? `load ${machine.loadBefore.toFixed(2)}`
      : `load ${machine.loadBefore.toFixed(2)} → ${machine.loadAfter.toFixed(2)}`;
  return `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.platform}, Node ${machine.node}, ${python}; ${load}`;
}
