/**
 * Summarises a V8 CPU profile: the functions with the most self time, and
 * the most inclusive time, as a plain-text table.
 *
 *   npm run bench -- --cpu-prof --only w2-async
 *   npx tsx bench/profile.ts bench/results/profiles/w2-async-asyncio-ts.cpuprofile
 *
 * By default only samples with library or benchmark code on the stack count
 * (and GC); `--all` counts start-up and the TypeScript loader too.
 * The one idea: a `.cpuprofile` is a call tree whose nodes carry hit counts;
 * a node's self time is its own hits, its inclusive time adds its subtree's.
 * Inclusive time counts a recursive function once per sampled stack.
 */

import { readFileSync } from "node:fs";
import path from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

/**
 * `name file:line:column`. (Under `--source`, tsx strips whitespace from what
 * it compiles, so lines are mostly 1 and the column tells functions apart.)
 */
function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber, columnNumber } = node.callFrame;
  const file = url === "" ? "" : ` ${path.basename(url)}:${lineNumber + 1}:${columnNumber + 1}`;
  return `${functionName === "" ? "(anonymous)" : functionName}${file}`;
}

/** Frames of the library or of a benchmark case, as opposed to start-up and loader work. */
function isMeasuredCode(node: ProfileNode): boolean {
  const url = node.callFrame.url;
  if (url.includes("/node_modules/")) return false;
  return ["/src/", "/dist/", "/workloads/", "/floors/"].some((part) => url.includes(part));
}

function summarise(file: string, top: number, all: boolean): void {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  // Keep only samples taken while measured code was on the stack (GC and
  // engine internals called from it included), so start-up does not dilute.
  const measured = new Map<number, boolean>();
  const underMeasured = (id: number): boolean => {
    const known = measured.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id);
    const up = parent.get(id);
    const result = node !== undefined && (isMeasuredCode(node) || (up !== undefined && underMeasured(up)));
    measured.set(id, result);
    return result;
  };
  const isGc = (node: ProfileNode): boolean => node.callFrame.functionName === "(garbage collector)";
  let totalHits = 0;
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    // V8 hangs GC samples off the root, so they are kept whatever their stack.
    if (hits === 0 || (!all && !isGc(node) && !underMeasured(node.id))) continue;
    totalHits += hits;
    const name = frameName(node);
    self.set(name, (self.get(name) ?? 0) + hits);
    // Walk up the stack, counting each distinct frame name once.
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const ancestor = byId.get(id);
      if (ancestor === undefined) break;
      const ancestorName = frameName(ancestor);
      if (seen.has(ancestorName)) continue;
      seen.add(ancestorName);
      inclusive.set(ancestorName, (inclusive.get(ancestorName) ?? 0) + hits);
    }
  }

  const ms = (profile.endTime - profile.startTime) / 1000;
  const scope = all ? "all samples" : "samples in library and benchmark code, plus GC";
  console.log(`${file}: ${ms.toFixed(0)} ms profiled, ${totalHits} ${scope}`);
  const show = (title: string, table: Map<string, number>): void => {
    console.log(`\n${title}`);
    const rows = [...table.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
    for (const [name, hits] of rows) {
      console.log(`${((100 * hits) / totalHits).toFixed(1).padStart(6)}%  ${name}`);
    }
  };
  show("self time", self);
  show("inclusive time", inclusive);
}

const files = process.argv.slice(2).filter((arg) => !arg.startsWith("--"));
const topArg = process.argv.find((arg) => arg.startsWith("--top="));
const top = topArg === undefined ? 25 : Number(topArg.slice("--top=".length));
const all = process.argv.includes("--all");
if (files.length === 0) {
  console.error("usage: npx tsx bench/profile.ts FILE.cpuprofile... [--top=N] [--all]");
  process.exit(1);
}
for (const file of files) summarise(file, top, all);
