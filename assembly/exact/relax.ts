// A node's relaxations: the caps relaxation (cheapest first within the caps),
// the floors relaxation, and, with the deadline caps, both at once. Each
// bounds the count any set of the node can serve and the band at the
// incumbent's count.
import { timeUpAt } from "../lib/clock";
import { getF, getI, setF, setI } from "../lib/memory";
import { passThrough, roomWithin } from "../model/batch";
import { K, N, bandwidthHz, classStarts, minExit } from "../model/problem";
import { capsOf, highOf, lowOf } from "./box";
import { gridAbove, orderByPrice, priceAt } from "./prices";
import { mergeClassPrices, takeFirst } from "./slopes";
import {
  bestCount, bothCount, byLatest, byPrice, capUsed, capsFromDeadlines, classOffset, classPrices, classUsers,
  combinedCount, cutShort, droppedPrefix, eligibleCount, latest, price, priceStamp, pricedCount,
  relaxedBandAtBest, relaxedBandAtCount, relaxedSet, relaxedThrough, slopesA, slopesB, stampNow,
} from "./state";

/** Solve the node's relaxation; flags its set in relaxedSet and returns its size. */
export function relax(hi: f64, box: usize, exactPrices: bool): i32 {
  stampNow++;
  for (let n = 0; n <= N + 1; n++) setI(capUsed, n, 0);
  for (let k = 0; k < K; k++) setI(relaxedSet, k, 0);
  let m = 0;
  const hiPrice = exactPrices ? hi : gridAbove(hi); // most users start at hi: one grid point for all
  for (let i = 0; i < eligibleCount; i++) {
    if (timeUpAt(i)) {
      cutShort = true;
      return 0;
    }
    const k = getI(byLatest, i);
    const a = getF(latest, k);
    // At a leaf the relaxation must be the problem itself: exact prices at hi. Elsewhere
    // any later start gives a valid lower bound, and the grid lets prices be reused.
    const x = a < hi ? a : hi;
    const g = a < hi ? (exactPrices ? a : gridAbove(a)) : hiPrice;
    let w = priceAt(k, g);
    // In the two phases: priced at the grid point g >= x, w^min(x) >= w^min(g) g / x (the rate is
    // concave in the band), a tighter bound for free; shaved by 1e-13 so that rounding never lifts
    // it past w^min(x).
    if (capsFromDeadlines && g > x) w *= (g / x) * (1.0 - 1e-13);
    if (!(w <= bandwidthHz)) continue;
    setF(price, k, w);
    setI(priceStamp, k, stampNow);
    m++;
  }
  orderByPrice(m);
  if (cutShort) return 0;
  pricedCount = m;
  let count = 0;
  let used = 0.0;
  relaxedBandAtBest = bestCount == 0 ? 0.0 : Infinity;
  for (let i = 0; i < m; i++) {
    const k = getI(byPrice, i);
    const w = getF(price, k);
    if (used + w > bandwidthHz) break; // ascending prices: nobody later fits
    const e = getI(minExit, k);
    if (!roomWithin(capUsed, capsOf(box), e)) continue;
    passThrough(capUsed, e);
    setI(relaxedSet, k, 1);
    used += w;
    count++;
    if (count == bestCount) relaxedBandAtBest = used;
  }
  relaxedBandAtCount = used;
  for (let n = 0; n <= N + 1; n++) setI(relaxedThrough, n, getI(capUsed, n));
  if (capsFromDeadlines) {
    // The joint relaxation is at least as tight as the floors alone: skip those.
    bothCount = count;
    combinedCount = relaxWithFloorsAndCaps(box, m);
    return combinedCount < count ? combinedCount : count;
  }
  const floorCount = relaxWithFloors(box, m);
  const both = floorCount < count ? floorCount : count;
  bothCount = both;
  combinedCount = both;
  return both;
}

/**
 * The second relaxation: the box's smallest batches as floors (at least lo_n
 * tasks through block n), caps dropped. A set S meets the floors iff its
 * complement T among the priced users holds at most (users exiting at n or
 * later) - lo_n of them, a laminar matroid again; so the cheapest S of each
 * size is the complement of the dearest T, which the greedy by descending
 * price gives for every size at once. Returns the largest size within the
 * band, and raises relaxedBandAtBest to this bound at the incumbent's count.
 */
