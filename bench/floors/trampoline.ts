/**
 * A minimal generator scheduler: the native-JavaScript floor for the
 * generator spelling of asyncio-ts.
 *
 * The one idea: a process is a generator; `yield` with no value means "run me
 * again on the next pass" (the floor of `sleep(0)`), and `yield waiters`
 * parks the process on a wait list until someone calls `wake`. There are no
 * futures, no results, no cancellation, no error handling: whatever a real
 * event loop does beyond this is the price of its features.
 */

/** What a process may yield: nothing (reschedule) or a list to park on. */
export type Instruction = undefined | WaitList;

/** A generator the scheduler can drive. */
export type ProcessBody<T = unknown> = Generator<Instruction, T, unknown>;

/** A FIFO of parked processes. */
export class WaitList {
  private items: Proc[] = [];
  private head = 0;

  push(proc: Proc): void {
    this.items.push(proc);
  }

  /** Removes and returns the oldest parked process, if any. */
  shift(): Proc | undefined {
    if (this.head === this.items.length) return undefined;
    const proc = this.items[this.head++];
    // Reset instead of splicing so the list never grows past its peak.
    if (this.head === this.items.length) {
      this.items.length = 0;
      this.head = 0;
    }
    return proc;
  }

  get size(): number {
    return this.items.length - this.head;
  }
}

/** A running generator and the value it receives on its next step. */
export class Proc {
  sendValue: unknown = undefined;
  constructor(
    readonly body: ProcessBody,
    readonly onDone: ((result: unknown) => void) | undefined,
  ) {}
}

/** Runs processes in passes, like an event loop's ready queue. */
export class Scheduler {
  private ready: Proc[] = [];
  private spare: Proc[] = [];

  spawn<T>(body: ProcessBody<T>, onDone?: (result: T) => void): Proc {
    const proc = new Proc(body, onDone as ((result: unknown) => void) | undefined);
    this.ready.push(proc);
    return proc;
  }

  /** Makes a parked process runnable, delivering `value` to its `yield`. */
  wake(proc: Proc, value?: unknown): void {
    proc.sendValue = value;
    this.ready.push(proc);
  }

  /** Runs until no process is runnable. */
  run(): void {
    while (this.ready.length > 0) {
      // Swap the two arrays: processes woken during this pass run next pass.
      const batch = this.ready;
      this.ready = this.spare;
      this.spare = batch;
      for (let i = 0; i < batch.length; i++) {
        this.step(batch[i]);
      }
      batch.length = 0;
    }
  }

  private step(proc: Proc): void {
    const value = proc.sendValue;
    proc.sendValue = undefined;
    const result = proc.body.next(value);
    if (result.done === true) {
      proc.onDone?.(result.value);
    } else if (result.value === undefined) {
      this.ready.push(proc);
    } else {
      result.value.push(proc);
    }
  }
}
