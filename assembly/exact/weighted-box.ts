// exact with weights: what a node's box and tau can keep once the incumbent's
// weight is known (weighted.ts's first step): floors and caps on each batch
// size (boxByWeight) and the latest start a set that heavy can have
// (weightedLatestStart), both from the heaviest users first (byWeight).
import { timeUp } from "../lib/clock";
import { getF, getI, reserveI32, setF, setI } from "../lib/memory";
import { passThrough, roomWithin } from "../model/batch";
import { N, minExit, weightOf } from "../model/problem";
import { WEIGHT_TOLERANCE } from "../model/result";
import { capsOf, consistent, highOf, lowOf, setHigh, setLow } from "./box";
import { bestCount, bestWeight, byLatest, byWeight, capUsed, eligibleCount, latest, prefixAfter, prefixBefore, userCount } from "./state";

let eligibleOf: usize = 0; // i32[N + 2]: boxByWeight's eligible users per exit class

/** Scratch for this run. */
export function initWeightedBox(): void {
  eligibleOf = reserveI32(N + 2);
}

/** Weights within this much of w count as equal to it. */
export function slack(w: f64): f64 {
  return WEIGHT_TOLERANCE * w;
}

/**
 * The latest start any set of the node as heavy as the incumbent can have. A
 * set starting at tau holds only users whose latest start under the box's
 * smallest batches is at least tau, so it weighs no more than the heaviest
 * set of those within the caps (the greedy by weight: a matroid). That weight
 * falls as tau grows; the answer is the latest start of the shortest prefix of
 * byLatest whose heaviest set reaches the incumbent's weight (bisection).
 * -Infinity when even all eligible users do not; tauHi itself when the
 * answer is at least tauHi (the node's tau is then not capped). Needs byLatest
 * (latest starts descending).
 */
export function weightedLatestStart(box: usize, tauHi: f64): f64 {
  const need = bestWeight - slack(bestWeight);
  if (eligibleCount == 0) return -Infinity;
  // Mostly the users who can start at tauHi already weigh enough: then the answer is at least tauHi, no cap.
  let reach = 0; // how many can start at tauHi
  while (reach < eligibleCount && getF(latest, getI(byLatest, reach)) >= tauHi) reach++;
  if (reach > 0 && heaviestFrom(box, tauHi) >= need) return tauHi;
  if (heaviestFrom(box, getF(latest, getI(byLatest, eligibleCount - 1))) < need) return -Infinity;
  let lo = reach + 1; // the answer is the latest start of byLatest[j - 1] for the least j in [lo, hi]
  let hi = eligibleCount;
  while (lo < hi) {
    if (timeUp()) break; // byLatest[lo - 1] starts no earlier than the answer: still a cap
    const mid = (lo + hi) >> 1;
    if (heaviestFrom(box, getF(latest, getI(byLatest, mid - 1))) >= need) hi = mid;
    else lo = mid + 1;
  }
  return getF(latest, getI(byLatest, lo - 1));
}

/** The heaviest set within the caps of the eligible users whose latest start is at least `from`. */
function heaviestFrom(box: usize, from: f64): f64 {
  for (let n = 0; n <= N + 1; n++) setI(capUsed, n, 0);
  let total = 0.0;
  const first = highOf(box, 1);
  for (let i = 0; i < userCount; i++) {
    if (getI(capUsed, 1) >= first) break; // block 1 full: every task passes it, so no one more joins
    const k = getI(byWeight, i);
    if (!(getF(latest, k) >= from)) continue;
    const e = getI(minExit, k);
    if (!roomWithin(capUsed, capsOf(box), e)) continue;
    passThrough(capUsed, e);
    total += weightOf(k);
  }
  return total;
}

/**
 * The eligible users (latest start after lo) per exit class, for boxByWeight:
 * each block's pass there stops once it has all it can use. The latest starts
 * do not change while the box is tightened, so once per tightening.
 */
