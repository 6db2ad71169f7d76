/**
 * Model-based testing of the synchronisation primitives and queues: a
 * program is a list of steps (start a task that waits on the primitive, or
 * do a few synchronous things at once: release, put, set, notify, cancel a
 * waiter, ...). The driver runs each step on the real primitive, lets the
 * loop settle, and compares every task's state and the primitive's state
 * with a small reference model that ran the same step.
 *
 * The one idea: the model is the primitive's contract written as a plain
 * synchronous state machine, nothing more. Waiters queue in FIFO order; a
 * release, put or notification wakes the oldest waiter; a woken waiter runs
 * one loop pass later, in the order it was woken; a waiter cancelled after
 * it was woken passes its wake-up on instead of losing it. Between steps the
 * loop settles (it runs until nothing is ready), so the model only has to
 * say what the world looks like once everything has run. Besides matching
 * the model, every settled state must keep the four promises: no item lost
 * or duplicated, no wake-up lost, nothing left held by a cancelled task,
 * FIFO order.
 */
import fc from "fast-check";
import * as asyncio from "asyncio-ts";
import { describeThrown } from "./support.js";

// ---------------------------------------------------------------------------
// Actors: the tasks of a program, each blocked in one call.

/** How an actor stands once the loop has settled, as the model and the driver both say it. */
type Status = string;

/** A task of the real program: it runs one call on the primitive. */
interface RealActor {
  readonly task: asyncio.Task<string>;
}

function statusOf(task: asyncio.Task<string>): Status {
  if (!task.done()) return "blocked";
  if (task.cancelled()) return "cancelled";
  const error = task.exception();
  return error === null ? `done ${task.result()}` : `failed ${error instanceof Error ? error.name : typeof error}`;
}

/** One synchronous action, run by the driver between two settled states. */
export type Action =
  | { readonly a: "cancel"; readonly actor: number }
  | { readonly a: "release" }
  | { readonly a: "set" }
  | { readonly a: "clear" }
  | { readonly a: "putNowait"; readonly item: number }
  | { readonly a: "getNowait" }
  | { readonly a: "shutdown"; readonly immediate: boolean }
  | { readonly a: "notify"; readonly n: number }
  | { readonly a: "notifyAll" };

/** A step: start a task making one call, or run a few actions at once. */
export type Step =
  | { readonly s: "spawn"; readonly op: "acquire" | "hold" | "wait" | "get" | "reset" | "abort" }
  | { readonly s: "spawn"; readonly op: "put"; readonly item: number }
  | { readonly s: "act"; readonly actions: readonly Action[] };

// ---------------------------------------------------------------------------
// The models. Each keeps `statuses` (by actor index) and answers `state()`,
// the primitive's observable state in words.

abstract class Model {
  readonly statuses: Status[] = [];
  /** Woken (or cancelled-after-woken) actors, in the order they will run. */
  protected resumptions: { actor: number; cancelled: boolean }[] = [];

  abstract spawn(step: Extract<Step, { s: "spawn" }>, actor: number): void;
  /** Runs one action; returns the error name it throws, or null. */
  abstract act(action: Action): string | null;
  /** Runs a woken actor (or its cancellation) once the loop gets to it. */
  protected abstract resume(actor: number, cancelled: boolean): void;
  /** Cancels an actor that is blocked and not woken; false if it is not one. */
  protected abstract cancelBlocked(actor: number): boolean;
  abstract state(): string;

  cancel(actor: number): void {
    if (actor >= this.statuses.length) return;
    const pending = this.resumptions.find((r) => r.actor === actor);
    if (pending !== undefined) {
      // Woken but not run yet: the task sees CancelledError where it resumes.
      pending.cancelled = true;
      return;
    }
    if (this.cancelBlocked(actor)) this.statuses[actor] = "cancelled";
  }

  /** Lets the loop run until nothing is ready: woken actors run in order, and may wake others. */
  settle(): void {
    while (this.resumptions.length > 0) {
      const { actor, cancelled } = this.resumptions.shift() as { actor: number; cancelled: boolean };
      this.resume(actor, cancelled);
    }
  }

