/**
 * `TaskGroup`: tasks that live and die together (CPython: `asyncio/taskgroups.py`).
 *
 * The one idea: the group is a block (`asyncWith(new TaskGroup(), ...)`) that
 * does not end before every task started in it has ended. The first task to
 * fail cancels its siblings and the block's own task, whose cancellation the
 * group takes back on exit (`uncancel()`), so that what comes out is one
 * `ExceptionGroup` holding every failure, and a cancellation from outside
 * still reaches the code around the block.
 */
import type { AsyncContextManager } from "./context.js";
import { coroutine, isGenerator, type LazyCoroutine } from "./coroutine.js";
import { CancelledError, ExceptionGroup, RuntimeError } from "./errors.js";
import { futureAddToAwaitedBy, futureDiscardFromAwaitedBy } from "./graph.js";
import type { Future } from "./future.js";
import type { EventLoop } from "./loop.js";
import { getRunningLoop } from "./running.js";
import { currentTask, type Coroutine, type Task } from "./task.js";

/** Options of {@link TaskGroup.createTask}. */
export interface TaskGroupCreateTaskOptions {
  /** The task's name; `Task-N` by default. */
  name?: string | null;
}

/**
 * An async context manager that runs tasks and waits for all of them on exit.
 *
 * Python: `asyncio.TaskGroup` (3.11). If a task fails with anything but
 * `CancelledError`, the other tasks and the block are cancelled, and once all
 * have ended the block throws `ExceptionGroup("unhandled errors in a
 * TaskGroup", errors)`: the tasks' errors in the order they happened, then
 * the block's own, if it failed. A cancellation from outside cancels every
 * task too and then goes on as `CancelledError`, unless some task failed.
 *
 * Differs from CPython: there is no `KeyboardInterrupt`/`SystemExit` in
 * JavaScript, so no error is singled out to be rethrown bare; and there are no
 * context variables, so `createTask` takes no `context`. Besides `asyncWith`,
 * `await using tg = await new TaskGroup().aenter()` works (TypeScript 5.2+),
 * with one loss: `Symbol.asyncDispose` is not told that the block threw, so
 * the tasks are not cancelled by the block's error; they are waited for, and
 * an `ExceptionGroup` from them then comes out wrapped with the block's error
 * in a `SuppressedError`.
 *
 * @example
 * // Python:
 * //   async with asyncio.TaskGroup() as tg:
 * //       t1 = tg.create_task(fetch("a"))
 * //       t2 = tg.create_task(fetch("b"), name="b")
 * //   print(t1.result(), t2.result())
 * let t1!: asyncio.Task<string>, t2!: asyncio.Task<string>;
 * await asyncio.asyncWith(new asyncio.TaskGroup(), async (tg) => {
 *   t1 = tg.createTask(fetch("a"));
 *   t2 = tg.createTask(fetch("b"), { name: "b" });
 * });
 * console.log(t1.result(), t2.result());
 */
export class TaskGroup implements AsyncContextManager<TaskGroup> {
  /** Set by the first `aenter`; a group is entered once. */
  private _entered = false;
  /** Set when `aexit` begins: no new task once the last one is gone. */
  private _exiting = false;
  /** Set once the group has started cancelling everything: no new task at all. */
  private _aborting = false;
  /** The loop, known from entry on. */
  private _loop: EventLoop | null = null;
  /** The task running the block. */
  private _parentTask: Task<unknown> | null = null;
  /** True if the group cancelled the parent task itself, and owes it an `uncancel()`. */
  private _parentCancelRequested = false;
  /** The group's tasks that are not done yet. */
  private readonly _tasks = new Set<Task<unknown>>();
  /** The failures so far, in the order they happened; null once thrown. */
  private _errors: unknown[] | null = [];
  /** What `aexit` waits on: resolved when the last task ends. */
  private _onCompletedFut: Future<boolean> | null = null;

