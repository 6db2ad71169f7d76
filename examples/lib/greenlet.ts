// A greenlet-style module on JavaScript generators, for examples/04-greenlet.ts.
//
// Python's `greenlet` package gives stackful coroutines: any function, at any
// call depth, can call `other.switch()` and the whole call stack freezes until
// someone switches back. JavaScript has no stackful coroutines; the closest it
// has is the generator, which can only pause in its own body, at a `yield`.
// So here a greenlet runs a generator function, and a switch is written
// `yield* other.switch()`: the generator hands the request to a small
// trampoline (running in whoever made the first `switch()` call from outside
// any greenlet), which resumes the target. Nested generator functions can
// switch too if every level delegates with `yield*`; a plain function cannot.
//
// Semantics kept from greenlet: a greenlet starts on its first switch with the
// switch arguments; every later switch resumes it and the `yield*` evaluates
// to what the switcher passed (nothing -> undefined, one value -> that value,
// several -> an array); when a greenlet's function returns, its return value
// is switched to its parent (the greenlet that created it, by default); an
// error escaping a greenlet is raised in its parent; switching to a dead
// greenlet switches to its parent instead.

/** What a greenlet's function is: a generator function that may `yield*` switches. */
export type GreenletFunction<A extends unknown[], R> = (...args: A) => Generator<Switch, R, unknown>;

/**
 * One switch from the current greenlet to a target. Inside a greenlet it is
 * pending until the generator yields it (`yield* target.switch()`); from the
 * outside world it has already happened by the time `switch()` returns.
 */
export class Switch<T = unknown> implements Iterable<Switch, T, unknown> {
  /** The value handed back when control returned to the switcher. */
  #value: T | undefined;
  #complete = false;

  constructor(
    readonly target: Greenlet,
    readonly args: unknown[],
    /** The greenlet that asked for the switch; it must be the one yielding it. */
    readonly from: Greenlet,
  ) {}

  /** Whether control already came back to the switcher. */
  get complete(): boolean {
    return this.#complete;
  }

  /** What the switcher received when it was switched back to. */
  get value(): T {
    if (!this.#complete) {
      throw new Error("this switch has not happened yet: write `yield* other.switch()` inside a greenlet");
    }
    return this.#value as T;
  }

  /** @internal Records the value the switcher was resumed with. */
  settle(value: unknown): void {
    this.#value = value as T;
    this.#complete = true;
  }

  *[Symbol.iterator](): Generator<Switch, T, unknown> {
    if (this.#complete) return this.#value as T;
    // The trampoline sends back the value this greenlet is resumed with.
    const value = yield this;
    this.settle(value);
    return value as T;
  }
}

/** The mistake generators allow and greenlets cannot make: a switch() without `yield*`. */
function forgottenYield(g: Greenlet): Error {
  return new Error(`greenlet '${g.name}' called switch() without yielding it: write \`yield* other.switch()\``);
}

/** Bundles switch arguments the way greenlet does. */
function packArgs(args: unknown[]): unknown {
  if (args.length === 0) return undefined;
  if (args.length === 1) return args[0];
  return args;
}

/** A pending delivery into the next greenlet: a value, or an error to raise. */
type Delivery = { kind: "value"; value: unknown; args: unknown[] } | { kind: "error"; error: unknown };

/** What one step of a greenlet ended with. */
type Outcome =
  | { kind: "switch"; request: Switch }
  | { kind: "return"; value: unknown }
  | { kind: "error"; error: unknown };

let current: Greenlet | null = null;

/** A stackful-looking coroutine made of a generator and a trampoline. */
export class Greenlet {
  /** The generator once started; null before the first switch. */
  #gen: Generator<Switch, unknown, unknown> | null = null;
  #dead = false;
  /** The switch this greenlet asked for and has not yielded yet. */
  #pendingSwitch: Switch | null = null;

  constructor(
    /** The greenlet's function; null for the main greenlet. */
    readonly run: GreenletFunction<unknown[], unknown> | null,
    /** Where control goes when `run` returns or raises. */
    public parent: Greenlet | null,
    readonly name: string,
  ) {}

  /** True once `run` has returned or raised. */
  get dead(): boolean {
    return this.#dead;
  }

