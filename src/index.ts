/**
 * asyncio-ts: Python's asyncio for TypeScript, around a hand-written event loop.
 *
 * `import * as asyncio from "asyncio-ts"` gives the names a Python asyncio
 * user knows, spelled in camelCase. This file lists the whole public surface,
 * grouped by the module that defines it.
 */

// errors.ts
export {
  BrokenBarrierError,
  CancelledError,
  DeadlockError,
  ExceptionGroup,
  IncompleteReadError,
  InvalidStateError,
  LimitOverrunError,
  LoopLimitError,
  QueueEmpty,
  QueueFull,
  QueueShutDown,
  RuntimeError,
  TimeoutError,
  ValueError,
} from "./errors.js";
export type { LoopLimit } from "./errors.js";

// clock.ts
export { RealClock, VirtualClock } from "./clock.js";
export type { Clock, ClockHost, ForeignWorkPolicy, VirtualClockOptions } from "./clock.js";

// hang.ts
export type { BlockedTask } from "./hang.js";

// handle.ts
export { Handle, TimerHandle } from "./handle.js";

// loop.ts
export { EventLoop } from "./loop.js";
export type { EventLoopOptions, ExceptionContext, ExceptionHandler, TaskFactory } from "./loop.js";

// events.ts
export { getEventLoop, getRunningLoop, newEventLoop, setEventLoop } from "./events.js";
export type { NewEventLoopOptions } from "./events.js";

// awaitable.ts
export { Awaitable } from "./awaitable.js";

// future.ts
export { Future, isfuture, wrapPromise } from "./future.js";
export type { DoneCallback, WrapPromiseOptions } from "./future.js";

// coroutine.ts
export { LazyCoroutine, coroutine, iscoroutinefunction, reportNeverAwaited } from "./coroutine.js";
export type { CoroutineBody } from "./coroutine.js";

// ensure.ts
export { isCoroutine as iscoroutine } from "./ensure.js";
export type { AwaitableLike } from "./ensure.js";

// task.ts
export { Task, allTasks, currentTask } from "./task.js";
export type { Coroutine, TaskOptions } from "./task.js";

// tasks.ts
export { Sleep, createTask, ensureFuture, shield, sleep } from "./tasks.js";

// gather.ts
export { GatheringFuture, gather } from "./gather.js";
export type { GatherOptions } from "./gather.js";

// wait.ts
export { ALL_COMPLETED, AsCompletedIterator, FIRST_COMPLETED, FIRST_EXCEPTION, asCompleted, wait, waitFor } from "./wait.js";
export type { AsCompletedOptions, ReturnWhen, WaitOptions } from "./wait.js";

// runners.ts
export { Runner, run } from "./runners.js";
export type { RunOptions } from "./runners.js";

// context.ts
export { asyncWith } from "./context.js";
export type { AsyncContextManager, EnteredValue, ExitResult, WithBody, WithResult } from "./context.js";

// timeouts.ts
export { Timeout, timeout, timeoutAt } from "./timeouts.js";

// taskgroups.ts
export { TaskGroup } from "./taskgroups.js";
export type { TaskGroupCreateTaskOptions } from "./taskgroups.js";

// locks.ts
export { Barrier, BoundedSemaphore, Condition, Event, Lock, Semaphore } from "./locks.js";

// queues.ts
export { LifoQueue, PriorityQueue, Queue, pythonLess } from "./queues.js";
export type { PriorityQueueOptions } from "./queues.js";

// trace/: recording what the loop does, and drawing it
export { TraceRecorder } from "./trace/recorder.js";
export type { TraceRecorderOptions } from "./trace/recorder.js";
export type { LoopHooks } from "./trace/hooks.js";
export type { Trace, TraceEvent, TraceOutcome, TraceTask } from "./trace/model.js";
export { formatTimeline } from "./trace/text.js";
export type { TimelineOptions } from "./trace/text.js";
export { chromeTrace } from "./trace/chrome.js";
export type { ChromeTrace, ChromeTraceEvent } from "./trace/chrome.js";
export { timelineSvg } from "./trace/svg.js";
export type { TimelineSvgOptions } from "./trace/svg.js";
export { parseTraceSpec } from "./trace/env.js";
export type { TraceOutput } from "./trace/env.js";

// graph.ts
export {
  captureCallGraph,
  formatAllTasks,
  formatCallGraph,
  futureAddToAwaitedBy,
  futureDiscardFromAwaitedBy,
  printAllTasks,
  printCallGraph,
} from "./graph.js";
export type { CallGraphOptions, FrameCallGraphEntry, FutureCallGraph, PrintGraphOptions } from "./graph.js";
