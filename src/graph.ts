/**
 * Task graph introspection: who awaits whom (CPython 3.14: `asyncio/graph.py`,
 * `capture_call_graph`, `format_call_graph`, `print_call_graph`), and a dump of
 * every pending task with what it awaits.
 *
 * The one idea: the graph is read off the state the loop already keeps. A
 * Task knows the future it is suspended on (`_waitingOn`); a gather knows its
 * children; everything else (a TaskGroup's children, a future that stands for
 * some other work) is linked by hand with `futureAddToAwaitedBy`, as in
 * CPython. Reversing those edges gives "awaited by", CPython's upward view
 * from a task to the tasks waiting for it; following them forward gives the
 * dump's downward view, from each task through the futures, tasks and
 * gathers it waits on.
 *
 * Differs from CPython: JavaScript cannot read the frames of a suspended
 * coroutine, so a call stack is shown only for the task that calls
 * `captureCallGraph` itself (from the live stack, async frames included).
 */
import { creationSite } from "./debug.js";
import { Future } from "./future.js";
import { GatheringFuture } from "./gather.js";
import type { TimerHandle } from "./handle.js";
import type { EventLoop } from "./loop.js";
import { peekRunningLoop } from "./running.js";
import { RuntimeError } from "./errors.js";
import { Task, currentTask } from "./task.js";

/** One frame of a call stack. Python: `FrameCallGraphEntry(frame)`. */
export interface FrameCallGraphEntry {
  frame: {
    /** The function's name, `<anonymous>` when it has none. */
    name: string;
    /** The file, relative to the working directory when inside it. */
    file: string;
    line: number;
    column: number;
    /** True for a frame of an `async function` waiting on the frame above it. */
    async: boolean;
  };
}

/** A future or task, its call stack, and the graphs of what awaits it. Python: `FutureCallGraph`. */
export interface FutureCallGraph {
  future: Future<unknown>;
  /** Innermost frame first; empty unless `future` is the task that asked. */
  callStack: FrameCallGraphEntry[];
  awaitedBy: FutureCallGraph[];
}

/** Options of {@link captureCallGraph} and {@link formatCallGraph}. */
export interface CallGraphOptions {
  /** Where the current task's stack starts: 1 (the default) at the function that called, 2 at its caller, and so on. */
  depth?: number;
  /**
   * Keep at most `abs(limit)` frames of each call stack: the innermost ones
   * when positive, the outermost ones when negative, none when 0.
   */
  limit?: number | null;
}

/** Options of {@link printCallGraph} and {@link printAllTasks}. */
export interface PrintGraphOptions extends CallGraphOptions {
  /** Where to write (anything with `write(text)`); standard output by default. */
  file?: { write(text: string): unknown } | null;
}

// ---- Links made by hand ----

const awaitedByLinks = new WeakMap<Future<unknown>, Set<Future<unknown>>>();

/**
 * Records that `future` is awaited by `waiter`, for links the loop cannot see
 * (a TaskGroup's children awaited by its parent task, say). Undo it with
 * {@link futureDiscardFromAwaitedBy}. Python 3.14: `asyncio.future_add_to_awaited_by`.
 */
export function futureAddToAwaitedBy<T, U>(future: Future<T>, waiter: Future<U>): void {
  if (!(future instanceof Future) || !(waiter instanceof Future)) return;
  const key = future as Future<unknown>;
  let waiters = awaitedByLinks.get(key);
  if (waiters === undefined) awaitedByLinks.set(key, (waiters = new Set()));
  waiters.add(waiter);
}

/** Python 3.14: `asyncio.future_discard_from_awaited_by`. */
export function futureDiscardFromAwaitedBy<T, U>(future: Future<T>, waiter: Future<U>): void {
  if (!(future instanceof Future) || !(waiter instanceof Future)) return;
  awaitedByLinks.get(future)?.delete(waiter);
}

// ---- The edges, read off the loop ----

