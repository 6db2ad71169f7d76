/**
 * Helpers shared by the reliability tests (test/reliability) and the soak
 * suite (test/soak): a look inside a loop's queues, a watch on the process
 * for promise rejections nobody handled, and a garbage-collection handle.
 *
 * The one idea: a reliability test checks what the public API cannot show,
 * namely that nothing is left behind. Where that needs the loop's private
 * state (`_ready`, the timer heap, the set of pending tasks), it is read here
 * and nowhere else, so that a change to the loop's fields touches one file.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterEach, beforeEach, expect } from "vitest";
import * as asyncio from "asyncio-ts";

/** What a loop still holds: callbacks queued, timers in its heap, tasks not done. */
export interface LoopContents {
  /** Handles in the ready queue that would still run (not cancelled). */
  readonly ready: number;
  /** Timers in the heap, cancelled ones included (they are dropped lazily). */
  readonly timers: number;
  /** Timers in the heap that are not cancelled. */
  readonly liveTimers: number;
  /** Tasks of the loop that are not done (`allTasks(loop)`). */
  readonly tasks: number;
}

/** The private fields of `EventLoop` this file reads (see src/loop.ts). */
interface LoopInternals {
  _ready: asyncio.Handle[];
  _tasks: { readonly size: number };
  _timerCount: number;
  _timerList(): asyncio.TimerHandle[];
}

/**
 * Reads the loop's private state: the ready queue (`_ready`), the timer heap
 * (`_timerCount`, `_timerList()`) and the set of pending tasks (`_tasks`).
 * Internal fields, read on purpose: "nothing is left queued" has no public API.
 */
export function loopContents(loop: asyncio.EventLoop): LoopContents {
  const internals = loop as unknown as LoopInternals;
  return {
    ready: internals._ready.filter((handle) => !handle.cancelled()).length,
    timers: internals._timerCount,
    liveTimers: internals._timerList().filter((timer) => !timer.cancelled()).length,
    tasks: internals._tasks.size,
  };
}

/** A loop that holds nothing that could still run. */
export const EMPTY_LOOP: LoopContents = { ready: 0, timers: 0, liveTimers: 0, tasks: 0 };

/**
 * Collects every `unhandledRejection` the process sees from now on, until
 * `stop()`. Node's default (and `--unhandled-rejections=strict`) would crash
 * on one; Vitest reports it as an error of the run. A listener makes the
 * test itself see it and say which test caused it.
 */
export function watchUnhandledRejections(): { readonly reasons: unknown[]; stop(): void } {
  const reasons: unknown[] = [];
  const listener = (reason: unknown): void => {
    reasons.push(reason);
  };
  process.on("unhandledRejection", listener);
  return { reasons, stop: () => process.off("unhandledRejection", listener) };
}

/**
 * Makes every test of the calling file fail if it leaves a promise rejection
 * unhandled. Node reports one after the job that dropped it, so the check
 * gives it one turn of Node's loop first.
 */
export function failOnUnhandledRejections(): void {
  let rejections: ReturnType<typeof watchUnhandledRejections>;
  beforeEach(() => {
    rejections = watchUnhandledRejections();
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    rejections.stop();
    expect(rejections.reasons.map(describeThrown)).toEqual([]);
  });
}

/**
 * A full, blocking garbage collection. Uses `globalThis.gc` when the process
 * runs with `--expose-gc`; otherwise turns the flag on at run time and takes
 * `gc` from a fresh context (V8 installs it in contexts made after the flag).
 */
export function forceGc(): void {
  gcFunction()();
}

let cachedGc: (() => void) | null = null;

function gcFunction(): () => void {
  if (cachedGc !== null) return cachedGc;
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === "function") {
    cachedGc = exposed;
  } else {
    setFlagsFromString("--expose-gc");
    cachedGc = runInNewContext("gc") as () => void;
  }
  return cachedGc;
}

/** The V8 heap in use after a full collection, in bytes. */
export function heapAfterGc(): number {
  forceGc();
  forceGc();
  return process.memoryUsage().heapUsed;
}

/**
 * Counts how many of the objects it watches the garbage collector has
 * reclaimed. A FinalizationRegistry, not WeakRefs: creating or reading a
 * WeakRef keeps its target alive until the current job ends, and a loop on
 * virtual time can run a whole program inside one job.
 */
export class CollectionWatch {
  private _watched = 0;
  private _collected = 0;
  /** Labels of the watched objects not collected yet. */
  private readonly _alive = new Map<number, string>();
  private readonly _registry = new FinalizationRegistry<number>((id) => {
    this._collected++;
    this._alive.delete(id);
  });

  /** Watches `object` (without keeping it alive) under `label`; returns it. */
  watch<T extends object>(object: T, label = object.constructor.name): T {
    const id = this._watched++;
    this._registry.register(object, id);
    this._alive.set(id, label);
    return object;
  }

  /** The labels of the watched objects still alive. */
  get survivors(): string[] {
    return [...this._alive.values()];
  }

  get watched(): number {
    return this._watched;
  }

  /**
   * Collects garbage, giving the host loop a turn between collections (that
   * is when finalizers run), until every watched object is gone or `rounds`
   * collections have passed; resolves to how many are still alive.
   */
  async alive(rounds = 20): Promise<number> {
    for (let round = 0; round < rounds && this._collected < this._watched; round++) {
      forceGc();
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return this._watched - this._collected;
  }
}

/**
 * `future` typed as a `Future<unknown>`. `Future<T>` is invariant in `T`
 * (its done-callback list is typed with `T`), so a `Task<number>` does not
 * go into a `Future<unknown>[]` without this.
 */
export function erased<T>(future: asyncio.Future<T>): asyncio.Future<unknown> {
  return future;
}

/** `future` typed as a `Task<unknown>` (see {@link erased}). */
export function erasedTask<T>(task: asyncio.Task<T>): asyncio.Task<unknown> {
  return task;
}

/** `Name: message` of what was thrown, for traces and assertions. */
export function describeThrown(error: unknown): string {
  if (error instanceof Error) return error.message ? `${error.name}: ${error.message}` : error.name;
  return `thrown ${String(error)}`;
}

/** A fresh loop on virtual time (optionally with seeded schedule fuzzing); the test closes it. */
export function virtualLoop(options: { shuffle?: number | null } = {}): asyncio.EventLoop {
  return new asyncio.EventLoop({ clock: new asyncio.VirtualClock(), shuffle: options.shuffle ?? null });
}

/**
 * Keeps every context the loop's exception handler receives, instead of
 * printing it; returns the list.
 */
export function captureHandler(loop: asyncio.EventLoop): asyncio.ExceptionContext[] {
  const contexts: asyncio.ExceptionContext[] = [];
  loop.setExceptionHandler((_loop, context) => {
    contexts.push(context);
  });
  return contexts;
}

/**
 * How many runs a property gets: `normal` in `npm test`, multiplied by the
 * `RELIABILITY_SCALE` environment variable (the soak suite sets its own).
 */
export function runs(normal: number): number {
  const scale = Number(process.env.RELIABILITY_SCALE ?? "1");
  return Math.max(1, Math.round(normal * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}
