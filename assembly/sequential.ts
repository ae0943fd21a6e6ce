// The schemes without batching (no-batching, conventional): after tau the
// server runs the served tasks one at a time at batch size 1, each through its
// own blocks. For a set, earliest-deadline-first order leaves the most slack,
// so tau(S) = min_i (T_(i) - sum of run times up to and including i) in that
// order. Best effort: for each batch start on a refined grid, users join in
// order of least w^min(tau) while the EDF schedule still meets every deadline
// and the band holds.
import { reserveF64, reserveI32, getF, setF, getI, setI } from "./memory";
import {
  K, maxBatch, bandwidthHz, deadlineS, minExit, servable, aloneComputeS, wminOf,
  outServed, outExit, outBandwidthHz, outRunOrder,
} from "./problem";
import { better } from "./batch";
import { sortIndicesByKey } from "./sort";

let runTime: usize = 0; // f64[K]: blocks 1..e_k at batch 1
let price: usize = 0; // f64[K]
let order: usize = 0; // i32[K]
let edf: usize = 0; // i32[K]: the trial set in deadline order
let bestEdf: usize = 0; // i32[K]
let trialSize: i32 = 0;
let bestSize: i32 = 0;
let bestBand: f64 = 0;
let bestTau: f64 = 0;

/** Latest start of the EDF schedule of edf[0..size) (Infinity when empty). */
function edfTau(list: usize, size: i32): f64 {
  let t = 0.0;
  let tau = Infinity;
  for (let i = 0; i < size; i++) {
    const k = getI(list, i);
    t += getF(runTime, k);
    const slack = getF(deadlineS, k) - t;
    if (slack < tau) tau = slack;
  }
  return tau;
}

/** Insert k into the EDF list if the schedule still starts no earlier than tau. */
function tryInsert(k: i32, tau: f64): bool {
  const t = getF(deadlineS, k);
  let at = trialSize;
  while (at > 0) {
    const j = getI(edf, at - 1);
    const tj = getF(deadlineS, j);
    if (tj < t || (tj == t && j < k)) break;
    at--;
  }
  for (let i = trialSize; i > at; i--) setI(edf, i, getI(edf, i - 1));
  setI(edf, at, k);
  trialSize++;
  if (edfTau(edf, trialSize) >= tau) return true;
  for (let i = at; i < trialSize - 1; i++) setI(edf, i, getI(edf, i + 1));
  trialSize--;
  return false;
}

let lastSize: i32 = 0;
let lastBand: f64 = 0;

/** Build the set for batch start tau; keep it if it beats the best. Returns whether it is feasible. */
function buildAt(tau: f64): bool {
  let m = 0;
  for (let k = 0; k < K; k++) {
    if (getI(servable, k) != 0 && getF(deadlineS, k) - getF(runTime, k) >= tau) {
      setF(price, k, wminOf(k, tau));
      setI(order, m++, k);
    }
  }
  sortIndicesByKey(order, m, price);
  trialSize = 0;
  let used = 0.0;
  for (let i = 0; i < m && trialSize < maxBatch; i++) {
    const k = getI(order, i);
    const w = getF(price, k);
    if (used + w > bandwidthHz) break;
    if (tryInsert(k, tau)) used += w;
  }
  // Judge the set at its own latest start.
  const own = edfTau(edf, trialSize);
  let band = 0.0;
  for (let i = 0; i < trialSize; i++) band += wminOf(getI(edf, i), own);
  if (trialSize > 0 && !(own > 0.0 && band <= bandwidthHz)) return false;
  lastSize = trialSize;
  lastBand = band;
  if (better(trialSize, band, bestSize, bestBand)) {
    bestSize = trialSize;
    bestBand = band;
    bestTau = trialSize > 0 ? own : 0.0;
    for (let i = 0; i < trialSize; i++) setI(bestEdf, i, getI(edf, i));
  }
  return true;
}

/** Run the sequential scheme and write its schedule (served, exits, band, run order). Returns the served count. */
export function runSequential(): i32 {
  runTime = reserveF64(K);
  price = reserveF64(K);
  order = reserveI32(K);
  edf = reserveI32(K + 1);
  bestEdf = reserveI32(K + 1);
  bestSize = 0;
  bestBand = 0;
  bestTau = 0;
  let tauMax = 0.0;
  for (let k = 0; k < K; k++) {
    if (getI(servable, k) != 0) {
      setF(runTime, k, aloneComputeS(getI(minExit, k)));
      const a = getF(deadlineS, k) - getF(runTime, k);
      if (a > tauMax) tauMax = a;
    }
  }
  if (tauMax > 0.0) {
    let lo = 0.0;
    let step = tauMax / 16.0;
    let points = 16;
    for (let round = 0; round < 3; round++) {
      let roundBest = -1;
      let roundBand = Infinity;
      let roundTau = 0.0;
      for (let i = 1; i <= points; i++) {
        const tau = lo + step * <f64>i;
        if (tau > tauMax) break;
        if (buildAt(tau) && better(lastSize, lastBand, roundBest, roundBand)) {
          roundBest = lastSize;
          roundBand = lastBand;
          roundTau = tau;
        }
      }
      if (roundBest < 0) break;
      lo = roundTau - step > 0.0 ? roundTau - step : 0.0;
      step = (2.0 * step) / 9.0;
      points = 8;
    }
    if (bestSize > 0) buildAt(bestTau);
  }
  for (let i = 0; i < bestSize; i++) {
    const k = getI(bestEdf, i);
    setI(outServed, k, 1);
    setI(outExit, k, getI(minExit, k));
    setF(outBandwidthHz, k, wminOf(k, bestTau));
    setI(outRunOrder, i, k);
  }
  return bestSize;
}

export function sequentialTauS(): f64 {
  return bestTau;
}
