// Better schedules at the same batch sizes. Given a served set, keep how many
// tasks leave at each exit (so every block's batch size and compute time stay
// as they are) and choose, for a batch start tau, the cheapest users of each
// exit class among those whose deadlines allow tau. Starting at the set's own
// tau this can only lower the band (the set itself is one of the choices);
// slightly earlier starts admit more users at higher prices, and are tried too.
// exact runs this on its incumbent before proving the least band: a cheaper
// incumbent prunes more.
import { reserveF64, reserveI32, getF, setF, getI, setI } from "./memory";
import { K, N, bandwidthHz, deadlineS, minExit, servable, wminOf } from "./problem";
import { evaluateList, evalCount, evalBandwidthHz, better, batchSizesFromCounts, computeTimesFromBatch } from "./batch";
import { sortIndicesByKeyOrStop } from "./sort";
import { timeUp, timeUpAt } from "./clock";

let slack: usize = 0; // f64[K]: latest start of each user under the set's batch sizes
let price: usize = 0; // f64[K]
let byPrice: usize = 0; // i32[K]
let chosen: usize = 0; // i32[K]: the new set as a list
let quota: usize = 0; // i32[N + 2]: tasks per exit class, then what is left to fill
let left: usize = 0; // i32[N + 2]
let batch: usize = 0; // i32[N + 2]
let computeTo: usize = 0; // f64[N + 2]

// Starts tried: the latest the class counts allow, then earlier by 0.5% steps
// doubling (0.5, 1, 2, 4, 8%).
const EARLIER_STARTS: i32 = 5;

function startFraction(i: i32): f64 {
  return i == 0 ? 1.0 : 1.0 - 0.005 * <f64>(1 << (i - 1));
}

/** The cheapest set with `quota` tasks per exit class at start tau, in `chosen`; its size (-1: out of time). */
function cheapestAt(tau: f64): i32 {
  let m = 0;
  for (let k = 0; k < K; k++) {
    if (timeUpAt(k)) return -1;
    if (getI(servable, k) == 0 || getF(slack, k) < tau) continue;
    setF(price, k, wminOf(k, tau));
    setI(byPrice, m++, k);
  }
  if (!sortIndicesByKeyOrStop(byPrice, m, price)) return -1;
  for (let e = 0; e <= N + 1; e++) setI(left, e, getI(quota, e));
  let size = 0;
  for (let i = 0; i < m; i++) {
    const k = getI(byPrice, i);
    const e = getI(minExit, k);
    if (getI(left, e) == 0) continue;
    setI(left, e, getI(left, e) - 1);
    setI(chosen, size++, k);
  }
  return size;
}

/**
 * Improve the set flagged in `selected` (i32[K]) at its exit-class counts;
 * rewrites it if a cheaper set of the same size is found. Returns whether it did.
 */
export function exchangeAtSameCounts(selected: usize): bool {
  slack = reserveF64(K);
  price = reserveF64(K);
  byPrice = reserveI32(K);
  chosen = reserveI32(K);
  quota = reserveI32(N + 2);
  left = reserveI32(N + 2);
  batch = reserveI32(N + 2);
  computeTo = reserveF64(N + 2);
  let size = 0;
  for (let k = 0; k < K; k++) {
    if (getI(selected, k) == 0) continue;
    const e = getI(minExit, k);
    setI(quota, e, getI(quota, e) + 1);
    setI(chosen, size++, k);
  }
  if (size == 0 || !evaluateList(chosen, size)) return false;
  let bestCount = evalCount;
  let bestBand = evalBandwidthHz;
  batchSizesFromCounts(quota, batch);
  computeTimesFromBatch(batch, computeTo);
  for (let k = 0; k < K; k++) setF(slack, k, getF(deadlineS, k) - getF(computeTo, getI(minExit, k)));
  // The latest start the class counts allow: the quota-th largest slack of every class, at most.
  let tauMax = Infinity;
  for (let e = 1; e <= N; e++) {
    const need = getI(quota, e);
    if (need == 0) continue;
    let m = 0;
    for (let k = 0; k < K; k++) {
      if (getI(servable, k) != 0 && getI(minExit, k) == e) {
        setF(price, k, -getF(slack, k));
        setI(byPrice, m++, k);
      }
    }
    if (!sortIndicesByKeyOrStop(byPrice, m, price)) return false;
    const t = getF(slack, getI(byPrice, need - 1));
    if (t < tauMax) tauMax = t;
  }
  let improved = false;
  for (let i = 0; i <= EARLIER_STARTS && !timeUp(); i++) {
    const tau = tauMax * startFraction(i);
    if (!(tau > 0.0)) break;
    if (cheapestAt(tau) != size) continue;
    if (!evaluateList(chosen, size)) continue;
    if (better(evalCount, evalBandwidthHz, bestCount, bestBand) && evalBandwidthHz <= bandwidthHz) {
      bestCount = evalCount;
      bestBand = evalBandwidthHz;
      for (let k = 0; k < K; k++) setI(selected, k, 0);
      for (let j = 0; j < size; j++) setI(selected, getI(chosen, j), 1);
      improved = true;
    }
  }
  return improved;
}