function relaxWithFloors(box: usize, m: i32): i32 {
  for (let n = 0; n <= N + 1; n++) setI(capUsed, n, 0);
  let total = 0.0;
  for (let i = 0; i < m; i++) {
    const k = getI(byPrice, i);
    const e = getI(minExit, k);
    for (let n = 1; n <= e; n++) setI(capUsed, n, getI(capUsed, n) + 1);
    total += getF(price, k);
  }
  // capUsed[n] now counts priced users through block n; turn it into T's room.
  for (let n = 1; n <= N; n++) {
    const room = getI(capUsed, n) - lowOf(box, n);
    if (room < 0) return 0; // not even all priced users meet the floor
    setI(capUsed, n, room);
  }
  let dropped = 0;
  let droppedCost = 0.0;
  setF(droppedPrefix, 0, 0.0);
  for (let i = m - 1; i >= 0; i--) {
    const k = getI(byPrice, i);
    const e = getI(minExit, k);
    let room = true;
    for (let n = 1; n <= e; n++) {
      if (getI(capUsed, n) <= 0) {
        room = false;
        break;
      }
    }
    if (!room) continue;
    for (let n = 1; n <= e; n++) setI(capUsed, n, getI(capUsed, n) - 1);
    droppedCost += getF(price, k);
    setF(droppedPrefix, ++dropped, droppedCost);
  }
  // Sizes from m - dropped to m meet the floors; the cheapest of size r costs total - droppedPrefix[m - r].
  const smallest = m - dropped;
  let largest = smallest - 1;
  for (let r = m; r >= smallest; r--) {
    if (total - getF(droppedPrefix, m - r) <= bandwidthHz) {
      largest = r;
      break;
    }
  }
  if (bestCount > 0) {
    const atBest = bestCount >= smallest && bestCount <= m ? total - getF(droppedPrefix, m - bestCount) : Infinity;
    if (atBest > relaxedBandAtBest) relaxedBandAtBest = atBest;
  }
  return largest < 0 ? 0 : largest;
}

/**
 * The third relaxation: floors and caps together. A set is fixed, for the
 * band, by how many tasks c_e it takes per exit class (the c_e cheapest of
 * class e), and must keep P_n = sum_{e >= n} c_e (the tasks through block n)
 * within [lo_n, hi_n]. Each class's cost is convex in c_e (ascending prices),
 * so g_n(P) = min over c_n of f_n(c_n) + g_{n+1}(P - c_n), restricted to
 * [lo_n, hi_n], is convex too: an infimal convolution, which merges the two
 * slope sequences, then a cut of the domain. g_1(r) is the least band of any
 * r-set of the node (at least either relaxation alone). Returns the largest r
 * within the band and raises relaxedBandAtBest to g_1(bestCount).
 */
function relaxWithFloorsAndCaps(box: usize, m: i32): i32 {
  classStarts(byPrice, m, classOffset, capUsed);
  for (let i = 0; i < m; i++) {
    const k = getI(byPrice, i);
    const e = getI(minExit, k);
    const at = getI(capUsed, e);
    setF(classPrices, at, getF(price, k));
    setI(classUsers, at, k);
    setI(capUsed, e, at + 1);
  }
  let from = slopesA;
  let to = slopesB;
  let start = 0; // g's domain is [start, start + len], g(start) = value
  let value = 0.0;
  let len = 0;
  for (let n = N; n >= 1; n--) {
    const hi = highOf(box, n);
    const lo = lowOf(box, n);
    if (hi < start) {
      relaxedBandAtBest = Infinity;
      return 0;
    }
    const most = hi - start;
    len = mergeClassPrices(from, len, n, to, most);
    const t = from;
    from = to;
    to = t;
    if (lo > start) {
      const forced = lo - start;
      if (forced > len) {
        relaxedBandAtBest = Infinity;
        return 0;
      }
      value = takeFirst(value, from, len, forced);
      len -= forced;
      start = lo;
    }
  }
  if (bestCount > 0) {
    let atBest = Infinity;
    if (bestCount >= start && bestCount <= start + len) {
      atBest = value;
      for (let q = 0; q < bestCount - start; q++) atBest += getF(from, q);
    }
    if (atBest > relaxedBandAtBest) relaxedBandAtBest = atBest;
  }
  if (value > bandwidthHz) return 0;
  let r = start;
  let used = value;
  for (let q = 0; q < len; q++) {
    if (used + getF(from, q) > bandwidthHz) break;
    used += getF(from, q);
    r++;
  }
  return r;
}
