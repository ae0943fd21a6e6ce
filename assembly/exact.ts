// The exact solver: branch and bound over (batch start tau, batch sizes).
//
// A node is a tau interval (lo, hi] and a box lo_n <= b_n <= hi_n of batch
// sizes. Its relaxation is solved exactly by a greedy: users priced at
// w^min(hi) (prices only fall as tau grows), eligible if their deadline allows
// a start after lo with the compute times of the smallest batches
// (T_k - D_{e_k}(b_lo) > lo), and capped by the largest batches (at most hi_n
// tasks through block n). The caps are nested sets, a laminar matroid, so
// taking users cheapest first while the caps allow gives, for every size r,
// the least band any r-set of the node can use: an upper bound on the served
// count, and a lower bound on the band at the incumbent's count.
//
// When the box is one point and no user's latest start falls strictly inside
// (lo, hi), the relaxation is the problem itself at tau = hi: the node is
// solved. Otherwise split tau at the median latest start inside the interval,
// or the widest batch-size range at its middle. Every greedy set is also
// evaluated exactly, as a candidate schedule. The search is depth-first from
// the greedy heuristic's schedule; on a time limit, the bounds of the nodes not
// yet explored give the proved upper bound.
import { reserveF64, reserveI32, getF, setF, getI, setI } from "./memory";
import { K, N, maxBatch, bandwidthHz, deadlineS, minExit, servable, wminOf } from "./problem";
import { evaluateSelection, evalCount, evalBandwidthHz, computeTimesFromBatch, better } from "./batch";
import { latestStartS } from "./bounds";
import { sortIndicesByKey } from "./sort";
import { nowMs } from "./clock";

const MAX_LEVELS: i32 = 4096; // price tables: one per tau split along a path
const MAX_DEPTH: i32 = 8192;
const TAU_SPLIT_WIDTH: f64 = 0.05; // split tau first while (hi - lo) > this * hi

let users: usize = 0; // i32[Ks] servable users
let userCount: i32 = 0;
let levelPrice: usize = 0; // i32[MAX_LEVELS] -> f64[K]
let levelOrder: usize = 0; // i32[MAX_LEVELS] -> i32[Ks]
let levelTau: usize = 0; // f64[MAX_LEVELS]
let nodeBox: usize = 0; // i32[MAX_DEPTH] -> i32[2 (N + 2)]: b_lo then b_hi
let relaxedSet: usize = 0; // i32[K]
let capUsed: usize = 0; // i32[N + 2]
let computeLo: usize = 0; // f64[N + 2]
let breakValue: usize = 0; // f64[K]
let breakIdx: usize = 0; // i32[K]

let incumbent: usize = 0; // i32[K]
let bestCount: i32 = 0;
let bestBandwidth: f64 = 0;
let deadlineMs: f64 = Infinity;
let timedOut: bool = false;
let openBound: i32 = 0;
let rootBound: i32 = 0;
export let exactNodes: f64 = 0;

function boxOf(depth: i32): usize {
  let p = <usize>getI(nodeBox, depth);
  if (p == 0) {
    p = reserveI32(2 * (N + 2));
    setI(nodeBox, depth, <i32>p);
  }
  return p;
}
// @ts-ignore: decorator
@inline function lowOf(box: usize, n: i32): i32 {
  return getI(box, n);
}
// @ts-ignore: decorator
@inline function highOf(box: usize, n: i32): i32 {
  return getI(box, N + 2 + n);
}

/** Prices at tau = `tau` for level `level`, and users sorted by them. */
function fillLevel(level: i32, tau: f64): void {
  let price = <usize>getI(levelPrice, level);
  if (price == 0) {
    price = reserveF64(K);
    setI(levelPrice, level, <i32>price);
    setI(levelOrder, level, <i32>reserveI32(userCount));
  }
  const order = <usize>getI(levelOrder, level);
  for (let i = 0; i < userCount; i++) {
    const k = getI(users, i);
    setF(price, k, wminOf(k, tau));
    setI(order, i, k);
  }
  sortIndicesByKey(order, userCount, price);
  setF(levelTau, level, tau);
}

let relaxedBandAtBest: f64 = 0;

/** Solve the node's relaxation; flags its set in relaxedSet and returns its size. */
function relax(lo: f64, level: i32, box: usize): i32 {
  for (let n = 0; n <= N + 1; n++) setI(capUsed, n, lowOf(box, n));
  computeTimesFromBatch(capUsed, computeLo); // compute times of the smallest batches
  for (let n = 0; n <= N + 1; n++) setI(capUsed, n, 0);
  for (let k = 0; k < K; k++) setI(relaxedSet, k, 0);
  const price = <usize>getI(levelPrice, level);
  const order = <usize>getI(levelOrder, level);
  let count = 0;
  let used = 0.0;
  relaxedBandAtBest = bestCount == 0 ? 0.0 : Infinity;
  for (let i = 0; i < userCount; i++) {
    const k = getI(order, i);
    const w = getF(price, k);
    if (used + w > bandwidthHz) break; // ascending prices: nobody later fits
    const e = getI(minExit, k);
    if (!(getF(deadlineS, k) - getF(computeLo, e) > lo)) continue;
    let room = true;
    for (let n = 1; n <= e; n++) {
      if (getI(capUsed, n) >= highOf(box, n)) {
        room = false;
        break;
      }
    }
    if (!room) continue;
    for (let n = 1; n <= e; n++) setI(capUsed, n, getI(capUsed, n) + 1);
    setI(relaxedSet, k, 1);
    used += w;
    count++;
    if (count == bestCount) relaxedBandAtBest = used;
  }
  return count;
}

function isPoint(box: usize): bool {
  for (let n = 1; n <= N; n++) if (lowOf(box, n) != highOf(box, n)) return false;
  return true;
}