  protected wake(actor: number): void {
    this.resumptions.push({ actor, cancelled: false });
  }
}

/**
 * A "hold" actor enters `asyncWith(primitive, ...)` and stays inside until it
 * is cancelled; leaving the block releases. Used by the lock and semaphore
 * models, which also call such an actor "blocked" while it holds.
 */
class LockModel extends Model {
  private locked = false;
  /** Blocked acquirers, oldest first (woken ones are in `resumptions`). */
  private waiters: number[] = [];
  /** Actors that hold (or will hold) the lock inside an `asyncWith` block. */
  private readonly holds = new Set<number>();
  private holder: number | null = null;

  spawn(step: Extract<Step, { s: "spawn" }>, actor: number): void {
    if (step.op === "hold") this.holds.add(actor);
    if (!this.locked && this.waiters.length === 0) this.take(actor);
    else {
      this.waiters.push(actor);
      this.statuses[actor] = "blocked";
    }
  }

  private take(actor: number): void {
    this.locked = true;
    if (this.holds.has(actor)) {
      this.holder = actor;
      this.statuses[actor] = "blocked";
    } else {
      this.statuses[actor] = "done true";
    }
  }

  override cancel(actor: number): void {
    if (actor === this.holder && !this.resumptions.some((r) => r.actor === actor)) {
      // Cancelled inside its block: the block's exit releases the lock.
      this.resumptions.push({ actor, cancelled: true });
      return;
    }
    super.cancel(actor);
  }

  act(action: Action): string | null {
    if (action.a !== "release") throw new Error(`lock: no action ${action.a}`);
    if (!this.locked) return "RuntimeError";
    this.locked = false;
    this.wakeFirst();
    return null;
  }

  private wakeFirst(): void {
    if (this.resumptions.length > 0) return; // someone already has its turn
    const first = this.waiters.shift();
    if (first !== undefined) this.wake(first);
  }

  protected cancelBlocked(actor: number): boolean {
    const at = this.waiters.indexOf(actor);
    if (at < 0) return false;
    this.waiters.splice(at, 1);
    return true;
  }

  protected resume(actor: number, cancelled: boolean): void {
    if (cancelled && actor === this.holder) {
      this.holder = null;
      this.statuses[actor] = "cancelled";
      this.locked = false;
      this.wakeFirst();
      return;
    }
    if (cancelled) {
      this.statuses[actor] = "cancelled";
      // Its turn goes to the next waiter instead of being lost.
      if (!this.locked) this.wakeFirst();
      return;
    }
    this.take(actor);
  }

  state(): string {
    return `locked=${this.locked}`;
  }
}

class EventModel extends Model {
  private value = false;
  private waiters: number[] = [];

  spawn(_step: Step, actor: number): void {
    if (this.value) this.statuses[actor] = "done true";
    else {
      this.waiters.push(actor);
      this.statuses[actor] = "blocked";
    }
  }

  act(action: Action): string | null {
    if (action.a === "set") {
      if (!this.value) {
        this.value = true;
        for (const waiter of this.waiters.splice(0)) this.wake(waiter);
      }
    } else if (action.a === "clear") {
      this.value = false;
    } else throw new Error(`event: no action ${action.a}`);
    return null;
  }

  protected cancelBlocked(actor: number): boolean {
    const at = this.waiters.indexOf(actor);
    if (at < 0) return false;
    this.waiters.splice(at, 1);
    return true;
  }

  protected resume(actor: number, cancelled: boolean): void {
    this.statuses[actor] = cancelled ? "cancelled" : "done true";
  }

  state(): string {
    return `set=${this.value}`;
  }
}

class SemaphoreModel extends Model {
  private value: number;
  private waiters: number[] = [];

  constructor(
    initial: number,
    private readonly bounded: boolean,
  ) {
    super();
    this.value = initial;
    this.bound = initial;
  }

  private readonly bound: number;

