/**
 * Estimates from samples, for the simulation's and the experiments' reports:
 * quantiles, the median, and the mean with its 95% confidence interval
 * (Student's t, since a sweep point may have only a few runs).
 */

/** Quantile q in [0, 1] with linear interpolation between order statistics (NaN for no samples). */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

/** Two-sided 95% quantiles t_{0.975, df} for df = 1..30. */
const T_975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069,
  2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
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
