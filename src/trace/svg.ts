/**
 * A trace as a standalone SVG picture: one row per task over loop time, that
 * any browser opens.
 *
 * The one idea: a task's life is a thin line from its creation to its end;
 * on it, solid bars are steps (its coroutine running) and pale bars are waits
 * (suspended on a timer, a future, another task), labelled with what it waits
 * for when there is room. The top row is the loop itself: a tick per
 * iteration. The time axis is loop seconds from the start of the trace. On a
 * virtual clock a step takes no loop time at all, so steps are drawn a few
 * pixels wide to stay visible; hover any bar for its details.
 */
import type { Trace, TraceEvent } from "./model.js";

/** Options of {@link timelineSvg}. */
export interface TimelineSvgOptions {
  /** Width of the picture in pixels (960 by default). */
  width?: number;
  /** The title at the top. */
  title?: string;
  /** Draw at most this many tasks (200 by default); a note says how many more there were. */
  maxTasks?: number;
}

const ROW = 30;
const BAR = 14;
const LABEL_WIDTH = 170;
/** Room on the right for the outcome of tasks that end at the last moment. */
const RIGHT = 120;
const TOP = 64;
const MIN_STEP_WIDTH = 3;
const CHAR_WIDTH = 6.2;

const COLOURS = {
  step: "#2b6cb0",
  timer: "#fbd38d",
  future: "#cbd5e0",
  task: "#b2f5ea",
  io: "#bee3f8",
  foreign: "#feb2b2",
  line: "#a0aec0",
  result: "#38a169",
  exception: "#e53e3e",
  cancelled: "#718096",
  iteration: "#4a5568",
};

interface Bar {
  x0: number;
  x1: number;
  kind: "step" | "timer" | "future" | "task" | "io" | "foreign";
  label: string;
  tip: string;
}

/**
 * The trace as an SVG document (a string), tasks as rows in the order they
 * were created.
 */
