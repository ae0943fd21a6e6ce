// exact with weights: the objective is the most served weight, then the least
// band. The search over (tau interval, box of batch sizes) is the same; what
// changes is the node's bound and what a leaf is:
//  - the target count: a set at least as heavy as the incumbent has at least
//    as many tasks as the fewest heaviest servable users that weigh as much,
//    so the box is tightened with that count; then with the weights themselves
//    (boxByWeight: floors and caps on each batch size), the deadline caps, and
//    tau capped by the latest start a set that heavy can have
//    (weightedLatestStart);
//  - the weight bound: the laminar caps are a matroid, so taking the priced
//    users heaviest first while the caps allow gives the heaviest set within
//    the caps (band ignored); the fractional knapsack by weight per hertz of
//    price gives the heaviest the band allows (caps ignored). The lesser bounds
//    every set of the node. Among sets as heavy as the incumbent, the
//    fractional covering by hertz per weight bounds the band from below;
//  - a leaf (one batch-size vector, every start at or after hi) is no longer
//    solved by taking the cheapest: it is a knapsack with exactly c_e tasks
//    from each exit class, solved by a depth-first search over the users
//    (heaviest first within each class, bounded by the heaviest the classes
//    could still give and the least band they need; weighted-leaf.ts).
// This file: the arrays, the target count and the node (its bounds, pruning
// and candidates); the candidates go to the incumbent in weighted-incumbent.ts.
// Weights within WEIGHT_TOLERANCE of each other count as equal.
import { getF, getI, reserveF64, reserveI32, setF, setI } from "../lib/memory";
import { sortIndicesByKeyOrStop, sortNearlySorted } from "../lib/sort";
import { evalBandwidthHz, evaluateSelection, passThrough, roomWithin } from "../model/batch";
import { K, N, bandwidthHz, minExit, weightOf } from "../model/problem";
import { WEIGHT_TOLERANCE } from "../model/result";
import { capsOf, highOf } from "./box";
import {
  MAX_DEPTH, bestBandwidth, bestCount, bestWeight, byPrice, byRatio, byWeight, capUsed, cutShort,
  exploringDepth, heavyPrefix, laterCheap, laterTop, leafBest, leafClassStart, leafList, leafNeed, leafPrefix, leafTaken, openWeight,
  floorList, floorMergeA, floorMergeB, floorStart, prefixAfter, prefixBefore, price, reducedStamp, priceStamp, pricedCount, ratioKey, relaxedSet, stampNow, userCount, users, weightAt, weightedSet,
  bestLambda, byReduced, reducedKey, capsBest, capsBestList, capsBestCount, capsBestBand, capsBestWeight, capsPositive, capsTaken,
  capsThrough, capsFound, relaxedThrough, savedCount, savedMark, savedOrder, savedStamp,
} from "./state";
import { capsSearch, lagrangeBound, orderByReduced, resetLagrange } from "./lagrange";
import { initWeightedBox, slack } from "./weighted-box";
import { REPAIRS_PER_NODE, offer, offerJudged, repairsLeft, resetOffered, weightOfSet } from "./weighted-incumbent";
import { initWeightedJoint, tightenByLagrangian } from "./weighted-joint";
import { solveLeaf } from "./weighted-leaf";
import { initRepair } from "./weighted-repair";
import { initReselect } from "./weighted-reselect";

/** Arrays of the weighted search; the servable users heaviest first. */
export function initWeighted(): void {
  byWeight = reserveI32(K);
  heavyPrefix = reserveF64(K + 1);
  ratioKey = reserveF64(K);
  byRatio = reserveI32(K);
  ratioSaved = reserveI32(K);
  ratioMark = reserveI32(K);
  ratioSavedCount = 0;
  ratioMarkNow = 0;
  weightedSet = reserveI32(K);
  weightAt = reserveF64(MAX_DEPTH);
  leafList = reserveI32(K);
  leafPrefix = reserveF64(K + 1);
  leafClassStart = reserveI32(N + 2);
  leafNeed = reserveI32(N + 2);
  laterTop = reserveF64(N + 2);
  laterCheap = reserveF64(N + 2);
  leafTaken = reserveI32(K);
  leafBest = reserveI32(K);
  byReduced = reserveI32(K);
  savedOrder = reserveI32(K);
  savedMark = reserveI32(K);
  savedCount = 0;
  savedStamp = 0;
  resetLagrange();
  reducedKey = reserveF64(K);
  capsThrough = reserveI32(N + 2);
  capsTaken = reserveI32(K);
  capsBest = reserveI32(K);
  capsBestList = reserveI32(K);
  capsBestCount = 0;
  for (let k = 0; k < K; k++) setI(capsBest, k, 0);
  capsPositive = reserveF64(K + 1);
  prefixBefore = reserveF64(K + 1);
  floorList = reserveI32(K);
  floorStart = reserveI32(N + 2);
  floorMergeA = reserveI32(K);
  floorMergeB = reserveI32(K);
  prefixAfter = reserveF64(K + 1);
  exploringDepth = 0;
  openWeight = 0;
  bestLambda = 0.0; // no multiplier found yet in this run
  initRepair();
  resetOffered();
  initWeightedJoint();
  initWeightedBox();
  initReselect();
  reducedStamp = 0;
  for (let i = 0; i < userCount; i++) {
    const k = getI(users, i);
    setI(byWeight, i, k);
    setF(ratioKey, k, -weightOf(k));
  }
  // Out of time while sorting: the order is still a permutation; the prefix sums then bound nothing, so use none.
  const sorted = sortIndicesByKeyOrStop(byWeight, userCount, ratioKey);
  setF(heavyPrefix, 0, 0.0);
  for (let i = 0; i < userCount; i++) setF(heavyPrefix, i + 1, getF(heavyPrefix, i) + (sorted ? weightOf(getI(byWeight, i)) : 0.0));
}

