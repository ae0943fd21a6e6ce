// With weights: the objective is the most served weight, then the least band.
// The search is that of intervals.ts, the bounds in weight: a first incumbent
// by a weighted form of Moore and Hodgson's rule (incumbent.ts), then the tau
// intervals best bound first, each bounded by the weighted knapsack
// (weighted-knapsack.ts). The argument of sequential.ts holds as it is: the
// relaxation changes only the band and the deadline check, never a set's weight.
import { getF } from "../lib/memory";
import { proveWeight } from "../model/result";
import { seedIncumbent } from "./incumbent";
import { search } from "./intervals";
import { bestWeight, clockRanOut, openBoundWeight, openCount, timedOut } from "./state";
import { reserveSearch } from "./tasks";

/**
 * The search with weights, from the deadline order (tasks.ts) to the proof:
 * the incumbent in bestList, and the weight bound proved (the incumbent's
 * when the search ends, the best open interval's when the clock stops it).
 */
export function searchByWeight(tauMax: f64): void {
  seedIncumbent(tauMax, true);
  if (!timedOut) reserveSearch();
  if (clockRanOut()) return; // the run's own weight bound stands
  search(tauMax, true);
  let bound = bestWeight;
  for (let i = 0; i < openCount; i++) if (getF(openBoundWeight, i) > bound) bound = getF(openBoundWeight, i);
  proveWeight(bound, !timedOut);
}
