/**
 * Which loop is running, and which is "current" (CPython: the running-loop
 * slot and the policy's current loop in `asyncio/events.py`).
 *
 * The one idea: at most one loop runs at a time in this process. JavaScript
 * gives every running coroutine the same global scope, so two loops running
 * at once could not tell whose task is whose; the second is refused (as
 * CPython refuses a second loop in one thread).
 */
import { RuntimeError } from "./errors.js";
import type { EventLoop } from "./loop.js";

let runningLoop: EventLoop | null = null;
let currentLoop: EventLoop | null = null;

/** The running loop. Throws `RuntimeError("no running event loop")` outside one. Python: `asyncio.get_running_loop()`. */
export function getRunningLoop(): EventLoop {
  if (runningLoop === null) throw new RuntimeError("no running event loop");
  return runningLoop;
}

/** @internal The running loop or null. */
export function peekRunningLoop(): EventLoop | null {
  return runningLoop;
}

/** @internal Called by the loop when it starts and stops running. */
export function setRunningLoop(loop: EventLoop | null): void {
  if (loop !== null && runningLoop !== null && runningLoop !== loop) {
    throw new RuntimeError("Cannot run the event loop while another loop is running");
  }
  runningLoop = loop;
}

/** @internal The loop set with `setEventLoop`, or null. */
export function peekCurrentLoop(): EventLoop | null {
  return currentLoop;
}

/** @internal */
export function setCurrentLoop(loop: EventLoop | null): void {
  currentLoop = loop;
}

/**
 * @internal The loop for an object made without one: the running loop, else
 * the current one. Throws a `RuntimeError` when there is neither.
 */
export function getLoopForNewObject(): EventLoop {
  const loop = runningLoop ?? currentLoop;
  if (loop === null) throw new RuntimeError("There is no current event loop");
  return loop;
}