/** Median of the distinct latest starts strictly inside (lo, hi) under the box's smallest batches; NaN if none. */
function tauSplitPoint(lo: f64, hi: f64): f64 {
  let m = 0;
  for (let i = 0; i < userCount; i++) {
    const k = getI(users, i);
    const a = getF(deadlineS, k) - getF(computeLo, getI(minExit, k));
    if (a > lo && a < hi) {
      setF(breakValue, k, a);
      setI(breakIdx, m++, k);
    }
  }
  if (m == 0) return NaN;
  sortIndicesByKey(breakIdx, m, breakValue);
  return getF(breakValue, getI(breakIdx, m >> 1));
}

function copyBox(from: usize, to: usize): void {
  for (let i = 0; i < 2 * (N + 2); i++) setI(to, i, getI(from, i));
}

function explore(lo: f64, hi: f64, depth: i32, level: i32, inherited: i32): void {
  exactNodes += 1;
  if (!timedOut && (<i64>exactNodes & 31) == 0 && nowMs() > deadlineMs) timedOut = true;
  if (timedOut || depth + 2 >= MAX_DEPTH || level + 1 >= MAX_LEVELS) {
    timedOut = true;
    if (inherited > openBound) openBound = inherited;
    return;
  }
  const box = boxOf(depth);
  const bound = relax(lo, level, box);
  if (depth == 0) rootBound = bound;
  if (bound < bestCount || (bound == bestCount && relaxedBandAtBest >= bestBandwidth * (1.0 - 1e-12))) return;
  if (evaluateSelection(relaxedSet) && better(evalCount, evalBandwidthHz, bestCount, bestBandwidth)) {
    bestCount = evalCount;
    bestBandwidth = evalBandwidthHz;
    for (let k = 0; k < K; k++) setI(incumbent, k, getI(relaxedSet, k));
  }
  const point = isPoint(box);
  const child = boxOf(depth + 1);
  if (point || hi - lo > TAU_SPLIT_WIDTH * hi) {
    const v = tauSplitPoint(lo, hi);
    if (!isNaN(v)) {
      copyBox(box, child);
      explore(v, hi, depth + 1, level, bound);
      fillLevel(level + 1, v);
      copyBox(box, child);
      explore(lo, v, depth + 1, level + 1, bound);
      return;
    }
    if (point) return; // the relaxation was exact here and its set already judged
  }
  // Split the widest batch-size range; b_1 >= b_2 >= ... >= b_N keeps the box consistent.
  let widest = 1;
  for (let n = 2; n <= N; n++) {
    if (highOf(box, n) - lowOf(box, n) > highOf(box, widest) - lowOf(box, widest)) widest = n;
  }
  const mid = (lowOf(box, widest) + highOf(box, widest)) >> 1;
  copyBox(box, child);
  for (let n = 1; n <= widest; n++) if (lowOf(child, n) < mid + 1) setI(child, n, mid + 1);
  if (consistent(child)) explore(lo, hi, depth + 1, level, bound);
  copyBox(box, child);
  for (let n = widest; n <= N; n++) if (highOf(child, n) > mid) setI(child, N + 2 + n, mid);
  if (consistent(child)) explore(lo, hi, depth + 1, level, bound);
}

function consistent(box: usize): bool {
  for (let n = 1; n <= N; n++) if (lowOf(box, n) > highOf(box, n)) return false;
  return true;
}

export let exactOptimal: bool = false;
export let exactUpperBound: i32 = 0;

/**
 * Run the exact search from an incumbent (flags in `best`, typically the
 * greedy's); leaves the optimum (or the best found) in `best`.
 */
export function runExact(best: usize, timeLimitMs: f64, upperLimit: i32): void {
  userCount = 0;
  users = reserveI32(K);
  for (let k = 0; k < K; k++) if (getI(servable, k) != 0) setI(users, userCount++, k);
  levelPrice = reserveI32(MAX_LEVELS);
  levelOrder = reserveI32(MAX_LEVELS);
  levelTau = reserveF64(MAX_LEVELS);
  nodeBox = reserveI32(MAX_DEPTH);
  relaxedSet = reserveI32(K);
  capUsed = reserveI32(N + 2);
  computeLo = reserveF64(N + 2);
  breakValue = reserveF64(K);
  breakIdx = reserveI32(K);
  incumbent = best;
  exactNodes = 0;
  timedOut = false;
  openBound = 0;
  deadlineMs = timeLimitMs > 0.0 ? nowMs() + timeLimitMs : Infinity;

  evaluateSelection(best);
  bestCount = evalCount;
  bestBandwidth = evalBandwidthHz;

  let hi = 0.0;
  for (let i = 0; i < userCount; i++) {
    const a = latestStartS(getI(users, i));
    if (a > hi) hi = a;
  }
  const root = boxOf(0);
  for (let n = 0; n <= N + 1; n++) {
    setI(root, n, 0);
    setI(root, N + 2 + n, 0);
  }
  for (let i = 0; i < userCount; i++) {
    const e = getI(minExit, getI(users, i));
    for (let n = 1; n <= e; n++) setI(root, N + 2 + n, highOf(root, n) + 1);
  }
  for (let n = 1; n <= N; n++) if (highOf(root, n) > maxBatch) setI(root, N + 2 + n, maxBatch);

  rootBound = 0;
  if (userCount > 0 && hi > 0.0) {
    fillLevel(0, hi);
    explore(0.0, hi, 0, 0, upperLimit);
  }
  exactOptimal = !timedOut;
  let ub = timedOut ? (openBound > bestCount ? openBound : bestCount) : bestCount;
  if (ub > upperLimit && upperLimit >= bestCount) ub = upperLimit;
  exactUpperBound = ub;
}
