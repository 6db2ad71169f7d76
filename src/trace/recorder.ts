/**
 * The trace recorder: an observer that writes down everything a loop does
 * (CPython has no counterpart; its closest tools are debug mode's logging and
 * the external `python -m asyncio ps`).
 *
 * The one idea: recording must be cheap enough to leave on for a whole
 * program, so an event is five numbers appended to typed arrays (kind, loop
 * time, and three integers naming what it concerns), never an object. The
 * objects involved (tasks, futures, timers) get small integer ids from a
 * WeakMap, and what is worth knowing about them (a task's name, a timer's
 * deadline) is noted once, the first time they are seen. `snapshot()` turns
 * the arrays into readable events, which the exporters (`text.ts`,
 * `chrome.ts`, `svg.ts`) draw from.
 */
import { Future } from "../future.js";
import { GatheringFuture } from "../gather.js";
import { Handle, type TimerHandle } from "../handle.js";
import { CoroutineCall, LazyCoroutine, isGenerator } from "../coroutine.js";
import type { EventLoop } from "../loop.js";
import { Task } from "../task.js";
import type { LoopHooks } from "./hooks.js";
import type { Trace, TraceEvent, TraceTask } from "./model.js";

/** Options of {@link TraceRecorder}. */
export interface TraceRecorderOptions {
  /**
   * Stop recording after this many events (4,000,000 by default, about 100 MB);
   * the snapshot then says `truncated: true`.
   */
  maxEvents?: number;
}

// Event kinds, as stored in the `_kind` column.
const ITERATION = 1; // a: ready, b: timers in the heap
const HANDLE = 2; // a: callback name (string id), b and c: the first two arguments (see `_argCode`)
const HANDLE_END = 3;
const TIMER_SCHEDULED = 4; // a: timer
const TIMER_CANCELLED = 5; // a: timer
const TIMER_DUE = 6; // a: timer
const TASK_CREATED = 7; // a: task, b: parent task or 0
const TASK_STEP = 8; // a: task, b: what woke it (see `_lastOn`), c: step number
const TASK_SUSPENDED = 9; // a: task, b: the future, or NEXT_ITERATION / FOREIGN
const FUTURE_DONE = 10; // a: future, b: outcome (0 result, 1 exception, 2 cancelled), c: value (string id)

// What a task waits on, when it is not an object with an id.
const FIRST_STEP = 0;
const NEXT_ITERATION = -1;
const FOREIGN = -2;

const OUTCOMES = ["result", "exception", "cancelled"] as const;

/** What the recorder knows of an object it has seen. */
interface Known {
  kind: "task" | "future" | "gather" | "promise" | "timer" | "handle";
  /** How the exporters name it: the task's name, or `future#3`, `timer#2`... */
  label: string;
  // Tasks:
  coro?: string;
  parent?: number;
  created?: number;
  stepping?: boolean;
  steps?: number;
  lastOn?: number;
  done?: number;
  outcome?: number;
  value?: number;
  /** The task object while it runs, to read its final name when it is done. */
  task?: Task<unknown> | null;
  // Timers: when due, their callback, and the future they will complete (if any).
  when?: number;
  callback?: number;
  future?: number;
  // Futures completed by a timer (a `sleep`, a timeout): that timer.
  timer?: number;
  // Futures a lock or queue parks tasks on: the operation (`Lock.acquire()`).
  what?: string;
}

/**
 * Records what a loop does, for the timeline exporters.
 *
 * Attach it with `asyncio.run(main, { trace: recorder })` or
 * `loop.setTracer(recorder)`, run the program, then export `recorder.snapshot()`
 * with `formatTimeline`, `chromeTrace` or `timelineSvg`. Times are loop times
 * in seconds, so on a `VirtualClock` a trace is the same on every run.
 *
 * @example
 * const recorder = new asyncio.TraceRecorder();
 * await asyncio.run(main, { clock: new asyncio.VirtualClock(), trace: recorder });
 * console.log(asyncio.formatTimeline(recorder.snapshot()));
 */
