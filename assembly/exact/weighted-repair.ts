// exact with weights: a node's candidate sets made into schedules. The sets a
// node's relaxations choose are priced no higher than at their own start, so
// the heaviest of them are mostly a few per cent over the band when judged
// (K = 1000: 800 such sets, each heavier than the incumbent, in one search).
// Repaired, they are the search's best incumbents, found far earlier:
//  - drop: at the set's own start tau, its users by weight per hertz, least
//    first, until what they cost there covers the excess. Fewer tasks mean
//    smaller batches and a start no earlier, where every price is no higher,
//    so the rest fits the band;
//  - fill: then the heaviest of the node's priced users outside the set join
//    one at a time if the set stays a schedule (tried only if the node's price
//    fits what is left of the band, and a bound on the band with it in, its
//    start found from the batches one larger, fits too).
// It proves nothing; it only raises the incumbent the search prunes against.
import { getF, getI, reserveF64, reserveI32, setF, setI } from "../lib/memory";
import { sortIndicesByKey } from "../lib/sort";
import { batchSizesFromCounts, computeTimesFromBatch, evalBandwidthHz, evalTauS, evaluateList } from "../model/batch";
import { K, N, bandwidthHz, deadlineS, maxBatch, memoWmin, minExit, reservePriceMemo, weightOf } from "../model/problem";
import { byWeight, price, priceStamp, stampNow, userCount } from "./state";

// Sets tried whole while filling, at most per repair (each judges the set once).
const FILL_TRIES: i32 = 8;

let list: usize = 0; // i32[K]: the set being repaired
let size: i32 = 0;
let member: usize = 0; // i32[K]: flags of the set
let key: usize = 0; // f64[K]: weight per hertz at the set's start
let memo: usize = 0; // prices at the set's start
let counts: usize = 0; // i32[N + 2]
let batch: usize = 0; // i32[N + 2]
let computeTo: usize = 0; // f64[N + 2]
let computeNext: usize = 0; // f64[N + 2]: the same with one task more
let earliest: usize = 0; // f64[N + 2]: each class's earliest deadline in the set

/** The repaired set (flags), its weight and band (after repairToSchedule returned true). */
export let repairedSet: usize = 0;
export let repairedWeight: f64 = 0;
export let repairedBand: f64 = 0;

/** Scratch for this run. */
export function initRepair(): void {
  list = reserveI32(K);
  repairedSet = reserveI32(K);
  member = reserveI32(K);
  key = reserveF64(K);
  memo = reservePriceMemo();
  counts = reserveI32(N + 2);
  batch = reserveI32(N + 2);
  computeTo = reserveF64(N + 2);
  computeNext = reserveF64(N + 2);
  earliest = reserveF64(N + 2);
}

/**
 * Make the flagged set `set` a schedule by dropping its least weight per
 * hertz and filling with the heaviest outside, into repairedSet. False when it
 * cannot (its own start is not positive) or nothing is left.
 */
export function repairToSchedule(set: usize): bool {
  size = 0;
  for (let k = 0; k < K; k++) {
    const inside = getI(set, k) != 0;
    setI(member, k, inside ? 1 : 0);
    if (inside) setI(list, size++, k);
  }
  if (size > maxBatch) {
    // The heaviest maxBatch: a set within the batch limit to start from.
    for (let i = 0; i < size; i++) setF(key, getI(list, i), -weightOf(getI(list, i)));
    sortIndicesByKey(list, size, key);
    for (let i = maxBatch; i < size; i++) setI(member, getI(list, i), 0);
    size = maxBatch;
  }
  if (!evaluateList(list, size)) {
    const tau = evalTauS;
    if (!(tau > 0.0)) return false;
    let excess = evalBandwidthHz - bandwidthHz;
    for (let i = 0; i < size; i++) {
      const k = getI(list, i);
      setF(key, k, weightOf(k) / memoWmin(memo, k, tau)); // an unreachable user (w^min infinite) goes first
    }
    sortIndicesByKey(list, size, key);
    let dropped = 0;
    while (dropped < size && excess > 0.0) {
      const k = getI(list, dropped++);
      excess -= memoWmin(memo, k, tau);
      setI(member, k, 0);
    }
    for (let i = dropped; i < size; i++) setI(list, i - dropped, getI(list, i));
    size -= dropped;
    if (size == 0 || !evaluateList(list, size)) return false;
  }
  fill();
  evaluateList(list, size);
  repairedBand = evalBandwidthHz;
  repairedWeight = 0.0;
  for (let k = 0; k < K; k++) setI(repairedSet, k, 0);
  for (let i = 0; i < size; i++) {
    setI(repairedSet, getI(list, i), 1);
    repairedWeight += weightOf(getI(list, i));
  }
  return true;
}

/** Heaviest first, each user outside the set that keeps it a schedule joins (the set judged, evalTauS/evalBandwidthHz, is a schedule). */
function fill(): void {
  let tau = evalTauS;
  let band = evalBandwidthHz;
  setCompute();
  let tries = 0;
  for (let i = 0; i < userCount && size < maxBatch && tries < FILL_TRIES; i++) {
    const k = getI(byWeight, i);
    if (getI(member, k) != 0) continue;
    // Its latest start with the batches as they are: one more task only makes it earlier.
    const own = getF(deadlineS, k) - getF(computeTo, getI(minExit, k));
    if (!(own > 0.0)) continue;
    // Only the node's priced users, at the node's price (no higher than at any start the node allows).
    if (getI(priceStamp, k) != -stampNow || !(getF(price, k) <= bandwidthHz - band)) continue;
    // Its start with k in (batches one larger through its exit), and a lower bound on the band there
    // (for tau' <= tau each price is at least its price at tau times tau / tau'): most misses stop here.
    const e = getI(minExit, k);
    setI(counts, e, getI(counts, e) + 1);
    batchSizesFromCounts(counts, batch);
    computeTimesFromBatch(batch, computeNext);
    setI(counts, e, getI(counts, e) - 1);
    let next = getF(deadlineS, k) - getF(computeNext, e);
    for (let c = 1; c <= N; c++) {
      const t = getF(earliest, c) - getF(computeNext, c);
      if (t < next) next = t;
    }
    if (!(next > 0.0) || band * (tau / next) * (1.0 - 1e-9) + memoWmin(memo, k, next) > bandwidthHz) continue;
    tries++;
    setI(list, size++, k);
    if (evaluateList(list, size)) {
      setI(member, k, 1);
      tau = evalTauS;
      band = evalBandwidthHz;
      setCompute();
    } else {
      size--;
    }
  }
}

/** computeTo: each class's compute time with the set's batches (counts, batch), and each class's earliest deadline. */
function setCompute(): void {
  for (let e = 0; e <= N + 1; e++) {
    setI(counts, e, 0);
    setF(earliest, e, Infinity);
  }
  for (let i = 0; i < size; i++) {
    const k = getI(list, i);
    const e = getI(minExit, k);
    setI(counts, e, getI(counts, e) + 1);
    if (getF(deadlineS, k) < getF(earliest, e)) setF(earliest, e, getF(deadlineS, k));
  }
  batchSizesFromCounts(counts, batch);
  computeTimesFromBatch(batch, computeTo);
}
