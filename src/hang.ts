/**
 * Hang reports and runaway guards: what a loop says instead of waiting
 * forever or spinning forever. No CPython counterpart: a CPython program that
 * deadlocks simply sits there. The model is Go's runtime ("all goroutines are
 * asleep - deadlock!") and the loop limit of @sinonjs/fake-timers.
 *
 * The one idea: on a virtual clock, everything from outside reaches the loop
 * through something it counts (foreign work such as `wrapPromise`). So when
 * nothing is ready, no timer is scheduled and nothing is in flight, no event
 * can ever come: the loop fails with a `DeadlockError` that lists each
 * pending task and what it waits on. Locks and queues label the Futures they
 * park tasks on (`LoopBound._createWaiter`), so the report says
 * "Lock.acquire()" where it would otherwise only see "a Future".
 *
 * On any clock, Node itself gives the other proof: when its own event loop
 * has no timer, I/O or handle left, no promise can settle and nothing can
 * call in, so a loop still waiting then waits forever (`hostDrainedError`).
 */
import { VirtualClock } from "./clock.js";
import { DeadlockError, LoopLimitError, type LoopLimit } from "./errors.js";
import { Future } from "./future.js";
import type { EventLoop } from "./loop.js";
import type { Task } from "./task.js";

/** One pending task in a {@link DeadlockError}. */
export interface BlockedTask {
  /** The task. */
  readonly task: Task<unknown>;
  /** Its name (`task.getName()`). */
  readonly name: string;
  /** What it waits on, in words: `Lock.acquire() on #1 <Lock [locked, waiters:1]>`, `task 'B'`, ... */
  readonly waitingOn: string;
}

/**
 * The error of a loop that hit a runaway guard: `value` is the limit, and for
 * `maxTime`, `start` the loop time at which the run began.
 * @internal
 */
export function loopLimitError(limit: LoopLimit, value: number, loop: EventLoop, start = 0): LoopLimitError {
  const now = loop.time();
  const message =
    limit === "maxIterations"
      ? `loop limit hit: maxIterations: the loop ran ${value} iterations and is still busy (loop time ${now}). ` +
        "A task may be spinning (awaiting sleep(0) in an endless loop?); raise maxIterations if the program is meant to run longer."
      : `loop limit hit: maxTime: loop time reached ${now}, more than ${value} s after the run began at ${start}. ` +
        "A task may be looping on timers forever; raise maxTime if the program is meant to run longer.";
  return new LoopLimitError(limit, `${message}\n${describePending(loop)}`);
}

/**
 * The report of a loop that can make no more progress, or null when some
 * pending task may still be woken from outside: a native coroutine awaiting a
 * promise the loop does not know (the loop lost sight of it, so that promise
 * may still settle).
 * @internal
 */
export function deadlockError(loop: EventLoop): DeadlockError | null {
  const tasks = [...loop._tasks];
  // A task with no Future to wait on, while nothing is ready, is running
  // outside the loop's sight (awaiting a foreign promise): it may still act.
  if (tasks.some((task) => task._waitingOn === null)) return null;
  const report = describeBlocked(loop, tasks, true);
  const count = tasks.length === 1 ? "1 task is" : `${tasks.length} tasks are`;
  const head =
    `deadlock: nothing can ever happen again at loop time ${loop.time()}: ` +
    "no callback is ready, no timer is scheduled and no foreign work is in flight";
  const body =
    tasks.length === 0
      ? ", yet the loop was left running (runUntilComplete on a Future nothing will complete, or runForever without stop())."
      : `, yet ${count} still pending:\n${report.text}`;
  return new DeadlockError(head + body, report.blocked);
}

/**
 * The report of a loop still waiting idle when Node's own event loop has run
 * dry ('beforeExit'): whatever the loop waits for, a foreign promise
 * included, can never come. Says why the wait could not end, then lists the
 * pending tasks.
 * @internal
 */
export function hostDrainedError(loop: EventLoop, foreignWork: number): DeadlockError {
  const tasks = [...loop._tasks];
  const report = describeBlocked(loop, tasks, true);
  const clock = loop._clock;
  const next = firstLiveTimer(loop);
  let why: string;
  if (foreignWork > 0) {
    const promises = foreignWork === 1 ? "1 promise" : `${foreignWork} promises`;
    const them = foreignWork === 1 ? "it" : "them";
    // With a timer due, an autojumping clock waits only to hold time for foreign work.
    why =
      clock instanceof VirtualClock && clock.autojump && next !== null
        ? `it was holding virtual time still for ${promises} it cannot see (foreign work such as wrapPromise()), ` +
          `and nothing can settle ${them} any more. If such work waits on the loop itself (a Promise.all over loop Futures, say), ` +
          'only loop time can complete it: make the clock with new VirtualClock({ foreignWork: "jump" }) so that time moves while it is in flight'
        : `it was waiting for ${promises} it cannot see (foreign work such as wrapPromise()), and nothing can settle ${them} any more`;
  } else if (next !== null) {
    why =
      clock instanceof VirtualClock && !clock.autojump
        ? `its next timer is due at loop time ${next}, but its clock ({ autojump: false }) moves only when advance() is called, and nothing is left to call it`
        : `its next timer is due at loop time ${next}, but the host timer it waits with will never fire (fake timers nobody advances?)`;
  } else {
    why = "no callback is ready and no timer is scheduled";
  }
  const count = tasks.length === 1 ? "1 task is" : `${tasks.length} tasks are`;
  const head =
    `deadlock: the loop waits at loop time ${loop.time()}, but Node's event loop has nothing left to run ` +
    `(no timer, I/O or other handle), so nothing can ever wake it: ${why}`;
  const body =
    tasks.length === 0
      ? "; yet the loop was left running (runUntilComplete on a Future nothing will complete, or runForever without stop())."
      : `; yet ${count} still pending:\n${report.text}`;
  return new DeadlockError(head + body, report.blocked);
}