/** weightedNode tightened the box by its Lagrangian (the node splits the tighter box). */
export let jointTightened: bool = false;

/** The fewest tasks any set as heavy as the incumbent has (0 without an incumbent). */
export function weightTarget(): i32 {
  if (bestCount == 0) return 0;
  const need = bestWeight - slack(bestWeight);
  let lo = 0;
  let hi = userCount;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (getF(heavyPrefix, mid) >= need) hi = mid;
    else lo = mid + 1;
  }
  return lo > 0 ? lo : 1;
}

/**
 * The node after its relaxation (prices at this node in `price`, the priced
 * users in byPrice): its weight bound, the pruning it allows, its candidates
 * judged, and at a leaf the leaf solved. True when the node is done.
 */
export function weightedNode(box: usize, leaf: bool, countBound: i32): bool {
  const m = pricedCount;
  repairsLeft = REPAIRS_PER_NODE;
  // Heaviest first within the caps: the matroid's heaviest independent set.
  for (let n = 0; n <= N + 1; n++) setI(capUsed, n, 0);
  let capsWeight = 0.0;
  const first = highOf(box, 1);
  for (let i = 0; i < userCount; i++) {
    if (getI(capUsed, 1) >= first) break; // block 1 full: every task passes it, so no one more joins
    const k = getI(byWeight, i);
    if (getI(priceStamp, k) != -stampNow) continue;
    const e = getI(minExit, k);
    if (!roomWithin(capUsed, capsOf(box), e)) continue;
    passThrough(capUsed, e);
    capsWeight += weightOf(k);
  }
  // Where the node splits (search.ts): this set's batches, or the set by reduced weight below.
  for (let n = 0; n <= N + 1; n++) setI(relaxedThrough, n, getI(capUsed, n));
  // The cheap bounds first: the Lagrangian (a sort per multiplier) only where they fail to prune.
  if (bestCount > 0 && (countBound < weightTarget() || capsWeight < bestWeight - slack(bestWeight))) return true;
  // Weight per hertz: the fractional knapsack, and a candidate within the caps and the band.
  if (!orderByRatio(m)) {
    cutShort = true;
    return false;
  }
  for (let n = 0; n <= N + 1; n++) setI(capUsed, n, 0);
  for (let k = 0; k < K; k++) setI(weightedSet, k, 0);
  let fractional = 0.0;
  let used = 0.0;
  let filled = false;
  let critical = 0.0; // the weight per hertz at which the band fills: near the Lagrangian's best multiplier
  let candidateBand = 0.0;
  for (let i = 0; i < m; i++) {
    if (filled && getI(capUsed, 1) >= first) break; // nothing more for either
    const k = getI(byRatio, i);
    const p = getF(price, k);
    if (!filled) {
      if (used + p <= bandwidthHz) {
        used += p;
        fractional += weightOf(k);
      } else {
        fractional += (weightOf(k) * (bandwidthHz - used)) / p;
        filled = true;
        critical = weightOf(k) / p;
      }
    }
    const e = getI(minExit, k);
    if (candidateBand + p <= bandwidthHz && roomWithin(capUsed, capsOf(box), e)) {
      passThrough(capUsed, e);
      candidateBand += p;
      setI(weightedSet, k, 1);
    }
  }
  let bound = capsWeight < fractional ? capsWeight : fractional;
  if (bestCount > 0 && bound < bestWeight - slack(bestWeight)) return true;
  // The bisection starts near the last node's least multiplier (the parent's, mostly), else where the band fills.
  const lagrangian = lagrangeBound(box, m, bestLambda > 0.0 ? bestLambda : critical, bestCount > 0 ? bestWeight - slack(bestWeight) : -Infinity);
  if (cutShort) return false;
  if (lagrangian < bound) bound = lagrangian;
  setF(weightAt, exploringDepth, bound);
  if (bestCount > 0) {
    if (bound < bestWeight - slack(bestWeight)) return true;
    if (countBound < weightTarget()) return true;
    if (bound <= bestWeight + slack(bestWeight) && leastBandFor(bestWeight - slack(bestWeight), m) >= bestBandwidth * (1.0 - 1e-12)) return true;
  }
  // The box tightened by the Lagrangian at its best multiplier: the node then splits it (search.ts).
  jointTightened = false;
  if (bestCount > 0 && orderByReduced(m, bestLambda)) {
    const tightened = tightenByLagrangian(box, m, bestLambda, bestWeight - slack(bestWeight));
    if (tightened < 0) return true;
    if (tightened > 0) jointTightened = true;
  }
  if (cutShort) return false;
  offer(relaxedSet);
  offer(weightedSet);
  // The users by reduced weight at the best multiplier, within the caps and the band: often the best set here.
  if (bestLambda > 0.0 && orderByReduced(m, bestLambda)) {
    for (let n = 0; n <= N + 1; n++) setI(capUsed, n, 0);
    for (let k = 0; k < K; k++) setI(weightedSet, k, 0);
    let band = 0.0;
    for (let i = 0; i < m; i++) {
      if (getI(capUsed, 1) >= first) break;
      const k = getI(byReduced, i);
      const e = getI(minExit, k);
      if (band + getF(price, k) > bandwidthHz || !roomWithin(capUsed, capsOf(box), e)) continue;
      passThrough(capUsed, e);
      band += getF(price, k);
      setI(weightedSet, k, 1);
    }
    for (let n = 0; n <= N + 1; n++) setI(relaxedThrough, n, getI(capUsed, n));
    offer(weightedSet);
  }
  if (cutShort || jointTightened) return false; // a tightened box: its own relaxation searches it
  // At a leaf the relaxation's best set starts at hi or later, so it solves the leaf too; the
  // leaf's own search (exact class counts) is for when the relaxation's search gives up.
  if (solvedInIntegers(box, m, bound)) return true;
  if (cutShort || !leaf) return false;
  solveLeaf(box, m, bound);
  return true;
}

