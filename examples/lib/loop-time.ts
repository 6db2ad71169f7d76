// Shows how much time passed on the event loop's own clock, so that a run on
// virtual time (ASYNCIO_TS_CLOCK=virtual) visibly covers the same seconds as
// a run on the real clock, only without waiting for them.
//
// Not part of the article's programs: each example calls it in one marked
// line. `loop.time()` has no fixed origin on the real clock (like Python's, it
// counts from an arbitrary point), so the timer reads it once at the start and
// reports the difference.

import * as asyncio from "asyncio-ts";

/** Seconds as `1`, `2.5` or `1.002`: at most three decimals, no trailing zeros. */
export function formatSeconds(seconds: number): string {
  return String(Number(seconds.toFixed(3)));
}

/**
 * Starts measuring on `loop` (the running loop by default) and returns a
 * function that prints `(loop time: N s)` for the time passed since.
 */
export function startLoopTimer(loop: asyncio.EventLoop = asyncio.getRunningLoop()): () => void {
  const start = loop.time();
  return () => {
    console.log(`(loop time: ${formatSeconds(loop.time() - start)} s)`);
  };
}
