// exact with weights: the two ends of the gap a weighted run reports. The
// incumbent: a candidate set is judged as a schedule and kept if heavier (or
// as heavy with less band); one heavier than the incumbent but over the band
// is repaired first (weighted-repair.ts), and a new incumbent has its users
// re-chosen (weighted-reselect.ts). The open bound: a node the clock leaves
// open keeps its parent's weight bound, so a run cut short still bounds how
// heavy a set can be. The node (weighted.ts), its leaf (weighted-leaf.ts),
// the search and the entry all use these, so they live apart from each of
// them (assembly/ has no import circle).
import { getF, getI, setI } from "../lib/memory";
import { evalBandwidthHz, evalCount, evaluateSelection } from "../model/batch";
import { K, weightOf } from "../model/problem";
import { betterByWeight, runWeightBoundNow } from "../model/result";
import { bestBandwidth, bestCount, bestWeight, exploringDepth, incumbent, openWeight, weightAt } from "./state";
import { slack } from "./weighted-box";
import { repairToSchedule, repairedSet, repairedWeight } from "./weighted-repair";
import { polishIncumbent } from "./weighted-reselect";

/** The served weight of a flagged set, summed in user order. */
export function weightOfSet(set: usize): f64 {
  let total = 0.0;
  for (let k = 0; k < K; k++) if (getI(set, k) != 0) total += weightOf(k);
  return total;
}

/** Is (w, band) better than (bw, bband)? Heavier beyond the tolerance, or as heavy with less band. */
export function betterWeighted(w: f64, band: f64, bw: f64, bband: f64): bool {
  return betterByWeight(w, band, bw, bband);
}

/** A node left open by the clock keeps its parent's weight bound. */
export function keepOpenWeight(): void {
  const inherited = exploringDepth > 0 ? getF(weightAt, exploringDepth - 1) : runWeightBoundNow();
  if (inherited > openWeight) openWeight = inherited;
}

/** Judge a flagged set; keep it as the incumbent if it is a schedule better in weight. */
export function offer(set: usize): void {
  const w = weightOfSet(set);
  // Lighter than the incumbent: not better whatever its band, so not judged (pricing it costs).
  if (bestCount > 0 && w < bestWeight - slack(bestWeight)) return;
  if (evaluateSelection(set)) {
    offerJudged(set, w);
    return;
  }
  // Heavier than the incumbent but not a schedule (mostly just over the band at its own start): repaired.
  if (bestCount > 0 && w <= bestWeight + slack(bestWeight)) return;
  if (repairsLeft <= 0) return;
  repairsLeft--;
  if (!repairToSchedule(set)) return;
  if (!evaluateSelection(repairedSet)) return;
  offerJudged(repairedSet, repairedWeight);
}

// Candidates repaired per node, at most (each repair judges the set several times).
export const REPAIRS_PER_NODE: i32 = 1;
export let repairsLeft: i32 = 0;

/** offer() for a set just judged (evaluateSelection true) that weighs `w`. */
export function offerJudged(set: usize, w: f64): void {
  if (evalCount == 0) return;
  if (!betterWeighted(w, evalBandwidthHz, bestWeight, bestCount == 0 ? Infinity : bestBandwidth)) return;
  bestWeight = w;
  bestCount = evalCount;
  bestBandwidth = evalBandwidthHz;
  for (let k = 0; k < K; k++) setI(incumbent, k, getI(set, k));
  polishIncumbent(); // its users re-chosen at its own counts and start
}
