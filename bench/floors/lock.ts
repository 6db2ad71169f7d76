/**
 * W6 floors: one lock, 100 workers, a suspension inside the critical section.
 *
 * Both locks hand ownership straight to the oldest waiter on release (no
 * barging), and the suspension is the cheapest each spelling has
 * (`await null`, a bare `yield`).
 */

import { type Sample, check, seconds, throughput } from "../harness/measure.js";
import { type ProcessBody, Scheduler, WaitList } from "./trampoline.js";

const WORKERS = 100;

class PromiseLock {
  private locked = false;
  private readonly waiters: Array<() => void> = [];

  acquire(): Promise<void> | undefined {
    if (!this.locked) {
      this.locked = true;
      return undefined;
    }
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const next = this.waiters.shift();
    // Ownership passes to `next` directly, so `locked` stays true.
    if (next === undefined) this.locked = false;
    else next();
  }
}

/** 100 async functions, `n` acquisitions in all. */
export async function promiseLock(n: number): Promise<Sample> {
  const lock = new PromiseLock();
  const k = Math.floor(n / WORKERS);
  let acquired = 0;
  const worker = async (): Promise<void> => {
    for (let i = 0; i < k; i++) {
      await lock.acquire();
      try {
        // eslint-disable-next-line @typescript-eslint/await-thenable -- the cheapest suspension is the point of this floor
        await null;
        acquired++;
      } finally {
        lock.release();
      }
    }
  };
  const start = seconds();
  await Promise.all(Array.from({ length: WORKERS }, worker));
  const end = seconds();
  check(acquired === k * WORKERS, `acquired ${acquired}`);
  return throughput(acquired, start, end);
}

class GeneratorLock {
  private locked = false;
  private readonly waiters = new WaitList();

  constructor(private readonly scheduler: Scheduler) {}

  *acquire(): ProcessBody<void> {
    if (!this.locked) {
      this.locked = true;
      return;
    }
    yield this.waiters;
  }

  release(): void {
    const next = this.waiters.shift();
    if (next === undefined) this.locked = false;
    else this.scheduler.wake(next);
  }
}

/** 100 generators on the trampoline, `n` acquisitions in all. */
export function generatorLock(n: number): Sample {
  const scheduler = new Scheduler();
  const lock = new GeneratorLock(scheduler);
  const k = Math.floor(n / WORKERS);
  let acquired = 0;
  function* worker(): ProcessBody<void> {
    for (let i = 0; i < k; i++) {
      yield* lock.acquire();
      try {
        yield;
        acquired++;
      } finally {
        lock.release();
      }
    }
  }
  const start = seconds();
  for (let w = 0; w < WORKERS; w++) scheduler.spawn(worker());
  scheduler.run();
  const end = seconds();
  check(acquired === k * WORKERS, `acquired ${acquired}`);
  return throughput(acquired, start, end);
}
