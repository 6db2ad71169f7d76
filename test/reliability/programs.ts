/**
 * Random programs on virtual time: a tiny language of task bodies, a
 * fast-check generator for it, and an interpreter that runs a program on a
 * fresh loop and returns what a checker needs (a trace, and counters of what
 * ran how often).
 *
 * The one idea: a program is a tree of task specs. Each task runs a list of
 * operations (sleep, spawn a child, await / gather / wait / waitFor / shield
 * its children, cancel any task made so far, raise, arm and cancel timers,
 * a `timeout` block), in one of the three coroutine shapes. A task only
 * awaits its own children, so a program can never deadlock, and every list
 * is finite, so every program ends. fast-check shrinks a failing program to
 * a small one, and the interpreter is deterministic, so the seed that found
 * it brings it back.
 */
import fc from "fast-check";
import * as asyncio from "asyncio-ts";
import { describeThrown, loopContents, type LoopContents } from "./support.js";

/** The coroutine shapes of API.md: `function*`, lazy `async` (`coroutine()`), eager `async function`. */
export type Shape = "gen" | "lazy" | "eager";

/** One operation of a task body. Indices pick among the task's children (modulo their number). */
export type Op =
  | { readonly k: "sleep"; readonly d: number }
  | { readonly k: "spawn"; readonly child: TaskSpec }
  | { readonly k: "await"; readonly i: number }
  | { readonly k: "gather"; readonly returnExceptions: boolean }
  | { readonly k: "wait"; readonly timeout: number | null; readonly firstCompleted: boolean }
  | { readonly k: "waitFor"; readonly i: number; readonly timeout: number }
  | { readonly k: "shield"; readonly i: number }
  | { readonly k: "cancel"; readonly target: number }
  | { readonly k: "raise" }
  | { readonly k: "timer"; readonly d: number }
  | { readonly k: "cancelTimer"; readonly i: number }
  | { readonly k: "timeout"; readonly d: number; readonly inner: number };

/** A task: its shape, its operations, and whether it swallows a CancelledError and goes on. */
export interface TaskSpec {
  readonly shape: Shape;
  readonly swallow: boolean;
  readonly ops: readonly Op[];
}

const DELAYS = [0, 0.5, 1, 2] as const;

/** The longest a program can keep time moving: enough for every timer to come due after the tasks end. */
const SETTLE_TIME = 10;

/** Programs of at most `depth` nested spawns and `width` operations per task. */
export function programArbitrary(options: { depth?: number; width?: number } = {}): fc.Arbitrary<TaskSpec> {
  const depth = options.depth ?? 3;
  const width = options.width ?? 8;
  const delay = fc.constantFrom(...DELAYS);
  const index = fc.nat({ max: 7 });
  const { task } = fc.letrec<{ task: TaskSpec; op: Op }>((tie) => ({
    task: fc.record({
      shape: fc.constantFrom<Shape>("gen", "lazy", "eager"),
      // Swallowing a cancellation is legal but rare in real code.
      swallow: fc.oneof({ arbitrary: fc.constant(false), weight: 4 }, { arbitrary: fc.constant(true), weight: 1 }),
      ops: fc.array(tie("op"), { minLength: 2, maxLength: width, size: "max" }),
    }),
    op: fc.oneof(
      { maxDepth: depth, depthIdentifier: "spawn", depthSize: "max" },
      // The first choice is the one taken once the depth is reached: no spawn.
      { arbitrary: fc.record({ k: fc.constant("sleep" as const), d: delay }), weight: 4 },
      { arbitrary: fc.record({ k: fc.constant("spawn" as const), child: tie("task") }), weight: 9 },
      { arbitrary: fc.record({ k: fc.constant("await" as const), i: index }), weight: 3 },
      { arbitrary: fc.record({ k: fc.constant("gather" as const), returnExceptions: fc.boolean() }), weight: 2 },
      {
        arbitrary: fc.record({ k: fc.constant("wait" as const), timeout: fc.option(delay), firstCompleted: fc.boolean() }),
        weight: 2,
      },
      { arbitrary: fc.record({ k: fc.constant("waitFor" as const), i: index, timeout: delay }), weight: 2 },
      { arbitrary: fc.record({ k: fc.constant("shield" as const), i: index }), weight: 1 },
      { arbitrary: fc.record({ k: fc.constant("cancel" as const), target: fc.nat({ max: 63 }) }), weight: 3 },
      { arbitrary: fc.record({ k: fc.constant("raise" as const) }), weight: 1 },
      { arbitrary: fc.record({ k: fc.constant("timer" as const), d: delay }), weight: 2 },
      { arbitrary: fc.record({ k: fc.constant("cancelTimer" as const), i: index }), weight: 1 },
      { arbitrary: fc.record({ k: fc.constant("timeout" as const), d: delay, inner: delay }), weight: 2 },
    ),
  }));
  return task;
}

