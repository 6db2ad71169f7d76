/**
 * The churn the leak tests repeat: one round creates, completes, cancels and
 * fails tasks of every shape, arms and cancels timers, and runs long chains
 * of callbacks, all on the running loop. The soak suite runs thousands of
 * rounds and samples the heap between them; the normal suite runs a few.
 *
 * The one idea: a round leaves nothing behind on purpose. Every task is
 * awaited (its failure retrieved), every timer fires or is cancelled, so
 * whatever the heap keeps after a round is the library's doing.
 */
import * as asyncio from "asyncio-ts";

/** What a round did, added up over a run for the figures in docs/reliability.md. */
export interface Churn {
  /** Callbacks run through `callSoon` chains (one loop iteration each). */
  callbacks: number;
  tasks: number;
  tasksCancelled: number;
  tasksFailed: number;
  timers: number;
  timersCancelled: number;
  /** `waitFor`/`timeout`/`shield`/`gather`/`wait` calls. */
  combinators: number;
}

export function emptyChurn(): Churn {
  return { callbacks: 0, tasks: 0, tasksCancelled: 0, tasksFailed: 0, timers: 0, timersCancelled: 0, combinators: 0 };
}

class Failure extends Error {}

function* generatorTask(i: number): Generator<unknown, number, unknown> {
  yield* asyncio.sleep(i % 4);
  if (i % 7 === 3) throw new Failure(`generator ${i}`);
  return i;
}

const lazyTask = asyncio.coroutine(async function lazyTaskBody(i: number): Promise<number> {
  await asyncio.sleep(i % 3);
  if (i % 7 === 3) throw new Failure(`lazy ${i}`);
  return i;
});

async function eagerTask(i: number): Promise<number> {
  await asyncio.sleep(0);
  await asyncio.sleep((i % 5) / 2);
  if (i % 7 === 3) throw new Failure(`eager ${i}`);
  return i;
}

/** Runs a chain of `length` callbacks, each scheduling the next: `length` loop iterations. */
function callbackChain(loop: asyncio.EventLoop, length: number): asyncio.Future<number> {
  const done = loop.createFuture<number>();
  let left = length;
  const step = (): void => {
    if (--left > 0) loop.callSoon(step);
    else done.setResult(length);
  };
  loop.callSoon(step);
  return done;
}

/**
 * One round of churn, `size` tasks big, on the running loop. Must be awaited
 * from a task of that loop.
 */
export async function churnRound(size: number, counts: Churn): Promise<void> {
  const loop = asyncio.getRunningLoop();

  // Callbacks: a long chain, one per iteration.
  counts.callbacks += await callbackChain(loop, size * 10);

  // Tasks of the three shapes; a third are cancelled part-way.
  const tasks: asyncio.Task<number>[] = [];
  for (let i = 0; i < size; i++) {
    const shape = i % 3;
    tasks.push(asyncio.createTask(shape === 0 ? generatorTask(i) : shape === 1 ? lazyTask(i) : eagerTask(i)));
  }
  counts.tasks += size;
  await asyncio.sleep(0.5);
  for (let i = 0; i < size; i += 3) if (tasks[i].cancel()) counts.tasksCancelled++;
  const outcomes = await asyncio.gather(tasks, { returnExceptions: true });
  counts.combinators++;
  for (const outcome of outcomes) if (outcome instanceof Failure) counts.tasksFailed++;

  // Timers: four in five are cancelled before they fire.
  const timers: asyncio.TimerHandle[] = [];
  let fired = 0;
  for (let i = 0; i < size * 2; i++) timers.push(loop.callLater(1 + (i % 10) / 10, () => fired++));
  counts.timers += timers.length;
  for (let i = 0; i < timers.length; i++) {
    if (i % 5 !== 0) {
      timers[i].cancel();
      counts.timersCancelled++;
    }
  }
  await asyncio.sleep(2);
  if (fired !== Math.ceil(timers.length / 5)) throw new Error(`expected ${Math.ceil(timers.length / 5)} timers to fire, ${fired} did`);

  // Combinators that arm timers of their own and cancel what they wrap.
  for (let i = 0; i < Math.max(1, size / 100); i++) {
    try {
      await asyncio.waitFor(asyncio.sleep(10), 0.1);
    } catch (error) {
      if (!(error instanceof asyncio.TimeoutError)) throw error;
    }
    try {
      await asyncio.asyncWith(asyncio.timeout(0.1), async () => asyncio.sleep(10));
    } catch (error) {
      if (!(error instanceof asyncio.TimeoutError)) throw error;
    }
    await asyncio.shield(asyncio.createTask(lazyTask(1)));
    const waited = [asyncio.createTask(lazyTask(2)), asyncio.createTask(lazyTask(4))];
    const [, pending] = await asyncio.wait(waited, { returnWhen: asyncio.FIRST_COMPLETED });
    for (const task of pending) task.cancel();
    await asyncio.gather(waited, { returnExceptions: true });
    counts.combinators += 5;
    counts.tasks += 3;
  }
}