/** The deadline of the loop's first timer that is not cancelled, or null. */
function firstLiveTimer(loop: EventLoop): number | null {
  let first: number | null = null;
  for (const timer of loop._timerList()) {
    if (!timer.cancelled() && (first === null || timer.when() < first)) first = timer.when();
  }
  return first;
}

/** Every pending task and what it waits on, one per line (for limit errors). */
function describePending(loop: EventLoop): string {
  const tasks = [...loop._tasks];
  if (tasks.length === 0) return "No task is pending.";
  return `Pending tasks:\n${describeBlocked(loop, tasks, false).text}`;
}

/** Each task and what it waits on; `stuck` when nothing can complete those waits any more. */
function describeBlocked(loop: EventLoop, tasks: Task<unknown>[], stuck: boolean): { blocked: BlockedTask[]; text: string } {
  const describer: Describer = { loop, ids: new Map(), stuck };
  const blocked = tasks.map((task) => ({
    task,
    name: task.getName(),
    waitingOn: describeWaiter(task._waitingOn, describer),
  }));
  const lines = blocked.map((entry) => `  task '${entry.name}' waits on ${entry.waitingOn}`);
  for (const cycle of findCycles(loop, tasks)) {
    const path = [...cycle, cycle[0]].map((task) => `'${task.getName()}'`).join(" -> ");
    lines.push(`  cycle: ${path} (each waits for the next to finish)`);
  }
  return { blocked, text: lines.join("\n") };
}

interface Describer {
  readonly loop: EventLoop;
  /** Numbers for the objects (locks, queues) waiters belong to, in the order first met. */
  readonly ids: Map<object, number>;
  readonly stuck: boolean;
}

/** What a task waits on, in words. */
function describeWaiter(future: object | null, describer: Describer): string {
  const { loop, ids } = describer;
  if (future === null) {
    return describer.stuck ? "a promise the loop does not know, which nothing can settle any more" : "nothing the loop knows of (a foreign promise?)";
  }
  const what = future instanceof Future ? future._waitWhat : null;
  if (what !== null) {
    const owner = (future as Future<unknown>)._waitOwner;
    if (owner === null) return what;
    let id = ids.get(owner);
    if (id === undefined) ids.set(owner, (id = ids.size + 1));
    // eslint-disable-next-line @typescript-eslint/no-base-to-string
    return `${what} on #${id} ${String(owner)}`;
  }
  if (isPendingTask(future, loop)) return `task '${future.getName()}'`;
  const children = gatherChildren(future);
  if (children !== null) {
    const pending = children.filter((child) => !child.done());
    return `gather() of ${pending.map((child) => describeWaiter(child, describer)).join(", ")}`;
  }
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  return describer.stuck ? `a Future nothing will complete: ${String(future)}` : `a Future: ${String(future)}`;
}

/** Each cycle of tasks awaiting tasks (directly or through a gather), reported once. */
function findCycles(loop: EventLoop, tasks: Task<unknown>[]): Task<unknown>[][] {
  const cycles: Task<unknown>[][] = [];
  const finished = new Set<Task<unknown>>();
  for (const start of tasks) {
    const path: Task<unknown>[] = [];
    const onPath = new Set<Task<unknown>>();
    // Follow the first pending task each one waits on, until the chain ends or loops.
    let current: Task<unknown> | null = start;
    while (current !== null && !finished.has(current)) {
      if (onPath.has(current)) {
        cycles.push(path.slice(path.indexOf(current)));
        break;
      }
      path.push(current);
      onPath.add(current);
      current = awaitedTask(current, loop);
    }
    for (const task of path) finished.add(task);
  }
  return cycles;
}

function awaitedTask(task: Task<unknown>, loop: EventLoop): Task<unknown> | null {
  const future = task._waitingOn;
  if (future === null) return null;
  if (isPendingTask(future, loop)) return future;
  const children = gatherChildren(future);
  return children?.find((child): child is Task<unknown> => isPendingTask(child, loop)) ?? null;
}

function isPendingTask(value: object, loop: EventLoop): value is Task<unknown> {
  return loop._tasks.has(value as Task<unknown>);
}

/** The children of a `gather()` Future (read by shape, so this module needs no import of gather). */
function gatherChildren(future: object): { done(): boolean }[] | null {
  const children = (future as { _children?: unknown })._children;
  return Array.isArray(children) ? (children as { done(): boolean }[]) : null;
}

