/**
 * W5 floors: a bounded queue with one producer and four consumers, written
 * directly on promises and on the generator trampoline.
 *
 * Both queues hand a waiting consumer its wake-up as soon as an item
 * arrives and keep waiters in FIFO order, like asyncio.Queue, but without
 * cancellation, shutdown or `join`.
 */

import { type Sample, check, seconds, throughput } from "../harness/measure.js";
import { type ProcessBody, Scheduler, WaitList } from "./trampoline.js";

const CONSUMERS = 4;
const MAXSIZE = 100;

/** A bounded FIFO whose waiters are promise resolvers. */
class PromiseQueue<T> {
  private readonly items: T[] = [];
  private readonly getters: Array<() => void> = [];
  private readonly putters: Array<() => void> = [];

  constructor(private readonly maxsize: number) {}

  async put(item: T): Promise<void> {
    while (this.items.length >= this.maxsize) {
      await new Promise<void>((resolve) => this.putters.push(resolve));
    }
    this.items.push(item);
    this.getters.shift()?.();
  }

  async get(): Promise<T> {
    while (this.items.length === 0) {
      await new Promise<void>((resolve) => this.getters.push(resolve));
    }
    const item = this.items.shift() as T;
    this.putters.shift()?.();
    return item;
  }
}

/** One producer, four consumers, `n` items, on promises. */
export async function promiseQueue(n: number): Promise<Sample> {
  const q = new PromiseQueue<number | null>(MAXSIZE);
  const producer = async (): Promise<void> => {
    for (let i = 0; i < n; i++) await q.put(i);
    for (let c = 0; c < CONSUMERS; c++) await q.put(null);
  };
  const consumer = async (): Promise<number> => {
    let got = 0;
    for (;;) {
      const item = await q.get();
      if (item === null) return got;
      got++;
    }
  };
  const start = seconds();
  const counts = await Promise.all([
    producer(),
    ...Array.from({ length: CONSUMERS }, consumer),
  ]);
  const end = seconds();
  const moved = counts.slice(1).reduce<number>((sum, c) => sum + (c ?? 0), 0);
  check(moved === n, `moved ${moved} of ${n}`);
  return throughput(n, start, end);
}

/** A bounded FIFO for trampoline processes. */
class GeneratorQueue<T> {
  private readonly items: T[] = [];
  private readonly getters = new WaitList();
  private readonly putters = new WaitList();

  constructor(
    private readonly scheduler: Scheduler,
    private readonly maxsize: number,
  ) {}

  *put(item: T): ProcessBody<void> {
    while (this.items.length >= this.maxsize) yield this.putters;
    this.items.push(item);
    const getter = this.getters.shift();
    if (getter !== undefined) this.scheduler.wake(getter);
  }

  *get(): ProcessBody<T> {
    while (this.items.length === 0) yield this.getters;
    const item = this.items.shift() as T;
    const putter = this.putters.shift();
    if (putter !== undefined) this.scheduler.wake(putter);
    return item;
  }
}

/** One producer, four consumers, `n` items, on the generator trampoline. */
export function generatorQueue(n: number): Sample {
  const scheduler = new Scheduler();
  const q = new GeneratorQueue<number | null>(scheduler, MAXSIZE);
  let moved = 0;
  function* producer(): ProcessBody<void> {
    for (let i = 0; i < n; i++) yield* q.put(i);
    for (let c = 0; c < CONSUMERS; c++) yield* q.put(null);
  }
  function* consumer(): ProcessBody<number> {
    let got = 0;
    for (;;) {
      const item = yield* q.get();
      if (item === null) return got;
      got++;
    }
  }
  const start = seconds();
  scheduler.spawn(producer());
  for (let c = 0; c < CONSUMERS; c++) {
    scheduler.spawn(consumer(), (got) => {
      moved += got;
    });
  }
  scheduler.run();
  const end = seconds();
  check(moved === n, `moved ${moved} of ${n}`);
  return throughput(n, start, end);
}
