/**
 * Statistics of a sweep: per point and algorithm, the mean and its 95%
 * confidence interval (simulation/estimates.ts), and the gain of one scheme
 * over another as the ratio of mean throughputs.
 */
import type { Algorithm } from "../core/types.js";
import { meanCi, median, type MeanCi } from "../simulation/estimates.js";
import type { RunRow } from "./sweep-job.js";
import type { PointValue, SweepName } from "./sweep-plan.js";

/** One line of summary.csv. */
export interface PointSummary {
  sweep: SweepName;
  pointIndex: number;
  value: PointValue;
  algorithm: Algorithm;
  users: number;
  served: MeanCi;
  throughput: MeanCi;
  bandwidthUsedHz: MeanCi;
  /** Runs whose result is proved optimal for its scheme. */
  optimalRuns: number;
  solveTimeMsMedian: number;
  solveTimeMsMax: number;
  /** Tasks served in each run, keyed by seed: gains compare runs on the same instance. */
  servedBySeed: Map<number, number>;
}

const pointKey = (sweep: string, index: number) => `${sweep}\u0000${index}`;

/** Groups rows by point and algorithm, in the order the rows come (plan order). */
export function summarise(rows: readonly RunRow[]): PointSummary[] {
  const groups = new Map<string, RunRow[]>();
  for (const row of rows) {
    const key = `${pointKey(row.sweep, row.pointIndex)}\u0000${row.algorithm}`;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0];
    const times = group.map((r) => r.solveTimeMs);
    return {
      sweep: first.sweep,
      pointIndex: first.pointIndex,
      value: first.value,
      algorithm: first.algorithm,
      users: first.users,
      served: meanCi(group.map((r) => r.served)),
      throughput: meanCi(group.map((r) => r.throughputPerS)),
      bandwidthUsedHz: meanCi(group.map((r) => r.bandwidthUsedHz)),
      optimalRuns: group.filter((r) => r.status === "optimal").length,
      solveTimeMsMedian: median(times),
      solveTimeMsMax: Math.max(...times),
      servedBySeed: new Map(group.map((r) => [r.seed, r.served])),
    };
  });
}

export interface Gain {
  /** Mean throughput of `scheme` over mean throughput of `baseline` (Infinity when the baseline serves nobody). */
  ratio: number;
  /** Share of runs (seeds) in which `scheme` served at least twice as many tasks as `baseline`. */
  doubledShare: number;
}

export function gain(scheme: PointSummary, baseline: PointSummary): Gain {
  const ratio = scheme.throughput.mean / baseline.throughput.mean;
  let doubled = 0;
  let runs = 0;
  for (const [seed, served] of scheme.servedBySeed) {
    const base = baseline.servedBySeed.get(seed);
    if (base === undefined) continue;
    runs++;
    if (served >= 2 * base && served > 0) doubled++;
  }
  return { ratio: Number.isNaN(ratio) ? 1 : ratio, doubledShare: runs ? doubled / runs : NaN };
}

/** The summaries of one point, by algorithm. */
export function byPoint(summaries: readonly PointSummary[]): Map<string, Map<Algorithm, PointSummary>> {
  const points = new Map<string, Map<Algorithm, PointSummary>>();
  for (const s of summaries) {
    const key = pointKey(s.sweep, s.pointIndex);
    let point = points.get(key);
    if (!point) points.set(key, (point = new Map()));
    point.set(s.algorithm, s);
  }
  return points;
}
