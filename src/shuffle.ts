/**
 * Seeded schedule fuzzing: a reproducible random order for the callbacks
 * that are ready in the same pass of the loop. No CPython counterpart (its
 * ready queue is strictly FIFO); the idea comes from Trio, whose scheduler
 * shuffles each batch of runnable tasks so that code cannot come to depend on
 * one lucky order.
 *
 * The one idea: a small seeded generator (mulberry32) drives a Fisher-Yates
 * shuffle of each pass's batch. The same seed gives the same sequence of
 * orders, so a failing interleaving found with seed 17 comes back with seed 17.
 */

/** Shuffles an array in place; each call draws the next numbers of the same seeded sequence. */
export type Shuffler = <T>(items: T[]) => void;

/**
 * A shuffler whose orders are fully determined by `seed` (any finite number;
 * integers are the natural choice).
 * @internal
 */
export function seededShuffler(seed: number): Shuffler {
  if (typeof seed !== "number" || !Number.isFinite(seed)) {
    throw new TypeError(`shuffle seed must be a finite number, got ${String(seed)}`);
  }
  const random = mulberry32(mixSeed(seed));
  return <T>(items: T[]): void => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const item = items[i];
      items[i] = items[j];
      items[j] = item;
    }
  };
}

/** Folds every bit of a double (not only its low 32 bits) into a 32-bit state. */
function mixSeed(seed: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, seed);
  let state = Math.imul(view.getUint32(0) ^ 0x9e3779b9, 0x85ebca6b) ^ view.getUint32(4);
  state = Math.imul(state ^ (state >>> 16), 0xc2b2ae35);
  return (state ^ (state >>> 13)) >>> 0;
}

/** Tommy Ettinger's mulberry32: a fast 32-bit generator, plenty for picking orders. */
function mulberry32(state: number): () => number {
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