/** The error a `raise` operation throws. */
export class ProgramError extends Error {
  constructor(readonly taskId: number) {
    super(`raised by #${taskId}`);
    this.name = "ProgramError";
  }
}

/** Everything a run of a program produced. */
export interface ProgramRun {
  /** Every event, as `"<loop time> #<task> <what>"`. */
  readonly trace: string[];
  /** The tasks, by id (0 is the root), and how each ended. */
  readonly outcomes: string[];
  /** Per task: how many times its body started, and how many times its `finally` ran. */
  readonly started: number[];
  readonly finallies: number[];
  /** Per task: how many times its done callback ran. */
  readonly doneCallbacks: number[];
  /** Per timer: how many times it fired, and whether it was cancelled before it could. */
  readonly timerFired: number[];
  readonly timerCancelledFirst: boolean[];
  /** Broken promises noticed while running (a sleep that resumed at the wrong time, ...). */
  readonly violations: string[];
  /** What the loop still held when the main coroutine returned (before close). */
  readonly leftover: LoopContents;
  /** Contexts the loop's exception handler received while running, and at close. */
  readonly handlerMessages: string[];
  readonly closeMessages: string[];
  /** `loop.time()` at the end. */
  readonly endTime: number;
}

/** The state of one run, shared by every task of the program. */
class World {
  readonly trace: string[] = [];
  readonly tasks: asyncio.Task<unknown>[] = [];
  readonly started: number[] = [];
  readonly finallies: number[] = [];
  readonly doneCallbacks: number[] = [];
  readonly timers: asyncio.TimerHandle[] = [];
  readonly timerFired: number[] = [];
  readonly timerCancelledFirst: boolean[] = [];
  readonly violations: string[] = [];
  private nextId = 0;

  constructor(readonly loop: asyncio.EventLoop) {}

  log(id: number, what: string): void {
    this.trace.push(`${this.loop.time()} #${id} ${what}`);
  }

  /** Creates the task for `spec`; its id is fixed before an eager body starts running. */
  spawn(spec: TaskSpec): asyncio.Task<unknown> {
    const id = this.nextId++;
    this.started[id] = 0;
    this.finallies[id] = 0;
    this.doneCallbacks[id] = 0;
    const task = asyncio.createTask(this.coroutineFor(spec, id), { name: `#${id}` });
    this.tasks[id] = task;
    task.addDoneCallback(() => {
      this.doneCallbacks[id]++;
    });
    return task;
  }

  private coroutineFor(spec: TaskSpec, id: number): asyncio.Coroutine<unknown> {
    const children: asyncio.Task<unknown>[] = [];
    const myTimers: number[] = [];
    switch (spec.shape) {
      case "gen":
        return this.generatorBody(spec, id, children, myTimers);
      case "lazy":
        return asyncio.coroutine(() => this.nativeBody(spec, id, children, myTimers))();
      case "eager":
        return this.nativeBody(spec, id, children, myTimers);
    }
  }

  private *generatorBody(spec: TaskSpec, id: number, children: asyncio.Task<unknown>[], myTimers: number[]): Generator<unknown, number, unknown> {
    this.started[id]++;
    this.log(id, "start");
    try {
      for (const op of spec.ops) {
        if (op.k === "raise") {
          this.log(id, "raise");
          throw new ProgramError(id);
        }
        const began = this.loop.time();
        try {
          const step = this.prepare(id, op, children, myTimers);
          if (step !== null) this.finished(id, op, began, yield* step);
        } catch (error) {
          this.failed(id, op, began, error);
          if (error instanceof asyncio.CancelledError && !spec.swallow) throw error;
        }
      }
      this.log(id, "return");
      return id;
    } finally {
      this.finallies[id]++;
      this.log(id, "finally");
    }
  }

