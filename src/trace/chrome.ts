/**
 * A trace in the Chrome Trace Event format (JSON), which Perfetto
 * (ui.perfetto.dev) and chrome://tracing open.
 *
 * The one idea: one track ("thread") per task over loop time, plus one for
 * the loop itself. On a task's track, the task is a begin/end pair from its
 * creation to its end, holding its steps (when its coroutine ran) and its
 * waits (what it was suspended on) as complete events. On the loop's track,
 * each iteration holds the callbacks it ran; timers and futures are instant
 * events, and the ready queue and timer heap sizes are counters.
 * Timestamps are loop seconds from the start of the trace, in microseconds.
 */
import type { Trace } from "./model.js";

/** One event of the Chrome Trace Event format (the fields this exporter uses). */
export interface ChromeTraceEvent {
  /** The event's name, shown on its slice. */
  name: string;
  /** Category, for filtering: `loop`, `handle`, `task`, `step`, `wait`, `timer`, `future`. */
  cat?: string;
  /** Phase: `B`/`E` begin/end, `X` complete, `i` instant, `C` counter, `M` metadata. */
  ph: "B" | "E" | "X" | "i" | "C" | "M";
  /** Microseconds of loop time since the start of the trace. */
  ts: number;
  /** Duration in microseconds (`X` events). */
  dur?: number;
  pid: number;
  tid: number;
  /** Scope of an instant event: `t` (its track). */
  s?: "t" | "p" | "g";
  args?: Record<string, unknown>;
}

/** A Chrome trace file's contents (the JSON Object Format). */
export interface ChromeTrace {
  traceEvents: ChromeTraceEvent[];
  displayTimeUnit: "ms";
  otherData: Record<string, string>;
}

const PID = 1;
const LOOP_TID = 0;
/** Sort order among events at the same timestamp: a slice opens before what it holds, and closes after. */
const RANK: Record<ChromeTraceEvent["ph"], number> = { M: 0, B: 1, X: 2, C: 2, i: 2, E: 3 };

/**
 * The trace in the Chrome Trace Event format. Write it with
 * `JSON.stringify(chromeTrace(trace))` and open it in https://ui.perfetto.dev.
 */