  /** Python's repr: `<TaskGroup tasks=2 errors=1 cancelling>`. */
  toString(): string {
    let info = "";
    if (this._tasks.size > 0) info += ` tasks=${this._tasks.size}`;
    if (this._errors !== null && this._errors.length > 0) info += ` errors=${this._errors.length}`;
    if (this._aborting) info += " cancelling";
    else if (this._entered) info += " entered";
    return `<TaskGroup${info}>`;
  }

  /**
   * Enters the group from the current task (its parent). Resolves to the
   * group itself. Python: `TaskGroup.__aenter__`. Throws `RuntimeError` if
   * the group was already entered, or outside a task.
   *
   * @example
   * // Python: tg = await asyncio.TaskGroup().__aenter__()
   * await using tg = await new asyncio.TaskGroup().aenter();
   */
  aenter(): LazyCoroutine<this> {
    return enterGroup(this) as LazyCoroutine<this>;
  }

  /**
   * Leaves the block: cancels everything if the block failed, waits for every
   * task, then throws the failures as one `ExceptionGroup`, or the
   * `CancelledError` of an outside cancellation. Never swallows an error.
   * Python: `TaskGroup.__aexit__`.
   *
   * @example
   * // Python: await tg.__aexit__(None, None, None)
   * await tg.aexit(undefined, false); // waits for every task of the group
   */
  aexit(exc: unknown, hasError: boolean): LazyCoroutine<false> {
    return exitGroup(this, exc, hasError);
  }

  /**
   * Leaves the block as if it ended without error: `await using` support.
   * See the class notes for what that spelling loses. Python has no
   * equivalent (there, `async with` is the only spelling).
   *
   * @example
   * {
   *   await using tg = await new asyncio.TaskGroup().aenter();
   *   tg.createTask(work());
   * } // the tasks are awaited here
   */
  [Symbol.asyncDispose](): PromiseLike<void> {
    return this.aexit(undefined, false) as PromiseLike<unknown> as PromiseLike<void>;
  }

  /**
   * Starts `coro` as a task of the group and returns the task.
   *
   * Python: `TaskGroup.create_task(coro, *, name=None, context=None)`. Throws
   * `RuntimeError` before entry ("has not been entered"), once the group has
   * begun cancelling after a failure ("is shutting down"), and once it is
   * over ("is finished"); `coro` is then closed, so no "never awaited"
   * warning follows.
   *
   * @example
   * // Python: task = tg.create_task(worker(i), name=f"w{i}")
   * const task = tg.createTask(worker(i), { name: `w${i}` });
   */
  createTask<T>(coro: Coroutine<T>, options: TaskGroupCreateTaskOptions = {}): Task<T> {
    if (!this._entered) {
      closeCoroutine(coro);
      throw new RuntimeError(`TaskGroup ${this.toString()} has not been entered`);
    }
    if (this._exiting && this._tasks.size === 0) {
      closeCoroutine(coro);
      throw new RuntimeError(`TaskGroup ${this.toString()} is finished`);
    }
    if (this._aborting) {
      closeCoroutine(coro);
      throw new RuntimeError(`TaskGroup ${this.toString()} is shutting down`);
    }
    const task = (this._loop as EventLoop).createTask(coro, { name: options.name ?? null });
    // A task that finished while being made (a task factory may run it
    // eagerly) needs no callback.
    if (task.done()) {
      this._onTaskDone(task);
    } else {
      this._tasks.add(task);
      // The parent awaits its children through the group, out of the loop's
      // sight: tell the call graph (as CPython 3.14 does).
      if (this._parentTask !== null) futureAddToAwaitedBy(task, this._parentTask);
      task.addDoneCallback(this._onTaskDoneCallback);
    }
    return task;
  }

  /** @internal The work of `aenter`, run when its coroutine is awaited. */
  _enter(): this {
    if (this._entered) throw new RuntimeError(`TaskGroup ${this.toString()} has already been entered`);
    this._loop ??= getRunningLoop();
    this._parentTask = currentTask(this._loop);
    if (this._parentTask === null) {
      throw new RuntimeError(`TaskGroup ${this.toString()} cannot determine the parent task`);
    }
    this._entered = true;
    return this;
  }

