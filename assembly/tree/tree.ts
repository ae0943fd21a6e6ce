// The paper's optimal method: a sequential search over the batch size M from
// an upper bound down, and for each M a depth-first tree search over users
// (include, then exclude) with online pruning:
//  - a partial set that is already infeasible (feasibility is downward closed);
//  - too few users left to reach M, counting only users that fit with the
//    partial set one at a time, or too much band even with the cheapest;
//  - a bound from the greedy solution: sizes up to the greedy's are reached
//    already, and a partial set whose band (which only grows as users join)
//    is no less than the best complete set's cannot lead to a better one.
// The first M with a feasible set is the optimum; for it the search continues
// for the least band.
import { runGreedy } from "../greedy/greedy";
import { timeUp, timeUpAt } from "../lib/clock";
import { getF, getI, reserveF64, reserveI32, setF, setI } from "../lib/memory";
import { sortIndicesByKeyOrStop } from "../lib/sort";
import { evalBandwidthHz, evalCount, evaluateSelection } from "../model/batch";
import { latestStartS } from "../model/bounds";
import {
  K, N, bandwidthHz, blockTime, deadlineS, maxBatch, minExit, servable, wminOf,
} from "../model/problem";
import { batchedTauS, writeBatched, writeResult } from "../model/result";

let users: usize = 0; // i32[Ks] servable users in search order
let joinable: usize = 0; // i32[Ks]: users that fit with the partial set alone
let joinPrice: usize = 0; // f64[K]: their w^min at that start
let userCount: i32 = 0;
let chosen: usize = 0; // i32[Ks] the partial set (user indices)
let countAt: usize = 0; // i32[N + 2] users exiting at e
let deadlinesAt: usize = 0; // f64[(N + 2) * (Ks + 1)]: per exit, a stack of running minimum deadlines
let depthAt: usize = 0; // i32[N + 2]: stack height per exit
let target: i32 = 0;
let bestBand: f64 = Infinity;
let found: bool = false;
let best: usize = 0;
export let treeNodes: f64 = 0;
export let treeTimedOut: bool = false;

/** tau of the partial set, from the per-exit counts and earliest deadlines. */
function partialTau(): f64 {
  let tau = Infinity;
  let d = 0.0;
  let through = 0;
  for (let n = N; n >= 1; n--) through += getI(countAt, n);
  let remaining = through;
  for (let n = 1; n <= N; n++) {
    if (remaining == 0) break;
    d += blockTime(n, remaining);
    const c = getI(countAt, n);
    if (c > 0) {
      const earliest = getF(deadlinesAt, n * (userCount + 1) + getI(depthAt, n) - 1);
      if (earliest - d < tau) tau = earliest - d;
    }
    remaining -= c;
  }
  return tau;
}

function partialBand(size: i32, tau: f64): f64 {
  let total = 0.0;
  for (let i = 0; i < size; i++) {
    total += wminOf(getI(chosen, i), tau);
    if (total > bandwidthHz) return Infinity;
  }
  return total;
}

function push(k: i32, size: i32): void {
  const e = getI(minExit, k);
  setI(chosen, size, k);
  setI(countAt, e, getI(countAt, e) + 1);
  const h = getI(depthAt, e);
  const prev = h > 0 ? getF(deadlinesAt, e * (userCount + 1) + h - 1) : Infinity;
  const t = getF(deadlineS, k);
  setF(deadlinesAt, e * (userCount + 1) + h, t < prev ? t : prev);
  setI(depthAt, e, h + 1);
}

function pop(k: i32): void {
  const e = getI(minExit, k);
  setI(countAt, e, getI(countAt, e) - 1);
  setI(depthAt, e, getI(depthAt, e) - 1);
}

/**
 * Can the partial set of `size` users still grow to the target? Every user a
 * completion adds must fit with the partial set on its own (feasibility is
 * downward closed), and then starts no later than with the partial set and
 * itself alone, so it costs at least w^min at that start, as the partial
 * set's users cost at least their price at its own start. Too few users that
 * fit, or a band over the limit (or over the best complete set's) even with
 * the cheapest of them, means no completion reaches the target.
 */
