/**
 * Debug mode (CPython: the debug parts of `asyncio/base_events.py`,
 * `asyncio/format_helpers.py` and `asyncio/coroutines.py`).
 *
 * The one idea: debug mode buys explanations with speed. It is on for a loop
 * made with `debug: true`, after `loop.setDebug(true)`, or for every loop when
 * the `ASYNCIO_TS_DEBUG` environment variable is set (the counterpart of
 * `PYTHONASYNCIODEBUG`). Then:
 * - handles, futures, tasks and lazy coroutines remember where they were
 *   created (a captured stack, formatted only if a report needs it), and
 *   their reprs and the lifecycle reports show it;
 * - the loop times every callback and task step, and warns about those that
 *   run longer than `loop.slowCallbackDuration` (they block every other task);
 * - it warns when a task's native coroutine awaits a promise the loop does
 *   not know, which the loop can neither order nor cancel.
 * The timing and the warning come from a `DebugMonitor` installed in the
 * loop's observer slot (see `trace/hooks.ts`); outside debug mode none of this
 * costs more than a flag test.
 *
 * This file sits low in the dependency order: it imports types only.
 */
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { Future } from "./future.js";
import type { Handle, TimerHandle } from "./handle.js";
import type { EventLoop } from "./loop.js";
import type { Task } from "./task.js";
import type { LoopHooks } from "./trace/hooks.js";

// ---- Switching it on ----

/** True when `ASYNCIO_TS_DEBUG` is set to something other than "" or "0". @internal */
export function debugFromEnvironment(): boolean {
  const value = globalThis.process?.env?.ASYNCIO_TS_DEBUG;
  return value !== undefined && value !== "" && value !== "0";
}

/**
 * Whether lazy coroutines record where they were made. A coroutine object has
 * no loop when it is made, so this is process-wide, as CPython's coroutine
 * origin tracking is: on while any loop is in debug mode, or for the whole
 * run when the environment variable asks for debug mode.
 * @internal
 */
export const coroutineOrigins = { tracking: debugFromEnvironment() };
let debugLoops = 0;

/** @internal A loop entered (+1) or left (-1) debug mode. */
export function debugLoopsChanged(delta: 1 | -1): void {
  debugLoops += delta;
  coroutineOrigins.tracking = debugLoops > 0 || debugFromEnvironment();
}

// ---- Where things were created ----

/** How many frames a creation site keeps; the library's own frames use a few. */
const SITE_FRAMES = 30;
/** The folder of the library's sources (or build): its frames are not "where the user made it". */
const LIBRARY_DIR = fileURLToPath(new URL(".", import.meta.url));
const sites = new WeakMap<object, { stack?: string }>();

/**
 * Remembers where `object` is being created. Captures the stack now but
 * formats it only if a report asks, since formatting is the costly part.
 * Called only in debug mode. @internal
 */
export function recordCreationSite(object: object): void {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = SITE_FRAMES;
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, recordCreationSite);
  Error.stackTraceLimit = limit;
  sites.set(object, holder);
}

/** One frame of a creation site. */
interface Frame {
  /** The frame as V8 prints it, without the leading `at `. */
  text: string;
  /** `file:line:column`, the file relative to the working directory when inside it. */
  location: string;
  /** True for frames in the library itself or in Node's internals. */
  internal: boolean;
}

const FRAME_LINE = /^\s*at (?:async )?(?:(.*?) \()?(.+?):(\d+):(\d+)\)?$/;

function framesOf(object: object): Frame[] | null {
  const holder = sites.get(object);
  if (holder === undefined || holder.stack === undefined) return null;
  const frames: Frame[] = [];
  for (const line of holder.stack.split("\n").slice(1)) {
    const match = FRAME_LINE.exec(line);
    if (match === null) continue;
    const [, fn, rawFile, row, column] = match as unknown as [string, string | undefined, string, string, string];
    const file = rawFile.startsWith("file://") ? fileURLToPath(rawFile) : rawFile;
    const internal = file.startsWith("node:") || file.startsWith("internal/") || file.startsWith(LIBRARY_DIR);
    const shown = file.startsWith("/") || /^[A-Za-z]:\\/.test(file) ? shortPath(file) : file;
    const location = `${shown}:${row}:${column}`;
    frames.push({ text: fn === undefined ? location : `${fn} (${location})`, location, internal });
  }
  return frames;
}

