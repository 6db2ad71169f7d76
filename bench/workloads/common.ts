/**
 * What every asyncio-ts workload shares: which clock its loop runs on.
 *
 * The harness passes `BENCH_CLOCK=virtual` or `real` (the default) to the
 * child process. Timer workloads (W4, memory, churn) always use the virtual
 * clock, since their deadlines are seconds to hours away.
 */

import * as asyncio from "asyncio-ts";

/** Loop options for workloads that do not depend on time passing. */
export function loopOptions(): { clock?: asyncio.VirtualClock } {
  return process.env.BENCH_CLOCK === "virtual" ? { clock: new asyncio.VirtualClock() } : {};
}

/** Loop options for workloads whose timers must not wait for real. */
export function virtualTime(): { clock: asyncio.VirtualClock } {
  return { clock: new asyncio.VirtualClock() };
}