export class TraceRecorder implements LoopHooks {
  private _loop: EventLoop | null = null;
  private _start = 0;
  private _end: number | null = null;
  private readonly _maxEvents: number;
  private _truncated = false;

  // The events, one column per field.
  private _count = 0;
  private _kind = new Uint8Array(1024);
  private _time = new Float64Array(1024);
  private _a = new Int32Array(1024);
  private _b = new Int32Array(1024);
  private _c = new Int32Array(1024);

  // The objects seen, by id (id 0 is "none"). An object's id is kept on the
  // object itself, under a symbol of this recorder's own: a WeakMap would do,
  // but with a hundred thousand tasks its lookups and its garbage collection
  // cost more than all the rest of the recording.
  private readonly _idKey = Symbol("trace id");
  private readonly _known: (Known | null)[] = [null];
  private _futures = 0;
  private _gathers = 0;
  private _promises = 0;
  private _timers = 0;
  /** Callback names, interned: a few hundred distinct ones at most. */
  private readonly _names: string[] = [""];
  private readonly _nameIds = new Map<string, number>();
  private _lastCallback: Handle["_callback"] | undefined = undefined;
  private _lastName = 0;
  /** Descriptions of values (results, arguments): index 0 is unused. */
  private readonly _values: string[] = [""];

  constructor(options: TraceRecorderOptions = {}) {
    this._maxEvents = options.maxEvents ?? 4_000_000;
  }

  /** The loop being recorded, once attached. */
  get loop(): EventLoop | null {
    return this._loop;
  }

  /** How many events were recorded. */
  get size(): number {
    return this._count;
  }

  /** @internal Called by `loop.setTracer`. A recorder follows one loop. */
  attached(loop: EventLoop): void {
    if (this._loop !== null && this._loop !== loop) {
      throw new TypeError("a TraceRecorder records one event loop; make a new recorder for another loop");
    }
    if (this._loop === null) this._start = loop.time();
    this._loop = loop;
  }

  /** @internal */
  loopClosed(loop: EventLoop): void {
    this._end = loop.time();
  }

  // ---- Hooks ----

  iteration(ready: number, timers: number): void {
    this._push(ITERATION, ready, timers, 0);
  }

  handleBegin(handle: Handle): void {
    const callback = handle._callback;
    const args = handle._args;
    // Loops often run the same callback many times in a row: remember the last one's name.
    let name: number;
    if (callback === this._lastCallback) {
      name = this._lastName;
    } else {
      name = this._nameId(callback === null ? "<cancelled>" : callback.name || "<anonymous>");
      this._lastCallback = callback;
      this._lastName = name;
    }
    this._push(HANDLE, name, args.length > 0 ? this._argCode(args[0]) : 0, args.length > 1 ? this._argCode(args[1]) : 0);
  }

  handleEnd(_handle: Handle): void {
    this._push(HANDLE_END, 0, 0, 0);
  }

  timerScheduled(timer: TimerHandle): void {
    const id = this._idOf(timer);
    const known = this._known[id] as Known;
    known.when = timer._when;
    known.callback = this._nameId(timer._callback?.name || "<anonymous>");
    // A timer that will complete a future (a sleep, a timeout) explains that
    // future: a task waiting on it waits for the timer.
    for (const arg of timer._args) {
      if (arg instanceof Future) {
        const future = this._idOf(arg);
        known.future = future;
        const info = this._known[future] as Known;
        info.timer ??= id;
        break;
      }
    }
    this._push(TIMER_SCHEDULED, id, 0, 0);
  }

  timerCancelled(timer: TimerHandle): void {
    this._push(TIMER_CANCELLED, this._idOf(timer), 0, 0);
  }

  timerDue(timer: TimerHandle): void {
    this._push(TIMER_DUE, this._idOf(timer), 0, 0);
  }

