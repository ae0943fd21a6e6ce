/**
 * The CSV files of a simulation: frames.csv (one row per algorithm and frame),
 * summary.csv (one row per algorithm) and users.csv (one row per algorithm
 * and user). SI units, solve times in ms like Solution.stats; numbers in
 * shortest round-trip form, so the same seed gives the same files apart from
 * the solve-time columns.
 */
import { toCsv } from "./sweep-csv.js";
import type { FrameRow } from "../simulation/frames.js";
import type { SimulationResult } from "../simulation/simulate.js";

export const FRAME_COLUMNS = [
  "algorithm",
  "frame",
  "start_s",
  "arrived",
  "pending",
  "served",
  "completed",
  "expired",
  "dropped",
  "waiting",
  "bandwidth_used_hz",
  "solve_ms",
] as const;

/** Columns that differ between identical runs (wall-clock times). */
export const TIMING_COLUMNS = ["solve_ms", "solve_ms_p50", "solve_ms_p99", "solve_ms_max", "solve_share_p99"] as const;

export function framesCsv(frames: readonly FrameRow[]): string {
  return toCsv(
    FRAME_COLUMNS,
    frames.map((f) => [
      f.algorithm,
      f.frame,
      f.startS,
      f.arrived,
      f.pending,
      f.served,
      f.completed,
      f.expired,
      f.dropped,
      f.waiting,
      f.bandwidthUsedHz,
      f.solveMs,
    ]),
  );
}

export const SUMMARY_COLUMNS = [
  "algorithm",
  "engine",
  "policy",
  "users",
  "frames",
  "frame_s",
  "arrival_rate_per_s",
  "arrived",
  "completed",
  "expired",
  "dropped",
  "pending_at_end",
  "throughput_per_s_mean",
  "throughput_per_s_ci95",
  "throughput_per_s_ci95_low",
  "throughput_per_s_ci95_high",
  "completion_ratio",
  "latency_p50_s",
  "latency_p95_s",
  "solve_ms_p50",
  "solve_ms_p99",
  "solve_ms_max",
  "solve_share_p99",
  "jain_fairness",
  "weakest_quarter_completion",
  "strongest_quarter_completion",
] as const;

export function summaryCsv(result: SimulationResult): string {
  const { config } = result;
  return toCsv(
    SUMMARY_COLUMNS,
    result.summaries.map((s) => [
      s.algorithm,
      s.engine,
      config.policy,
      config.scenario.users,
      s.frames,
      s.frameS,
      config.arrivalRatePerS,
      s.arrived,
      s.completed,
      s.expired,
      s.dropped,
      s.pendingAtEnd,
      s.throughputPerS.mean,
      s.throughputPerS.ci95,
      s.throughputPerS.mean - s.throughputPerS.ci95,
      s.throughputPerS.mean + s.throughputPerS.ci95,
      s.completionRatio,
      s.latencyP50S,
      s.latencyP95S,
      s.solveMsP50,
      s.solveMsP99,
      s.solveMsMax,
      s.solveShareP99,
      s.jainFairness,
      s.weakestQuarterCompletion,
      s.strongestQuarterCompletion,
    ]),
  );
}

export const USER_COLUMNS = ["algorithm", "user", "distance_m", "mean_gain_db", "decided", "completed", "completion_ratio"] as const;

export function usersCsv(result: SimulationResult): string {
  return toCsv(
    USER_COLUMNS,
    result.users.map((u) => [u.algorithm, `u${u.user + 1}`, u.distanceM, u.meanGainDb, u.decided, u.completed, u.completionRatio]),
  );
}