/** What awaits what, right now, on one loop: both directions. */
class Edges {
  readonly awaits = new Map<Future<unknown>, Future<unknown>[]>();
  readonly awaitedBy = new Map<Future<unknown>, Future<unknown>[]>();

  constructor(readonly loop: EventLoop) {
    const gathers: GatheringFuture<unknown>[] = [];
    const seen = new Set<Future<unknown>>();
    const visit = (future: Future<unknown>): void => {
      if (seen.has(future)) return;
      seen.add(future);
      if (future instanceof GatheringFuture) gathers.push(future);
    };
    for (const task of loop._tasks) {
      const waiting = task._waitingOn;
      if (waiting !== null) {
        this._add(task, waiting);
        visit(waiting);
      }
    }
    // A gather waits on its children (which may be gathers in turn).
    for (let i = 0; i < gathers.length; i++) {
      const gather = gathers[i];
      for (const child of gather["_children"]) {
        if (child.done()) continue;
        this._add(gather, child);
        visit(child);
      }
    }
    // Links made by hand, for every pending task and what we have seen.
    for (const future of [...loop._tasks, ...seen]) {
      for (const waiter of awaitedByLinks.get(future) ?? []) {
        if (!waiter.done()) this._add(waiter, future);
      }
    }
  }

  private _add(waiter: Future<unknown>, future: Future<unknown>): void {
    const down = this.awaits.get(waiter);
    if (down === undefined) this.awaits.set(waiter, [future]);
    else if (!down.includes(future)) down.push(future);
    const up = this.awaitedBy.get(future);
    if (up === undefined) this.awaitedBy.set(future, [waiter]);
    else if (!up.includes(waiter)) up.push(waiter);
  }
}

// ---- The call graph, CPython's way ----

/**
 * The async call graph of `future`, or of the current task when it is
 * omitted: its call stack (for the current task only) and, recursively, the
 * futures and tasks that await it. Returns null when there is no current
 * task. Python 3.14: `asyncio.capture_call_graph(future=None, *, depth=1, limit=None)`.
 *
 * @example
 * async function worker() {
 *   asyncio.printCallGraph(); // * Task(name='worker', id=0x2) ... + Awaited by: * Task(name='main', ...)
 * }
 */
export function captureCallGraph<T>(future?: Future<T> | null, options: CallGraphOptions = {}): FutureCallGraph | null {
  return capture((future ?? null), options.depth ?? 1, options.limit ?? null, captureCallGraph);
}

function capture(
  future: Future<unknown> | null,
  depth: number,
  limit: number | null,
  caller: (...args: never[]) => unknown,
): FutureCallGraph | null {
  const loop = peekRunningLoop();
  let stack: FrameCallGraphEntry[] = [];
  if (future === null) {
    if (loop === null) {
      throw new RuntimeError("captureCallGraph() is called outside of a running event loop and no future to introspect was provided");
    }
    future = currentTask(loop);
    if (future === null) return null;
  }
  if (!(future instanceof Future)) {
    throw new TypeError(`${String(future)} object does not appear to be compatible with asyncio.Future`);
  }
  if (loop !== null && future === currentTask(loop)) stack = liveStack(depth, caller);
  if (limit !== null) stack = limit === 0 ? [] : limit > 0 ? stack.slice(0, limit) : stack.slice(limit);
  const edges = new Edges(future._loop);
  return graphOf(future, stack, edges, new Set());
}

function graphOf(future: Future<unknown>, stack: FrameCallGraphEntry[], edges: Edges, path: Set<Future<unknown>>): FutureCallGraph {
  path.add(future);
  const awaitedBy: FutureCallGraph[] = [];
  for (const waiter of edges.awaitedBy.get(future) ?? []) {
    if (!path.has(waiter)) awaitedBy.push(graphOf(waiter, [], edges, path));
  }
  path.delete(future);
  return { future, callStack: stack, awaitedBy };
}

