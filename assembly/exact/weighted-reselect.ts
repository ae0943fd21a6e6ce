// exact with weights: a new incumbent's users re-chosen at its own exit-class
// counts and start. At a start tau and counts c_e per exit class the batch
// sizes, and so every class's compute time D_e, are fixed; a user of class e
// fits iff its deadline reaches tau + D_e, and costs w^min(tau). Any c_e such
// users of each class within the band form a schedule starting at tau or
// later (no dearer there). The heaviest such set is a knapsack with a count
// per class; its Lagrangian relaxation (each class's c_e largest w_k -
// lambda p_k) is solved by bisection on lambda, and the set at the least
// multiplier within the band is then improved by swaps that fit what is left
// of it. The set found is judged as a schedule; it proves nothing, it only
// raises the incumbent the search prunes against (repaired candidates are
// heavy but rarely the best users at their own counts).
import { getF, getI, reserveF64, reserveI32, setF, setI } from "../lib/memory";
import { selectLeast } from "../lib/sort";
import { batchSizesFromCounts, computeTimesFromBatch, evalBandwidthHz, evalCount, evalTauS, evaluateSelection } from "../model/batch";
import { K, N, bandwidthHz, deadlineS, memoWmin, minExit, reservePriceMemo, weightOf } from "../model/problem";
import { betterByWeight } from "../model/result";
import { bestBandwidth, bestCount, bestWeight, incumbent, userCount, users } from "./state";

// Rounds of reselect per new incumbent, at most.
const RESELECT_ROUNDS: i32 = 3;
// Bisection steps on the multiplier.
const LAMBDA_STEPS: i32 = 30;
// Swaps are tried between each class's this many lightest members (by reduced weight) and heaviest others.
const SWAP_WINDOW: i32 = 8;

let list: usize = 0; // i32[K]: the users who fit, by class
let start: usize = 0; // i32[N + 2]: where each class starts in list
let need: usize = 0; // i32[N + 2]: c_e
let batch: usize = 0; // i32[N + 2]
let computeTo: usize = 0; // f64[N + 2]
let price: usize = 0; // f64[K]: w^min at the start
let key: usize = 0; // f64[K]: lambda p - w (least first = largest reduced weight)
let memo: usize = 0;

/** The set re-chosen (flags) and its weight, after reselect returned true. */
export let reselectedSet: usize = 0;
export let reselectedWeight: f64 = 0;

/** Scratch for this run. */
export function initReselect(): void {
  list = reserveI32(K);
  start = reserveI32(N + 2);
  need = reserveI32(N + 2);
  batch = reserveI32(N + 2);
  computeTo = reserveF64(N + 2);
  price = reserveF64(K);
  key = reserveF64(K);
  memo = reservePriceMemo();
  reselectedSet = reserveI32(K);
}

/**
 * The heaviest set found at the counts and start of the flagged schedule
 * `set`, into reselectedSet; false when none heavier than `set` was found.
 */