function shortPath(file: string): string {
  const cwd = globalThis.process?.cwd?.() ?? "";
  if (cwd === "") return file;
  const inside = relative(cwd, file);
  return inside.startsWith("..") ? file : inside;
}

/**
 * Where `object` was created: the first frame outside the library, as
 * `file:line:column`, or null when it was not recorded (debug mode was off).
 */
export function creationSite(object: object): string | null {
  const frames = framesOf(object);
  if (frames === null || frames.length === 0) return null;
  // Made by the library itself (a sleep's future, in a promise job): name the
  // library function that asked for it rather than the constructor.
  const outside =
    frames.find((frame) => !frame.internal) ??
    frames.find((frame) => !MAKERS.test(frame.location) && !frame.location.startsWith("node:")) ??
    frames[0];
  return outside.location;
}

/** The files whose frames only make objects: constructors, `createFuture`, `callSoon`. */
const MAKERS = /(^|[\\/])(future|handle|loop|task|coroutine)\.[jt]s:/;

/** ` created at file:line:column` for reprs, or "" outside debug mode. @internal */
export function createdAt(object: object): string {
  const site = creationSite(object);
  return site === null ? "" : ` created at ${site}`;
}

/**
 * The creation stack as report lines, oldest call first as Python prints a
 * traceback, without Node's own frames; null when it was not recorded.
 * @internal
 */
export function creationTraceback(object: object): string[] | null {
  const frames = framesOf(object);
  if (frames === null) return null;
  // Innermost first: the library's own frames (a constructor calling a
  // constructor...) are dropped down to the one the program called, which
  // ends the traceback as in CPython (`call_soon`, say).
  let first = 0;
  while (first + 1 < frames.length && frames[first]?.internal === true && frames[first + 1]?.internal === true) first++;
  return frames
    .slice(first)
    .filter((frame) => !frame.location.startsWith("node:") && !frame.location.startsWith("internal/"))
    .reverse()
    .map((frame) => `  at ${frame.text}`);
}

/** "Object created at (most recent call last):" and the frames, as CPython's default handler shows `source_traceback`. @internal */
export function formatSourceTraceback(lines: readonly string[]): string {
  return ["Object created at (most recent call last):", ...lines].join("\n");
}

// ---- The monitor: slow callbacks and foreign awaits ----

/**
 * Debug mode's observer: times every callback and task step, and reports the
 * slow ones and the native coroutines stuck on promises the loop does not
 * know. Installed by the loop while it is in debug mode. @internal
 */
export class DebugMonitor implements LoopHooks {
  /** `performance.now()` when the current callback began. */
  private _began = 0;
  /** The task whose step the current callback runs, if any: reports name it rather than the callback. */
  private _task: Task<unknown> | null = null;
  /** Tasks already warned about: one warning each is enough to find them. */
  private readonly _warnedForeign = new WeakSet<Task<unknown>>();

  constructor(private readonly _loop: EventLoop) {}

  handleBegin(_handle: Handle): void {
    this._task = null;
    this._began = globalThis.performance.now();
  }

  handleEnd(handle: Handle): void {
    const seconds = (globalThis.performance.now() - this._began) / 1000;
    const task = this._task;
    this._task = null;
    if (seconds >= this._loop.slowCallbackDuration) {
      // As CPython does for a task step, name the task rather than its callback.
      const what = task !== null ? task.toString() : handle.toString();
      console.warn(`Executing ${what} took ${seconds.toFixed(3)} seconds`);
    }
  }

  taskStep(task: Task<unknown>): void {
    this._task ??= task;
  }

  taskAwaitsForeign(task: Task<unknown>): void {
    if (this._warnedForeign.has(task)) return;
    this._warnedForeign.add(task);
    console.warn(
      `RuntimeWarning: ${task.toString()} is awaiting a promise the event loop does not know; ` +
        "the loop cannot order its wake-up or cancel it there. " +
        "Wrap the promise with asyncio.wrapPromise(promise), or pass a function of an AbortSignal " +
        "(asyncio.wrapPromise((signal) => fetch(url, { signal }))) so that cancelling aborts it.",
    );
  }

  iteration(_ready: number, _timers: number): void {}
  timerScheduled(_timer: TimerHandle): void {}
  timerCancelled(_timer: TimerHandle): void {}
  timerDue(_timer: TimerHandle): void {}
  taskCreated(_task: Task<unknown>, _parent: Task<unknown> | null): void {}
  taskSuspended(_task: Task<unknown>, _on: Future<unknown> | null): void {}
  futureDone(_future: Future<unknown>): void {}
}
