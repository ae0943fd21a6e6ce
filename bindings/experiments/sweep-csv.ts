/**
 * The two CSV files of a sweep: runs.csv (one row per run of one algorithm
 * on one instance) and summary.csv (one row per point and algorithm). SI
 * units as everywhere in files, except solve times in ms like Solution.stats.
 * Numbers are written in full (shortest round-trip form), so a rerun with the
 * same seeds gives byte-identical files apart from the solve-time columns.
 */
import type { RunRow } from "./sweep-job.js";
import { SWEEP_PARAMETERS } from "./sweep-plan.js";
import type { PointSummary } from "./sweep-stats.js";

type Cell = string | number;

function csvCell(cell: Cell): string {
  const text = typeof cell === "number" ? (Number.isFinite(cell) ? String(cell) : "") : cell;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly Cell[][]): string {
  return `${[header, ...rows].map((row) => row.map(csvCell).join(",")).join("\n")}\n`;
}

export const RUN_COLUMNS = [
  "sweep",
  "parameter",
  "value",
  "seed",
  "algorithm",
  "users",
  "served",
  "upper_bound",
  "status",
  "engine",
  "throughput_per_s",
  "bandwidth_used_hz",
  "frame_s",
  "solve_time_ms",
] as const;

export function runsCsv(rows: readonly RunRow[]): string {
  return toCsv(
    RUN_COLUMNS,
    rows.map((r) => [
      r.sweep,
      SWEEP_PARAMETERS[r.sweep],
      r.value,
      r.seed,
      r.algorithm,
      r.users,
      r.served,
      r.upperBound,
      r.status,
      r.engine,
      r.throughputPerS,
      r.bandwidthUsedHz,
      r.frameS,
      r.solveTimeMs,
    ]),
  );
}

export const SUMMARY_COLUMNS = [
  "sweep",
  "parameter",
  "value",
  "algorithm",
  "runs",
  "users",
  "served_mean",
  "served_ci95",
  "throughput_per_s_mean",
  "throughput_per_s_ci95",
  "throughput_per_s_ci95_low",
  "throughput_per_s_ci95_high",
  "bandwidth_used_hz_mean",
  "optimal_runs",
  "solve_time_ms_median",
  "solve_time_ms_max",
] as const;

export function summaryCsv(summaries: readonly PointSummary[]): string {
  return toCsv(
    SUMMARY_COLUMNS,
    summaries.map((s) => [
      s.sweep,
      SWEEP_PARAMETERS[s.sweep],
      s.value,
      s.algorithm,
      s.throughput.n,
      s.users,
      s.served.mean,
      s.served.ci95,
      s.throughput.mean,
      s.throughput.ci95,
      s.throughput.mean - s.throughput.ci95,
      s.throughput.mean + s.throughput.ci95,
      s.bandwidthUsedHz.mean,
      s.optimalRuns,
      s.solveTimeMsMedian,
      s.solveTimeMsMax,
    ]),
  );
}
