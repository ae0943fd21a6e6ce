/**
 * What summariseRun and summariseUsers read off a run, on a hand-made run
 * whose every figure can be counted by hand: fates, ratios, latencies, solve
 * times, fairness and the weakest and strongest quarters of the cell; and
 * Jain's index and batch means at their edges.
 */
import { describe, expect, it } from "vitest";
import { meanCi, quantile } from "../bindings/simulation/estimates.js";
import type { AlgorithmRun, FrameRow, TaskOutcome } from "../bindings/simulation/frames.js";
import { batchMeansThroughput, jainIndex, summariseRun, summariseUsers, THROUGHPUT_BATCHES } from "../bindings/simulation/statistics.js";
import type { CellUser } from "../bindings/simulation/trace.js";

/** Eight users, the strongest first: mean gains 1e-9 down to 1e-16. */
const cell: CellUser[] = Array.from({ length: 8 }, (_, index) => ({ index, distanceM: 50 + 10 * index, shadowingDb: 0, meanGain: 10 ** (-9 - index) }));

let next = 0;
function outcome(user: number, fate: TaskOutcome["fate"], arrivalS: number, completedAtS?: number): TaskOutcome {
  const task = { id: `t${next++}`, user, arrivalS, dataBits: 1e4, minAccuracy: 0.5, deadlineAtS: arrivalS + 2 };
  return completedAtS === undefined ? { task, fate } : { task, fate, completedAtS };
}

const frame = (index: number, completed: number, solveMs: number): FrameRow => ({
  algorithm: "exact",
  frame: index,
  startS: index * 0.5,
  arrived: 0,
  pending: 0,
  served: completed,
  completed,
  expired: 0,
  dropped: 0,
  waiting: 0,
  bandwidthUsedHz: 0,
  solveMs,
});

// Users 0 and 1 complete everything; 2 half; 6 and 7 nothing; 3 to 5 have no decided task.
const outcomes: TaskOutcome[] = [
  outcome(0, "completed", 0.1, 0.6),
  outcome(0, "completed", 0.5, 0.75),
  outcome(1, "completed", 0.2, 1.2),
  outcome(2, "completed", 0, 0.3),
  outcome(2, "dropped", 0.4),
  outcome(6, "expired", 0.3),
  outcome(7, "dropped", 0.1),
  outcome(7, "expired", 0.2),
  outcome(4, "pending", 1.4),
  outcome(5, "pending", 1.3),
];
const run: AlgorithmRun = { algorithm: "exact", engine: "js", frames: [frame(0, 2, 4), frame(1, 1, 1), frame(2, 1, 2)], outcomes };

describe("summariseUsers", () => {
  it("counts decided and completed tasks per user, pending ones aside", () => {
    const users = summariseUsers(run, cell);
    expect(users.map((u) => [u.user, u.decided, u.completed])).toEqual([
      [0, 2, 2],
      [1, 1, 1],
      [2, 2, 1],
      [3, 0, 0],
      [4, 0, 0],
      [5, 0, 0],
      [6, 1, 0],
      [7, 2, 0],
    ]);
    expect(users.map((u) => u.completionRatio)).toEqual([1, 1, 0.5, Number.NaN, Number.NaN, Number.NaN, 0, 0]);
    expect(users[0]).toMatchObject({ algorithm: "exact", distanceM: 50 });
    expect(users.map((u) => u.meanGainDb)).toEqual(cell.map((_, k) => -90 - 10 * k));
  });
});