  /** Python's `locked()`: no free slot, or someone (woken or not) is queued. */
  private lockedNow(): boolean {
    // A woken waiter counts until it has run, even if it was cancelled since.
    return this.value === 0 || this.waiters.length > 0 || this.resumptions.length > 0;
  }

  /** Actors inside an `asyncWith` block (holding a slot, or waiting to). */
  private readonly holds = new Set<number>();
  private readonly holders = new Set<number>();

  spawn(step: Extract<Step, { s: "spawn" }>, actor: number): void {
    if (step.op === "hold") this.holds.add(actor);
    if (!this.lockedNow()) {
      this.value--;
      this.took(actor);
    } else {
      this.waiters.push(actor);
      this.statuses[actor] = "blocked";
    }
  }

  private took(actor: number): void {
    if (this.holds.has(actor)) {
      this.holders.add(actor);
      this.statuses[actor] = "blocked";
    } else {
      this.statuses[actor] = "done true";
    }
  }

  override cancel(actor: number): void {
    if (this.holders.has(actor) && !this.resumptions.some((r) => r.actor === actor)) {
      this.resumptions.push({ actor, cancelled: true });
      return;
    }
    super.cancel(actor);
  }

  act(action: Action): string | null {
    if (action.a !== "release") throw new Error(`semaphore: no action ${action.a}`);
    if (this.bounded && this.value >= this.bound) return "ValueError";
    this.value++;
    this.wakeNext();
    return null;
  }

  /** Hands a free slot to the oldest waiter not yet woken. */
  private wakeNext(): boolean {
    const first = this.waiters.shift();
    if (first === undefined) return false;
    this.value--;
    this.wake(first);
    return true;
  }

  protected cancelBlocked(actor: number): boolean {
    const at = this.waiters.indexOf(actor);
    if (at < 0) return false;
    this.waiters.splice(at, 1);
    return true;
  }

  protected resume(actor: number, cancelled: boolean): void {
    if (cancelled && this.holders.has(actor)) {
      // Cancelled inside its block: the exit releases its slot.
      this.holders.delete(actor);
      this.statuses[actor] = "cancelled";
      this.value++;
      this.wakeNext();
      return;
    }
    if (cancelled) {
      // The slot counted out for it goes back, and on to the next waiter.
      this.value++;
      this.statuses[actor] = "cancelled";
    } else {
      this.took(actor);
    }
    while (this.value > 0 && this.wakeNext()) {
      // Slots freed while it waited go to the waiters behind it.
    }
  }

  state(): string {
    return `locked=${this.lockedNow()}`;
  }
}

type QueueKind = "fifo" | "lifo" | "priority";

class QueueModel extends Model {
  private items: number[] = [];
  private getters: number[] = [];
  private putters: { actor: number; item: number }[] = [];
  private readonly puttersItem = new Map<number, number>();
  private shut = false;

  constructor(
    private readonly kind: QueueKind,
    private readonly maxsize: number,
  ) {
    super();
  }

  private full(): boolean {
    return this.maxsize > 0 && this.items.length >= this.maxsize;
  }

  private take(): number {
    if (this.kind === "fifo") return this.items.shift() as number;
    if (this.kind === "lifo") return this.items.pop() as number;
    let min = 0;
    for (let i = 1; i < this.items.length; i++) if (this.items[i] < this.items[min]) min = i;
    return this.items.splice(min, 1)[0];
  }

  private wakeGetter(): void {
    const first = this.getters.shift();
    if (first !== undefined) this.wake(first);
  }

  private wakePutter(): void {
    const first = this.putters.shift();
    if (first !== undefined) this.wake(first.actor);
  }