export function reselect(set: usize, setWeight: f64): bool {
  if (!evaluateSelection(set) || !(evalTauS > 0.0)) return false;
  const tau = evalTauS;
  for (let e = 0; e <= N + 1; e++) setI(need, e, 0);
  for (let k = 0; k < K; k++) if (getI(set, k) != 0) setI(need, getI(minExit, k), getI(need, getI(minExit, k)) + 1);
  batchSizesFromCounts(need, batch);
  computeTimesFromBatch(batch, computeTo);
  // The users who fit at tau with these batches, grouped by class.
  for (let e = 0; e <= N + 1; e++) setI(start, e, 0);
  let m = 0;
  for (let i = 0; i < userCount; i++) {
    const k = getI(users, i);
    const e = getI(minExit, k);
    if (getF(deadlineS, k) - getF(computeTo, e) < tau) continue;
    const p = memoWmin(memo, k, tau);
    if (!(p <= bandwidthHz)) continue;
    setF(price, k, p);
    setI(start, e + 1, getI(start, e + 1) + 1);
    m++;
  }
  for (let e = 1; e <= N + 1; e++) setI(start, e, getI(start, e) + getI(start, e - 1));
  for (let e = 1; e <= N; e++) if (getI(start, e + 1) - getI(start, e) < getI(need, e)) return false;
  for (let e = 0; e <= N + 1; e++) setI(batch, e, getI(start, e)); // fill positions
  let most = 0.0;
  for (let i = 0; i < userCount; i++) {
    const k = getI(users, i);
    const e = getI(minExit, k);
    if (getF(deadlineS, k) - getF(computeTo, e) < tau || !(getF(price, k) <= bandwidthHz)) continue;
    setI(list, getI(batch, e), k);
    setI(batch, e, getI(batch, e) + 1);
    const r = weightOf(k) / getF(price, k);
    if (r > most) most = r;
  }
  // The least multiplier whose choice fits the band (bisection; at 0 the heaviest).
  if (chooseAt(0.0, m) > bandwidthHz) {
    let lo = 0.0;
    let hi = 2.0 * most;
    if (chooseAt(hi, m) > bandwidthHz) return false; // even the cheapest (near enough) do not fit
    for (let step = 0; step < LAMBDA_STEPS; step++) {
      const mid = 0.5 * (lo + hi);
      if (chooseAt(mid, m) > bandwidthHz) lo = mid;
      else hi = mid;
    }
    const band = chooseAt(hi, m);
    swapWithin(bandwidthHz - band);
  }
  for (let k = 0; k < K; k++) setI(reselectedSet, k, 0);
  let w = 0.0;
  for (let e = 1; e <= N; e++) {
    const s = getI(start, e);
    for (let i = s; i < s + getI(need, e); i++) {
      setI(reselectedSet, getI(list, i), 1);
      w += weightOf(getI(list, i));
    }
  }
  reselectedWeight = w;
  return w > setWeight;
}

/** The incumbent's users re-chosen (a few rounds: each may move its start); kept while better. */
export function polishIncumbent(): void {
  for (let round = 0; round < RESELECT_ROUNDS && reselect(incumbent, bestWeight); round++) {
    if (!evaluateSelection(reselectedSet) || evalCount == 0) break;
    if (!betterByWeight(reselectedWeight, evalBandwidthHz, bestWeight, bestBandwidth)) break;
    bestWeight = reselectedWeight;
    bestCount = evalCount;
    bestBandwidth = evalBandwidthHz;
    for (let k = 0; k < K; k++) setI(incumbent, k, getI(reselectedSet, k));
  }
}

/** Each class's c_e largest w - lambda p first in its part of list; returns their band. */
function chooseAt(lambda: f64, m: i32): f64 {
  let band = 0.0;
  for (let e = 1; e <= N; e++) {
    const s = getI(start, e);
    const size = getI(start, e + 1) - s;
    const c = getI(need, e);
    if (c == 0) continue;
    for (let i = s; i < s + size; i++) {
      const k = getI(list, i);
      setF(key, k, lambda * getF(price, k) - weightOf(k));
    }
    if (c < size) selectLeast(list + (<usize>s << 2), size, c, key);
    for (let i = s; i < s + c; i++) band += getF(price, getI(list, i));
  }
  return band;
}

/** Swaps member -> other in a class, heavier and within `left` hertz more, among the few nearest the cut. */
function swapWithin(left: f64): void {
  for (let e = 1; e <= N; e++) {
    const s = getI(start, e);
    const c = getI(need, e);
    const end = getI(start, e + 1);
    if (c == 0 || c == end - s) continue;
    // The outside's best few by reduced weight next to the cut.
    const outside = end - s - c;
    const few = outside < SWAP_WINDOW ? outside : SWAP_WINDOW;
    selectLeast(list + (<usize>(s + c) << 2), outside, few, key);
    for (let j = s + c; j < s + c + few; j++) {
      const kj = getI(list, j);
      let bestGain = 0.0;
      let bestAt = -1;
      for (let i = s; i < s + c; i++) {
        const ki = getI(list, i);
        const gain = weightOf(kj) - weightOf(ki);
        if (gain > bestGain && getF(price, kj) - getF(price, ki) <= left) {
          bestGain = gain;
          bestAt = i;
        }
      }
      if (bestAt < 0) continue;
      const ki = getI(list, bestAt);
      left -= getF(price, kj) - getF(price, ki);
      setI(list, bestAt, kj);
      setI(list, j, ki);
    }
  }
}