const FRAME_LINE = /^\s*at (async )?(?:(.*?) \()?(.+?):(\d+):(\d+)\)?$/;
const LIBRARY_DIR = new URL(".", import.meta.url);

/** The current task's frames, innermost first, up to where the library's task machinery begins. */
function liveStack(depth: number, caller: (...args: never[]) => unknown): FrameCallGraphEntry[] {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 50;
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, caller);
  Error.stackTraceLimit = limit;
  const frames: FrameCallGraphEntry[] = [];
  const libraryPath = decodeURIComponent(LIBRARY_DIR.pathname);
  // The library's own frames (printCallGraph calling formatCallGraph, say) are never counted.
  let skip = depth - 1;
  for (const line of (holder.stack ?? "").split("\n").slice(1)) {
    const match = FRAME_LINE.exec(line);
    if (match === null) continue;
    const [, isAsync, name, rawFile, row, column] = match as unknown as [string, string | undefined, string | undefined, string, string, string];
    const file = rawFile.startsWith("file://") ? decodeURIComponent(new URL(rawFile).pathname) : rawFile;
    const internal = file.startsWith(libraryPath) || file.startsWith("node:") || file === "<anonymous>";
    if (internal) {
      // The first library frame below the user's frames is the task stepping them: stop there.
      if (frames.length > 0) break;
      continue;
    }
    if (skip > 0) {
      skip--;
      continue;
    }
    const cwd = globalThis.process?.cwd?.() ?? "";
    const shown = cwd !== "" && file.startsWith(`${cwd}/`) ? file.slice(cwd.length + 1) : file;
    frames.push({ frame: { name: (name ?? "<anonymous>").replace(/^async /, ""), file: shown, line: Number(row), column: Number(column), async: isAsync !== undefined } });
  }
  return frames;
}

/**
 * The call graph as text: the future, its call stack, and what awaits it,
 * indented. Python 3.14: `asyncio.format_call_graph(future=None, *, depth=1, limit=None)`.
 */
export function formatCallGraph<T>(future?: Future<T> | null, options: CallGraphOptions = {}): string {
  const graph = capture((future ?? null), options.depth ?? 1, options.limit ?? null, formatCallGraph);
  if (graph === null) return "";
  const lines: string[] = [];
  const render = (node: FutureCallGraph, level: number): void => {
    const add = (line: string): void => {
      lines.push("    ".repeat(level) + line);
    };
    add(`* ${nodeName(node.future)}`);
    if (node.callStack.length > 0) {
      add("  + Call stack:");
      for (const { frame } of node.callStack) {
        add(`  |   File '${frame.file}', line ${frame.line}, in ${frame.async ? "async " : ""}${frame.name}()`);
      }
    }
    if (node.awaitedBy.length > 0) {
      add("  + Awaited by:");
      for (const parent of node.awaitedBy) render(parent, level + 1);
    }
  };
  render(graph, 0);
  return lines.join("\n");
}

/** Prints {@link formatCallGraph}. Python 3.14: `asyncio.print_call_graph(future=None, *, file=None, depth=1, limit=None)`. */
export function printCallGraph<T>(future?: Future<T> | null, options: PrintGraphOptions = {}): void {
  const text = formatCallGraph(future ?? null, { depth: options.depth ?? 1, limit: options.limit ?? null });
  write(options.file, `${text}\n`);
}

// ---- Every pending task, top down ----

/**
 * Every pending task of the loop (the running loop by default), as a tree
 * from the tasks nobody awaits down through what each one awaits: futures
 * (with the timer that will complete them, if any), gathers, other tasks.
 * Callable at any time, from inside or outside the loop.
 *
 * @example
 * asyncio.getRunningLoop().callLater(5, () => asyncio.printAllTasks()); // what is everyone waiting for?
 */
