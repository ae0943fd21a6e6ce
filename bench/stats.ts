/** Summary statistics of repeated timings: the median and the spread around it. */
import { quantile } from "../bindings/simulation/estimates.js";

export interface Summary {
  count: number;
  median: number;
  /** First and third quartiles (linear interpolation between order statistics). */
  q1: number;
  q3: number;
  min: number;
  max: number;
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