function canComplete(next: i32, size: i32): bool {
  const needed = target - size;
  if (needed <= 0) return true;
  const base = size > 0 ? partialBand(size, partialTau()) : 0.0;
  let count = 0;
  for (let i = next; i < userCount; i++) {
    if (treeTimedOut || timeUpAt(i)) {
      treeTimedOut = true;
      return true;
    }
    const k = getI(users, i);
    push(k, size);
    const tau = partialTau();
    if (tau > 0.0 && partialBand(size + 1, tau) < bestBand * (1.0 - 1e-12)) {
      setF(joinPrice, k, wminOf(k, tau));
      setI(joinable, count++, k);
    }
    pop(k);
  }
  if (count < needed) return false;
  if (!sortIndicesByKeyOrStop(joinable, count, joinPrice)) {
    treeTimedOut = true;
    return true;
  }
  let band = base;
  for (let i = 0; i < needed; i++) band += getF(joinPrice, getI(joinable, i));
  return band <= bandwidthHz && band < bestBand * (1.0 - 1e-12);
}

function search(next: i32, size: i32): void {
  treeNodes += 1;
  if (!treeTimedOut && timeUp()) treeTimedOut = true;
  if (treeTimedOut) return;
  if (size == target) {
    const tau = partialTau();
    const band = partialBand(size, tau);
    if (band < bestBand) {
      bestBand = band;
      found = true;
      for (let k = 0; k < K; k++) setI(best, k, 0);
      for (let i = 0; i < size; i++) setI(best, getI(chosen, i), 1);
    }
    return;
  }
  if (size + (userCount - next) < target) return;
  // Every user a completion adds must fit with the partial set on its own (downward
  // closure); too few such users left means no completion reaches the target.
  if (!canComplete(next, size)) return;
  const k = getI(users, next);
  push(k, size);
  const tau = partialTau();
  if (tau > 0.0 && partialBand(size + 1, tau) < bestBand * (1.0 - 1e-12)) search(next + 1, size + 1);
  pop(k);
  search(next + 1, size);
}

export let treeCount: i32 = 0;
export let treeUpperBound: i32 = 0;

/**
 * Run the tree search from the greedy schedule in `incumbentFlags` (overwritten
 * with the best found) below the proved bound `upper`.
 */
export function runTree(incumbentFlags: usize, upper: i32): void {
  best = incumbentFlags;
  userCount = 0;
  users = reserveI32(K);
  const key = reserveF64(K);
  evaluateSelection(best);
  treeTimedOut = false;
  for (let k = 0; k < K; k++) {
    if (timeUpAt(k)) {
      treeTimedOut = true;
      break;
    }
    if (getI(servable, k) != 0) {
      setI(users, userCount++, k);
      setF(key, k, wminOf(k, latestStartS(k))); // best channels first
    }
  }
  if (treeTimedOut || !sortIndicesByKeyOrStop(users, userCount, key)) {
    // Out of time before the search: the incumbent stands, the bound from outside too.
    treeTimedOut = true;
    treeNodes = 0;
    treeCount = evalCount;
    treeUpperBound = upper > evalCount ? upper : evalCount;
    return;
  }
  chosen = reserveI32(userCount + 1);
  joinable = reserveI32(userCount + 1);
  joinPrice = reserveF64(K);
  countAt = reserveI32(N + 2);
  depthAt = reserveI32(N + 2);
  deadlinesAt = reserveF64((N + 2) * (userCount + 1));
  treeNodes = 0;

  evaluateSelection(best);
  const greedyCount = evalCount;
  const greedyBand = evalBandwidthHz;
  let m = upper < userCount ? upper : userCount;
  if (m > maxBatch) m = maxBatch;
  treeCount = greedyCount;
  treeUpperBound = greedyCount;
  for (; m >= greedyCount && m > 0; m--) {
    target = m;
    found = false;
    bestBand = m == greedyCount ? greedyBand : Infinity;
    search(0, 0);
    if (treeTimedOut) {
      treeUpperBound = m; // sizes above m were proved infeasible
      return;
    }
    if (found || m == greedyCount) {
      treeCount = m;
      treeUpperBound = m;
      return;
    }
  }
  treeUpperBound = treeCount;
}

/** The tree search from the greedy's schedule as the run's algorithm: its schedule and result record. */
export function solveTree(selected: usize, bound: i32): void {
  runGreedy(selected, bound);
  runTree(selected, bound);
  writeBatched(selected);
  writeResult(batchedTauS(), !treeTimedOut, treeUpperBound, treeNodes, 0);
}