  taskCreated(task: Task<unknown>, parent: Task<unknown> | null): void {
    const id = this._idOf(task);
    const known = this._known[id] as Known;
    known.created = this._now();
    const parentId = parent === null ? 0 : this._idOf(parent);
    known.parent = parentId;
    this._push(TASK_CREATED, id, parentId, 0);
  }

  taskStep(task: Task<unknown>): void {
    const id = this._idOf(task);
    const known = this._known[id] as Known;
    if (known.stepping === true) return;
    known.stepping = true;
    known.steps = (known.steps ?? 0) + 1;
    this._push(TASK_STEP, id, known.lastOn ?? FIRST_STEP, known.steps);
  }

  taskSuspended(task: Task<unknown>, on: Future<unknown> | null): void {
    const id = this._idOf(task);
    const known = this._known[id] as Known;
    known.stepping = false;
    const onId = on === null ? NEXT_ITERATION : this._idOf(on);
    known.lastOn = onId;
    this._push(TASK_SUSPENDED, id, onId, 0);
  }

  taskAwaitsForeign(task: Task<unknown>): void {
    const id = this._idOf(task);
    const known = this._known[id] as Known;
    known.stepping = false;
    known.lastOn = FOREIGN;
    this._push(TASK_SUSPENDED, id, FOREIGN, 0);
  }

  futureDone(future: Future<unknown>): void {
    const id = this._idOf(future);
    const known = this._known[id] as Known;
    let outcome: number;
    let value: string;
    if (future._state === CANCELLED_STATE) {
      outcome = 2;
      value = future._cancelMessage === null ? "" : brief(future._cancelMessage);
    } else if (future._failed) {
      outcome = 1;
      value = brief(future._exception);
    } else {
      outcome = 0;
      value = this._describe(future._result);
    }
    const valueId = this._values.push(value) - 1;
    if (known.kind === "task") {
      known.stepping = false;
      known.done = this._now();
      known.outcome = outcome;
      known.value = valueId;
      const task = known.task;
      if (task) known.label = task.getName();
      known.task = null;
    }
    this._push(FUTURE_DONE, id, outcome, valueId);
  }

  foreignFuture(future: Future<unknown>): void {
    // Made just now by wrapPromise, so not seen yet: name it for what it is.
    if ((future as unknown as Record<symbol, unknown>)[this._idKey] !== undefined) return;
    const id = this._known.push({ kind: "promise", label: `promise#${++this._promises}` }) - 1;
    (future as unknown as Record<symbol, number>)[this._idKey] = id;
  }

  // ---- Reading the trace ----

