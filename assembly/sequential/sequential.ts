// Exact kernel for the schemes without batching: no-batching (each task to
// its shallowest accurate exit) and conventional (the bindings hand it a
// problem whose only admissible exit is the last). After tau the server runs
// the served tasks one at a time at batch size 1.
//
// Why this is exact (docs/algorithms.md, "How `no-batching` and `conventional` are
// solved exactly" has the full argument):
// - Earliest-deadline order gives a set S its latest start (Jackson's rule):
//   tau(S) = min_i (T_i - P_i), P_i the run time up to and including task i.
// - For a tau interval (lo, hi], every set with tau(S) in it meets all its
//   deadlines from any start just above lo, and each member k needs at least
//   w_k^min(min(hi, a_k)) (a_k = T_k - p_k; w^min falls as tau grows).
//   Choosing the best set under those two relaxations is a knapsack over the
//   tasks in deadline order (`relax`): a state is (count, run time so far,
//   band so far); states of one count are kept on their Pareto front of run
//   time against band, since a state with no more run time and no more band
//   can take every task the other can. Its answer bounds the interval.
// - The relaxed optimum S* is a real schedule at tau(S*) > lo. If its band
//   there is no more than the relaxed band, nothing in the interval beats it;
//   otherwise tau(S*) < hi and the interval splits there: on the left S* is
//   priced at its own start, on the right it is excluded. Split points are
//   latest starts of sets, finitely many, so the search ends; best first, and
//   cut short by the clock, the open intervals' bounds are a proved bound.
// - With users' weights (weighted-search.ts) the same argument holds for the
//   most served weight, then the least band: the relaxation changes prices
//   and the deadline check, never a set's weight. States carry their weight,
//   dominance is in three (weight, run time, band), and bounds are in weight.
import { timeUp } from "../lib/clock";
import { getI, setF, setI } from "../lib/memory";
import { sequentialComputeBound } from "../model/bounds";
import {
  K, maxBatch, minExit, outBandwidthHz, outExit, outRunOrder, outServed, weighted, wminOf,
} from "../model/problem";
import { proveWeight, writeResult } from "../model/result";
import { seedIncumbent } from "./incumbent";
import { search } from "./intervals";
import {
  bestBand, bestCount, bestList, bestTau, bestWeight, clockRanOut, openBoundCount, openCount, sequentialNodes,
  sequentialUpperBound, taskCount, timedOut,
} from "./state";
import { prepareTasks, reserveSearch } from "./tasks";
import { searchByWeight } from "./weighted-search";

/** Run the sequential scheme until the run's stop time (lib/clock.ts) and write its schedule (served, exits, band, run order). Returns the served count. */
export function runSequential(): i32 {
  timedOut = false;
  sequentialNodes = 0;
  bestCount = 0;
  bestBand = 0;
  bestTau = 0;
  bestWeight = 0;
  openCount = 0;
  const tauMax = prepareTasks();
  // Until the search has its intervals, only the trivial bound is proved:
  // every task (every servable one once they are counted), within the batch limit.
  let bound = tauMax < 0.0 ? K : taskCount;
  if (maxBatch < bound) bound = maxBatch;
  if (tauMax > 0.0 && maxBatch > 0 && !clockRanOut()) {
    if (weighted) {
      // With weights the search proves the served weight (weighted-search.ts); the count's bound stays the trivial one.
      searchByWeight(tauMax);
    } else {
      seedIncumbent(tauMax, false);
      if (!timedOut) reserveSearch();
      if (!clockRanOut()) {
        search(tauMax, false);
        // The open intervals (those not refuted, or put back when the clock ran out) bound the rest.
        bound = bestCount;
        for (let i = 0; i < openCount; i++) if (getI(openBoundCount, i) > bound) bound = getI(openBoundCount, i);
      }
    }
  } else if (!timedOut) {
    bound = 0; // no start tau > 0 leaves any task time to run (or no batch is allowed)
    if (weighted) proveWeight(0.0, true);
  }
  if (bound < bestCount) bound = bestCount;
  sequentialUpperBound = bound;
  for (let i = 0; i < bestCount; i++) {
    const k = getI(bestList, i);
    setI(outServed, k, 1);
    setI(outExit, k, getI(minExit, k));
    setF(outBandwidthHz, k, wminOf(k, bestTau));
    setI(outRunOrder, i, k);
  }
  return bestCount;
}

/**
 * The sequential scheme as the run's algorithm: its schedule and result record.
 * `bound` is the run's band bound; the compute bound sorts every servable user
 * without asking the clock (~60-170 ms at a million), so it runs before the
 * search, inside the limit, and not at all once time is up.
 */
export function solveSequential(bound: i32): void {
  const computeBound = timeUp() ? K : sequentialComputeBound();
  const served = runSequential();
  // The search's own bound is exact when it finishes; cut short, the cheap bounds may be tighter.
  let upper = sequentialUpperBound;
  if (bound < upper) upper = bound;
  if (computeBound < upper) upper = computeBound;
  writeResult(bestTau, served == upper, upper, sequentialNodes, served);
}