// Each test summarises the run itself: a summary made while the file loads runs outside every test,
// and a mutation run took statistics.ts's mutants it reached for static ones, run by every test of its set.
describe("summariseRun", () => {
  it("counts every fate and the ratio of completed among decided", () => {
    const summary = summariseRun(run, cell, 0.5);
    expect(summary).toMatchObject({
      algorithm: "exact",
      engine: "js",
      frames: 3,
      frameS: 0.5,
      arrived: 10,
      completed: 4,
      expired: 2,
      dropped: 2,
      pendingAtEnd: 2,
    });
    expect(summary.completionRatio).toBe(4 / 8);
  });

  it("takes latencies from arrival to completion and solve times from the frames", () => {
    const summary = summariseRun(run, cell, 0.5);
    const latencies = [0.5, 0.25, 1.0, 0.3];
    expect(summary.latencyP50S).toBe(quantile(latencies, 0.5));
    expect(summary.latencyP95S).toBe(quantile(latencies, 0.95));
    expect(summary.solveMsP50).toBe(2);
    expect(summary.solveMsP99).toBe(quantile([4, 1, 2], 0.99));
    expect(summary.solveMsMax).toBe(4);
    expect(summary.solveShareP99).toBe(quantile([4, 1, 2], 0.99) / 500);
  });

  it("measures throughput by batch means over the frames' completed counts", () => {
    const summary = summariseRun(run, cell, 0.5);
    expect(summary.throughputPerS).toEqual(meanCi([4, 2, 2]));
  });

  it("computes fairness over users with a decided task, and the weakest and strongest quarters", () => {
    const summary = summariseRun(run, cell, 0.5);
    // Ratios 1, 1, 0.5, 0, 0: (2.5)^2 / (5 * 2.25).
    expect(summary.jainFairness).toBeCloseTo(6.25 / 11.25, 12);
    // Quarters of eight users: the two weakest (7, 6) completed 0 of 3; the two strongest (0, 1) 3 of 3.
    expect(summary.weakestQuarterCompletion).toBe(0);
    expect(summary.strongestQuarterCompletion).toBe(1);
  });

  it("ranks the quarters by mean gain, not by the users' order in the cell", () => {
    // The same users with the gains of 0 and 6 swapped: user 6 is now the strongest, user 0 among the two weakest.
    const swapped = cell.map((u) => (u.index === 0 ? { ...u, meanGain: 1e-15 } : u.index === 6 ? { ...u, meanGain: 1e-9 } : u));
    const ranked = summariseRun(run, swapped, 0.5);
    // Weakest two: 7 (0 of 2) and 0 (2 of 2); strongest two: 6 (0 of 1) and 1 (1 of 1).
    expect(ranked.weakestQuarterCompletion).toBe(0.5);
    expect(ranked.strongestQuarterCompletion).toBe(0.5);
  });

  it("a cell of three users: the quarters are one user each", () => {
    const small = summariseRun({ ...run, outcomes: outcomes.filter((o) => o.task.user <= 2) }, cell.slice(0, 3), 0.5);
    expect(small.weakestQuarterCompletion).toBe(0.5);
    expect(small.strongestQuarterCompletion).toBe(1);
  });

  it("a run with no frames and no tasks: NaN where nothing was measured", () => {
    const empty = summariseRun({ algorithm: "greedy", engine: "wasm", frames: [], outcomes: [] }, cell, 0.5);
    expect(empty).toMatchObject({ frames: 0, arrived: 0, completed: 0, pendingAtEnd: 0 });
    expect(empty.completionRatio).toBeNaN();
    expect(empty.solveMsMax).toBeNaN();
    expect(empty.jainFairness).toBeNaN();
    expect(empty.weakestQuarterCompletion).toBeNaN();
  });
});

describe("jainIndex and batchMeansThroughput", () => {
  it("Jain's index: 1 for equal values and for all zeros, 1/n when one takes all, NaN for none", () => {
    expect(jainIndex([0.2, 0.2, 0.2, 0.2])).toBe(1);
    expect(jainIndex([0, 0, 0])).toBe(1);
    expect(jainIndex([3, 0, 0, 0])).toBe(0.25);
    expect(jainIndex([1, 3])).toBe(16 / 20);
    expect(jainIndex([])).toBeNaN();
  });

  it("batch means: ten batches by default, uneven splits, fewer frames than batches", () => {
    expect(THROUGHPUT_BATCHES).toBe(10);
    const frames = Array.from({ length: 20 }, (_, k) => k % 3);
    const perBatch = Array.from({ length: 10 }, (_, b) => (frames[2 * b] + frames[2 * b + 1]) / (2 * 0.25));
    expect(batchMeansThroughput(frames, 0.25)).toEqual(meanCi(perBatch));
    // Five frames in two batches: frames 0-1 and 2-4.
    expect(batchMeansThroughput([1, 3, 2, 2, 5], 0.5, 2)).toEqual(meanCi([4 / 1, 9 / 1.5]));
    expect(batchMeansThroughput([6, 0], 2)).toEqual(meanCi([3, 0]));
  });
});