  spawn(step: Extract<Step, { s: "spawn" }>, actor: number): void {
    if (step.op === "put") {
      this.puttersItem.set(actor, step.item);
      if (this.shut) this.statuses[actor] = "failed QueueShutDown";
      else if (!this.full()) {
        this.items.push(step.item);
        this.statuses[actor] = "done put";
        this.wakeGetter();
      } else {
        this.putters.push({ actor, item: step.item });
        this.statuses[actor] = "blocked";
      }
      return;
    }
    if (this.items.length > 0) {
      this.statuses[actor] = `done ${this.take()}`;
      this.wakePutter();
    } else if (this.shut) {
      this.statuses[actor] = "failed QueueShutDown";
    } else {
      this.getters.push(actor);
      this.statuses[actor] = "blocked";
    }
  }

  act(action: Action): string | null {
    switch (action.a) {
      case "putNowait":
        if (this.shut) return "QueueShutDown";
        if (this.full()) return "QueueFull";
        this.items.push(action.item);
        this.wakeGetter();
        return null;
      case "getNowait":
        if (this.items.length === 0) return this.shut ? "QueueShutDown" : "QueueEmpty";
        this.take();
        this.wakePutter();
        return null;
      case "shutdown":
        this.shut = true;
        if (action.immediate) this.items = [];
        while (this.getters.length > 0) this.wakeGetter();
        while (this.putters.length > 0) this.wakePutter();
        return null;
      default:
        throw new Error(`queue: no action ${action.a}`);
    }
  }

  protected cancelBlocked(actor: number): boolean {
    const g = this.getters.indexOf(actor);
    if (g >= 0) {
      this.getters.splice(g, 1);
      return true;
    }
    const p = this.putters.findIndex((entry) => entry.actor === actor);
    if (p >= 0) {
      this.putters.splice(p, 1);
      return true;
    }
    return false;
  }

  protected resume(actor: number, cancelled: boolean): void {
    const item = this.puttersItem.get(actor);
    if (item === undefined) {
      // A getter.
      if (cancelled) {
        this.statuses[actor] = "cancelled";
        if (this.items.length > 0) this.wakeGetter();
      } else if (this.items.length > 0) {
        this.statuses[actor] = `done ${this.take()}`;
        this.wakePutter();
      } else if (this.shut) {
        this.statuses[actor] = "failed QueueShutDown";
      } else {
        // Beaten to the item: wait again, at the back.
        this.getters.push(actor);
      }
      return;
    }
    if (cancelled) {
      this.statuses[actor] = "cancelled";
      if (!this.full()) this.wakePutter();
    } else if (this.shut) {
      this.statuses[actor] = "failed QueueShutDown";
    } else if (!this.full()) {
      this.items.push(item);
      this.statuses[actor] = "done put";
      this.wakeGetter();
    } else {
      this.putters.push({ actor, item });
    }
  }

  state(): string {
    const items = this.kind === "fifo" ? this.items : [...this.items].sort((a, b) => a - b);
    return `items=${items.join(",")} shutdown=${this.shut}`;
  }
}

class ConditionModel extends Model {
  /** Waiting actors, oldest first, and whether each was notified. */
  private waiters: { actor: number; notified: boolean }[] = [];

  spawn(_step: Step, actor: number): void {
    this.waiters.push({ actor, notified: false });
    this.statuses[actor] = "blocked";
  }

  act(action: Action): string | null {
    if (action.a === "notify") this.notify(action.n);
    else if (action.a === "notifyAll") this.notify(this.waiters.length);
    else throw new Error(`condition: no action ${action.a}`);
    return null;
  }

  private notify(n: number): void {
    let woken = 0;
    for (const waiter of this.waiters) {
      if (woken >= n) break;
      if (!waiter.notified) {
        waiter.notified = true;
        woken++;
        this.wake(waiter.actor);
      }
    }
  }

  override cancel(actor: number): void {
    const waiter = this.waiters.find((w) => w.actor === actor);
    if (waiter === undefined) return;
    if (!waiter.notified) {
      // Its future is cancelled: it resumes (with the error) in turn.
      waiter.notified = true;
      this.resumptions.push({ actor, cancelled: true });
    } else {
      const pending = this.resumptions.find((r) => r.actor === actor);
      if (pending !== undefined) pending.cancelled = true;
    }
  }

  protected cancelBlocked(): boolean {
    return false;
  }