export function chromeTrace(trace: Trace): ChromeTrace {
  const us = (time: number): number => Math.round((time - trace.start) * 1e9) / 1e3;
  const out: ChromeTraceEvent[] = [];
  const meta = (tid: number, name: string, sort: number): void => {
    out.push({ name: "thread_name", ph: "M", ts: 0, pid: PID, tid, args: { name } });
    out.push({ name: "thread_sort_index", ph: "M", ts: 0, pid: PID, tid, args: { sort_index: sort } });
  };
  out.push({ name: "process_name", ph: "M", ts: 0, pid: PID, tid: LOOP_TID, args: { name: "asyncio-ts event loop" } });
  meta(LOOP_TID, "event loop", 0);

  const tids = new Map<string, number>();
  trace.tasks.forEach((task, i) => {
    const tid = i + 1;
    tids.set(task.name, tid);
    meta(tid, `Task ${task.name}`, tid);
    const args: Record<string, unknown> = { coro: task.coro, parent: task.parent };
    out.push({ name: task.name, cat: "task", ph: "B", ts: us(task.created), pid: PID, tid, args });
    const endArgs: Record<string, unknown> = { outcome: task.outcome ?? "pending" };
    if (task.value !== null && task.value !== "") endArgs.value = task.value;
    out.push({ name: task.name, cat: "task", ph: "E", ts: us(task.done ?? trace.end), pid: PID, tid, args: endArgs });
  });

  // Complete events are pushed when they begin and given their duration when
  // they end, so that at equal timestamps a slice comes before what it holds.
  const slice = (name: string, cat: string, time: number, tid: number, args?: Record<string, unknown>): ChromeTraceEvent => {
    const event: ChromeTraceEvent = { name, cat, ph: "X", ts: us(time), dur: 0, pid: PID, tid };
    if (args !== undefined) event.args = args;
    out.push(event);
    return event;
  };
  const end = (event: ChromeTraceEvent, time: number): void => {
    event.dur = Math.max(0, Math.round((us(time) - event.ts) * 1e3) / 1e3);
  };
  const instant = (name: string, cat: string, time: number, args?: Record<string, unknown>): void => {
    const event: ChromeTraceEvent = { name, cat, ph: "i", s: "t", ts: us(time), pid: PID, tid: LOOP_TID };
    if (args !== undefined) event.args = args;
    out.push(event);
  };
  // What each task is doing since when: a step that began, or a wait.
  const doing = new Map<string, ChromeTraceEvent>();
  const stop = (task: string, time: number): void => {
    const current = doing.get(task);
    if (current === undefined) return;
    doing.delete(task);
    end(current, time);
  };
  let iteration: { event: ChromeTraceEvent; last: number } | null = null;
  const handles: ChromeTraceEvent[] = [];

  for (const event of trace.events) {
    if (iteration !== null && event.kind !== "iteration") iteration.last = event.time;
    switch (event.kind) {
      case "iteration":
        if (iteration !== null) end(iteration.event, iteration.last);
        out.push({ name: "loop queues", cat: "loop", ph: "C", ts: us(event.time), pid: PID, tid: LOOP_TID, args: { ready: event.ready, timers: event.timers } });
        iteration = {
          event: slice("iteration", "loop", event.time, LOOP_TID, { iteration: event.iteration, ready: event.ready, timers: event.timers }),
          last: event.time,
        };
        break;
      case "handle":
        handles.push(slice(`${event.callback}(${event.args.join(", ")})`, "handle", event.time, LOOP_TID));
        break;
      case "handle-end": {
        const handle = handles.pop();
        if (handle !== undefined) end(handle, event.time);
        break;
      }
      case "timer-scheduled":
        instant(`${event.timer} scheduled`, "timer", event.time, { when: event.when - trace.start, callback: event.callback, future: event.future });
        break;
      case "timer-cancelled":
        instant(`${event.timer} cancelled`, "timer", event.time);
        break;
      case "timer-due":
        instant(`${event.timer} due`, "timer", event.time);
        break;
      case "future-done":
        instant(`${event.future} ${event.outcome}`, "future", event.time, { value: event.value });
        break;
      case "task-created":
        break;
      case "task-step": {
        stop(event.task, event.time);
        const tid = tids.get(event.task);
        if (tid !== undefined) doing.set(event.task, slice(`step ${event.step}`, "step", event.time, tid, { cause: event.cause }));
        break;
      }
      case "task-suspended": {
        stop(event.task, event.time);
        const tid = tids.get(event.task);
        const args: Record<string, unknown> = { on: event.on };
        if (event.until !== undefined) args.until = event.until - trace.start;
        if (tid !== undefined) doing.set(event.task, slice(`wait ${event.on}`, "wait", event.time, tid, args));
        break;
      }
      case "task-done":
        stop(event.task, event.time);
        break;
    }
  }
  // Whatever is still going on when the trace ends closes there.
  const last: { event: ChromeTraceEvent; last: number } | null = iteration;
  if (last !== null) end(last.event, last.last);
  for (const task of [...doing.keys()]) stop(task, trace.end);
  for (const handle of handles) end(handle, trace.end);

  // Stable sort: events at equal times keep the order they were made in, after RANK.
  const order = out.map((event, index) => ({ event, index }));
  order.sort((x, y) => x.event.ts - y.event.ts || RANK[x.event.ph] - RANK[y.event.ph] || x.index - y.index);
  return {
    traceEvents: order.map(({ event }) => event),
    displayTimeUnit: "ms",
    otherData: { source: "asyncio-ts", clock: "loop time (seconds from the start of the trace, in microseconds)" },
  };
}