  private async nativeBody(spec: TaskSpec, id: number, children: asyncio.Task<unknown>[], myTimers: number[]): Promise<number> {
    this.started[id]++;
    this.log(id, "start");
    try {
      for (const op of spec.ops) {
        if (op.k === "raise") {
          this.log(id, "raise");
          throw new ProgramError(id);
        }
        const began = this.loop.time();
        try {
          const step = this.prepare(id, op, children, myTimers);
          if (step !== null) this.finished(id, op, began, await step);
        } catch (error) {
          this.failed(id, op, began, error);
          if (error instanceof asyncio.CancelledError && !spec.swallow) throw error;
        }
      }
      this.log(id, "return");
      return id;
    } finally {
      this.finallies[id]++;
      this.log(id, "finally");
    }
  }

  /**
   * Carries out the synchronous part of `op` and returns what to await, or
   * null when there is nothing to await (no children yet, say).
   */
  private prepare(id: number, op: Op, children: asyncio.Task<unknown>[], myTimers: number[]): asyncio.Awaitable<unknown> | null {
    const child = (i: number): asyncio.Task<unknown> | null => (children.length === 0 ? null : children[i % children.length]);
    switch (op.k) {
      case "sleep":
        return asyncio.sleep(op.d);
      case "spawn": {
        const task = this.spawn(op.child);
        children.push(task);
        this.log(id, `spawned ${task.getName()}`);
        return null;
      }
      case "await":
        return child(op.i);
      case "gather":
        return children.length === 0 ? null : asyncio.gather(children, { returnExceptions: op.returnExceptions });
      case "wait":
        return children.length === 0
          ? null
          : asyncio.wait(children, { timeout: op.timeout, returnWhen: op.firstCompleted ? asyncio.FIRST_COMPLETED : asyncio.ALL_COMPLETED });
      case "waitFor": {
        const target = child(op.i);
        return target === null ? null : asyncio.waitFor(target, op.timeout);
      }
      case "shield": {
        const target = child(op.i);
        return target === null ? null : asyncio.shield(target);
      }
      case "cancel": {
        if (this.tasks.length === 0) return null;
        const target = this.tasks[op.target % this.tasks.length];
        // An eager body runs before its own task exists: nothing to cancel yet.
        if (target === undefined) return null;
        const accepted = target.cancel(`by #${id}`);
        this.log(id, `cancel ${target.getName()} -> ${accepted}`);
        return null;
      }
      case "timer": {
        const index = this.timers.length;
        this.timerFired[index] = 0;
        this.timerCancelledFirst[index] = false;
        const scheduled = this.loop.time();
        this.timers[index] = this.loop.callLater(op.d, () => {
          this.timerFired[index]++;
          if (this.loop.time() !== scheduled + op.d) this.violations.push(`timer ${index} fired at ${this.loop.time()}, due at ${scheduled + op.d}`);
          this.log(id, `timer ${index} fired`);
        });
        myTimers.push(index);
        return null;
      }
      case "cancelTimer": {
        if (myTimers.length === 0) return null;
        const index = myTimers[op.i % myTimers.length];
        if (this.timerFired[index] === 0 && !this.timers[index].cancelled()) this.timerCancelledFirst[index] = true;
        this.timers[index].cancel();
        this.log(id, `cancelled timer ${index}`);
        return null;
      }
      case "timeout":
        return asyncio.asyncWith(asyncio.timeout(op.d), () => asyncio.sleep(op.inner));
      case "raise":
        throw new Error("unreachable: raise is handled by the body");
    }
  }

  private finished(id: number, op: Op, began: number, value: unknown): void {
    const now = this.loop.time();
    if (op.k === "sleep" && now !== began + op.d) {
      this.violations.push(`#${id} sleep(${op.d}) from ${began} resumed at ${now}`);
    }
    if (op.k === "timeout" && op.inner >= op.d && op.d > 0) {
      this.violations.push(`#${id} timeout(${op.d}) around sleep(${op.inner}) did not expire`);
    }
    this.log(id, `${op.k} -> ${describeValue(value)}`);
  }

  private failed(id: number, op: Op, began: number, error: unknown): void {
    const now = this.loop.time();
    if (op.k === "timeout" && error instanceof asyncio.TimeoutError && now !== began + op.d) {
      this.violations.push(`#${id} timeout(${op.d}) from ${began} expired at ${now}`);
    }
    if (error instanceof asyncio.TimeoutError && op.k === "waitFor" && now < began + op.timeout) {
      this.violations.push(`#${id} waitFor(timeout=${op.timeout}) from ${began} timed out early at ${now}`);
    }
    this.log(id, `${op.k} !! ${describeThrown(error)}`);
  }
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(describeValue).join(",")}]`;
  if (value instanceof Set) return `set(${value.size})`;
  if (value instanceof Error) return describeThrown(value);
  if (value instanceof asyncio.Future) return value.toString();
  return String(value);
}

/** How a task ended, in a word: `result 3`, `cancelled`, `error ProgramError: raised by #3`. */
function outcomeOf(task: asyncio.Task<unknown>): string {
  if (!task.done()) return "pending";
  if (task.cancelled()) return "cancelled";
  const error = task.exception();
  return error === null ? `result ${String(task.result())}` : `error ${describeThrown(error)}`;
}