  protected resume(actor: number, cancelled: boolean): void {
    this.waiters = this.waiters.filter((w) => w.actor !== actor);
    if (cancelled) {
      this.statuses[actor] = "cancelled";
      // A notification it may have had goes to another waiter.
      this.notify(1);
    } else {
      this.statuses[actor] = "done notified";
    }
  }

  state(): string {
    return `locked=false waiters=${this.waiters.length}`;
  }
}

class BarrierModel extends Model {
  private count = 0;
  private broken = false;
  /** Actors waiting in the current round, with the index each got. */
  private round: { actor: number; index: number }[] = [];

  constructor(private readonly parties: number) {
    super();
  }

  spawn(step: Extract<Step, { s: "spawn" }>, actor: number): void {
    if (step.op === "reset" || step.op === "abort") {
      if (step.op === "abort") this.broken = true;
      else this.broken = false;
      for (const { actor: waiter } of this.round) this.statuses[waiter] = "failed BrokenBarrierError";
      this.round = [];
      this.count = 0;
      this.statuses[actor] = "done null";
      return;
    }
    if (this.broken) {
      this.statuses[actor] = "failed BrokenBarrierError";
      return;
    }
    const index = this.count++;
    this.round.push({ actor, index });
    if (this.count === this.parties) {
      for (const entry of this.round) this.statuses[entry.actor] = `done ${entry.index}`;
      this.round = [];
      this.count = 0;
    } else {
      this.statuses[actor] = "blocked";
    }
  }

  act(action: Action): string | null {
    throw new Error(`barrier: no action ${action.a}`);
  }

  protected cancelBlocked(actor: number): boolean {
    const at = this.round.findIndex((entry) => entry.actor === actor);
    if (at < 0) return false;
    this.round.splice(at, 1);
    this.count--;
    return true;
  }

  protected resume(): void {}

  state(): string {
    return `nWaiting=${this.count} broken=${this.broken}`;
  }
}

// ---------------------------------------------------------------------------
// The real side: one primitive, the calls a spawned task makes, the actions.

interface Subject {
  /** The call a spawned actor makes, as a generator for its task. */
  call(step: Extract<Step, { s: "spawn" }>): Generator<unknown, string, unknown>;
  /** Runs one action (not `cancel`); the driver catches what it throws. */
  act(action: Action): void;
  /** What the driver must hold around a batch of actions (the condition's lock, for notify). */
  batch?: { enter(): asyncio.LazyCoroutine<unknown>; exit(): void };
  state(): string;
  /** Checks the four promises on the settled real state; returns what is broken. */
  promises(actors: readonly RealActor[]): string[];
}

/** Enters `asyncWith(cm, ...)` and stays inside until cancelled. */
function* holdInside(cm: asyncio.AsyncContextManager<unknown>): Generator<unknown, string, unknown> {
  yield* asyncio.asyncWith(cm, function* () {
    yield* asyncio.sleep(1e9);
  });
  return "left";
}

function lockSubject(): Subject {
  const lock = new asyncio.Lock();
  return {
    *call(step) {
      if (step.op === "hold") return yield* holdInside(lock);
      return String(yield* lock.acquire());
    },
    act: () => lock.release(),
    state: () => `locked=${lock.locked()}`,
    promises(actors) {
      const blocked = actors.filter((a) => !a.task.done()).length;
      return !lock.locked() && blocked > 0 ? [`lost wake-up: the lock is free while ${blocked} tasks wait for it`] : [];
    },
  };
}

function eventSubject(): Subject {
  const event = new asyncio.Event();
  return {
    *call() {
      return String(yield* event.wait());
    },
    act: (action) => (action.a === "set" ? event.set() : event.clear()),
    state: () => `set=${event.isSet()}`,
    promises(actors) {
      const blocked = actors.filter((a) => !a.task.done()).length;
      return event.isSet() && blocked > 0 ? [`lost wake-up: the event is set while ${blocked} tasks wait`] : [];
    },
  };
}

