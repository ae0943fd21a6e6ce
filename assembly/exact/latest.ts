// Latest starts: each eligible user's latest batch start under the box's
// smallest batches, the users in that order, and what the order tells a node
// (the latest start a set of a given size can have, where to split tau).
import { timeUpAt } from "../lib/clock";
import { getF, getI, setF, setI } from "../lib/memory";
import { computeTimesFromBatch, passThrough, roomWithin } from "../model/batch";
import { N, deadlineS, minExit } from "../model/problem";
import { capsOf, lowOf } from "./box";
import {
  byDeadline, byLatest, capUsed, classHead, classStart, computeLo, cutShort, eligibleAt,
  eligibleCount, headLatest, headUser, latest, userCount, users,
} from "./state";

/** Latest starts under the box's smallest batches; counts the eligible (a_k > lo) per exit. */
export function computeLatest(box: usize, lo: f64): void {
  for (let n = 0; n <= N + 1; n++) {
    setI(capUsed, n, lowOf(box, n));
    setI(eligibleAt, n, 0);
  }
  computeTimesFromBatch(capUsed, computeLo);
  for (let i = 0; i < userCount; i++) {
    const k = getI(users, i);
    const e = getI(minExit, k);
    const a = getF(deadlineS, k) - getF(computeLo, e);
    setF(latest, k, a);
    if (a > lo) setI(eligibleAt, e, getI(eligibleAt, e) + 1);
  }
}

/**
 * Eligible users sorted by latest start, latest first. Within an exit class
 * every user's latest start is its deadline less the same compute time, so
 * the order is a merge of the classes' lists sorted once by deadline (each
 * cut where the starts reach lo): O(users x exits) per node instead of a sort,
 * which took a third of exact's time on large inputs.
 */
export function sortByLatest(lo: f64): void {
  eligibleCount = 0;
  for (let e = 1; e <= N; e++) {
    setI(classHead, e, getI(classStart, e));
    loadHead(e, lo);
  }
  for (;;) {
    let pick = -1;
    let pickStart = -Infinity;
    let pickUser = 0;
    for (let e = 1; e <= N; e++) {
      const a = getF(headLatest, e);
      if (a == -Infinity) continue;
      const k = getI(headUser, e);
      if (a > pickStart || (a == pickStart && k < pickUser)) {
        pick = e;
        pickStart = a;
        pickUser = k;
      }
    }
    if (pick < 0) return;
    if (timeUpAt(eligibleCount)) {
      cutShort = true;
      return;
    }
    setI(byLatest, eligibleCount++, pickUser);
    setI(classHead, pick, getI(classHead, pick) + 1);
    loadHead(pick, lo);
  }
}

/** Class e's next user in the merge and its latest start (-Infinity: none left after lo). */
function loadHead(e: i32, lo: f64): void {
  const at = getI(classHead, e);
  if (at < getI(classStart, e + 1)) {
    const k = getI(byDeadline, at);
    const a = getF(latest, k);
    if (a > lo) {
      setF(headLatest, e, a);
      setI(headUser, e, k);
      return;
    }
  }
  setF(headLatest, e, -Infinity); // the rest of this class starts no later
}

/**
 * The latest start any set of `target` tasks within the caps can have: taking
 * users by latest start, latest first, while the caps allow (a matroid, so
 * this is the largest such set for every threshold), the target-th one's.
 * -Infinity if the caps do not admit `target` tasks.
 */
export function latestStartFor(box: usize, target: i32): f64 {
  for (let n = 0; n <= N + 1; n++) setI(capUsed, n, 0);
  let taken = 0;
  for (let i = 0; i < eligibleCount; i++) {
    const k = getI(byLatest, i);
    const e = getI(minExit, k);
    if (!roomWithin(capUsed, capsOf(box), e)) continue;
    passThrough(capUsed, e);
    if (++taken == target) return getF(latest, k);
  }
  return -Infinity;
}

/** Median of the distinct latest starts strictly inside (lo, hi); NaN if none. */
export function tauSplitPoint(lo: f64, hi: f64): f64 {
  // byLatest is sorted descending and holds exactly the users with a_k > lo.
  let first = 0;
  while (first < eligibleCount && getF(latest, getI(byLatest, first)) >= hi) first++;
  if (first >= eligibleCount) return NaN;
  return getF(latest, getI(byLatest, first + ((eligibleCount - first) >> 1)));
}
