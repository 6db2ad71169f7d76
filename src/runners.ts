/**
 * The entry points: `run` and `Runner` (CPython: `asyncio/runners.py`).
 *
 * The one idea: a Runner owns one loop for its lifetime. `run` makes a
 * Runner, runs the main coroutine to completion, then tidies up as
 * `asyncio.run` does: it cancels every task still pending, waits for them to
 * finish, and closes the loop.
 *
 * Two environment variables change the defaults for any script, without
 * code changes: `ASYNCIO_TS_CLOCK=virtual` runs on a `VirtualClock`, and
 * `ASYNCIO_TS_DEBUG=1` turns debug mode on (the counterpart of
 * `PYTHONASYNCIODEBUG`).
 */
import type { Clock } from "./clock.js";
import { coroutine } from "./coroutine.js";
import { isCoroutine, type AwaitableLike } from "./ensure.js";
import { RuntimeError, ValueError } from "./errors.js";
import { gather } from "./gather.js";
import { describeValue } from "./handle.js";
import type { EventLoop } from "./loop.js";
import { newEventLoop, setEventLoop } from "./events.js";
import { peekCurrentLoop, peekRunningLoop } from "./running.js";
import { allTasks, type Coroutine } from "./task.js";
import { recorderForSpec } from "./trace/env.js";
import type { LoopHooks } from "./trace/hooks.js";

/** Options of {@link run} and {@link Runner}. */
export interface RunOptions {
  /** Debug mode; defaults to the `ASYNCIO_TS_DEBUG` environment variable. */
  debug?: boolean | null;
  /**
   * Where time comes from. Defaults to a real clock, or to a `VirtualClock`
   * when the `ASYNCIO_TS_CLOCK` environment variable is `virtual`.
   */
  clock?: Clock | null;
  /**
   * Records everything the loop does: a `TraceRecorder` (read it afterwards
   * with `formatTimeline`, `chromeTrace`, `timelineSvg`), or a specification
   * as for the `ASYNCIO_TS_TRACE` environment variable (`"timeline"`,
   * `"chrome:out.json"`, `"svg:out.svg"`), written when the run ends.
   */
  trace?: LoopHooks | string | null;
  /** Makes the loop, instead of `newEventLoop`. Python: `loop_factory`. */
  loopFactory?: ((options: { clock: Clock | undefined; debug: boolean }) => EventLoop) | null;
  /**
   * Seeded schedule fuzzing: callbacks ready in the same pass of the loop run
   * in an order drawn from this seed instead of FIFO, so a test can try many
   * interleavings and replay a failing one from its seed. Off by default.
   */
  shuffle?: number | null;
  /** Runaway guard: fail with a `LoopLimitError` after this many loop passes per run. Off by default. */
  maxIterations?: number | null;
  /** Runaway guard: fail with a `LoopLimitError` once loop time is this many seconds past the start of a run. Off by default. */
  maxTime?: number | null;
}

const INITIAL = 0;
const INITIALIZED = 1;
const CLOSED = 2;

/**
 * Runs coroutines on one loop that it makes and, at the end, closes.
 * Python 3.11: `asyncio.Runner(*, debug=None, loop_factory=None)`.
 *
 * @example
 * const runner = new asyncio.Runner({ clock: new asyncio.VirtualClock() });
 * try {
 *   await runner.run(first());
 *   await runner.run(second());
 * } finally {
 *   await runner.close();
 * }
 */
export class Runner {
  private _state = INITIAL;
  private _loop: EventLoop | null = null;

  constructor(private readonly _options: RunOptions = {}) {}

  /**
   * Runs `coro` until it completes and returns its result (or throws its
   * error). Python: `Runner.run(coro)`.
   */
  async run<T>(coro: Coroutine<T> | AwaitableLike<T> | (() => PromiseLike<T> | Generator<unknown, T, unknown>)): Promise<T> {
    if (typeof coro === "function") coro = coroutine(coro as () => PromiseLike<T>)();
    if (!isCoroutine(coro)) throw new ValueError(`a coroutine was expected, got ${describeValue(coro)}`);
    if (peekRunningLoop() !== null) throw new RuntimeError("Runner.run() cannot be called from a running event loop");
    const loop = this._lazyInit();
    const task = loop.createTask(coro);
    return loop.runUntilComplete(task);
  }

  /** The loop, made on first use. Python: `Runner.get_loop()`. */
  getLoop(): EventLoop {
    return this._lazyInit();
  }

