// Tightening a node's box before it is relaxed: the floors and caps any set of
// the target size must meet (propagateBox), the caps the deadlines allow
// (capByDeadlines), and in the band phase the joint floors and caps of the
// third relaxation (tightenJoint).
import { getF, getI, reserveF64, setF, setI } from "../lib/memory";
import { N, blockTime, minExit } from "../model/problem";
import { consistent, highOf, lowOf, setHigh, setLow } from "./box";
import { computeLatest } from "./latest";
import { mergeClassPrices, takeFirst } from "./slopes";
import {
  byLatest, chainTo, computeLo, eligibleAt, eligibleCount, jointG, jointH, jointLen, jointRowLength,
  jointRows, jointStart, jointValue, latest,
} from "./state";

/**
 * Tighten the box to what any set of at least `target` tasks must satisfy: at
 * most (eligible users exiting before n) leave before block n, so
 * b_n >= target - that; no more tasks pass block n than eligible users exiting
 * at n or later. Raising the smallest batches lengthens compute times and
 * shrinks eligibility, so repeat to a fixed point. False if the box empties.
 */
export function propagateBox(box: usize, lo: f64, target: i32): bool {
  for (let round = 0; round <= N + 1; round++) {
    computeLatest(box, lo);
    if (target <= 0) return true;
    let changed = false;
    let before = 0;
    let through = 0;
    for (let e = 1; e <= N; e++) through += getI(eligibleAt, e);
    for (let n = 1; n <= N; n++) {
      if (through < highOf(box, n)) setHigh(box, n, through);
      const need = target - before;
      if (need > lowOf(box, n)) {
        setLow(box, n, need);
        changed = true;
      }
      before += getI(eligibleAt, n);
      through -= getI(eligibleAt, n);
    }
    // b_1 >= b_2 >= ... >= b_N
    for (let n = N - 1; n >= 1; n--) {
      if (lowOf(box, n + 1) > lowOf(box, n)) {
        setLow(box, n, lowOf(box, n + 1));
        changed = true;
      }
    }
    for (let n = 2; n <= N; n++) if (highOf(box, n - 1) < highOf(box, n)) setHigh(box, n, highOf(box, n - 1));
    if (!consistent(box)) return false;
    if (!changed) return true; // the latest starts were computed for these smallest batches
  }
  computeLatest(box, lo);
  return true;
}

// Float slack when comparing latest starts against summed block times, which
// the judge adds in another order: a cap may only loosen by it, never cut a set.
const CHAIN_SLACK_S: f64 = 1e-9;

/**
 * Cap every batch size by the deadlines of the tasks that pass the block. A
 * task exiting at e >= n passes blocks 1..n, each at least as full as block n
 * (b_j >= b_n), so with b_n = m it needs
 *   T_k - tau >= sum_{j<=n} t_j(max(lo_j, m)) + sum_{n<j<=e} t_j(lo_j),
 * i.e. a_k - lo > G_n(m) - D_n(lo) with G_n(m) the first sum and a_k, D under
 * the smallest batches. All m tasks through block n meet it, so the m-th
 * largest a_k among users exiting at n or later must: the largest such m caps
 * b_n. The box's floors alone (what propagateBox uses) leave the deep blocks
 * nearly empty and their users' compute times far too short; this is what
 * makes wide boxes prune when the batch limit does not bind. Needs byLatest.
 * False if the box empties.
 */
export function capByDeadlines(box: usize, lo: f64): bool {
  // chainTo[m] = sum_{j <= n} t_j(max(lo_j, m)), grown one block at a time (caps fall with n).
  for (let m = 1; m <= highOf(box, 1); m++) setF(chainTo, m, 0.0);
  for (let n = 1; n <= N; n++) {
    const cap = highOf(box, n);
    const l = lowOf(box, n);
    for (let m = 1; m <= cap; m++) setF(chainTo, m, getF(chainTo, m) + blockTime(n, l > m ? l : m));
    const base = getF(computeLo, n);
    let m = 0;
    for (let i = 0; i < eligibleCount && m < cap; i++) {
      const k = getI(byLatest, i);
      if (getI(minExit, k) < n) continue;
      if (getF(latest, k) - lo + CHAIN_SLACK_S <= getF(chainTo, m + 1) - base) break;
      m++;
    }
    if (m < cap) setHigh(box, n, m);
  }
  for (let n = 2; n <= N; n++) if (highOf(box, n - 1) < highOf(box, n)) setHigh(box, n, highOf(box, n - 1));
  return consistent(box);
}

/** Room for tightenJoint at this target: rows 0..N + 1 of target + 1 slopes each. */
export function reserveJoint(target: i32): void {
  if (target + 2 <= jointRowLength) return;
  jointRowLength = target + 2;
  jointRows = reserveF64((N + 2) * jointRowLength);
  jointG = reserveF64(jointRowLength);
  jointH = reserveF64(jointRowLength);
}