export function countEligible(lo: f64): void {
  for (let e = 0; e <= N + 1; e++) setI(eligibleOf, e, 0);
  for (let i = 0; i < userCount; i++) {
    const k = getI(byWeight, i);
    if (getF(latest, k) > lo) setI(eligibleOf, getI(minExit, k), getI(eligibleOf, getI(minExit, k)) + 1);
  }
}

/**
 * Floors and caps on the batch sizes from the weights. Of a set with v tasks
 * through block n, the v heaviest eligible users exiting at n or later weigh
 * at least as much as those tasks, and the rest (at most hi_1 - v tasks
 * exiting before n) weigh no more than the heaviest hi_1 - v eligible users
 * exiting there, nor than the heaviest set of them within the caps. That sum
 * is concave in v, so the v that reach the incumbent's weight form an
 * interval: the new floor and cap of b_n. Returns -1 if no set of the node is
 * that heavy, 1 if the box changed, 0 if not. Needs the latest starts of the
 * box's floors (computeLatest) and countEligible(lo) of them.
 */
export function boxByWeight(box: usize, lo: f64): i32 {
  if (bestCount == 0) return 0;
  const need = bestWeight - slack(bestWeight);
  const first = highOf(box, 1);
  let beforeAll = 0; // eligible users exiting before n
  let changed = 0;
  for (let n = 1; n <= N; n++) {
    beforeAll += getI(eligibleOf, n - 1);
    for (let j = 0; j <= N + 1; j++) setI(capUsed, j, 0);
    let within = 0.0; // the heaviest set exiting before n within the caps
    let before = 0;
    let after = 0;
    setF(prefixBefore, 0, 0.0);
    setF(prefixAfter, 0, 0.0);
    // Enough: the prefix sums as long as the v below read them, and no user before n can join `within`
    // (all taken, or block 1 full: every user passes it).
    const beforeNeed = first - lowOf(box, n) < beforeAll ? first - lowOf(box, n) : beforeAll;
    const afterNeed = highOf(box, n);
    for (let i = 0; i < userCount; i++) {
      if (before >= beforeNeed && after >= afterNeed && (before == beforeAll || getI(capUsed, 1) >= first)) break;
      const k = getI(byWeight, i);
      if (!(getF(latest, k) > lo)) continue;
      const e = getI(minExit, k);
      const w = weightOf(k);
      if (e >= n) {
        setF(prefixAfter, after + 1, getF(prefixAfter, after) + w);
        after++;
        continue;
      }
      setF(prefixBefore, before + 1, getF(prefixBefore, before) + w);
      before++;
      if (!roomWithin(capUsed, capsOf(box), e)) continue;
      passThrough(capUsed, e);
      within += w;
    }
    let most = highOf(box, n);
    if (after < most) most = after;
    let floor = -1;
    let cap = -1;
    for (let v = lowOf(box, n); v <= most; v++) {
      const rest = first - v < before ? first - v : before;
      let w = getF(prefixBefore, rest > 0 ? rest : 0);
      if (within < w) w = within;
      if (w + getF(prefixAfter, v) >= need) {
        if (floor < 0) floor = v;
        cap = v;
      } else if (floor >= 0) break; // concave: past the interval
    }
    if (floor < 0) return -1;
    if (floor > lowOf(box, n)) {
      setLow(box, n, floor);
      changed = 1;
    }
    if (cap < highOf(box, n)) {
      setHigh(box, n, cap);
      changed = 1;
    }
  }
  if (changed == 0) return 0;
  for (let n = N - 1; n >= 1; n--) if (lowOf(box, n + 1) > lowOf(box, n)) setLow(box, n, lowOf(box, n + 1));
  for (let n = 2; n <= N; n++) if (highOf(box, n - 1) < highOf(box, n)) setHigh(box, n, highOf(box, n - 1));
  return consistent(box) ? 1 : -1;
}