export function timelineSvg(trace: Trace, options: TimelineSvgOptions = {}): string {
  const width = options.width ?? 960;
  const maxTasks = options.maxTasks ?? 200;
  const title = options.title ?? "asyncio-ts timeline";
  const tasks = trace.tasks.slice(0, maxTasks);
  const hidden = trace.tasks.length - tasks.length;
  const span = trace.end - trace.start > 0 ? trace.end - trace.start : 1;
  const plot = width - LABEL_WIDTH - RIGHT;
  const x = (time: number): number => LABEL_WIDTH + ((time - trace.start) / span) * plot;
  const rowOf = new Map<string, number>();
  tasks.forEach((task, i) => rowOf.set(task.name, i));
  const taskNames = new Set(trace.tasks.map((task) => task.name));

  // Bars per row, built from the events: each step or wait lasts until the task's next event.
  const bars: Bar[][] = tasks.map(() => []);
  const open = new Map<string, { since: number; kind: Bar["kind"]; label: string; tip: string }>();
  const close = (task: string, time: number): void => {
    const current = open.get(task);
    const row = rowOf.get(task);
    open.delete(task);
    if (current === undefined || row === undefined) return;
    let x0 = x(current.since);
    let x1 = x(time);
    if (current.kind === "step" && x1 - x0 < MIN_STEP_WIDTH) {
      x0 -= MIN_STEP_WIDTH / 2;
      x1 = x0 + MIN_STEP_WIDTH;
    }
    if (x1 - x0 < 0.5) return;
    addBar(bars[row], { x0, x1, kind: current.kind, label: current.label, tip: current.tip });
  };
  const iterations: number[] = [];
  for (const event of trace.events) {
    switch (event.kind) {
      case "iteration":
        iterations.push(x(event.time));
        break;
      case "task-step":
        close(event.task, event.time);
        open.set(event.task, {
          since: event.time,
          kind: "step",
          label: "",
          tip: `${event.task} step ${event.step} at ${seconds(event.time - trace.start)} s (${event.cause === "start" || event.cause === "next iteration" ? event.cause : `woken by ${event.cause}`})`,
        });
        break;
      case "task-suspended":
        close(event.task, event.time);
        open.set(event.task, waitOf(event, trace.start, taskNames));
        break;
      case "task-done":
        close(event.task, event.time);
        break;
      default:
        break;
    }
  }
  for (const task of [...open.keys()]) close(task, trace.end);

  const height = TOP + ROW * (tasks.length + 1) + 70 + (hidden > 0 ? 20 : 0);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Menlo, Consolas, monospace" font-size="11">`,
  );
  out.push(`<title>${escape(title)}</title>`);
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="12" y="22" font-size="15" font-weight="bold">${escape(title)}</text>`);
  out.push(
    `<text x="12" y="40" fill="#4a5568">${escape(`${tasks.length} task${tasks.length === 1 ? "" : "s"}, ${iterations.length} iterations, ${seconds(trace.end - trace.start)} s of loop time`)}</text>`,
  );

  // The time axis, with grid lines.
  const axisY = TOP + ROW * (tasks.length + 1) + 6;
  out.push(`<g class="axis" stroke="#e2e8f0">`);
  for (const tick of ticks(span)) {
    const tx = round(x(trace.start + tick));
    out.push(`<line x1="${tx}" y1="${TOP - 8}" x2="${tx}" y2="${axisY}"/>`);
  }
  out.push(`</g>`);
  out.push(`<g class="axis-labels" fill="#4a5568" text-anchor="middle">`);
  for (const tick of ticks(span)) {
    out.push(`<text x="${round(x(trace.start + tick))}" y="${axisY + 14}">${seconds(tick)}</text>`);
  }
  out.push(`<text x="${LABEL_WIDTH + plot / 2}" y="${axisY + 32}">loop time (s)</text>`);
  out.push(`</g>`);

  // The loop's row: one tick per iteration; iterations at the same spot
  // (a virtual clock runs many at one instant) share a tick with their count.
  out.push(`<g class="loop">`);
  out.push(`<text x="12" y="${TOP + ROW / 2 + 4}" font-weight="bold">event loop</text>`);
  const counts: [number, number][] = [];
  for (const ix of iterations) {
    const previous = counts[counts.length - 1];
    if (previous !== undefined && ix - previous[0] < 4) previous[1]++;
    else counts.push([ix, 1]);
  }
  let labelEnd = -Infinity;
  for (const [ix, count] of counts) {
    out.push(`<line x1="${round(ix)}" y1="${TOP + 8}" x2="${round(ix)}" y2="${TOP + ROW - 4}" stroke="${COLOURS.iteration}"><title>${escape(`${count} iteration${count === 1 ? "" : "s"}`)}</title></line>`);
    const label = `×${count}`;
    if (count > 1 && ix + 3 > labelEnd) {
      out.push(`<text x="${round(ix + 3)}" y="${TOP + 10}" font-size="9" fill="#4a5568">${label}</text>`);
      labelEnd = ix + 3 + label.length * 6 + 4;
    }
  }
  out.push(`</g>`);

  // One row per task.
  tasks.forEach((task, i) => {
    const top = TOP + ROW * (i + 1);
    const mid = top + ROW / 2;
    const barTop = mid - BAR / 2;
    out.push(`<g class="task" data-task="${escape(task.name)}">`);
    out.push(`<title>${escape(`${task.name}: ${task.coro}${task.parent === null ? "" : `, created by ${task.parent}`}, ${task.steps} step${task.steps === 1 ? "" : "s"}`)}</title>`);
    out.push(`<text x="12" y="${mid + 4}">${escape(clip(task.name, 14))} <tspan fill="#718096">${escape(clip(task.coro, 10))}</tspan></text>`);
    const x0 = x(task.created);
    const x1 = x(task.done ?? trace.end);
    out.push(`<line x1="${round(x0)}" y1="${mid}" x2="${round(Math.max(x1, x0 + 1))}" y2="${mid}" stroke="${COLOURS.line}"/>`);
    for (const bar of bars[i]) {
      const w = Math.max(bar.x1 - bar.x0, 0.5);
      out.push(
        `<rect class="${bar.kind === "step" ? "step" : "wait"}" x="${round(bar.x0)}" y="${barTop}" width="${round(w)}" height="${BAR}" rx="2" fill="${COLOURS[bar.kind]}"><title>${escape(bar.tip)}</title></rect>`,
      );
      if (bar.label !== "" && bar.label.length * CHAR_WIDTH + 6 < w) {
        out.push(`<text x="${round(bar.x0 + 3)}" y="${mid + 4}" fill="#2d3748">${escape(bar.label)}</text>`);
      }
    }
    if (task.done !== null && task.outcome !== null) {
      const colour = COLOURS[task.outcome];
      const what = task.outcome === "result" ? `result ${task.value ?? ""}` : task.outcome === "exception" ? `${task.value ?? ""}` : "cancelled";
      out.push(`<circle cx="${round(x1)}" cy="${mid}" r="4" fill="${colour}"><title>${escape(`${task.name} done at ${seconds(task.done - trace.start)} s: ${what}`)}</title></circle>`);
      if (x1 + 8 + what.length * CHAR_WIDTH < width) {
        out.push(`<text x="${round(x1 + 8)}" y="${mid + 4}" fill="${colour}">${escape(what)}</text>`);
      }
    }
    out.push(`</g>`);
  });
  if (hidden > 0) {
    out.push(`<text x="12" y="${axisY + 52}" fill="#718096">${hidden} more task${hidden === 1 ? "" : "s"} not drawn</text>`);
  }

  // Legend.
  const legendY = height - 14;
  const legend: [string, string][] = [
    [COLOURS.step, "step (coroutine runs)"],
    [COLOURS.timer, "waits for a timer"],
    [COLOURS.future, "waits for a future"],
    [COLOURS.task, "waits for a task"],
    [COLOURS.io, "waits for outside work"],
    [COLOURS.foreign, "foreign promise"],
  ];
  out.push(`<g class="legend">`);
  let lx = 12;
  for (const [colour, text] of legend) {
    out.push(`<rect x="${lx}" y="${legendY - 9}" width="12" height="10" rx="2" fill="${colour}"/>`);
    out.push(`<text x="${lx + 16}" y="${legendY}">${escape(text)}</text>`);
    lx += 16 + text.length * CHAR_WIDTH + 18;
  }
  out.push(`</g>`);
  out.push(`</svg>`);
  return out.join("\n") + "\n";
}

function waitOf(
  event: Extract<TraceEvent, { kind: "task-suspended" }>,
  start: number,
  tasks: Set<string>,
): { since: number; kind: Bar["kind"]; label: string; tip: string } {
  const at = `${seconds(event.time - start)} s`;
  if (event.on === "a foreign promise") {
    return { since: event.time, kind: "foreign", label: "foreign promise", tip: `${event.task} awaits a promise the loop does not know (from ${at})` };
  }
  if (event.on === "next iteration") {
    return { since: event.time, kind: "future", label: "", tip: `${event.task} yields until the next iteration` };
  }
  if (event.timer !== undefined) {
    const until = seconds((event.until ?? 0) - start);
    return { since: event.time, kind: "timer", label: `sleep until ${until}`, tip: `${event.task} waits on ${event.on}, which ${event.timer} completes at ${until} s (from ${at})` };
  }
  if (event.foreign === true) {
    return { since: event.time, kind: "io", label: `${event.on} (wrapPromise)`, tip: `${event.task} waits on ${event.on}, outside work wrapped with wrapPromise (from ${at})` };
  }
  if (event.what !== undefined) {
    return { since: event.time, kind: "future", label: event.what, tip: `${event.task} waits on ${event.on}: ${event.what} (from ${at})` };
  }
  const kind = tasks.has(event.on) ? "task" : "future";
  return { since: event.time, kind, label: event.on, tip: `${event.task} waits on ${event.on} (from ${at})` };
}

/** Adds a bar, merging it into the previous one when they touch on screen (keeps huge traces small). */
function addBar(row: Bar[], bar: Bar): void {
  const last = row[row.length - 1];
  if (last !== undefined && last.kind === bar.kind && bar.x0 - last.x1 < 0.5 && last.label === bar.label) {
    last.x1 = Math.max(last.x1, bar.x1);
    return;
  }
  row.push(bar);
}

/** Round tick positions: 1, 2 or 5 times a power of ten, about eight of them. */
function ticks(span: number): number[] {
  const raw = span / 8;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let t = 0; t <= span + step * 1e-9; t += step) out.push(Number(t.toFixed(9)));
  return out;
}

function seconds(value: number): string {
  return String(Number(value.toFixed(3)));
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function clip(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}
