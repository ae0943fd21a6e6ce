/**
 * One unit of sweep work, the same in a worker thread and in the main thread:
 * draw the instance of one point and seed, run every algorithm on it, and
 * return one row per algorithm.
 */
import { generateInstance } from "../scenarios/generate.js";
import { solve } from "../algorithms/solve.js";
import type { Algorithm, SolveStatus } from "../core/types.js";
import type { PointValue, SweepJob, SweepName } from "./sweep-plan.js";

/** One algorithm on one instance: a row of runs.csv. */
export interface RunRow {
  sweep: SweepName;
  pointIndex: number;
  value: PointValue;
  seed: number;
  algorithm: Algorithm;
  users: number;
  served: number;
  upperBound: number;
  status: SolveStatus;
  engine: string;
  throughputPerS: number;
  bandwidthUsedHz: number;
  frameS: number;
  /** Wall-clock time of the kernel run; the one column that differs between identical runs. */
  solveTimeMs: number;
}

export async function runJob(job: SweepJob): Promise<RunRow[]> {
  const drawn = generateInstance({ ...job.point.scenario, seed: job.seed });
  // A profile that is not a preset replaces the generator's; the users were drawn for its accuracies (see sweep-plan).
  const instance = job.point.dnn ? { ...drawn, dnn: job.point.dnn } : drawn;
  const rows: RunRow[] = [];
  for (const algorithm of job.algorithms) {
    const solution = await solve(instance, { algorithm, engine: job.engine, timeLimitMs: job.timeLimitMs });
    rows.push({
      sweep: job.point.sweep,
      pointIndex: job.point.index,
      value: job.point.value,
      seed: job.seed,
      algorithm,
      users: instance.users.length,
      served: solution.served,
      upperBound: solution.upperBound,
      status: solution.status,
      engine: solution.engine,
      throughputPerS: solution.throughputPerS,
      bandwidthUsedHz: solution.bandwidthUsedHz,
      frameS: instance.frameS ?? 0,
      solveTimeMs: solution.stats.timeMs,
    });
  }
  return rows;
}
