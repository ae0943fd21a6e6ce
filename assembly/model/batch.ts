// A batched schedule as a set: from the served set follow the batch sizes
// b_n, the compute time to each exit, the latest batch start tau, and each
// user's bandwidth w^min(tau). Every algorithm judges its candidates here.
import { reserveF64, reserveI32, getF, setF, getI, setI } from "../lib/memory";
import {
  K, N, maxBatch, bandwidthHz, deadlineS, minExit, blockTime, wminOf, reservePriceMemo, memoWmin,
  outServed, outExit, outBandwidthHz,
} from "./problem";

// Scratch of this solve (allocated by `initBatchScratch`).
let countAt: usize = 0; // i32[N + 2]: served users whose exit is exactly e
let batchAt: usize = 0; // i32[N + 2]: b_n
let computeTo: usize = 0; // f64[N + 2]: D_e = sum_{n <= e} t_n(b_n)

export let evalCount: i32 = 0;
export let evalTauS: f64 = 0;
export let evalBandwidthHz: f64 = 0;

// Searches judge many sets at the same start (siblings often relax to the same set).
let judgedPrices: usize = 0;

export function initBatchScratch(): void {
  countAt = reserveI32(N + 2);
  batchAt = reserveI32(N + 2);
  computeTo = reserveF64(N + 2);
  judgedPrices = reservePriceMemo();
}

function judgedPrice(k: i32, tau: f64): f64 {
  return memoWmin(judgedPrices, k, tau);
}

/** b_n from per-exit counts; returns b_1. */
export function batchSizesFromCounts(counts: usize, batch: usize): i32 {
  let running = 0;
  for (let n = N; n >= 1; n--) {
    running += getI(counts, n);
    setI(batch, n, running);
  }
  return running;
}

/** D_e for e = 1..N from batch sizes b_n. */
export function computeTimesFromBatch(batch: usize, out: usize): void {
  let d = 0.0;
  for (let n = 1; n <= N; n++) {
    d += blockTime(n, getI(batch, n));
    setF(out, n, d);
  }
}

/**
 * Evaluate a served set (i32 flags): its size, tau(S) and bandwidth at tau(S).
 * Returns whether it is a feasible schedule.
 */
export function evaluateSelection(selected: usize): bool {
  for (let e = 0; e <= N + 1; e++) setI(countAt, e, 0);
  let count = 0;
  for (let k = 0; k < K; k++) {
    if (getI(selected, k) != 0) {
      const e = getI(minExit, k);
      setI(countAt, e, getI(countAt, e) + 1);
      count++;
    }
  }
  evalCount = count;
  if (count == 0) {
    evalTauS = 0;
    evalBandwidthHz = 0;
    return true;
  }
  batchSizesFromCounts(countAt, batchAt);
  computeTimesFromBatch(batchAt, computeTo);
  let tau = Infinity;
  for (let k = 0; k < K; k++) {
    if (getI(selected, k) != 0) {
      const slack = getF(deadlineS, k) - getF(computeTo, getI(minExit, k));
      if (slack < tau) tau = slack;
    }
  }
  evalTauS = tau;
  let total = 0.0;
  if (tau > 0.0) {
    for (let k = 0; k < K; k++) if (getI(selected, k) != 0) total += judgedPrice(k, tau);
  } else {
    total = Infinity;
  }
  evalBandwidthHz = total;
  return count <= maxBatch && tau > 0.0 && total <= bandwidthHz;
}

/** Write a feasible batched selection as the result (exits at each user's shallowest accurate exit). */
export function writeBatchSchedule(selected: usize): void {
  evaluateSelection(selected);
  for (let k = 0; k < K; k++) {
    if (getI(selected, k) != 0) {
      setI(outServed, k, 1);
      setI(outExit, k, getI(minExit, k));
      setF(outBandwidthHz, k, wminOf(k, evalTauS));
    }
  }
}

/** Is (count, bandwidth) better than (bestCount, bestBandwidth)? More served first, then less band. */
// @ts-ignore: decorator
@inline export function better(count: i32, bw: f64, bestCount: i32, bestBw: f64): bool {
  return count > bestCount || (count == bestCount && bw < bestBw * (1.0 - 1e-12));
}

/** evaluateSelection for a set given as a list of `size` user indices: O(size), not O(K). */
export function evaluateList(list: usize, size: i32): bool {
  for (let e = 0; e <= N + 1; e++) setI(countAt, e, 0);
  evalCount = size;
  if (size == 0) {
    evalTauS = 0;
    evalBandwidthHz = 0;
    return true;
  }
  for (let i = 0; i < size; i++) {
    const e = getI(minExit, getI(list, i));
    setI(countAt, e, getI(countAt, e) + 1);
  }
  batchSizesFromCounts(countAt, batchAt);
  computeTimesFromBatch(batchAt, computeTo);
  let tau = Infinity;
  for (let i = 0; i < size; i++) {
    const k = getI(list, i);
    const slack = getF(deadlineS, k) - getF(computeTo, getI(minExit, k));
    if (slack < tau) tau = slack;
  }
  evalTauS = tau;
  let total = 0.0;
  if (tau > 0.0) {
    for (let i = 0; i < size; i++) total += judgedPrice(getI(list, i), tau);
  } else {
    total = Infinity;
  }
  evalBandwidthHz = total;
  return size <= maxBatch && tau > 0.0 && total <= bandwidthHz;
}

/**
 * Laminar caps: may one more task exiting at `exit` pass blocks 1..exit
 * without any block exceeding its cap? (`through[n]` tasks pass block n now,
 * at most `caps[n]` may.)
 */
export function roomWithin(through: usize, caps: usize, exit: i32): bool {
  for (let n = 1; n <= exit; n++) if (getI(through, n) >= getI(caps, n)) return false;
  return true;
}

/** Count one more task exiting at `exit` through blocks 1..exit. */
export function passThrough(through: usize, exit: i32): void {
  for (let n = 1; n <= exit; n++) setI(through, n, getI(through, n) + 1);
}

/**
 * Would every task still meet its deadline at start tau if one more task
 * exiting at `exit` (deadline `deadline`) joined? `batch[n]`: tasks through
 * block n now; `earliestDeadline[e]`: the earliest deadline of those exiting at e.
 */
export function fitsWithOneMore(batch: usize, earliestDeadline: usize, exit: i32, deadline: f64, tau: f64): bool {
  let d = 0.0;
  for (let n = 1; n <= N; n++) {
    const b = getI(batch, n) + (n <= exit ? 1 : 0);
    if (b == 0) break;
    d += blockTime(n, b);
    let earliest = getF(earliestDeadline, n);
    if (n == exit && deadline < earliest) earliest = deadline;
    if (tau + d > earliest) return false;
  }
  return true;
}
