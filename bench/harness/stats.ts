/**
 * Summary statistics for repeated measurements: median and spread.
 *
 * The median is what the tables show; min-max and the interquartile range
 * say how far a reader can trust it on a shared two-core machine.
 */

export interface Summary {
  samples: number[];
  median: number;
  min: number;
  max: number;
  q1: number;
  q3: number;
}

/** Linear-interpolated quantile of sorted values, `q` in [0, 1]. */
function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 1) return sorted[0];
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  const a = sorted[low];
  const b = sorted[high];
  return a + (b - a) * (position - low);
}

/** Summarises at least one sample. */
export function summarise(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error("no samples to summarise");
  const sorted = [...samples].sort((x, y) => x - y);
  return {
    samples: [...samples],
    median: quantile(sorted, 0.5),
    min: sorted[0],
    max: sorted[sorted.length - 1],
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
  };
}
