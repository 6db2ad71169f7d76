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
import { VirtualClock, type Clock } from "./clock.js";
import { coroutine } from "./coroutine.js";
import { isCoroutine, type AwaitableLike } from "./ensure.js";
import { RuntimeError, ValueError } from "./errors.js";
import { gather } from "./gather.js";
import { describeValue } from "./handle.js";
import type { EventLoop } from "./loop.js";
import { newEventLoop, setEventLoop } from "./events.js";
import { peekRunningLoop } from "./running.js";
import { allTasks, type Coroutine } from "./task.js";

/** Options of {@link run} and {@link Runner}. */
export interface RunOptions {
  /** Debug mode; defaults to the `ASYNCIO_TS_DEBUG` environment variable. */
  debug?: boolean | null;
  /**
   * Where time comes from. Defaults to a real clock, or to a `VirtualClock`
   * when the `ASYNCIO_TS_CLOCK` environment variable is `virtual`.
   */
  clock?: Clock | null;
  /** Makes the loop, instead of `newEventLoop`. Python: `loop_factory`. */
  loopFactory?: ((options: { clock: Clock | undefined; debug: boolean }) => EventLoop) | null;
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
    const clock = this._options.clock ?? defaultClock();
    const debug = this._options.debug ?? envFlag("ASYNCIO_TS_DEBUG");
    const factory = this._options.loopFactory;
    this._loop = factory ? factory({ clock, debug }) : newEventLoop({ clock, debug });
    if (!factory) setEventLoop(this._loop);
    this._state = INITIALIZED;
    return this._loop;
  }
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
  try {
    return await runner.run(main);
  } finally {
    await runner.close();
  }
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

function defaultClock(): Clock | undefined {
  const kind = process.env.ASYNCIO_TS_CLOCK;
  if (kind === undefined || kind === "" || kind === "real") return undefined;
  if (kind === "virtual") return new VirtualClock();
  throw new ValueError(`ASYNCIO_TS_CLOCK must be 'virtual' or 'real', got '${kind}'`);
}

function envFlag(name: string): boolean {
  const value = process.env[name];
  return value !== undefined && value !== "" && value !== "0";
}