function semaphoreSubject(initial: number, bounded: boolean): Subject {
  const sem = bounded ? new asyncio.BoundedSemaphore(initial) : new asyncio.Semaphore(initial);
  return {
    *call(step) {
      if (step.op === "hold") return yield* holdInside(sem);
      return String(yield* sem.acquire());
    },
    act: () => sem.release(),
    state: () => `locked=${sem.locked()}`,
    promises() {
      // A free slot with tasks still queued for one is a lost wake-up (the
      // free count and the queue are internal fields, read on purpose).
      const internals = sem as unknown as { _value: number; _waiters: { length: number; at(i: number): asyncio.Future<boolean> } | null };
      let waiting = 0;
      for (let i = 0; i < (internals._waiters?.length ?? 0); i++) if (!internals._waiters?.at(i).done()) waiting++;
      return internals._value > 0 && waiting > 0 ? [`lost wake-up: ${internals._value} free slots while ${waiting} tasks wait`] : [];
    },
  };
}

function queueSubject(kind: QueueKind, maxsize: number): Subject & { queue: asyncio.Queue<number> } {
  const queue =
    kind === "fifo" ? new asyncio.Queue<number>(maxsize) : kind === "lifo" ? new asyncio.LifoQueue<number>(maxsize) : new asyncio.PriorityQueue<number>(maxsize);
  return {
    queue,
    *call(step) {
      if (step.op === "put") {
        yield* queue.put(step.item);
        return "put";
      }
      return String(yield* queue.get());
    },
    act(action) {
      if (action.a === "putNowait") queue.putNowait(action.item);
      else if (action.a === "getNowait") queue.getNowait();
      else if (action.a === "shutdown") queue.shutdown(action.immediate);
    },
    state() {
      // The stored items in storage order (a protected method, read on purpose).
      const items = (queue as unknown as { _snapshot(): number[] })._snapshot();
      const shown = kind === "fifo" ? items : items.sort((a, b) => a - b);
      return `items=${shown.join(",")} shutdown=${(queue as unknown as { _isShutdown: boolean })._isShutdown}`;
    },
    promises(actors) {
      const broken: string[] = [];
      // Who is blocked where: the model knows, the subject only counts.
      const blocked = actors.filter((a) => !a.task.done()).length;
      if (blocked > 0 && !queue.empty() && !queue.full() && maxsize === 0) {
        // An unbounded queue never blocks putters: anyone blocked is a getter.
        broken.push(`lost wake-up: ${queue.qsize()} items queued while ${blocked} getters wait`);
      }
      return broken;
    },
  };
}

function conditionSubject(): Subject {
  const cond = new asyncio.Condition();
  return {
    *call() {
      yield* cond.acquire();
      try {
        yield* cond.wait();
        return "notified";
      } finally {
        cond.release();
      }
    },
    act(action) {
      if (action.a === "notify") cond.notify(action.n);
      else if (action.a === "notifyAll") cond.notifyAll();
    },
    // notify() needs the lock: the driver holds it around the whole batch.
    batch: { enter: () => cond.acquire(), exit: () => cond.release() },
    state: () => `locked=${cond.locked()} waiters=${(cond as unknown as { _waiters: { length: number } })._waiters.length}`,
    promises: () => (cond.locked() ? ["the condition's lock is left held once everything settled"] : []),
  };
}

function barrierSubject(parties: number, barrier = new asyncio.Barrier(parties)): Subject {
  return {
    *call(step) {
      if (step.op === "reset") {
        yield* barrier.reset();
        return "null";
      }
      if (step.op === "abort") {
        yield* barrier.abort();
        return "null";
      }
      return String(yield* barrier.wait());
    },
    act() {},
    state: () => `nWaiting=${barrier.nWaiting} broken=${barrier.broken}`,
    promises: () => [],
  };
}

// ---------------------------------------------------------------------------
// The driver.

/** The primitives under test, each with its model and the steps a program may take. */
export interface Primitive {
  readonly name: string;
  make(): { subject: Subject; model: Model };
  readonly steps: fc.Arbitrary<Step>;
}