/**
 * Runs `program` on a fresh virtual-time loop (with schedule fuzzing when
 * `shuffle` is a seed): the root task runs it, the main coroutine waits
 * until every task of the program has ended, then lets time run on so that
 * every timer comes due. Reads the loop's leftovers before closing it.
 */
export async function runProgram(program: TaskSpec, shuffle: number | null = null): Promise<ProgramRun> {
  const loop = new asyncio.EventLoop({ clock: new asyncio.VirtualClock(), shuffle });
  const handlerMessages: string[] = [];
  const closeMessages: string[] = [];
  let closing = false;
  loop.setExceptionHandler((_loop, context) => {
    const text = `${context.message}${context.exception === undefined ? "" : `: ${describeThrown(context.exception)}`}`;
    (closing ? closeMessages : handlerMessages).push(text);
  });
  const world = new World(loop);
  const main = asyncio.coroutine(async function main(): Promise<void> {
    void world.spawn(program);
    for (;;) {
      const pending = world.tasks.filter((task) => !task.done());
      if (pending.length === 0) break;
      await asyncio.wait(pending);
    }
    await asyncio.sleep(SETTLE_TIME);
  });
  let leftover: LoopContents;
  let outcomes: string[];
  try {
    await loop.runUntilComplete(main());
    leftover = loopContents(loop);
  } finally {
    // Read before close: a failure read here counts as retrieved, so close
    // should have nothing left to report.
    outcomes = world.tasks.map(outcomeOf);
    closing = true;
    loop.close();
  }
  return {
    trace: world.trace,
    outcomes,
    started: world.started,
    finallies: world.finallies,
    doneCallbacks: world.doneCallbacks,
    timerFired: world.timerFired,
    timerCancelledFirst: world.timerCancelledFirst,
    violations: world.violations,
    leftover,
    handlerMessages,
    closeMessages,
    endTime: loop.time(),
  };
}

/**
 * Every promise a run must keep; returns the broken ones (empty when all
 * hold). Reads the counters of `run`, not the trace, so it holds under
 * schedule fuzzing too.
 */
export function brokenPromises(run: ProgramRun): string[] {
  const broken: string[] = [...run.violations];
  run.outcomes.forEach((outcome, id) => {
    if (outcome === "pending") broken.push(`task #${id} never ended`);
    if (run.started[id] > 1) broken.push(`task #${id} body started ${run.started[id]} times`);
    if (run.finallies[id] !== run.started[id]) {
      broken.push(`task #${id}: body started ${run.started[id]} times, finally ran ${run.finallies[id]} times`);
    }
    if (run.doneCallbacks[id] !== 1) broken.push(`task #${id}: done callback ran ${run.doneCallbacks[id]} times`);
  });
  run.timerFired.forEach((fired, index) => {
    const expected = run.timerCancelledFirst[index] ? 0 : 1;
    if (fired !== expected) broken.push(`timer ${index} fired ${fired} times, expected ${expected}`);
  });
  if (run.leftover.ready !== 0 || run.leftover.liveTimers !== 0 || run.leftover.tasks !== 0) {
    broken.push(`loop not empty at the end: ${JSON.stringify(run.leftover)}`);
  }
  for (const message of run.handlerMessages) broken.push(`exception handler called while running: ${message}`);
  for (const message of run.closeMessages) {
    // Failed tasks are retrieved before close; anything reported now is a leak.
    broken.push(`reported at close: ${message}`);
  }
  return broken;
}

/** The number of tasks a program creates and the number of operations it runs (for the figures in docs). */
export function programSize(program: TaskSpec): { tasks: number; ops: number } {
  let tasks = 1;
  let ops = program.ops.length;
  for (const op of program.ops) {
    if (op.k === "spawn") {
      const inner = programSize(op.child);
      tasks += inner.tasks;
      ops += inner.ops;
    }
  }
  return { tasks, ops };
}
