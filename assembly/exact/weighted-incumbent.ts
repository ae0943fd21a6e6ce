// exact with weights: the two ends of the gap a weighted run reports. The
// incumbent: a candidate set is judged as a schedule and kept if heavier (or
// as heavy with less band); one heavier than the incumbent but over the band
// is repaired first (weighted-repair.ts), and a new incumbent has its users
// re-chosen (weighted-reselect.ts); a set judged or repaired among the last
// few is not judged again (the incumbent has only got better since, and
// repairs cost). The open bound: a node the clock leaves
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
  // Judged (or repaired) already: the incumbent has only got better since.
  const key = setKey(set);
  if (offeredBefore(key, w)) return;
  if (evaluateSelection(set)) {
    remember(key, w);
    offerJudged(set, w);
    return;
  }
  // Heavier than the incumbent but not a schedule (mostly just over the band at its own start): repaired.
  if (bestCount > 0 && w <= bestWeight + slack(bestWeight)) return;
  if (repairsLeft <= 0) return;
  repairsLeft--;
  remember(key, w);
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

// The last OFFERED_KEPT sets judged or repaired, by a hash of their users (a
// sum of a mixed value per user, 64 bits) and their weight. The nodes of one
// branch choose the same sets again and again.
const OFFERED_KEPT: i32 = 32;
const offeredKeys = memory.data(OFFERED_KEPT << 3);
const offeredWeights = memory.data(OFFERED_KEPT << 3);
let offeredNext: i32 = 0;
let offeredCount: i32 = 0;

/** A new run: no set offered yet. */
export function resetOffered(): void {
  offeredNext = 0;
  offeredCount = 0;
}

/** The set's hash: the same for the same users, whatever the order they were flagged in. */
function setKey(set: usize): u64 {
  let h: u64 = 0;
  for (let k = 0; k < K; k++) {
    if (getI(set, k) == 0) continue;
    let x = (<u64>k + 1) * 0x9e3779b97f4a7c15;
    x = (x ^ (x >> 31)) * 0xbf58476d1ce4e5b9;
    h += x ^ (x >> 27);
  }
  return h;
}

function offeredBefore(key: u64, w: f64): bool {
  for (let i = 0; i < offeredCount; i++) {
    const at = <usize>i << 3;
    if (load<u64>(offeredKeys + at) == key && load<f64>(offeredWeights + at) == w) return true;
  }
  return false;
}

function remember(key: u64, w: f64): void {
  store<u64>(offeredKeys + (<usize>offeredNext << 3), key);
  store<f64>(offeredWeights + (<usize>offeredNext << 3), w);
  offeredNext = (offeredNext + 1) % OFFERED_KEPT;
  if (offeredCount < OFFERED_KEPT) offeredCount++;
}