export function formatAllTasks(loop?: EventLoop): string {
  const target = loop ?? peekRunningLoop();
  if (target === null) throw new RuntimeError("no running event loop");
  const edges = new Edges(target);
  const timers = timersByFuture(target);
  const tasks = [...target._tasks];
  const running = currentTask(target);
  const lines = [`${tasks.length} pending task${tasks.length === 1 ? "" : "s"} at loop time ${Number(target.time().toFixed(6))}`];
  const shown = new Set<Future<unknown>>();
  const render = (future: Future<unknown>, level: number): void => {
    const pad = "  ".repeat(level);
    if (shown.has(future)) {
      lines.push(`${pad}* ${nodeName(future)} (shown above)`);
      return;
    }
    shown.add(future);
    lines.push(`${pad}* ${nodeName(future)} ${describeNode(future, running, timers)}`);
    const awaited = edges.awaits.get(future) ?? [];
    if (future instanceof Task && awaited.length === 0) {
      lines.push(`${pad}  ${idleText(future, running)}`);
    }
    if (awaited.length > 0) lines.push(`${pad}  awaits:`);
    for (const inner of awaited) render(inner, level + 2);
  };
  // Roots first: tasks no pending task awaits, in creation order; then any left in cycles.
  for (const task of tasks) if ((edges.awaitedBy.get(task) ?? []).length === 0) render(task, 0);
  for (const task of tasks) if (!shown.has(task)) render(task, 0);
  return lines.join("\n");
}

/** Prints {@link formatAllTasks}, to standard output by default. */
export function printAllTasks(loop?: EventLoop, options: { file?: { write(text: string): unknown } | null } = {}): void {
  write(options.file, `${formatAllTasks(loop)}\n`);
}

function nodeName(future: Future<unknown>): string {
  if (future instanceof Task) return `Task(name='${future.getName()}', id=${idOf(future)})`;
  return `${future instanceof GatheringFuture ? "GatheringFuture" : "Future"}(id=${idOf(future)})`;
}

function describeNode(future: Future<unknown>, running: Task<unknown> | null, timers: Map<Future<unknown>, TimerHandle>): string {
  const parts: string[] = [future._stateText()];
  // A lock's or queue's waiter says what for.
  if (future._waitWhat !== null) parts.push(future._waitWhat);
  if (future instanceof Task) {
    const coro = future.getCoro() as unknown;
    const name = (coro as { name?: unknown } | null)?.name;
    parts.push(typeof name === "string" ? `${name}()` : typeof (coro as Generator | null)?.next === "function" ? "<generator>" : "<promise>");
    if (future === running) parts.push("running now");
  }
  const timer = timers.get(future);
  if (timer !== undefined) {
    const callback = timer._callback?.name || "<anonymous>";
    parts.push(`completed by a timer at ${Number(timer._when.toFixed(6))} (${callback})`);
  }
  const site = creationSite(future);
  if (site !== null) parts.push(`created at ${site}`);
  return parts.join(", ");
}

function idleText(task: Task<unknown>, running: Task<unknown> | null): string {
  if (task === running) return "is running (it asked for this dump)";
  if (task._nativeRunning) return "awaits a promise the loop does not know";
  return "is scheduled to run (ready, or yielded until the next iteration)";
}

/** Futures that a pending timer will complete (a sleep, a timeout's waiter). */
function timersByFuture(loop: EventLoop): Map<Future<unknown>, TimerHandle> {
  const map = new Map<Future<unknown>, TimerHandle>();
  for (const timer of loop._timerList()) {
    if (timer._cancelled) continue;
    for (const arg of timer._args) {
      if (arg instanceof Future && !map.has(arg)) map.set(arg, timer);
    }
  }
  return map;
}

/** Python shows `id()`, an address; here a small number that stays the same for an object. */
const ids = new WeakMap<object, number>();
let nextId = 0;
function idOf(object: object): string {
  let id = ids.get(object);
  if (id === undefined) ids.set(object, (id = ++nextId));
  return `0x${id.toString(16)}`;
}

function write(file: { write(text: string): unknown } | null | undefined, text: string): void {
  if (file) file.write(text);
  else globalThis.process.stdout.write(text);
}
