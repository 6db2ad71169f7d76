/**
 * Getting hold of a loop (CPython: the module-level functions of
 * `asyncio/events.py`, without the policy layer).
 *
 * The one idea: inside a task, use the running loop; outside, a program may
 * set a "current" loop for code that asks for one before any loop runs.
 */
import { EventLoop, type EventLoopOptions } from "./loop.js";
import { peekCurrentLoop, peekRunningLoop, setCurrentLoop } from "./running.js";

export { getRunningLoop } from "./running.js";

/** Options of {@link newEventLoop}: those of the `EventLoop` constructor. */
export type NewEventLoopOptions = EventLoopOptions;

/**
 * A new, not yet running loop. Python: `asyncio.new_event_loop()`.
 *
 * @example
 * const loop = asyncio.newEventLoop({ clock: new asyncio.VirtualClock() });
 */
export function newEventLoop(options: NewEventLoopOptions = {}): EventLoop {
  return new EventLoop(options);
}

/**
 * The running loop if there is one, else the current loop, which is made
 * (and set) on first use. Python: `asyncio.get_event_loop()`.
 *
 * Differs from CPython: 3.12 and 3.13 make the loop too but warn
 * (`DeprecationWarning: There is no current event loop`), and 3.14 raises;
 * this library keeps the older, quiet behaviour that the classic
 * `get_event_loop().run_until_complete(...)` programs rely on.
 */
export function getEventLoop(): EventLoop {
  const running = peekRunningLoop();
  if (running !== null) return running;
  let current = peekCurrentLoop();
  if (current === null || current.isClosed()) {
    current = new EventLoop();
    current._implicit = true;
    setCurrentLoop(current);
  }
  return current;
}

/** Makes `loop` the current loop (null clears it). Python: `asyncio.set_event_loop(loop)`. */
export function setEventLoop(loop: EventLoop | null): void {
  if (loop !== null && !(loop instanceof EventLoop)) {
    throw new TypeError(`loop must be an instance of EventLoop or null, not '${typeof loop}'`);
  }
  setCurrentLoop(loop);
}
