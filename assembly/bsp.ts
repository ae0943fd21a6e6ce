// Best-shelf-packing (the paper's optimal method without early exiting).
// For a candidate batch size b every task is charged the compute time of its
// blocks at batch b (exact when all tasks run to the same exit, conservative
// otherwise). Then a threshold rule: for each candidate batch start tau (the
// users' latest starts), the b eligible users with the best channels, i.e.
// the least w^min(tau), are taken. Feasibility shrinks with b, so the largest
// feasible b is found by bisection, and for it the cheapest threshold is kept.
import { reserveF64, reserveI32, getF, setF, getI, setI } from "./memory";
import { K, N, maxBatch, bandwidthHz, deadlineS, minExit, servable, blockTime, wminOf } from "./problem";
import { sortIndicesByKey } from "./sort";
import { countServable } from "./bounds";
import { nowMs } from "./clock";

let latest: usize = 0; // f64[K]: latest start under batch b
let negLatest: usize = 0; // sort key for descending latest start
let byLatest: usize = 0; // i32[K]
let price: usize = 0; // f64[K]
let pool: usize = 0; // i32[K]: scratch for selection
let computeAtB: usize = 0; // f64[N + 1]

export let bspTimedOut: bool = false;
let deadlineMs: f64 = Infinity;

function init(): void {
  latest = reserveF64(K);
  negLatest = reserveF64(K);
  byLatest = reserveI32(K);
  price = reserveF64(K);
  pool = reserveI32(K);
  computeAtB = reserveF64(N + 1);
}

/** Sum of the `take` least prices among pool[0..size), sorting pool; Infinity if fewer. */
function cheapestSum(size: i32, take: i32): f64 {
  if (size < take) return Infinity;
  sortIndicesByKey(pool, size, price);
  let s = 0.0;
  for (let i = 0; i < take; i++) s += getF(price, getI(pool, i));
  return s;
}

/** Latest starts when every task is charged its blocks at batch b; returns how many servable users, sorted latest first. */
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
  sortIndicesByKey(byLatest, m, negLatest);
  return m;
}

let bestTauFound: f64 = 0;

/**
 * Least total bandwidth of b users at any threshold (its tau in bestTauFound);
 * Infinity when none fits. On the time limit the thresholds not yet tried are
 * skipped, after at least the first (the latest start b users allow).
 */
function bestThreshold(b: i32): f64 {
  const m = latestStartsAt(b);
  if (m < b) return Infinity;
  let best = Infinity;
  // Thresholds from the latest start down: users before i are eligible.
  for (let i = b - 1; i < m; i++) {
    const tau = getF(latest, getI(byLatest, i));
    if (i + 1 < m && getF(latest, getI(byLatest, i + 1)) == tau) continue; // take the whole tie group
    if (!(tau > 0.0)) break;
    for (let j = 0; j < m; j++) {
      const k = getI(byLatest, j);
      setF(price, k, wminOf(k, tau));
      setI(pool, j, k);
    }
    // Prices only rise as tau falls: once even the cheapest b of all users overflow, stop.
    if (cheapestSum(m, b) > bandwidthHz) break;
    for (let j = 0; j <= i; j++) setI(pool, j, getI(byLatest, j));
    const cost = cheapestSum(i + 1, b);
    if (cost < best) {
      best = cost;
      bestTauFound = tau;
    }
    if (nowMs() > deadlineMs) {
      bspTimedOut = true;
      break;
    }
  }
  return best <= bandwidthHz ? best : Infinity;
}

/** Flag the b cheapest users eligible at threshold tau. */
function selectAt(b: i32, tau: f64, selected: usize): void {
  const m = latestStartsAt(b);
  let eligible = 0;
  for (let j = 0; j < m; j++) {
    const k = getI(byLatest, j);
    if (getF(latest, k) >= tau) {
      setF(price, k, wminOf(k, tau));
      setI(pool, eligible++, k);
    }
  }
  cheapestSum(eligible, b);
  for (let i = 0; i < b; i++) setI(selected, getI(pool, i), 1);
}

/** Run BSP within a time limit (0: none); flags the chosen users in `selected` (i32[K]). */
export function runBsp(selected: usize, timeLimitMs: f64): void {
  init();
  bspTimedOut = false;
  deadlineMs = timeLimitMs > 0.0 ? nowMs() + timeLimitMs : Infinity;
  const servableCount = countServable();
  let lo = 0; // feasible
  let loTau = 0.0;
  let hi = servableCount < maxBatch ? servableCount : maxBatch;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (bestThreshold(mid) <= bandwidthHz) {
      lo = mid;
      loTau = bestTauFound;
    } else {
      hi = mid - 1;
    }
  }
  for (let k = 0; k < K; k++) setI(selected, k, 0);
  if (lo > 0) selectAt(lo, loTau, selected);
}