const actor = fc.nat({ max: 15 });
const cancel = fc.record({ a: fc.constant("cancel" as const), actor });
const item = fc.integer({ min: 0, max: 99 });

function actBatch(...actions: fc.Arbitrary<Action>[]): fc.Arbitrary<Step> {
  return fc.record({ s: fc.constant("act" as const), actions: fc.array(fc.oneof(...actions, cancel), { minLength: 1, maxLength: 3 }) });
}

function spawn(op: "acquire" | "hold" | "wait" | "get" | "reset" | "abort"): fc.Arbitrary<Step> {
  return fc.constant({ s: "spawn" as const, op });
}

const release = fc.constant({ a: "release" as const });

export const PRIMITIVES: readonly Primitive[] = [
  {
    name: "Lock",
    make: () => ({ subject: lockSubject(), model: new LockModel() }),
    steps: fc.oneof(spawn("acquire"), actBatch(release)),
  },
  {
    // Critical sections: tasks inside asyncWith(lock) cancelled while they
    // hold it or wait for it; the harness never releases by hand here.
    name: "Lock (asyncWith blocks)",
    make: () => ({ subject: lockSubject(), model: new LockModel() }),
    steps: fc.oneof({ arbitrary: spawn("hold"), weight: 2 }, { arbitrary: spawn("acquire"), weight: 1 }, { arbitrary: actBatch(), weight: 2 }),
  },
  {
    name: "Event",
    make: () => ({ subject: eventSubject(), model: new EventModel() }),
    steps: fc.oneof(spawn("wait"), actBatch(fc.constant({ a: "set" as const }), fc.constant({ a: "clear" as const }))),
  },
  ...[0, 1, 2].map((initial) => ({
    name: `Semaphore(${initial})`,
    make: () => ({ subject: semaphoreSubject(initial, false), model: new SemaphoreModel(initial, false) }),
    steps: fc.oneof(spawn("acquire"), actBatch(release)),
  })),
  ...[1, 2].map((initial) => ({
    name: `Semaphore(${initial}) (asyncWith blocks)`,
    make: () => ({ subject: semaphoreSubject(initial, false), model: new SemaphoreModel(initial, false) }),
    steps: fc.oneof({ arbitrary: spawn("hold"), weight: 2 }, { arbitrary: actBatch(), weight: 2 }),
  })),
  ...[1, 2].map((initial) => ({
    name: `BoundedSemaphore(${initial})`,
    make: () => ({ subject: semaphoreSubject(initial, true), model: new SemaphoreModel(initial, true) }),
    steps: fc.oneof(spawn("acquire"), actBatch(release)),
  })),
  ...(["fifo", "lifo", "priority"] as const).flatMap((kind) =>
    [0, 1, 2].map((maxsize) => ({
      name: `${kind === "fifo" ? "Queue" : kind === "lifo" ? "LifoQueue" : "PriorityQueue"}(${maxsize})`,
      make: () => ({ subject: queueSubject(kind, maxsize), model: new QueueModel(kind, maxsize) }),
      steps: fc.oneof(
        { arbitrary: spawn("get"), weight: 3 },
        { arbitrary: fc.record({ s: fc.constant("spawn" as const), op: fc.constant("put" as const), item }), weight: 3 },
        {
          arbitrary: actBatch(
            fc.record({ a: fc.constant("putNowait" as const), item }),
            fc.constant({ a: "getNowait" as const }),
          ),
          weight: 4,
        },
        { arbitrary: actBatch(fc.record({ a: fc.constant("shutdown" as const), immediate: fc.boolean() })), weight: 1 },
      ),
    })),
  ),
  {
    name: "Condition",
    make: () => ({ subject: conditionSubject(), model: new ConditionModel() }),
    steps: fc.oneof(spawn("wait"), actBatch(fc.record({ a: fc.constant("notify" as const), n: fc.integer({ min: 0, max: 3 }) }), fc.constant({ a: "notifyAll" as const }))),
  },
  ...[1, 2, 3].map((parties) => ({
    name: `Barrier(${parties})`,
    make: () => ({ subject: barrierSubject(parties), model: new BarrierModel(parties) }),
    steps: fc.oneof({ arbitrary: spawn("wait"), weight: 6 }, { arbitrary: spawn("reset"), weight: 1 }, { arbitrary: spawn("abort"), weight: 1 }, actBatch()),
  })),
];

