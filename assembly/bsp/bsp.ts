// Best-shelf-packing (the paper's optimal method without early exiting).
// For a candidate batch size b every task is charged the compute time of its
// blocks at batch b (exact when all tasks run to the same exit, conservative
// otherwise). Then a threshold rule: for each candidate batch start tau (the
// users' latest starts), the b eligible users with the best channels, i.e.
// the least w^min(tau), are taken. Feasibility shrinks with b, so the largest
// feasible b is found by bisection, and for it the cheapest threshold is kept.
// With users' weights the b users of a threshold are those of least band per
// unit weight (w^min(tau) / v_k), if they fit the band, and among thresholds
// the heaviest (then least band) set is kept: a heuristic in weight.
import { timeUp, timeUpAt } from "../lib/clock";
import { getF, getI, reserveF64, reserveI32, setF, setI } from "../lib/memory";
import { sortIndicesByKeyOrStop } from "../lib/sort";
import { countServable, servableShareOneExit } from "../model/bounds";
import {
  K, N, bandwidthHz, blockTime, deadlineS, maxBatch, minExit, servable, weightOf, weighted, wminOf,
} from "../model/problem";
import { batchedTauS, betterByWeight, writeBatched, writeResult } from "../model/result";

let latest: usize = 0; // f64[K]: latest start under batch b
let negLatest: usize = 0; // sort key for descending latest start
let byLatest: usize = 0; // i32[K]
let price: usize = 0; // f64[K]
let perWeight: usize = 0; // f64[K]: price per unit weight (with weights)
let pool: usize = 0; // i32[K]: scratch for selection
let computeAtB: usize = 0; // f64[N + 1]
let thresholdSet: usize = 0; // i32[K]: the b users of bestThreshold's best threshold
let feasibleSet: usize = 0; // i32[K]: the users of the largest feasible b so far

export let bspTimedOut: bool = false;
let bestWeight: f64 = 0; // with weights: the weight of bestThreshold's best set so far

function init(): void {
  latest = reserveF64(K);
  negLatest = reserveF64(K);
  byLatest = reserveI32(K);
  price = reserveF64(K);
  perWeight = reserveF64(K);
  pool = reserveI32(K);
  computeAtB = reserveF64(N + 1);
  thresholdSet = reserveI32(K);
  feasibleSet = reserveI32(K);
}

/** Sum of the prices of the `take` least keys among pool[0..size), sorting pool by key; Infinity if fewer. */
function cheapestSum(size: i32, take: i32, key: usize = price): f64 {
  if (size < take) return Infinity;
  if (!sortIndicesByKeyOrStop(pool, size, key)) {
    bspTimedOut = true;
    return Infinity;
  }
  let s = 0.0;
  for (let i = 0; i < take; i++) s += getF(price, getI(pool, i));
  return s;
}

/** Latest starts when every task is charged its blocks at batch b; returns how many servable users, sorted latest first (0 when out of time). */
function latestStartsAt(b: i32): i32 {
  let d = 0.0;
  for (let n = 1; n <= N; n++) {
    d += blockTime(n, b);
    setF(computeAtB, n, d);
  }
  let m = 0;
  for (let k = 0; k < K; k++) {
    if (getI(servable, k) != 0) {
      const a = getF(deadlineS, k) - getF(computeAtB, getI(minExit, k));
      setF(latest, k, a);
      setF(negLatest, k, -a);
      setI(byLatest, m++, k);
    }
  }
  if (!sortIndicesByKeyOrStop(byLatest, m, negLatest)) {
    bspTimedOut = true;
    return 0;
  }
  return m;
}

/**
 * Least total bandwidth of b users at any threshold (its users in thresholdSet);
 * Infinity when none fits. With `firstFeasible`, the first threshold that fits
 * will do (the size is feasible). When the run's time is out it stops; a
 * threshold whose pricing or sorting was cut short is never counted.
 */
