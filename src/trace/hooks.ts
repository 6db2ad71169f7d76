/**
 * The loop's observation points: what the loop, its tasks and its futures
 * tell an observer as they work (CPython has no such interface; its debug
 * mode is written into `base_events.py` itself).
 *
 * The one idea: the core knows one slot, `loop._hooks`, which is null when
 * nobody watches. Every observation point is `const hooks = loop._hooks; if
 * (hooks !== null) hooks.something(...)`, a single null check, so that a loop
 * running millions of callbacks a second pays nothing for being watchable.
 * Debug mode (`debug.ts`) and tracing (`recorder.ts`) are two observers; when
 * both are on, `combineHooks` fans each call out to both.
 *
 * This file sits at the bottom of the dependency order: it imports types only.
 */
import type { Future } from "../future.js";
import type { Handle, TimerHandle } from "../handle.js";
import type { EventLoop } from "../loop.js";
import type { Task } from "../task.js";

/**
 * An observer of everything a loop does. Pass one to `loop.setTracer()` (or
 * `run(main, { trace })`); `TraceRecorder` is the one the library provides.
 * Every method is called synchronously, at the moment the thing happens, and
 * must not throw or schedule anything on the loop.
 */
export interface LoopHooks {
  /** The observer was installed on `loop` (by `setTracer`). */
  attached?(loop: EventLoop): void;
  /** The loop was closed. */
  loopClosed?(loop: EventLoop): void;
  /**
   * A pass of the loop begins, after any wait for time to pass: `ready`
   * callbacks were queued, and `timers` timers (cancelled ones included) sit
   * in the heap. The `timerDue` calls that follow move due timers to the
   * ready queue; then the pass runs them all.
   */
  iteration(ready: number, timers: number): void;
  /** The loop is about to run `handle` (a cancelled one is skipped by it). */
  handleBegin(handle: Handle): void;
  /** `handle` has run, including the native coroutine it resumed, up to its next suspension. */
  handleEnd(handle: Handle): void;
  /** `callLater`/`callAt` pushed a timer onto the heap. */
  timerScheduled(timer: TimerHandle): void;
  /** A timer still in the heap was cancelled (it stays there, marked). */
  timerCancelled(timer: TimerHandle): void;
  /** A due timer left the heap for the ready queue. */
  timerDue(timer: TimerHandle): void;
  /** A task was made; `parent` is the task that was running then, if any. */
  taskCreated(task: Task<unknown>, parent: Task<unknown> | null): void;
  /**
   * The task's coroutine runs again (or for the first time). Also called when
   * a step goes on inside a step already begun; observers ignore those.
   */
  taskStep(task: Task<unknown>): void;
  /** The coroutine suspended on `on`, or (null) for one iteration (`sleep(0)`). */
  taskSuspended(task: Task<unknown>, on: Future<unknown> | null): void;
  /**
   * The task's native coroutine was resumed and did not suspend on anything
   * the loop knows: it awaits a foreign promise, and cannot be cancelled there.
   */
  taskAwaitsForeign(task: Task<unknown>): void;
  /** A future (or task) got its result, its exception, or was cancelled. */
  futureDone(future: Future<unknown>): void;
  /** `future` stands for work outside the loop: a promise given to `wrapPromise`. */
  foreignFuture?(future: Future<unknown>): void;
}

/** Calls two observers in turn: debug mode and a tracer, say. */
class BothHooks implements LoopHooks {
  constructor(
    private readonly _first: LoopHooks,
    private readonly _second: LoopHooks,
  ) {}

  attached(loop: EventLoop): void {
    this._first.attached?.(loop);
    this._second.attached?.(loop);
  }
  loopClosed(loop: EventLoop): void {
    this._first.loopClosed?.(loop);
    this._second.loopClosed?.(loop);
  }
  iteration(ready: number, timers: number): void {
    this._first.iteration(ready, timers);
    this._second.iteration(ready, timers);
  }
  handleBegin(handle: Handle): void {
    this._first.handleBegin(handle);
    this._second.handleBegin(handle);
  }
  handleEnd(handle: Handle): void {
    // Closed in reverse order, so each observer's begin/end pair brackets the other's.
    this._second.handleEnd(handle);
    this._first.handleEnd(handle);
  }
  timerScheduled(timer: TimerHandle): void {
    this._first.timerScheduled(timer);
    this._second.timerScheduled(timer);
  }
  timerCancelled(timer: TimerHandle): void {
    this._first.timerCancelled(timer);
    this._second.timerCancelled(timer);
  }
  timerDue(timer: TimerHandle): void {
    this._first.timerDue(timer);
    this._second.timerDue(timer);
  }
  taskCreated(task: Task<unknown>, parent: Task<unknown> | null): void {
    this._first.taskCreated(task, parent);
    this._second.taskCreated(task, parent);
  }
  taskStep(task: Task<unknown>): void {
    this._first.taskStep(task);
    this._second.taskStep(task);
  }
  taskSuspended(task: Task<unknown>, on: Future<unknown> | null): void {
    this._first.taskSuspended(task, on);
    this._second.taskSuspended(task, on);
  }
  taskAwaitsForeign(task: Task<unknown>): void {
    this._first.taskAwaitsForeign(task);
    this._second.taskAwaitsForeign(task);
  }
  futureDone(future: Future<unknown>): void {
    this._first.futureDone(future);
    this._second.futureDone(future);
  }
  foreignFuture(future: Future<unknown>): void {
    this._first.foreignFuture?.(future);
    this._second.foreignFuture?.(future);
  }
}

/** One observer standing for both (either may be null). @internal */
export function combineHooks(first: LoopHooks | null, second: LoopHooks | null): LoopHooks | null {
  if (first === null) return second;
  if (second === null) return first;
  return new BothHooks(first, second);
}

/**
 * A tracer every new loop gets, set when the `ASYNCIO_TS_TRACE` environment
 * variable asks for one (see `trace/env.ts`); null otherwise.
 * @internal
 */
export const autoTracer: { factory: ((loop: EventLoop) => LoopHooks) | null } = { factory: null };
