/**
 * The pending tasks of a loop (CPython: `_scheduled_tasks`, and in 3.14 the
 * linked list of tasks each thread keeps).
 *
 * The one idea: the tasks are linked to each other through two fields of
 * their own, so adding a new task and dropping a finished one are two
 * pointer updates, and the registry costs no memory of its own. A Set would
 * hash every task twice and grow, shrink and rehash its table as a hundred
 * thousand tasks come and go.
 */
import type { Task } from "./task.js";

/**
 * @internal The loop's pending tasks, oldest first. Reads like the `Set` it
 * replaces: `add`, `delete`, `has`, `size`, iteration.
 */
export class TaskList implements Iterable<Task<unknown>> {
  private _head: Task<unknown> | null = null;
  private _tail: Task<unknown> | null = null;
  private _size = 0;

  get size(): number {
    return this._size;
  }

  /** Appends a task that is in no list. */
  add(task: Task<unknown>): void {
    const tail = this._tail;
    task._previousTask = tail;
    task._nextTask = null;
    if (tail === null) this._head = task;
    else tail._nextTask = task;
    this._tail = task;
    this._size++;
  }

  /** Takes a task out; does nothing if it is not in this list. */
  delete(task: Task<unknown>): void {
    if (!this.has(task)) return;
    const previous = task._previousTask;
    const next = task._nextTask;
    if (previous === null) this._head = next;
    else previous._nextTask = next;
    if (next === null) this._tail = previous;
    else next._previousTask = previous;
    task._previousTask = null;
    task._nextTask = null;
    this._size--;
  }

  /** True if `task` is in this list (any object may be asked about). */
  has(task: Task<unknown>): boolean {
    // Only the head has no previous task; `!= null` also answers for futures, which have no such field.
    return task._previousTask != null ? task._loop._tasks === this : this._head === task;
  }

  clear(): void {
    for (let task = this._head; task !== null; ) {
      const next = task._nextTask;
      task._previousTask = null;
      task._nextTask = null;
      task = next;
    }
    this._head = null;
    this._tail = null;
    this._size = 0;
  }

  /** The tasks, oldest first; tasks added while iterating are visited too, as with a Set. */
  *[Symbol.iterator](): Iterator<Task<unknown>> {
    let task = this._head;
    while (task !== null) {
      const next = task._nextTask;
      yield task;
      // A task dropped meanwhile has lost its links: go on from where it was.
      task = this.has(task) ? task._nextTask : next;
    }
  }
}