  /**
   * Cancels the tasks still pending, waits for them, and closes the loop.
   * Python: `Runner.close()`.
   */
  async close(): Promise<void> {
    if (this._state !== INITIALIZED) return;
    const loop = this._loop as EventLoop;
    try {
      await cancelAllTasks(loop);
      await loop.runUntilComplete(loop.shutdownAsyncgens());
    } finally {
      setEventLoop(null);
      loop.close();
      this._loop = null;
      this._state = CLOSED;
    }
  }

  /** `asyncWith(new Runner(), async (runner) => ...)`. */
  aenter(): Promise<Runner> {
    this._lazyInit();
    return Promise.resolve(this);
  }

  /** Closes the runner; never suppresses the body's error. */
  async aexit(): Promise<boolean> {
    await this.close();
    return false;
  }

  /** `await using runner = new asyncio.Runner()`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private _lazyInit(): EventLoop {
    if (this._state === CLOSED) throw new RuntimeError("Runner is closed");
    if (this._state === INITIALIZED) return this._loop as EventLoop;
    const clock = this._options.clock ?? undefined;
    const debug = this._options.debug ?? undefined;
    const factory = this._options.loopFactory;
    if (factory) {
      this._loop = factory({ clock, debug: debug ?? false });
    } else {
      this._loop = adoptImplicitLoop(clock) ?? newEventLoop({ clock, debug });
      if (debug !== undefined) this._loop.setDebug(debug);
      setEventLoop(this._loop);
    }
    const { shuffle, maxIterations, maxTime } = this._options;
    this._loop._configureTesting({ shuffle, maxIterations, maxTime });
    const trace = this._options.trace;
    if (trace !== undefined && trace !== null) this._loop.setTracer(typeof trace === "string" ? recorderForSpec(trace) : trace);
    this._state = INITIALIZED;
    return this._loop;
  }
}

/**
 * `asyncio.run(main())` with a plain `async function main` runs main up to
 * its first `await` before any loop exists; if that part called `gather` or
 * `ensureFuture`, they made the current loop on demand and put work on it.
 * Adopt that loop rather than strand the work, as long as nothing on it
 * depends on time yet (so it can still take the requested clock).
 * Differs from CPython, where `main()` runs nothing until the loop runs.
 */
function adoptImplicitLoop(clock: Clock | undefined): EventLoop | null {
  const current = peekCurrentLoop();
  if (current === null || !current._implicit || current.isClosed() || current.isRunning()) return null;
  if (current._timerCount > 0) return null;
  if (clock !== undefined) current._clock = clock;
  current._implicit = false;
  return current;
}

/**
 * Runs the main coroutine on a new loop and returns its result, then
 * cancels what is left and closes the loop. Python: `asyncio.run(main, *, debug=None)`.
 *
 * `main` may also be the coroutine function itself, uncalled: it is then
 * called inside the running loop, as its task's first step. Prefer that
 * (or `asyncio.coroutine`) for an `async function main` that starts with
 * `createTask` or `getRunningLoop()`: JavaScript runs an `async function` up
 * to its first `await` as soon as it is called, which for `run(main())` is
 * before the loop exists.
 *
 * @example
 * async function main() {
 *   console.log("hello");
 *   await asyncio.sleep(1);
 *   console.log("world");
 * }
 * await asyncio.run(main());
 * // On virtual time: finishes at once, with loop.time() === 1 at the end.
 * await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
 */
export async function run<T>(
  main: Coroutine<T> | AwaitableLike<T> | (() => PromiseLike<T> | Generator<unknown, T, unknown>),
  options: RunOptions = {},
): Promise<T> {
  if (peekRunningLoop() !== null) {
    throw new RuntimeError("asyncio.run() cannot be called from a running event loop");
  }
  const runner = new Runner(options);
  let result: T;
  try {
    result = await runner.run(main);
  } catch (error) {
    // The program's own error is the one to see; a second one while tidying
    // up after it (tasks that cannot be cancelled, say) is only reported.
    await runner.close().catch((closeError: unknown) => {
      console.error("Error while closing the loop after a failed run:", closeError);
    });
    throw error;
  }
  await runner.close();
  return result;
}

/** Cancels every pending task of `loop` and waits for them; reports errors they end with. */
async function cancelAllTasks(loop: EventLoop): Promise<void> {
  const toCancel = allTasks(loop);
  if (toCancel.size === 0) return;
  for (const task of toCancel) task.cancel();
  await loop.runUntilComplete(gather([...toCancel], { returnExceptions: true }));
  for (const task of toCancel) {
    if (task.cancelled()) continue;
    const error = task.exception();
    if (error !== null) {
      loop.callExceptionHandler({ message: "unhandled exception during asyncio.run() shutdown", exception: error, task });
    }
  }
}
