/**
 * Tracing any script without touching its code: the `ASYNCIO_TS_TRACE`
 * environment variable, and `run(main, { trace: "..." })` with the same text.
 *
 * The one idea: the variable lists outputs, comma-separated, each a format and
 * an optional file: `timeline` (text, to standard error unless a file is
 * given), `chrome:out.json` (Perfetto / chrome://tracing), `svg:out.svg`. When
 * it is set, every loop the program makes gets a recorder, and its trace is
 * written when the loop closes, or when the process exits for a loop that
 * never closed (`getEventLoop().runUntilComplete(...)` programs).
 *
 *   ASYNCIO_TS_TRACE=timeline npx tsx script.ts
 *   ASYNCIO_TS_TRACE=chrome:trace.json,svg:trace.svg npx tsx script.ts
 */
import { writeFileSync, writeSync } from "node:fs";
import { basename } from "node:path";
import { ValueError } from "../errors.js";
import type { EventLoop } from "../loop.js";
import { chromeTrace } from "./chrome.js";
import { autoTracer } from "./hooks.js";
import { TraceRecorder } from "./recorder.js";
import { timelineSvg } from "./svg.js";
import { formatTimeline } from "./text.js";

/** One place a trace goes: a format, and a file (null: standard error). */
export interface TraceOutput {
  format: "timeline" | "chrome" | "svg";
  file: string | null;
}

const DEFAULT_FILES = { chrome: "asyncio-trace.json", svg: "asyncio-trace.svg" } as const;
const FORMATS: Record<string, TraceOutput["format"]> = {
  timeline: "timeline",
  text: "timeline",
  chrome: "chrome",
  json: "chrome",
  perfetto: "chrome",
  svg: "svg",
};

/**
 * Reads a trace specification such as `timeline`, `chrome:out.json` or
 * `timeline,svg:out.svg`. Throws `ValueError` for an unknown format.
 */
export function parseTraceSpec(spec: string): TraceOutput[] {
  const outputs: TraceOutput[] = [];
  for (const part of spec.split(",")) {
    const item = part.trim();
    if (item === "" || item === "0") continue;
    const colon = item.indexOf(":");
    const name = (colon < 0 ? item : item.slice(0, colon)).toLowerCase();
    const file = colon < 0 ? null : item.slice(colon + 1);
    const format = item === "1" ? "timeline" : FORMATS[name];
    if (format === undefined) {
      throw new ValueError(`ASYNCIO_TS_TRACE: unknown trace format '${name}' (expected timeline, chrome or svg, as in 'timeline' or 'chrome:out.json')`);
    }
    outputs.push({ format, file: file === null || file === "" ? (format === "timeline" ? null : DEFAULT_FILES[format]) : file });
  }
  return outputs;
}

/** Every recorder made from a specification, to write the unclosed ones at exit. */
const writers: SpecRecorder[] = [];
let written = 0;
let exitHooked = false;

/** A recorder that writes itself to the outputs of a specification when its loop closes. */
class SpecRecorder extends TraceRecorder {
  private _written = false;

  constructor(private readonly _outputs: TraceOutput[]) {
    super();
    writers.push(this);
    if (!exitHooked) {
      exitHooked = true;
      globalThis.process?.on?.("exit", writeRemaining);
    }
  }

  override loopClosed(loop: EventLoop): void {
    super.loopClosed(loop);
    this.write();
  }

  write(): void {
    if (this._written || this.size === 0) return;
    // Replaced by another tracer (a run's own `trace` option, say): that one speaks for the loop.
    if (this.loop !== null && this.loop.getTracer() !== this) return;
    this._written = true;
    const n = ++written;
    const trace = this.snapshot();
    const script = globalThis.process?.argv?.[1];
    const title = script === undefined ? "asyncio-ts timeline" : `asyncio-ts timeline: ${basename(script)}`;
    for (const output of this._outputs) {
      const text =
        output.format === "timeline"
          ? `${formatTimeline(trace)}\n`
          : output.format === "chrome"
            ? `${JSON.stringify(chromeTrace(trace))}\n`
            : timelineSvg(trace, { title: n > 1 ? `${title} (loop ${n})` : title });
      if (output.file === null) {
        writeSync(2, n > 1 ? `\n-- trace of loop ${n} --\n${text}` : text);
        continue;
      }
      const file = n > 1 ? numbered(output.file, n) : output.file;
      writeFileSync(file, text);
      const hint = output.format === "chrome" ? " (open it in https://ui.perfetto.dev)" : output.format === "svg" ? " (open it in a browser)" : "";
      writeSync(2, `asyncio-ts: trace written to ${file}${hint}\n`);
    }
  }
}

function writeRemaining(): void {
  for (const writer of writers) writer.write();
}

/** `out.json` -> `out-2.json` for the second loop of a program. */
function numbered(file: string, n: number): string {
  const dot = file.lastIndexOf(".");
  return dot > file.lastIndexOf("/") && dot > 0 ? `${file.slice(0, dot)}-${n}${file.slice(dot)}` : `${file}-${n}`;
}

/** A recorder for `spec` that writes its trace where the spec says when its loop closes. @internal */
export function recorderForSpec(spec: string): TraceRecorder | null {
  const outputs = parseTraceSpec(spec);
  return outputs.length === 0 ? null : new SpecRecorder(outputs);
}

/** Reads `ASYNCIO_TS_TRACE` once, when the library is loaded, and arms every new loop. */
function installFromEnvironment(): void {
  const spec = globalThis.process?.env?.ASYNCIO_TS_TRACE;
  if (spec === undefined || spec === "" || spec === "0") return;
  // A typo must be loud, but at the first loop, as ASYNCIO_TS_CLOCK is, not at import.
  let outputs: TraceOutput[] | null = null;
  let problem: unknown = null;
  try {
    outputs = parseTraceSpec(spec);
  } catch (error) {
    problem = error;
  }
  autoTracer.factory = () => {
    if (outputs === null) throw problem;
    return new SpecRecorder(outputs);
  };
}

installFromEnvironment();
