/**
 * The text timeline: a trace as lines for the terminal, one per event, in
 * the order they happened, indented under the callback that caused them.
 *
 * The one idea: the timeline reads like the loop's own diary. Each pass
 * ("iteration") opens a block; each callback the pass runs is a `run` line;
 * what that callback did (a task step, timers pushed, futures completed, the
 * task suspending again) sits indented beneath it. Times are loop seconds
 * from the start of the trace, so on a virtual clock the text is the same on
 * every run and can serve as a golden test output.
 */
import type { Trace, TraceEvent } from "./model.js";

/** Options of {@link formatTimeline}. */
export interface TimelineOptions {
  /** Decimals of the time column (3 by default: milliseconds). */
  digits?: number;
}

/**
 * The trace as a text timeline.
 *
 * @example
 * const recorder = new asyncio.TraceRecorder();
 * await asyncio.run(main, { clock: new asyncio.VirtualClock(), trace: recorder });
 * console.log(asyncio.formatTimeline(recorder.snapshot()));
 * //    time  event
 * //   0.000  iteration 1: 1 callback, 0 timers waiting
 * //   0.000    run startLazy(Task-1, <LazyCoroutine>)
 * //   0.000      Task-1 step 1 (start)
 * // ...
 */
export function formatTimeline(trace: Trace, options: TimelineOptions = {}): string {
  const digits = options.digits ?? 3;
  const lines: [string, string][] = [];
  let depth = 0;
  let iterations = 0;
  const events = trace.events;
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    const time = (event.time - trace.start).toFixed(digits);
    const indent = "  ".repeat(depth);
    switch (event.kind) {
      case "iteration": {
        iterations++;
        // The timers that came due follow the iteration event: name them on its line.
        const due: string[] = [];
        while (events[i + 1]?.kind === "timer-due") due.push((events[++i] as { timer: string }).timer);
        const callbacks = event.ready + due.length;
        let text = `iteration ${event.iteration}: ${plural(callbacks, "callback")}`;
        if (due.length > 0) text += ` (${due.length} from timers: ${due.join(", ")})`;
        text += `, ${plural(event.timers - due.length, "timer")} waiting`;
        lines.push([time, text]);
        depth = 1;
        break;
      }
      case "handle":
        lines.push([time, `${indent}run ${event.callback}(${event.args.join(", ")})`]);
        depth++;
        break;
      case "handle-end":
        depth = Math.max(depth - 1, 0);
        break;
      default:
        lines.push([time, indent + describe(event, trace.start)]);
    }
  }
  const width = Math.max(4, ...lines.map(([time]) => time.length));
  const out = [`${"time".padStart(width)}  event`];
  for (const [time, text] of lines) out.push(`${time.padStart(width)}  ${text}`);
  const done = trace.tasks.filter((task) => task.done !== null).length;
  let summary = `end at ${(trace.end - trace.start).toFixed(digits)}: ${plural(iterations, "iteration")}, ${plural(trace.tasks.length, "task")} (${done} done)`;
  if (trace.truncated) summary += "; the recorder stopped at its event limit";
  out.push(`${"".padStart(width)}  ${summary}`);
  return out.join("\n");
}

/** One line for the events other than iterations and callbacks. */
function describe(event: TraceEvent, start: number): string {
  switch (event.kind) {
    case "timer-scheduled": {
      const target = event.future === null ? "" : ` -> ${event.future}`;
      return `${event.timer} scheduled for ${fixed(event.when - start)}: ${event.callback}${target}`;
    }
    case "timer-cancelled":
      return `${event.timer} cancelled`;
    case "timer-due":
      return `${event.timer} due`;
    case "task-created":
      return `task ${event.task} created: ${event.coro}${event.parent === null ? "" : ` (by ${event.parent})`}`;
    case "task-step":
      return `${event.task} step ${event.step} (${event.cause === "start" || event.cause === "next iteration" ? event.cause : `woken by ${event.cause}`})`;
    case "task-suspended":
      if (event.on === "next iteration") return `${event.task} yields until the next iteration`;
      if (event.on === "a foreign promise") return `${event.task} awaits a foreign promise (the loop cannot see it)`;
      if (event.foreign === true) return `${event.task} waits on ${event.on} (outside work, through wrapPromise)`;
      if (event.what !== undefined) return `${event.task} waits on ${event.on} (${event.what})`;
      return `${event.task} waits on ${event.on}${event.timer === undefined ? "" : ` (${event.timer} at ${fixed((event.until ?? 0) - start)})`}`;
    case "task-done":
      return `${event.task} done: ${outcomeText(event.outcome, event.value)}`;
    case "future-done":
      return `${event.future} done: ${outcomeText(event.outcome, event.value)}`;
    default:
      return event.kind;
  }
}

function outcomeText(outcome: string, value: string): string {
  if (outcome === "cancelled") return value === "" ? "cancelled" : `cancelled (${value})`;
  return `${outcome} ${value}`;
}

function fixed(seconds: number): string {
  return String(Number(seconds.toFixed(6)));
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
