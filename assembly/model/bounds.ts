// Cheap proved upper bounds on the number of tasks any schedule can serve.
import { reserveF64, reserveI32, getF, setF, getI, setI } from "../lib/memory";
import { K, maxBatch, bandwidthHz, deadlineS, minExit, servable, aloneComputeS, weightOf, wminOf } from "./problem";
import { countLeastWithin, sortIndicesByKeyOrStop } from "../lib/sort";
import { timeUpAt } from "../lib/clock";

/** Latest batch start user k could ever have: alone, it leaves the most slack. */
export function latestStartS(k: i32): f64 {
  return getF(deadlineS, k) - aloneComputeS(getI(minExit, k));
}

export function countServable(): i32 {
  let c = 0;
  for (let k = 0; k < K; k++) c += getI(servable, k);
  return c;
}

/**
 * Every served user needs at least w^min at its own latest start, so the
 * cheapest such amounts must fit in the band; also |S| <= maxBatch.
 */
export function bandwidthRelaxationBound(): i32 {
  const cost = reserveF64(K);
  const idx = reserveI32(K);
  const servableCount = countServable();
  // Out of time: every servable user, within the batch limit, is still a bound.
  const fallback = servableCount < maxBatch ? servableCount : maxBatch;
  let m = 0;
  for (let k = 0; k < K; k++) {
    if (timeUpAt(k)) return fallback;
    if (getI(servable, k) != 0) {
      setF(cost, k, wminOf(k, latestStartS(k)));
      setI(idx, m++, k);
    }
  }
  const count = countLeastWithin(idx, m, cost, bandwidthHz, false, maxBatch);
  return count < 0 ? fallback : count;
}

/** Run one at a time, the served tasks' run times add up within the latest deadline (tau > 0). */
export function sequentialComputeBound(): i32 {
  const runTime = reserveF64(K);
  const idx = reserveI32(K);
  let m = 0;
  let latestDeadline = 0.0;
  for (let k = 0; k < K; k++) {
    if (getI(servable, k) != 0) {
      setF(runTime, k, aloneComputeS(getI(minExit, k)));
      setI(idx, m++, k);
      if (getF(deadlineS, k) > latestDeadline) latestDeadline = getF(deadlineS, k);
    }
  }
  const count = countLeastWithin(idx, m, runTime, latestDeadline, true, m);
  return count < 0 ? m : count;
}

/** Do all servable users share one exit? Then BSP's compute charge is exact. */
export function servableShareOneExit(): bool {
  let exit = -1;
  for (let k = 0; k < K; k++) {
    if (getI(servable, k) != 0) {
      const e = getI(minExit, k);
      if (exit < 0) exit = e;
      else if (e != exit) return false;
    }
  }
  return true;
}

/**
 * With weights, a proved bound on the served weight: the least of (a) the
 * fractional knapsack of the servable users, each costing w^min at its own
 * latest start, by weight per hertz (the LP of the band relaxation above), and
 * (b) the `countBound` heaviest servable users (no schedule serves more tasks).
 */
export function weightRelaxationBound(countBound: i32): f64 {
  const cost = reserveF64(K);
  const key = reserveF64(K);
  const idx = reserveI32(K);
  let m = 0;
  let all = 0.0;
  for (let k = 0; k < K; k++) {
    if (getI(servable, k) != 0) {
      setI(idx, m++, k);
      all += weightOf(k);
    }
  }
  for (let i = 0; i < m; i++) {
    if (timeUpAt(i)) return all;
    const k = getI(idx, i);
    const w = wminOf(k, latestStartS(k));
    setF(cost, k, w);
    setF(key, k, -weightOf(k) / w);
  }
  if (!sortIndicesByKeyOrStop(idx, m, key)) return all;
  let band = 0.0;
  let fractional = 0.0;
  for (let i = 0; i < m; i++) {
    const k = getI(idx, i);
    const w = getF(cost, k);
    if (band + w <= bandwidthHz) {
      band += w;
      fractional += weightOf(k);
    } else {
      fractional += (weightOf(k) * (bandwidthHz - band)) / w;
      break;
    }
  }
  for (let i = 0; i < m; i++) setF(key, getI(idx, i), -weightOf(getI(idx, i)));
  if (!sortIndicesByKeyOrStop(idx, m, key)) return fractional < all ? fractional : all;
  let heaviest = 0.0;
  for (let i = 0; i < m && i < countBound; i++) heaviest += weightOf(getI(idx, i));
  return fractional < heaviest ? fractional : heaviest;
}