function bestThreshold(b: i32, firstFeasible: bool): f64 {
  const m = latestStartsAt(b);
  if (m < b) return Infinity;
  let best = Infinity;
  bestWeight = 0.0;
  // Thresholds from the latest start down: users before i are eligible.
  for (let i = b - 1; i < m; i++) {
    const tau = getF(latest, getI(byLatest, i));
    if (i + 1 < m && getF(latest, getI(byLatest, i + 1)) == tau) continue; // take the whole tie group
    if (!(tau > 0.0)) break;
    for (let j = 0; j < m; j++) {
      if (timeUpAt(j)) {
        bspTimedOut = true;
        break;
      }
      const k = getI(byLatest, j);
      setF(price, k, wminOf(k, tau));
      if (weighted) setF(perWeight, k, getF(price, k) / weightOf(k));
      setI(pool, j, k);
    }
    if (bspTimedOut) break;
    // Prices only rise as tau falls: once even the cheapest b of all users overflow, stop.
    if (cheapestSum(m, b) > bandwidthHz) break;
    for (let j = 0; j <= i; j++) setI(pool, j, getI(byLatest, j));
    let cost = cheapestSum(i + 1, b, weighted ? perWeight : price);
    // With weights, b users of least band per weight may overflow where the b cheapest fit: take those then.
    if (weighted && !bspTimedOut && cost > bandwidthHz) cost = cheapestSum(i + 1, b);
    if (bspTimedOut) break; // that sum was not finished
    let heavier = cost < best;
    if (weighted) {
      let w = 0.0;
      for (let j = 0; j < b; j++) w += weightOf(getI(pool, j));
      heavier = cost <= bandwidthHz && betterByWeight(w, cost, bestWeight, best);
      if (heavier) bestWeight = w;
    }
    if (heavier) {
      best = cost;
      for (let j = 0; j < b; j++) setI(thresholdSet, j, getI(pool, j));
      if (firstFeasible && best <= bandwidthHz) break;
    }
    if (timeUp()) {
      bspTimedOut = true;
      break;
    }
  }
  return best <= bandwidthHz ? best : Infinity;
}

/** Run BSP within the run's time limit, below the proved bound `upper`; flags the chosen users in `selected` (i32[K]). */
export function runBsp(selected: usize, upper: i32): void {
  init();
  bspTimedOut = false;
  const servableCount = countServable();
  let lo = 0; // feasible
  let hi = servableCount < maxBatch ? servableCount : maxBatch;
  if (upper < hi) hi = upper; // a proved bound: larger sizes need not be tried
  while (lo < hi && !bspTimedOut) {
    const mid = (lo + hi + 1) >> 1;
    if (bestThreshold(mid, true) <= bandwidthHz) {
      lo = mid;
      for (let j = 0; j < mid; j++) setI(feasibleSet, j, getI(thresholdSet, j));
    } else if (!bspTimedOut) {
      hi = mid - 1;
    }
  }
  // The bisection only asked which sizes fit; the least band for the largest is searched once.
  if (lo > 0 && !bspTimedOut && bestThreshold(lo, false) <= bandwidthHz) {
    for (let j = 0; j < lo; j++) setI(feasibleSet, j, getI(thresholdSet, j));
  }
  for (let k = 0; k < K; k++) setI(selected, k, 0);
  for (let j = 0; j < lo; j++) setI(selected, getI(feasibleSet, j), 1);
}

/**
 * BSP as the run's algorithm: its schedule and result record. Where every
 * servable user shares one exit and the search finished, its count is proved
 * optimal; otherwise the run's bound stands.
 */
export function solveBsp(selected: usize, bound: i32): void {
  runBsp(selected, bound);
  const served = writeBatched(selected);
  if (servableShareOneExit() && !bspTimedOut) writeResult(batchedTauS(), true, served, 0.0, 0);
  else writeResult(batchedTauS(), served == bound, bound, 0.0, 0);
}