/**
 * In the band phase (every set has exactly `target` tasks), floors and caps on
 * every batch size from the third relaxation, both directions at once: g_n(v),
 * the least cost of classes n..N with v tasks through block n (and the box's
 * floors and caps from n on), plus h_n(target - v), the least cost of classes
 * before n with the rest (and the box from 1 to n - 1), must fit the budget.
 * Both are convex in v (merged ascending slopes, cut to the box), so the
 * feasible v form an interval: the new lo_n and hi_n. Needs relax's classPrices.
 * Returns -1 if the box empties, 1 if it changed, 0 if not.
 */
export function tightenJoint(box: usize, target: i32, budget: f64): i32 {
  const row = jointRowLength;
  if (target + 1 > row) return 0;
  // Backward: g_n for n = N..1, each row merged from the one below.
  let start = 0;
  let value = 0.0;
  let len = 0;
  for (let n = N; n >= 1; n--) {
    const hi = highOf(box, n) < target ? highOf(box, n) : target;
    const lo = lowOf(box, n);
    if (hi < start) return -1;
    const most = hi - start;
    const from = jointRows + (<usize>((n + 1) * row) << 3);
    const to = jointRows + (<usize>(n * row) << 3);
    len = mergeClassPrices(from, len, n, to, most);
    if (lo > start) {
      const forced = lo - start;
      if (forced > len) return -1;
      value = takeFirst(value, to, len, forced);
      len -= forced;
      start = lo;
    }
    setI(jointStart, n, start);
    setI(jointLen, n, len);
    setF(jointValue, n, value);
  }
  if (target < start || target > start + len) return -1;
  // Forward: h_n over q = tasks in classes before n, kept in row 0 (q from qStart).
  const hRow = jointRows;
  let qStart = 0;
  let hValue = 0.0;
  let hLen = 0;
  let changed = 0;
  for (let n = 1; n <= N; n++) {
    const gStart = getI(jointStart, n);
    const gLen = getI(jointLen, n);
    const gRow = jointRows + (<usize>(n * row) << 3);
    if (n >= 2) {
      // g_n(v) and h_n(target - v) for every v in both domains.
      let vLo = gStart;
      let vHi = gStart + gLen;
      if (target - (qStart + hLen) > vLo) vLo = target - (qStart + hLen);
      if (target - qStart < vHi) vHi = target - qStart;
      if (vLo > vHi) return -1;
      let g = getF(jointValue, n);
      for (let v = gStart; v <= vHi; v++) {
        if (v > gStart) g += getF(gRow, v - gStart - 1);
        if (v >= vLo) setF(jointG, v - vLo, g);
      }
      let h = hValue;
      for (let q = qStart; q <= target - vLo; q++) {
        if (q > qStart) h += getF(hRow, q - qStart - 1);
        const v = target - q;
        if (v <= vHi) setF(jointH, v - vLo, h);
      }
      let first = vLo;
      while (first <= vHi && getF(jointG, first - vLo) + getF(jointH, first - vLo) > budget) first++;
      if (first > vHi) return -1;
      let last = vHi;
      while (last > first && getF(jointG, last - vLo) + getF(jointH, last - vLo) > budget) last--;
      if (first > lowOf(box, n)) {
        setLow(box, n, first);
        changed = 1;
      }
      if (last < highOf(box, n)) {
        setHigh(box, n, last);
        changed = 1;
      }
    }
    // h_{n+1}: cut h_n to q in [target - hi_n, target - lo_n], then merge class n's prices.
    const qMin = target - highOf(box, n);
    const qMax = target - lowOf(box, n);
    if (qStart < qMin) {
      const forced = qMin - qStart;
      if (forced > hLen) return -1;
      hValue = takeFirst(hValue, hRow, hLen, forced);
      hLen -= forced;
      qStart = qMin;
    }
    if (qStart + hLen > qMax) hLen = qMax - qStart;
    if (hLen < 0) return -1;
    if (n == N) break;
    // Merge in place from the back is not ascending-safe: use row N + 1 as scratch.
    const scratch = jointRows + (<usize>((N + 1) * row) << 3);
    const most = target - qStart;
    const out = mergeClassPrices(hRow, hLen, n, scratch, most);
    for (let q = 0; q < out; q++) setF(hRow, q, getF(scratch, q));
    hLen = out;
  }
  if (changed == 0) return 0;
  for (let n = N - 1; n >= 1; n--) if (lowOf(box, n + 1) > lowOf(box, n)) setLow(box, n, lowOf(box, n + 1));
  for (let n = 2; n <= N; n++) if (highOf(box, n - 1) < highOf(box, n)) setHigh(box, n, highOf(box, n - 1));
  return consistent(box) ? 1 : -1;
}
