/**
 * What an operator reads off a simulated run, per algorithm: throughput with
 * a 95% confidence interval (batch means), completion ratio, latency and
 * solve-time percentiles, and fairness across users.
 *
 * Pure computation (no node:* imports): the package root exports simulate().
 */
import { meanCi, quantile, type MeanCi } from "./estimates.js";

export type { MeanCi };
import type { Algorithm } from "../core/types.js";
import type { AlgorithmRun } from "./frames.js";
import type { CellUser } from "./trace.js";

/** Throughput's confidence interval comes from this many consecutive batches of frames (fewer when there are fewer frames). */
export const THROUGHPUT_BATCHES = 10;

/** Jain's index (sum x)^2 / (n sum x^2): 1 when all equal, 1/n when one takes all; NaN for no values. */
export function jainIndex(values: readonly number[]): number {
  const sum = values.reduce((a, b) => a + b, 0);
  const squares = values.reduce((a, b) => a + b * b, 0);
  if (values.length === 0) return NaN;
  return squares === 0 ? 1 : (sum * sum) / (values.length * squares);
}

/**
 * Batch means: the frames cut into consecutive batches, throughput per batch,
 * and the t interval of their mean. Consecutive frames are correlated (tasks
 * wait across them) but a task lives at most a few frames, so batches of many
 * frames are close to independent.
 */
export function batchMeansThroughput(completedPerFrame: readonly number[], frameS: number, batches = THROUGHPUT_BATCHES): MeanCi {
  const count = Math.min(batches, completedPerFrame.length);
  const perBatch: number[] = [];
  for (let b = 0; b < count; b++) {
    const from = Math.floor((b * completedPerFrame.length) / count);
    const to = Math.floor(((b + 1) * completedPerFrame.length) / count);
    let completed = 0;
    for (let f = from; f < to; f++) completed += completedPerFrame[f];
    perBatch.push(completed / ((to - from) * frameS));
  }
  return meanCi(perBatch);
}

/** One user's fate under one algorithm. */
export interface UserSummary {
  /** The algorithm this row is about. */
  algorithm: Algorithm;
  /** The user's 0-based index in the cell. */
  user: number;
  /** Distance from the server, m. */
  distanceM: number;
  /** Mean channel gain (path loss and shadowing, no fading), dB. */
  meanGainDb: number;
  /** Tasks whose fate is decided (completed, expired or dropped). */
  decided: number;
  /** Tasks completed by their deadline. */
  completed: number;
  /** completed / decided; NaN when the user had no decided task. */
  completionRatio: number;
}

/** One row of summary.csv. */
export interface AlgorithmSummary {
  /** The algorithm this row is about. */
  algorithm: Algorithm;
  /** The engine the solves ran on. */
  engine: string;
  /** Frames simulated. */
  frames: number;
  /** Frame length, s. */
  frameS: number;
  /** Tasks that arrived over the run. */
  arrived: number;
  /** Tasks completed by their deadline. */
  completed: number;
  /** Tasks whose deadline could no longer be met at a frame start. */
  expired: number;
  /** Tasks a frame left unserved under the drop policy. */
  dropped: number;
  /** Arrived but neither served nor expired when the run ended. */
  pendingAtEnd: number;
  /** Completed tasks per second, with its 95% confidence interval by batch means over 10 batches of frames. */
  throughputPerS: MeanCi;
  /** completed / (arrived - pendingAtEnd). */
  completionRatio: number;
  /** Median time from arrival to completion of the completed tasks, s. */
  latencyP50S: number;
  /** 95th percentile of that time, s. */
  latencyP95S: number;
  /** Median wall-clock time of a frame's solve(), ms. */
  solveMsP50: number;
  /** 99th percentile of a frame's solve() time, ms. */
  solveMsP99: number;
  /** The longest frame's solve() time, ms. */
  solveMsMax: number;
  /** solveMsP99 over the frame length: the solver keeps up when this stays well below 1. */
  solveShareP99: number;
  /** Jain's index over the completion ratios of users with at least one decided task; 1 when every ratio is 0. */
  jainFairness: number;
  /** Completion ratio of the quarter of users with the weakest mean channel (path loss and shadowing: mostly the cell edge), and of the strongest quarter. */
  weakestQuarterCompletion: number;
  /** Completion ratio of the quarter of users with the strongest mean channel. */
  strongestQuarterCompletion: number;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : NaN);
const decibels = (gain: number) => 10 * Math.log10(gain);

export function summariseUsers(run: AlgorithmRun, cell: readonly CellUser[]): UserSummary[] {
  const decided = cell.map(() => 0);
  const completed = cell.map(() => 0);
  for (const outcome of run.outcomes) {
    if (outcome.fate === "pending") continue;
    decided[outcome.task.user]++;
    if (outcome.fate === "completed") completed[outcome.task.user]++;
  }
  return cell.map((user) => ({
    algorithm: run.algorithm,
    user: user.index,
    distanceM: user.distanceM,
    meanGainDb: decibels(user.meanGain),
    decided: decided[user.index],
    completed: completed[user.index],
    completionRatio: ratio(completed[user.index], decided[user.index]),
  }));
}

/** Pooled completion ratio of a group of users. */
function groupCompletion(users: readonly UserSummary[]): number {
  return ratio(
    users.reduce((a, u) => a + u.completed, 0),
    users.reduce((a, u) => a + u.decided, 0),
  );
}

export function summariseRun(run: AlgorithmRun, cell: readonly CellUser[], frameS: number): AlgorithmSummary {
  const count = (fate: string) => run.outcomes.filter((o) => o.fate === fate).length;
  const latencies = run.outcomes.filter((o) => o.fate === "completed").map((o) => o.completedAtS! - o.task.arrivalS);
  const solveMs = run.frames.map((f) => f.solveMs);
  const users = summariseUsers(run, cell);
  const active = users.filter((u) => u.decided > 0);
  const byGain = [...users].sort((a, b) => a.meanGainDb - b.meanGainDb);
  const quarter = Math.max(1, Math.floor(users.length / 4));
  const completed = count("completed");
  const pendingAtEnd = count("pending");
  const solveMsP99 = quantile(solveMs, 0.99);
  return {
    algorithm: run.algorithm,
    engine: run.engine,
    frames: run.frames.length,
    frameS,
    arrived: run.outcomes.length,
    completed,
    expired: count("expired"),
    dropped: count("dropped"),
    pendingAtEnd,
    throughputPerS: batchMeansThroughput(
      run.frames.map((f) => f.completed),
      frameS,
    ),
    completionRatio: ratio(completed, run.outcomes.length - pendingAtEnd),
    latencyP50S: quantile(latencies, 0.5),
    latencyP95S: quantile(latencies, 0.95),
    solveMsP50: quantile(solveMs, 0.5),
    solveMsP99,
    solveMsMax: solveMs.length ? Math.max(...solveMs) : NaN,
    solveShareP99: solveMsP99 / (frameS * 1000),
    jainFairness: jainIndex(active.map((u) => u.completionRatio)),
    weakestQuarterCompletion: groupCompletion(byGain.slice(0, quarter)),
    strongestQuarterCompletion: groupCompletion(byGain.slice(-quarter)),
  };
}
