/** Summary statistics of repeated timings: the median and the spread around it. */

export interface Summary {
  count: number;
  median: number;
  /** First and third quartiles (linear interpolation between order statistics). */
  q1: number;
  q3: number;
  min: number;
  max: number;
}

/** The q-quantile of ascending values (linear interpolation between order statistics); NaN when empty. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error("summarize: no values");
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    median: quantile(sorted, 0.5),
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
    min: sorted[0],
    max: sorted[sorted.length - 1],
  };
}
