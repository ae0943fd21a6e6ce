// The cheapest set at one batch start (cheapestAt): given tasks per exit
// class (quota) and every user's slack under the batch sizes they make, the
// cheapest users of each class whose slack allows the start. The exchange
// (exchange.ts) calls it at every start and quota it judges, so it prices as
// few users as it can: it ranks users by lower bounds from their remembered
// prices (price-memo.ts) and prices a user only when it comes first for a
// class not yet full. Its ranking is kept from call to call (calls follow
// each other at nearby starts), which this file also holds.
import { reserveF64, reserveI32, getF, setF, getI, setI } from "../lib/memory";
import { K, N, dataBits, minExit } from "../model/problem";
import { heapify, heapPop, heapFixTop } from "../lib/heap";
import { sortIndicesByKeyOrStop, sortNearlySorted } from "../lib/sort";
import { timeUpAt } from "../lib/clock";
import {
  boundAt, highest, highestRate, highestSlope, initPriceMemo, knownBound, memo, memoRate, memoSlope, priceAt,
} from "./price-memo";

export let slack: usize = 0; // f64[K]: latest start of each user under the set's batch sizes
export let price: usize = 0; // f64[K]: w^min at the start being tried, or a lower bound on it
let byPrice: usize = 0; // i32[K]
export let chosen: usize = 0; // i32[K]: the new set as a list
export let quota: usize = 0; // i32[N + 2]: tasks per exit class, then what is left to fill
export let left: usize = 0; // i32[N + 2]
export let candidates: usize = 0; // i32[K]: users the exchange may choose (servable, or the greedy's pool)

export let chosenBand: f64 = 0; // cheapestAt's set: the sum of its prices at the start it was chosen for

// Up to this many candidates, cheapestAt sorts its ranking instead of heaping it.
const SORTED_UP_TO: i32 = 512;
export let candidateCount: i32 = 0;
let lastOrder: usize = 0; // i32[candidateCount]: the candidates in the order the last call ranked them (0: heaped)
let notEligible: usize = 0; // i32[candidateCount]: scratch, the candidates a call leaves out

/**
 * Scratch for cheapestAt, choosing only among the users flagged in `among`
 * (i32[K]), and their remembered prices (none yet); the candidates are left
 * listed in `chosen` (candidateCount of them). initExchangeWithin calls it.
 */
export function initCheapestAt(among: usize): void {
  candidates = among;
  slack = reserveF64(K);
  price = reserveF64(K);
  initPriceMemo();
  byPrice = reserveI32(K);
  chosen = reserveI32(K);
  quota = reserveI32(N + 2);
  left = reserveI32(N + 2);
  let count = 0;
  for (let k = 0; k < K; k++) if (getI(candidates, k) != 0) setI(chosen, count++, k);
  candidateCount = count;
  lastOrder = 0;
  if (count <= SORTED_UP_TO) {
    lastOrder = reserveI32(count);
    notEligible = reserveI32(count);
    for (let i = 0; i < count; i++) setI(lastOrder, i, getI(chosen, i));
  }
}

/**
 * The cheapest set with `quota` tasks per exit class at start tau, in `chosen`
 * (in order of price); its size (-1: out of time, -2: its band passed
 * `budget`). Users are ranked by a lower bound on their price where a price
 * known at another start gives one (knownBound), and priced only when they
 * come first for a class not yet full, then ranked again by that price: the
 * same set, in the same order, as pricing and sorting everyone. `boundsOnly`:
 * known bounds stand for the prices (the sum is then a lower bound).
 * `boundTau`: the set is also given up (-2) once the sum of its users' known
 * lower bounds (boundAt) on their prices at its own latest start passes
 * `boundBudget`; that start is at most boundTau and at most the least slack
 * among the users taken so far, so each user's bound is taken there.
 * `needsNew`: only sets with a user whose slack is below boundTau matter, so
 * their start is also at most the largest such slack (none: -2 at once).
 *
 * With few candidates (SORTED_UP_TO) the ranking is sorted, from the order
 * the last call left (nearly right: calls follow each other at nearby
 * starts), and a priced user moves up it by insertion (a tight bound moves
 * little); with many, it is a heap, of which a call pops only what it takes.
 */
