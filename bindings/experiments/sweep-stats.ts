/**
 * Statistics of a sweep: per point and algorithm, the mean and its 95%
 * confidence interval (Student's t, since a point may have only a few runs),
 * and the gain of one scheme over another as the ratio of mean throughputs.
 */
import type { Algorithm } from "../core/types.js";
import type { RunRow } from "./sweep-job.js";
import type { PointValue, SweepName } from "./sweep-plan.js";

/** Two-sided 95% quantiles t_{0.975, df} for df = 1..30. */
const T_975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11,
  2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];
const Z_975 = 1.959964;

/** t_{0.975, df}: the table up to 30, then the Cornish-Fisher expansion around the normal quantile (error < 1e-4). */
export function studentT975(df: number): number {
  if (!(df >= 1)) return NaN;
  if (df <= 30) return T_975[Math.floor(df) - 1];
  const z = Z_975;
  const z3 = z ** 3;
  const z5 = z ** 5;
  const z7 = z ** 7;
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3);
}

/** A sample mean with its 95% confidence interval (Student's t). */
export interface MeanCi {
  /** Number of samples. */
  n: number;
  /** Their mean. */
  mean: number;
  /** Half-width of the 95% confidence interval of the mean; 0 for one sample (no spread to measure). */
  ci95: number;
}

export function meanCi(samples: readonly number[]): MeanCi {
  const n = samples.length;
  if (n === 0) return { n, mean: NaN, ci95: NaN };
  const mean = samples.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { n, mean, ci95: 0 };
  const variance = samples.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
  return { n, mean, ci95: studentT975(n - 1) * Math.sqrt(variance / n) };
}

export function median(samples: readonly number[]): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

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
