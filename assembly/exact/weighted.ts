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
//    could still give and the least band they need).
// Weights within WEIGHT_TOLERANCE of each other count as equal.
import { timeUp } from "../lib/clock";
import { getF, getI, reserveF64, reserveI32, setF, setI } from "../lib/memory";
import { sortIndicesByKeyOrStop, sortNearlySorted } from "../lib/sort";
import { evalBandwidthHz, evalCount, evaluateSelection, passThrough, roomWithin } from "../model/batch";
import { K, N, bandwidthHz, minExit, weightOf } from "../model/problem";
import { WEIGHT_TOLERANCE, betterByWeight, runWeightBoundNow } from "../model/result";
import { capsOf, lowOf } from "./box";
import {
  MAX_DEPTH, bestBandwidth, bestCount, bestWeight, byPrice, byRatio, byWeight, capUsed, cutShort,
  exploringDepth, heavyPrefix, incumbent, laterCheap, laterTop, leafBest, leafBestBand, leafBestWeight,
  leafClassStart, leafFound, leafList, leafNeed, leafPrefix, leafStopped, leafTaken, leafWork, openWeight,
  floorList, floorMergeA, floorMergeB, floorStart, prefixAfter, prefixBefore, price, reducedStamp, priceStamp, pricedCount, ratioKey, relaxedSet, stampNow, userCount, users, weightAt, weightedSet,
  bestLambda, byReduced, leafLambda, reducedKey, capsBest, capsBestBand, capsBestWeight, capsPositive, capsTaken,
  capsThrough, capsFound, relaxedThrough, savedCount, savedMark, savedOrder, savedStamp,
} from "./state";
import { capsSearch, lagrangeBound, orderByReduced, resetLagrange } from "./lagrange";
import { slack } from "./weighted-box";
import { initWeightedJoint, tightenByLagrangian } from "./weighted-joint";
import { initRepair, repairToSchedule, repairedSet, repairedWeight } from "./weighted-repair";
import { initReselect, polishIncumbent } from "./weighted-reselect";

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
  initWeightedJoint();
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

/** A node left open by the clock keeps its parent's weight bound. */
export function keepOpenWeight(): void {
  const inherited = exploringDepth > 0 ? getF(weightAt, exploringDepth - 1) : runWeightBoundNow();
  if (inherited > openWeight) openWeight = inherited;
}