export function cheapestAt(
  tau: f64,
  eligibleFrom: f64 = NaN,
  budget: f64 = Infinity,
  boundsOnly: bool = false,
  boundTau: f64 = NaN,
  boundBudget: f64 = Infinity,
  needsNew: bool = false,
): i32 {
  const from = eligibleFrom == eligibleFrom ? eligibleFrom : tau;
  const perTau = 1.0 / tau;
  const bounded = boundTau == boundTau;
  let boundSum = 0.0;
  let boundStart = boundTau;
  let newest = -Infinity; // the largest slack below boundTau among the eligible
  const sorted = lastOrder != 0;
  const n = sorted ? candidateCount : K;
  let m = 0;
  let outside = 0;
  for (let i = 0; i < n; i++) {
    if (timeUpAt(i)) return -1;
    const k = sorted ? getI(lastOrder, i) : i;
    if (getI(candidates, k) == 0) continue;
    const t = getF(slack, k);
    if (t < from) {
      if (sorted) setI(notEligible, outside++, k);
      continue;
    }
    if (t < boundTau && t > newest) newest = t;
    if (getF(memo, k) == tau) setF(price, k, getF(memo, K + k));
    else {
      const rate = getF(dataBits, k) * perTau;
      let bound = knownBound(k, memo, memoRate, memoSlope, tau, rate);
      if (getF(highest, k) != getF(memo, k)) {
        const other = knownBound(k, highest, highestRate, highestSlope, tau, rate);
        if (other > bound) bound = other;
      }
      setF(price, k, bound > 0.0 || boundsOnly ? bound : priceAt(k, tau));
    }
    setI(byPrice, m++, k);
  }
  if (needsNew && bounded) {
    if (!(newest > -Infinity)) {
      keepOrder(m, outside);
      return -2;
    }
    boundStart = newest;
  }
  if (!sorted) heapify(byPrice, m, price);
  else if (!sortNearlySorted(byPrice, m, price, 8 * m) && !sortIndicesByKeyOrStop(byPrice, m, price)) return -1;
  let need = 0;
  for (let e = 0; e <= N + 1; e++) {
    setI(left, e, getI(quota, e));
    need += getI(quota, e);
  }
  let size = 0;
  chosenBand = 0.0;
  // Sorted: byPrice[head..m) is what is left, in order; heaped: byPrice[0..m).
  let head = 0;
  for (let steps = 0; head < m && size < need; steps++) {
    if (timeUpAt(steps)) return -1;
    const k = getI(byPrice, head);
    const e = getI(minExit, k);
    if (getI(left, e) == 0) {
      if (sorted) head++;
      else heapPop(byPrice, m--, price);
      continue;
    }
    // With boundsOnly a known bound stands for the price (the sum is then a lower bound).
    if (getF(memo, k) != tau && !(boundsOnly && getF(price, k) > 0.0)) {
      setF(price, k, priceAt(k, tau));
      if (sorted) moveUp(head, m);
      else heapFixTop(byPrice, m, price);
      continue;
    }
    if (sorted) head++;
    else heapPop(byPrice, m--, price);
    setI(left, e, getI(left, e) - 1);
    setI(chosen, size++, k);
    chosenBand += getF(price, k);
    if (bounded) {
      const t = getF(slack, k);
      if (t < boundStart) boundStart = t;
      boundSum += boundAt(k, boundStart);
    }
    if (chosenBand > budget || boundSum > boundBudget) {
      keepOrder(m, outside);
      return -2;
    }
  }
  keepOrder(m, outside);
  return size;
}

/** Does user a precede user b by price (ties by index, as the heap and the sorts order)? */
// @ts-ignore: decorator
@inline function precedes(a: i32, b: i32): bool {
  const pa = getF(price, a);
  const pb = getF(price, b);
  return pa < pb || (pa == pb && a < b);
}

/** The user at byPrice[at], whose price just grew from a bound, moves up to its place in byPrice[at..m). */
function moveUp(at: i32, m: i32): void {
  const k = getI(byPrice, at);
  let j = at;
  while (j + 1 < m && precedes(getI(byPrice, j + 1), k)) {
    setI(byPrice, j, getI(byPrice, j + 1));
    j++;
  }
  setI(byPrice, j, k);
}

/** Sorted: the next call starts from this call's ranking (its `m` eligible users in order, then the rest). */
function keepOrder(m: i32, outside: i32): void {
  if (lastOrder == 0) return;
  for (let i = 0; i < m; i++) setI(lastOrder, i, getI(byPrice, i));
  for (let i = 0; i < outside; i++) setI(lastOrder, m + i, getI(notEligible, i));
}