// Moves of the repairing insertion sort per user before a full sort takes over.
const RATIO_REPAIR_MOVES_PER_USER: i32 = 4;
let ratioSaved: usize = 0; // i32[K]: the last node's order by weight per hertz
let ratioSavedCount: i32 = 0;
let ratioMark: usize = 0; // i32[K]: ratioMarkNow where placed in byRatio this node
let ratioMarkNow: i32 = 0;

/**
 * byRatio = byPrice[0..m) by weight per hertz of price, largest first (ties by
 * index: the order of a full sort). Prices move little from node to node, so
 * the last node's order, cut to this node's priced users, is mostly right and
 * is repaired by insertion; a full sort only when that takes too many moves.
 * False when out of time.
 */
function orderByRatio(m: i32): bool {
  ratioMarkNow++;
  let j = 0;
  for (let i = 0; i < ratioSavedCount; i++) {
    const k = getI(ratioSaved, i);
    if (getI(priceStamp, k) != -stampNow) continue;
    setI(ratioMark, k, ratioMarkNow);
    setI(byRatio, j++, k);
  }
  for (let i = 0; i < m; i++) {
    const k = getI(byPrice, i);
    setF(ratioKey, k, -weightOf(k) / getF(price, k));
    if (getI(ratioMark, k) != ratioMarkNow) setI(byRatio, j++, k);
  }
  const sorted = (ratioSavedCount > 0 && sortNearlySorted(byRatio, m, ratioKey, RATIO_REPAIR_MOVES_PER_USER * m + 64)) || sortIndicesByKeyOrStop(byRatio, m, ratioKey);
  if (!sorted) {
    ratioSavedCount = 0;
    return false;
  }
  for (let i = 0; i < m; i++) setI(ratioSaved, i, getI(byRatio, i));
  ratioSavedCount = m;
  return true;
}

/**
 * The node's relaxation in integers (capsSearch): none of its sets beats the
 * incumbent, or its best, judged at its own start, is as good as the
 * relaxation says: either way nothing here is better. Otherwise the node splits.
 */
function solvedInIntegers(box: usize, m: i32, bound: f64): bool {
  const found = capsSearch(box, m, bestCount == 0 ? 0.0 : bestWeight, bestCount == 0 ? Infinity : bestBandwidth, bound * (1.0 + 2.0 * WEIGHT_TOLERANCE));
  if (found < 0 && capsFound) offer(capsBest);
  if (found <= 0) return found == 0;
  if (!evaluateSelection(capsBest)) return false;
  const w = weightOfSet(capsBest);
  const band = evalBandwidthHz;
  offerJudged(capsBest, w);
  return w >= capsBestWeight - slack(capsBestWeight) && band <= capsBestBand * (1.0 + 1e-12);
}

/** The least band any set of at least `need` weight can use here: the fractional covering by hertz per weight. */
function leastBandFor(need: f64, m: i32): f64 {
  let weight = 0.0;
  let band = 0.0;
  for (let i = 0; i < m; i++) {
    const k = getI(byRatio, i);
    const w = weightOf(k);
    if (weight + w >= need) return band + (getF(price, k) * (need - weight)) / w;
    weight += w;
    band += getF(price, k);
  }
  return Infinity;
}