/** What the driver saw at each step, and the first disagreement with the model (if any). */
export interface ModelRun {
  readonly steps: number;
  readonly actors: number;
  readonly mismatch: string | null;
}

/**
 * Runs `program` on a fresh loop against `primitive` and its model, comparing
 * after every step. Returns the first mismatch (null when none).
 */
export async function runModel(primitive: Primitive, program: readonly Step[]): Promise<ModelRun> {
  const loop = new asyncio.EventLoop({ clock: new asyncio.VirtualClock() });
  const reports: string[] = [];
  loop.setExceptionHandler((_loop, context) => {
    reports.push(`${context.message}: ${describeThrown(context.exception)}`);
  });
  const actors: RealActor[] = [];
  let mismatch: string | null = null;
  const { subject, model } = primitive.make();
  const main = asyncio.coroutine(async function driver(): Promise<void> {
    for (let index = 0; index < program.length && mismatch === null; index++) {
      const step = program[index];
      const errors: string[] = [];
      const expectedErrors: string[] = [];
      if (step.s === "spawn") {
        const id = actors.length;
        actors.push({ task: asyncio.createTask(subject.call(step), { name: `actor ${id}` }) });
        model.spawn(step, id);
      } else {
        if (subject.batch !== undefined) await subject.batch.enter();
        for (const action of step.actions) {
          if (action.a === "cancel") {
            actors[action.actor]?.task.cancel();
            model.cancel(action.actor);
            continue;
          }
          try {
            subject.act(action);
          } catch (error) {
            errors.push(error instanceof Error ? error.name : String(error));
          }
          const expected = model.act(action);
          if (expected !== null) expectedErrors.push(expected);
        }
        subject.batch?.exit();
      }
      // Settle: every ready callback, and whatever it schedules, runs before a timer.
      await asyncio.sleep(1);
      model.settle();
      const real = actors.map((a) => statusOf(a.task));
      const broken = subject.promises(actors);
      if (JSON.stringify(errors) !== JSON.stringify(expectedErrors)) {
        mismatch = `step ${index} ${JSON.stringify(step)}: actions threw ${JSON.stringify(errors)}, the model says ${JSON.stringify(expectedErrors)}`;
      } else if (JSON.stringify(real) !== JSON.stringify(model.statuses)) {
        mismatch = `step ${index} ${JSON.stringify(step)}: tasks ${JSON.stringify(real)}, the model says ${JSON.stringify(model.statuses)}`;
      } else if (subject.state() !== model.state()) {
        mismatch = `step ${index} ${JSON.stringify(step)}: state ${subject.state()}, the model says ${model.state()}`;
      } else if (broken.length > 0) {
        mismatch = `step ${index} ${JSON.stringify(step)}: ${broken.join("; ")}`;
      } else if (reports.length > 0) {
        mismatch = `step ${index} ${JSON.stringify(step)}: the loop reported ${reports.join("; ")}`;
      }
    }
    // Tidy up: cancel whoever still waits, so that the loop closes clean.
    for (const { task } of actors) task.cancel();
    await asyncio.gather(actors.map((a) => a.task), { returnExceptions: true });
  });
  try {
    await loop.runUntilComplete(main());
  } finally {
    loop.close();
  }
  return { steps: program.length, actors: actors.length, mismatch };
}

/** Programs of up to `maxSteps` steps for `primitive`. */
export function programOf(primitive: Primitive, maxSteps = 25): fc.Arbitrary<Step[]> {
  return fc.array(primitive.steps, { minLength: 1, maxLength: maxSteps });
}