  /**
   * The trace so far as readable events, and the tasks seen. Labels are the
   * tasks' names (their names now, if renamed since) and `future#N`,
   * `gather#N`, `timer#N` in the order they were first seen.
   */
  snapshot(): Trace {
    const loop = this._loop;
    const end = this._end ?? (loop !== null && !loop.isClosed() ? loop.time() : this._lastTime());
    const labels = this._labels();
    const label = (id: number): string => labels[id] ?? "";
    const events: TraceEvent[] = [];
    let iteration = 0;
    for (let i = 0; i < this._count; i++) {
      const time = this._time[i];
      const a = this._a[i];
      const b = this._b[i];
      const c = this._c[i];
      switch (this._kind[i]) {
        case ITERATION:
          events.push({ kind: "iteration", time, iteration: ++iteration, ready: a, timers: b });
          break;
        case HANDLE: {
          const args: string[] = [];
          if (b !== 0) args.push(this._argText(b, label));
          if (c !== 0) args.push(this._argText(c, label));
          events.push({ kind: "handle", time, callback: this._names[a], args });
          break;
        }
        case HANDLE_END:
          events.push({ kind: "handle-end", time });
          break;
        case TIMER_SCHEDULED: {
          const timer = this._known[a] as Known;
          events.push({
            kind: "timer-scheduled",
            time,
            timer: label(a),
            when: timer.when as number,
            callback: this._names[timer.callback ?? 0],
            future: timer.future === undefined ? null : label(timer.future),
          });
          break;
        }
        case TIMER_CANCELLED:
          events.push({ kind: "timer-cancelled", time, timer: label(a) });
          break;
        case TIMER_DUE:
          events.push({ kind: "timer-due", time, timer: label(a) });
          break;
        case TASK_CREATED:
          events.push({
            kind: "task-created",
            time,
            task: label(a),
            coro: (this._known[a] as Known).coro ?? "",
            parent: b === 0 ? null : label(b),
          });
          break;
        case TASK_STEP:
          events.push({ kind: "task-step", time, task: label(a), step: c, cause: this._onText(b, label) });
          break;
        case TASK_SUSPENDED: {
          const event: TraceEvent = { kind: "task-suspended", time, task: label(a), on: this._onText(b, label) };
          const on = b > 0 ? (this._known[b] as Known) : undefined;
          if (on?.kind === "promise") event.foreign = true;
          if (on?.what !== undefined) event.what = on.what;
          const timer = on?.timer;
          if (timer !== undefined) {
            event.timer = label(timer);
            event.until = (this._known[timer] as Known).when;
          }
          events.push(event);
          break;
        }
        case FUTURE_DONE: {
          const known = this._known[a] as Known;
          const outcome = OUTCOMES[b];
          const value = this._values[c];
          if (known.kind === "task") events.push({ kind: "task-done", time, task: label(a), outcome, value });
          else events.push({ kind: "future-done", time, future: label(a), outcome, value });
          break;
        }
      }
    }
    const tasks: TraceTask[] = [];
    for (let id = 1; id < this._known.length; id++) {
      const known = this._known[id] as Known;
      if (known.kind !== "task") continue;
      tasks.push({
        name: label(id),
        coro: known.coro ?? "",
        parent: known.parent ? label(known.parent) : null,
        created: known.created ?? this._start,
        done: known.done ?? null,
        outcome: known.outcome === undefined ? null : (OUTCOMES[known.outcome]),
        value: known.value === undefined ? null : (this._values[known.value]),
        steps: known.steps ?? 0,
      });
    }
    return { start: this._start, end, events, tasks, truncated: this._truncated };
  }

  // ---- Inside ----

  private _now(): number {
    return (this._loop as EventLoop).time();
  }

  private _lastTime(): number {
    return this._count > 0 ? (this._time[this._count - 1]) : this._start;
  }

  private _push(kind: number, a: number, b: number, c: number): void {
    const i = this._count;
    if (i >= this._maxEvents || this._loop === null) {
      if (this._loop !== null) this._truncated = true;
      return;
    }
    if (i === this._kind.length) this._grow();
    this._kind[i] = kind;
    this._time[i] = this._loop.time();
    this._a[i] = a;
    this._b[i] = b;
    this._c[i] = c;
    this._count = i + 1;
  }

  private _grow(): void {
    const size = this._kind.length * 2;
    const grow = <A extends Uint8Array | Float64Array | Int32Array>(old: A, make: new (n: number) => A): A => {
      const next = new make(size);
      next.set(old);
      return next;
    };
    this._kind = grow(this._kind, Uint8Array);
    this._time = grow(this._time, Float64Array);
    this._a = grow(this._a, Int32Array);
    this._b = grow(this._b, Int32Array);
    this._c = grow(this._c, Int32Array);
  }

  /** The object's id, noting what it is the first time it is seen. */
  private _idOf(object: object): number {
    const id = (object as Record<symbol, number | undefined>)[this._idKey];
    if (id !== undefined) return id;
    const known = this._know(object);
    const next = this._known.push(known) - 1;
    (object as Record<symbol, number>)[this._idKey] = next;
    return next;
  }

  private _know(object: object): Known {
    if (object instanceof Task) {
      return { kind: "task", label: object.getName(), coro: describeCoro(object.getCoro()), task: object };
    }
    if (object instanceof GatheringFuture) return { kind: "gather", label: `gather#${++this._gathers}` };
    if (object instanceof Future) {
      const known: Known = { kind: "future", label: `future#${++this._futures}` };
      if (object._waitWhat !== null) known.what = object._waitWhat;
      return known;
    }
    if (object instanceof Handle && "_when" in object) return { kind: "timer", label: `timer#${++this._timers}` };
    return { kind: "handle", label: "handle" };
  }