  /** @internal The work of `aexit`, run when its coroutine is awaited. */
  *_exit(exc: unknown, hasError: boolean): Generator<unknown, false, unknown> {
    this._exiting = true;
    const parent = this._parentTask as Task<unknown>;
    let propagateCancellation: CancelledError | null = hasError && exc instanceof CancelledError ? exc : null;
    // The block failed, or its task is being cancelled: stop the children.
    if (hasError && !this._aborting) this._abort();

    // Loop, not a single wait: the parent may be cancelled again and again
    // while it waits, and each time the children must still be waited for.
    while (this._tasks.size > 0) {
      this._onCompletedFut ??= (this._loop as EventLoop).createFuture<boolean>();
      try {
        yield* this._onCompletedFut;
      } catch (error) {
        if (!(error instanceof CancelledError)) throw error;
        if (!this._aborting) {
          // Cancelled from outside while waiting for the children.
          propagateCancellation = error;
          this._abort();
        }
      }
      this._onCompletedFut = null;
    }

    if (this._parentCancelRequested && parent.uncancel() === 0) {
      // The only cancellation of the parent was ours: it must not escape.
      propagateCancellation = null;
    }
    const errors = this._errors as unknown[];
    if (propagateCancellation !== null && errors.length === 0) throw propagateCancellation;
    if (hasError && !(exc instanceof CancelledError)) errors.push(exc);
    if (errors.length === 0) return false;

    // An outside cancellation that is still pending must survive the
    // ExceptionGroup: take it back and request it again, so that the count
    // stays the same and it reaches the parent's next await.
    if (parent.cancelling() > 0) {
      parent.uncancel();
      parent.cancel();
    }
    this._errors = null;
    throw new ExceptionGroup("unhandled errors in a TaskGroup", errors);
  }

  /** Cancels every child still running; from now on no child may be added. */
  private _abort(): void {
    this._aborting = true;
    for (const task of this._tasks) {
      if (!task.done()) task.cancel();
    }
  }

  private readonly _onTaskDoneCallback = (task: Future<unknown>): void => {
    this._onTaskDone(task as Task<unknown>);
  };

  /** A child ended: note its failure, and on the first one cancel everything. */
  private _onTaskDone(task: Task<unknown>): void {
    this._tasks.delete(task);
    if (this._parentTask !== null) futureDiscardFromAwaitedBy(task, this._parentTask);
    if (this._onCompletedFut !== null && this._tasks.size === 0 && !this._onCompletedFut.done()) {
      this._onCompletedFut.setResult(true);
    }
    if (task.cancelled()) return;
    const exc = task.exception();
    if (exc === null) return;
    (this._errors as unknown[]).push(exc);

    const parent = this._parentTask as Task<unknown>;
    if (parent.done()) {
      (this._loop as EventLoop).callExceptionHandler({
        message: `Task ${task.toString()} has errored out but its parent task ${parent.toString()} is already completed`,
        exception: exc,
        task,
      });
      return;
    }
    if (!this._aborting && !this._parentCancelRequested) {
      // Interrupt whatever the block is awaiting, so that it reaches aexit;
      // aexit takes this cancellation back, so it never leaks out.
      this._abort();
      this._parentCancelRequested = true;
      parent.cancel();
    }
  }
}

// `aenter` and `aexit` return lazy coroutines, as Python's `async def`
// methods do; generators, so that they run inside the task that awaits them.
const enterGroup = coroutine(function* aenter(group: TaskGroup): Generator<never, TaskGroup, unknown> {
  return group._enter();
});

const exitGroup = coroutine(function* aexit(
  group: TaskGroup,
  exc: unknown,
  hasError: boolean,
): Generator<unknown, false, unknown> {
  return yield* group._exit(exc, hasError);
});

/** Python's `coro.close()` on a coroutine that will never run, so it is not reported as never awaited. */
function closeCoroutine(coro: unknown): void {
  const close = (coro as { close?: unknown } | null)?.close;
  if (typeof close === "function") {
    (close as () => void).call(coro);
  } else if (isGenerator(coro)) {
    coro.return(undefined);
  }
}
