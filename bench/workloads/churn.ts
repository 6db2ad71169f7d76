/**
 * Timer churn on asyncio-ts: `n` timeouts armed with `callLater` and
 * cancelled again, on one loop.
 *
 * Each loop pass cancels the batch of timeouts armed on the previous pass
 * and arms a new batch, like requests whose timeouts are cancelled when they
 * complete. Cancelled timers that a loop never drops would pile up to `n`
 * entries; a loop that drops them keeps a few batches at most. Reported: the
 * peak number of timer-heap entries (when the loop lets us count them) and
 * the heap before, at its largest sampled point, and after.
 */

import * as asyncio from "asyncio-ts";
import { type Sample, forceGc, heapUsed, seconds, seededRandom } from "../harness/measure.js";
import { virtualTime } from "./common.js";

const BATCH = 100;
const SEED = 7;
/** Sample the heap (with a forced GC) this many times over the run. */
const HEAP_SAMPLES = 10;

/**
 * How many entries the loop's timer heap holds, cancelled ones included, or
 * null when the loop does not expose it. Reads an internal field on purpose:
 * the point is to see what the public API hides.
 */
function timerEntries(loop: asyncio.EventLoop): number | null {
  const internals = loop as unknown as {
    _timerCount?: number;
    _scheduled?: { size?: number; length?: number };
  };
  if (typeof internals._timerCount === "number") return internals._timerCount;
  const scheduled = internals._scheduled;
  if (scheduled === undefined) return null;
  if (typeof scheduled.size === "number") return scheduled.size;
  if (typeof scheduled.length === "number") return scheduled.length;
  return null;
}

export async function churn(n: number): Promise<Sample> {
  const loop = asyncio.newEventLoop(virtualTime());
  const random = seededRandom(SEED);
  const done = loop.createFuture<null>();
  const noop = (): void => {};
  const sampleEvery = Math.max(BATCH, Math.floor(n / HEAP_SAMPLES / BATCH) * BATCH);
  let armed = 0;
  let peakEntries: number | null = null;
  let peakHeap = 0;
  // Time spent sampling the heap is not churn; it is taken off the total.
  let samplingSeconds = 0;
  let previous: asyncio.TimerHandle[] = [];

  const notePeak = (): void => {
    const entries = timerEntries(loop);
    if (entries !== null && (peakEntries === null || entries > peakEntries)) peakEntries = entries;
  };

  const churnPass = (): void => {
    for (const handle of previous) handle.cancel();
    notePeak();
    if (armed >= n) {
      done.setResult(null);
      return;
    }
    const batch: asyncio.TimerHandle[] = new Array<asyncio.TimerHandle>(BATCH);
    for (let i = 0; i < BATCH; i++) batch[i] = loop.callLater(1 + random() * 59, noop);
    previous = batch;
    armed += BATCH;
    notePeak();
    if (armed % sampleEvery === 0) {
      const sampleStart = seconds();
      forceGc();
      peakHeap = Math.max(peakHeap, heapUsed());
      samplingSeconds += seconds() - sampleStart;
    }
    loop.callSoon(churnPass);
  };

  forceGc();
  const heapBefore = heapUsed();
  const start = seconds();
  loop.callSoon(churnPass);
  await loop.runUntilComplete(done);
  const elapsed = seconds() - start - samplingSeconds;
  forceGc();
  const heapAfter = heapUsed();
  loop.close();
  return {
    value: armed / elapsed,
    detail: {
      seconds: elapsed,
      armed,
      peakTimerEntries: peakEntries,
      heapBefore,
      heapPeak: Math.max(peakHeap, heapAfter),
      heapAfter,
    },
  };
}