  private _nameId(name: string): number {
    let id = this._nameIds.get(name);
    if (id === undefined) {
      id = this._names.push(name) - 1;
      this._nameIds.set(name, id);
    }
    return id;
  }

  /** An argument of a callback: an object id (> 0) for futures and tasks, else a value description (< 0). */
  private _argCode(arg: unknown): number {
    if (arg instanceof Future) return this._idOf(arg);
    return -(this._values.push(this._describe(arg)) - 1);
  }

  private _argText(code: number, label: (id: number) => string): string {
    return code > 0 ? label(code) : (this._values[-code]);
  }

  private _onText(code: number, label: (id: number) => string): string {
    if (code === FIRST_STEP) return "start";
    if (code === NEXT_ITERATION) return "next iteration";
    if (code === FOREIGN) return "a foreign promise";
    return label(code);
  }

  /** A value for the trace: short, and naming futures by their label. */
  private _describe(value: unknown): string {
    if (value instanceof Future) {
      const id = (value as unknown as Record<symbol, number | undefined>)[this._idKey];
      if (id !== undefined) return `<${(this._known[id] as Known).label}>`;
    }
    return brief(value);
  }

  /** Labels by id, task names made unique with `#N` where two tasks share one. */
  private _labels(): string[] {
    const labels = this._known.map((known) => (known === null ? "" : known.kind === "task" && known.task ? known.task.getName() : (known?.label ?? "")));
    const seen = new Map<string, number>();
    for (let id = 1; id < this._known.length; id++) {
      if ((this._known[id] as Known).kind !== "task") continue;
      const name = labels[id];
      seen.set(name, (seen.get(name) ?? 0) + 1);
    }
    const nth = new Map<string, number>();
    for (let id = 1; id < this._known.length; id++) {
      if ((this._known[id] as Known).kind !== "task") continue;
      const name = labels[id];
      if ((seen.get(name) ?? 0) < 2) continue;
      const n = (nth.get(name) ?? 0) + 1;
      nth.set(name, n);
      labels[id] = `${name}#${n}`;
    }
    return labels;
  }
}

const CANCELLED_STATE = 1;

/** How a coroutine is shown: `main()` for a lazy coroutine, else `<generator>` or `<promise>`. */
function describeCoro(coro: unknown): string {
  if (coro instanceof LazyCoroutine) return `${coro.name}()`;
  // JavaScript keeps no link from a generator or promise to its function.
  return isGenerator(coro) ? "<generator>" : "<promise>";
}

/** A short description of a value, cheap to make: never walks a collection. */
export function brief(value: unknown): string {
  if (value === null || value === undefined) return "None";
  switch (typeof value) {
    case "string":
      return value.length > 40 ? `'${value.slice(0, 37)}...'` : `'${value}'`;
    case "number":
    case "boolean":
    case "bigint":
      return String(value);
    case "function":
      return `<function ${value.name || "<anonymous>"}>`;
    case "symbol":
      return value.toString();
    default:
      break;
  }
  if (value instanceof Error) {
    const message = value.message.length > 40 ? `${value.message.slice(0, 37)}...` : value.message;
    return `${value.name}(${message ? `'${message}'` : ""})`;
  }
  if (Array.isArray(value)) return `[${value.length} item${value.length === 1 ? "" : "s"}]`;
  if (value instanceof Set || value instanceof Map) return `<${value.constructor.name} of ${value.size}>`;
  if (value instanceof Task) return `<Task ${value.getName()}>`;
  // A call of a `coroutine(fn)` wrapper goes by its public class.
  if (value instanceof CoroutineCall) return "<LazyCoroutine>";
  const name = (value as { constructor?: { name?: string } }).constructor?.name;
  return `<${name || "object"}>`;
}