/** Judge a flagged set; keep it as the incumbent if it is a schedule better in weight. */
function offer(set: usize): void {
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
const REPAIRS_PER_NODE: i32 = 1;
let repairsLeft: i32 = 0;

/** offer() for a set just judged (evaluateSelection true) that weighs `w`. */
function offerJudged(set: usize, w: f64): void {
  if (evalCount == 0) return;
  if (!betterWeighted(w, evalBandwidthHz, bestWeight, bestCount == 0 ? Infinity : bestBandwidth)) return;
  bestWeight = w;
  bestCount = evalCount;
  bestBandwidth = evalBandwidthHz;
  for (let k = 0; k < K; k++) setI(incumbent, k, getI(set, k));
  polishIncumbent(); // its users re-chosen at its own counts and start
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
  for (let i = 0; i < userCount; i++) {
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
  const lagrangian = lagrangeBound(box, m, false, bestLambda > 0.0 ? bestLambda : critical, bestCount > 0 ? bestWeight - slack(bestWeight) : -Infinity);
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
  solveLeaf(box, m);
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
  for (let k = 0; k < K; k++) setI(capsTaken, k, 0);
  const found = capsSearch(box, m, bestCount == 0 ? 0.0 : bestWeight, bestCount == 0 ? Infinity : bestBandwidth, bound * (1.0 + 2.0 * WEIGHT_TOLERANCE));
  if (found < 0 && capsFound) {
    for (let k = 0; k < K; k++) if (getI(priceStamp, k) != -stampNow) setI(capsBest, k, 0);
    offer(capsBest);
  }
  if (found <= 0) return found == 0;
  for (let k = 0; k < K; k++) if (getI(priceStamp, k) != -stampNow) setI(capsBest, k, 0);
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

/**
 * A leaf: the box is one vector b, and every eligible user starts at hi or
 * later, so a set is a schedule at hi iff it takes exactly b_e - b_{e+1}
 * users of each exit class e within the band. The heaviest such set (then
 * the least band) by a depth-first search over each class's users in order
 * of reduced weight w_k - lambda p_k at the leaf's best multiplier, bounded by
 * the Lagrangian bound of what is left: lambda (W - band so far) plus the
 * largest reduced weights the classes can still take. Cut short by the clock,
 * the leaf stays open with its bound.
 */
function solveLeaf(box: usize, m: i32): void {
  for (let e = 1; e <= N; e++) setI(leafNeed, e, lowOf(box, e) - (e < N ? lowOf(box, e + 1) : 0));
  for (let e = 0; e <= N + 1; e++) setI(leafClassStart, e, 0);
  for (let i = 0; i < m; i++) {
    const e = getI(minExit, getI(byPrice, i));
    setI(leafClassStart, e + 1, getI(leafClassStart, e + 1) + 1);
  }
  for (let e = 1; e <= N + 1; e++) setI(leafClassStart, e, getI(leafClassStart, e) + getI(leafClassStart, e - 1));
  for (let e = 1; e <= N; e++) if (getI(leafClassStart, e + 1) - getI(leafClassStart, e) < getI(leafNeed, e)) return;
  // The least band each class needs (its cheapest), summed from the last class up.
  for (let e = 0; e <= N + 1; e++) {
    setI(capUsed, e, 0);
    setF(laterCheap, e, 0.0);
  }
  for (let i = 0; i < m; i++) {
    const k = getI(byPrice, i);
    const e = getI(minExit, k);
    if (getI(capUsed, e) < getI(leafNeed, e)) {
      setI(capUsed, e, getI(capUsed, e) + 1);
      setF(laterCheap, e, getF(laterCheap, e) + getF(price, k));
    }
  }
  for (let e = N; e >= 1; e--) setF(laterCheap, e, getF(laterCheap, e) + getF(laterCheap, e + 1));
  if (getF(laterCheap, 1) > bandwidthHz) return;
  const bound = lagrangeBound(box, m, true, 0.0, bestCount > 0 ? bestWeight - slack(bestWeight) : -Infinity);
  if (cutShort) return;
  if (bestCount > 0 && bound < bestWeight - slack(bestWeight)) return;
  leafLambda = bestLambda;
  if (!orderByReduced(m, leafLambda)) return;
  // Each class's users by reduced weight (byReduced filtered), and the prefix sums of the reduced weights.
  for (let e = 0; e <= N + 1; e++) setI(capUsed, e, getI(leafClassStart, e));
  for (let i = 0; i < m; i++) {
    const k = getI(byReduced, i);
    const e = getI(minExit, k);
    setI(leafList, getI(capUsed, e), k);
    setI(capUsed, e, getI(capUsed, e) + 1);
  }
  setF(leafPrefix, 0, 0.0);
  for (let i = 0; i < m; i++) {
    const k = getI(leafList, i);
    setF(leafPrefix, i + 1, getF(leafPrefix, i) + weightOf(k) - leafLambda * getF(price, k));
  }
  setF(laterTop, N + 1, 0.0);
  for (let e = N; e >= 1; e--) {
    const s = getI(leafClassStart, e);
    setF(laterTop, e, getF(laterTop, e + 1) + getF(leafPrefix, s + getI(leafNeed, e)) - getF(leafPrefix, s));
  }
  for (let k = 0; k < K; k++) setI(leafTaken, k, 0);
  leafBestWeight = bestCount == 0 ? 0.0 : bestWeight;
  leafBestBand = bestCount == 0 ? Infinity : bestBandwidth;
  leafFound = false;
  leafStopped = false;
  leafWork = 0;
  leafSearch(getI(leafClassStart, 1), 1, 0, 0.0, 0.0);
  if (leafFound) offer(leafBest);
  if (leafStopped) keepOpenWeight();
}

function leafSearch(at: i32, e: i32, taken: i32, w: f64, band: f64): void {
  let i = at;
  let c = e;
  let t = taken;
  while (c <= N && t == getI(leafNeed, c)) {
    c++;
    i = getI(leafClassStart, c);
    t = 0;
  }
  if (c > N) {
    if (betterWeighted(w, band, leafBestWeight, leafBestBand)) {
      leafBestWeight = w;
      leafBestBand = band;
      leafFound = true;
      for (let k = 0; k < K; k++) setI(leafBest, k, getI(leafTaken, k));
    }
    return;
  }
  const left = getI(leafNeed, c) - t;
  if (getI(leafClassStart, c + 1) - i < left) return;
  const leastBand = band + getF(laterCheap, c + 1);
  if (leastBand > bandwidthHz) return;
  const upper = w + leafLambda * (bandwidthHz - band) + getF(leafPrefix, i + left) - getF(leafPrefix, i) + getF(laterTop, c + 1);
  if (upper < leafBestWeight - slack(leafBestWeight)) return;
  if (upper <= leafBestWeight + slack(leafBestWeight) && leastBand >= leafBestBand * (1.0 - 1e-12)) return;
  if ((++leafWork & 1023) == 0 && timeUp()) leafStopped = true;
  if (leafStopped) return;
  const k = getI(leafList, i);
  const p = getF(price, k);
  if (band + p <= bandwidthHz) {
    setI(leafTaken, k, 1);
    leafSearch(i + 1, c, t + 1, w + weightOf(k), band + p);
    setI(leafTaken, k, 0);
  }
  leafSearch(i + 1, c, t, w, band);
}
