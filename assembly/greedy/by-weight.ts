// The greedy with users' weights: for a batch start tau on a grid (refined
// around the best), the users who could start at tau are ranked by band per
// unit weight, w^min(tau) / v_k (and, as a second pass, heaviest first), and
// join in rank order while the band holds and every task taken so far still
// meets its deadline with the batch sizes actually formed. Sets are judged at
// their own latest start, by served weight, then band.
import { timeUp } from "../lib/clock";
import { getF, getI, reserveF64, reserveI32, setF, setI } from "../lib/memory";
import { sortIndicesByKeyOrStop } from "../lib/sort";
import { evalBandwidthHz, evalCount, evaluateList, fitsWithOneMore } from "../model/batch";
import { latestStartS } from "../model/bounds";
import { K, N, bandwidthHz, deadlineS, maxBatch, minExit, servable, weightOf, wminOf } from "../model/problem";
import { betterByWeight } from "../model/result";

const COARSE_POINTS: i32 = 8;
const FINE_POINTS: i32 = 5;
const REFINEMENTS: i32 = 2;

let latestOf: usize = 0; // f64[K]: latest start, -Infinity for the unservable
let price: usize = 0; // f64[K]
let key: usize = 0; // f64[K]: the ranking key
let ranked: usize = 0; // i32[K]
let trial: usize = 0; // i32[K]
let trialSize: i32 = 0;
let batchAt: usize = 0; // i32[N + 2]
let minDeadlineAt: usize = 0; // f64[N + 2]
let bestList: usize = 0; // i32[K]
let bestSize: i32 = 0;
let bestWeight: f64 = 0;
let bestBand: f64 = 0;
let localWeight: f64 = 0; // the best weight found at the start being tried

/** One insertion pass over ranked[0..m) at start tau; judges the set built. */
function insertion(tau: f64, m: i32): void {
  for (let n = 0; n <= N + 1; n++) {
    setI(batchAt, n, 0);
    setF(minDeadlineAt, n, Infinity);
  }
  trialSize = 0;
  let used = 0.0;
  for (let i = 0; i < m && trialSize < maxBatch; i++) {
    const k = getI(ranked, i);
    const w = getF(price, k);
    if (used + w > bandwidthHz) continue;
    const e = getI(minExit, k);
    const deadline = getF(deadlineS, k);
    if (!fitsWithOneMore(batchAt, minDeadlineAt, e, deadline, tau)) continue;
    setI(trial, trialSize++, k);
    used += w;
    for (let n = 1; n <= e; n++) setI(batchAt, n, getI(batchAt, n) + 1);
    if (deadline < getF(minDeadlineAt, e)) setF(minDeadlineAt, e, deadline);
  }
  if (!evaluateList(trial, trialSize) || evalCount == 0) return;
  let weight = 0.0;
  for (let i = 0; i < trialSize; i++) weight += weightOf(getI(trial, i));
  if (weight > localWeight) localWeight = weight;
  if (!betterByWeight(weight, evalBandwidthHz, bestWeight, bestSize == 0 ? Infinity : bestBand)) return;
  bestWeight = weight;
  bestBand = evalBandwidthHz;
  bestSize = trialSize;
  for (let i = 0; i < trialSize; i++) setI(bestList, i, getI(trial, i));
}

/** Both passes at start tau. */
function tryStart(tau: f64): void {
  localWeight = 0.0;
  let m = 0;
  for (let k = 0; k < K; k++) {
    if (!(getF(latestOf, k) >= tau)) continue;
    const w = wminOf(k, tau);
    if (!(w <= bandwidthHz)) continue;
    setF(price, k, w);
    setF(key, k, w / weightOf(k));
    setI(ranked, m++, k);
  }
  if (!sortIndicesByKeyOrStop(ranked, m, key)) return;
  insertion(tau, m);
  for (let i = 0; i < m; i++) setF(key, getI(ranked, i), -weightOf(getI(ranked, i)));
  if (!sortIndicesByKeyOrStop(ranked, m, key)) return;
  insertion(tau, m);
}

/** The greedy by weight; flags the chosen users in `best` (i32[K]). */
export function runGreedyByWeight(best: usize): void {
  latestOf = reserveF64(K);
  price = reserveF64(K);
  key = reserveF64(K);
  ranked = reserveI32(K);
  trial = reserveI32(K);
  bestList = reserveI32(K);
  batchAt = reserveI32(N + 2);
  minDeadlineAt = reserveF64(N + 2);
  bestSize = 0;
  bestWeight = 0.0;
  bestBand = 0.0;
  let tauMax = 0.0;
  for (let k = 0; k < K; k++) {
    setI(best, k, 0);
    const a = getI(servable, k) != 0 ? latestStartS(k) : -Infinity;
    setF(latestOf, k, a);
    if (a > tauMax) tauMax = a;
  }
  if (!(tauMax > 0.0)) return;
  let lo = 0.0;
  let step = tauMax / <f64>COARSE_POINTS;
  let points = COARSE_POINTS;
  for (let round = 0; round <= REFINEMENTS; round++) {
    let bestTau = -1.0;
    let most = 0.0;
    for (let i = 1; i <= points; i++) {
      const tau = lo + step * <f64>i;
      if (tau > tauMax || timeUp()) break;
      tryStart(tau);
      if (localWeight > most) {
        most = localWeight;
        bestTau = tau;
      }
    }
    if (bestTau < 0.0) break;
    lo = bestTau - step;
    if (lo < 0.0) lo = 0.0;
    step = (2.0 * step) / <f64>(FINE_POINTS + 1);
    points = FINE_POINTS;
  }
  for (let i = 0; i < bestSize; i++) setI(best, getI(bestList, i), 1);
}