  /** True while started and not dead (the main greenlet is always active). */
  get active(): boolean {
    return this.run === null || (this.#gen !== null && !this.#dead);
  }

  /**
   * Switches to this greenlet. From inside a greenlet write
   * `yield* gr.switch(...)`; from the outside world call `gr.switch(...)`
   * and it runs greenlets until control comes back out.
   */
  switch<T = unknown>(...args: unknown[]): Switch<T> {
    const from = getcurrent();
    const request = new Switch<T>(this, args, from);
    if (from.run !== null) {
      if (from.#pendingSwitch !== null) throw forgottenYield(from);
      from.#pendingSwitch = request;
      return request;
    }
    request.settle(trampoline(this, { kind: "value", value: packArgs(args), args }));
    return request;
  }

  toString(): string {
    return `<greenlet ${this.name}${this.#dead ? " (dead)" : ""}>`;
  }

  /** @internal Resumes this greenlet once with `delivery`; reports what it did. */
  step(delivery: Delivery): Outcome {
    const run = this.run;
    if (run === null) throw new Error("the main greenlet is not stepped");
    let result: IteratorResult<Switch, unknown>;
    try {
      if (this.#gen === null) {
        if (delivery.kind === "error") {
          // An error thrown into a greenlet that never started kills it unstarted.
          this.#dead = true;
          return { kind: "error", error: delivery.error };
        }
        this.#gen = run(...delivery.args);
        result = this.#gen.next();
      } else if (delivery.kind === "error") {
        result = this.#gen.throw(delivery.error);
      } else {
        result = this.#gen.next(delivery.value);
      }
    } catch (error) {
      this.#dead = true;
      this.#pendingSwitch = null;
      return { kind: "error", error };
    }
    if (result.done === true) {
      this.#dead = true;
      if (this.#pendingSwitch !== null) {
        this.#pendingSwitch = null;
        return { kind: "error", error: forgottenYield(this) };
      }
      return { kind: "return", value: result.value };
    }
    const request = result.value;
    if (request !== this.#pendingSwitch) {
      this.#dead = true;
      this.#pendingSwitch = null;
      this.#gen.return(undefined);
      return { kind: "error", error: forgottenYield(this) };
    }
    this.#pendingSwitch = null;
    return { kind: "switch", request };
  }
}

/** The greenlet standing for the outside world: the code not running in any greenlet. */
const mainGreenlet = new Greenlet(null, null, "main");

/** The greenlet running now (the main greenlet when none is). */
export function getcurrent(): Greenlet {
  return current ?? mainGreenlet;
}

/** The nearest living ancestor: where a finished greenlet's result goes. */
function livingParent(g: Greenlet): Greenlet {
  let parent = g.parent ?? mainGreenlet;
  while (parent.dead) parent = parent.parent ?? mainGreenlet;
  return parent;
}

/**
 * Runs greenlets one after another, following their switches, until control
 * reaches the main greenlet; returns what main was switched back with, or
 * throws the error that reached it.
 */
function trampoline(first: Greenlet, firstDelivery: Delivery): unknown {
  let target = first;
  let delivery = firstDelivery;
  for (;;) {
    while (target.dead) target = livingParent(target);
    if (target === mainGreenlet) {
      current = null;
      if (delivery.kind === "error") throw delivery.error;
      return delivery.value;
    }
    current = target;
    const outcome = target.step(delivery);
    if (outcome.kind === "switch") {
      const { request } = outcome;
      delivery = { kind: "value", value: packArgs(request.args), args: request.args };
      target = request.target;
    } else if (outcome.kind === "return") {
      delivery = { kind: "value", value: outcome.value, args: [outcome.value] };
      target = livingParent(target);
    } else {
      delivery = { kind: "error", error: outcome.error };
      target = livingParent(target);
    }
  }
}

/**
 * Creates a greenlet running `run`, as `greenlet.greenlet(run)` does. Its
 * parent is the greenlet creating it unless another is given.
 */
export function greenlet<A extends unknown[], R>(
  run: GreenletFunction<A, R>,
  parent: Greenlet | null = getcurrent(),
): Greenlet {
  // The arguments of the first switch() become run's arguments; like Python,
  // nothing checks them before the call.
  return new Greenlet(run as GreenletFunction<unknown[], unknown>, parent, run.name || "anonymous");
}
