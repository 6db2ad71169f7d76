/**
 * Shared helpers of the unit tests: run a program on virtual time, record
 * what happens with loop timestamps, and capture what the loop reports
 * (through its exception handler or on standard error).
 *
 * The one idea: a test runs a whole program on a fresh loop with a
 * `VirtualClock`, records a trace of events stamped with `loop.time()`, and
 * compares the complete trace with one `toEqual`. Nothing sleeps for real.
 */
import { vi } from "vitest";
import * as asyncio from "../src/index.js";

/** What `asyncio.run` accepts as its main coroutine. */
export type Main<T> = Parameters<typeof asyncio.run<T>>[0];

/** The outcome of {@link virtualRun}. */
export interface VirtualRunResult<T> {
  /** What the main coroutine returned. */
  result: T;
  /** `loop.time()` when the main coroutine finished. */
  time: number;
  /** The loop it ran on (closed by now). */
  loop: asyncio.EventLoop;
}

/**
 * Runs `main` as `asyncio.run` does (leftover tasks cancelled, loop closed),
 * on a fresh loop with a `VirtualClock`, and returns its result together with
 * the loop time at which it finished. Pass the coroutine function itself
 * (uncalled) when its first segment needs the running loop.
 */
export async function virtualRun<T>(main: Main<T>, options: { debug?: boolean } = {}): Promise<VirtualRunResult<T>> {
  const runner = new asyncio.Runner({ clock: new asyncio.VirtualClock(), debug: options.debug ?? false });
  const loop = runner.getLoop();
  let result: T;
  let time: number;
  try {
    result = await runner.run(main);
    time = loop.time();
  } finally {
    await runner.close();
  }
  return { result, time, loop };
}

/** A fresh loop on a `VirtualClock`, not running yet. The test closes it. */
export function virtualLoop(): asyncio.EventLoop {
  return asyncio.newEventLoop({ clock: new asyncio.VirtualClock() });
}

/** A list of events, each stamped with the loop time at which it happened. */
export interface Recorder {
  /** The events so far, as `"<time> <what>"`. */
  readonly events: string[];
  /** Records `what` at the current loop time (a plain function: pass it around freely). */
  readonly log: (what: string) => void;
}

/**
 * Records events as `"<loop time> <what>"` strings, so a test can compare the
 * whole trace: `expect(events).toEqual(["0 start", "1 tick", ...])`. The time
 * is read from `loop` if given, else from the running loop.
 */
export function recorder(loop?: asyncio.EventLoop): Recorder {
  const events: string[] = [];
  return {
    events,
    log: (what: string): void => {
      const source = loop ?? asyncio.getRunningLoop();
      events.push(`${source.time()} ${what}`);
    },
  };
}

/**
 * Installs an exception handler on `loop` that keeps every context it is
 * given, instead of printing it.
 */
export function captureExceptions(loop: asyncio.EventLoop): asyncio.ExceptionContext[] {
  const contexts: asyncio.ExceptionContext[] = [];
  loop.setExceptionHandler((_loop, context) => {
    contexts.push(context);
  });
  return contexts;
}

/** What `console.error` received, one string per call. */
export interface StderrCapture {
  readonly lines: string[];
  /** Puts the real `console.error` back. */
  readonly restore: () => void;
}

/**
 * Captures `console.error` (where the default exception handler and the
 * warnings write), joining each call's arguments with spaces. Errors are shown
 * by their stack, as Node prints them.
 */
export function captureStderr(): StderrCapture {
  const lines: string[] = [];
  const spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    lines.push(args.map((arg) => (arg instanceof Error ? (arg.stack ?? String(arg)) : String(arg))).join(" "));
  });
  return { lines, restore: () => spy.mockRestore() };
}

/**
 * Runs `fn` and returns what it threw (failing when it does not throw). For
 * asserting on the class and message of an error in one `toEqual`-like line.
 */
export function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to throw");
}

/** Resolves to what the promise rejected with (failing when it resolves). */
export async function rejectionOf(promise: PromiseLike<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject");
}

/** `"Name: message"` of an error, for short assertions. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.constructor.name}: ${error.message}`;
  return String(error);
}
