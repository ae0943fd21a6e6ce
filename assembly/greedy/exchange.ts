// Better schedules at the same batch sizes. Given a served set, keep how many
// tasks leave at each exit (so every block's batch size and compute time stay
// as they are) and choose, for a batch start tau, the cheapest users of each
// exit class among those whose deadlines allow tau. Starting at the set's own
// tau this can only lower the band (the set itself is one of the choices);
// slightly earlier starts admit more users at higher prices, and are tried too.
// exact runs this on its incumbents while proving the least band (a cheaper
// incumbent prunes more); the shelf greedy ends by the same exchange, then by
// growing its set one class count at a time this way (grow-by-classes.ts).
import { reserveF64, reserveI32, getF, setF, getI, setI } from "../lib/memory";
import {
  K, N, maxBatch, bandwidthHz, dataBits, deadlineS, minExit, servable, snrHz, reservePriceMemo, groupByExitLatestFirst, wminOf,
} from "../model/problem";
import { evaluateList, evalCount, evalBandwidthHz, batchSizesFromCounts, computeTimesFromBatch } from "../model/batch";
import { heapify, heapPop, heapFixTop } from "../lib/heap";
import { sortIndicesByKeyOrStop, sortNearlySorted } from "../lib/sort";
import { timeUp, timeUpAt } from "../lib/clock";
import { tangentBoundAt, tangentSlope } from "./tangent-bound";

// Below this w^min a scaled price is not trusted as a bound (subnormal rounding).
const SCALED_BOUND_FROM: f64 = 1e-290;

/**
 * A lower bound on w^min(tau) from w = w^min(knownTau), knownTau >= tau: the
 * rate w log2(1 + s/w) is concave in w and 0 at w = 0, so a band scaled by
 * a = knownTau/tau >= 1 carries at most a times the rate, and w^min(tau) >=
 * a w. Shrunk by 1e-9 for w^min's own rounding; 0 where no bound is known.
 */
// @ts-ignore: decorator
@inline export function scaledWminBound(knownTau: f64, w: f64, tauS: f64): f64 {
  return knownTau >= tauS && w >= SCALED_BOUND_FROM && w < Infinity ? w * (knownTau / tauS) * (1.0 - 1e-9) : 0.0;
}

let slack: usize = 0; // f64[K]: latest start of each user under the set's batch sizes
let price: usize = 0; // f64[K]: w^min at the start being tried, or a lower bound on it
let memo: usize = 0; // reservePriceMemo: the start each user was last priced at, and w^min there
// The latest start each user was priced at, and w^min there (the same layout): a
// second known price to bound from (the larger of the two bounds is used).
let highest: usize = 0;
// For each remembered price, its rate L/tau and its tangent's slope (tangent-bound.ts).
let memoRate: usize = 0; // f64[K]
let memoSlope: usize = 0; // f64[K]
let highestRate: usize = 0; // f64[K]
let highestSlope: usize = 0; // f64[K]
let byPrice: usize = 0; // i32[K]
export let chosen: usize = 0; // i32[K]: the new set as a list
export let quota: usize = 0; // i32[N + 2]: tasks per exit class, then what is left to fill
let left: usize = 0; // i32[N + 2]
let batch: usize = 0; // i32[N + 2]
let computeTo: usize = 0; // f64[N + 2]
let candidates: usize = 0; // i32[K]: users the exchange may choose (servable, or the greedy's pool)

// A band bound above the bandwidth by more than this rejects a quota (w^min's own rounding).
const BOUND_MARGIN: f64 = 1e-6;

// Starts tried: the latest the class counts allow, then earlier by 0.5% steps
// doubling (0.5, 1, 2, 4, 8%).
const EARLIER_STARTS: i32 = 5;

// The starts bestAtQuota tries (indices into startFraction), and the one that won last.
let firstStart: i32 = 0;
let lastStart: i32 = EARLIER_STARTS;
export let winnerStart: i32 = 0;

let skipStart: i32 = -1; // a start bestAtQuota passes over (-1: none)

// A winner set aside while other candidates are judged (growByClasses).
let kept: usize = 0; // i32[K]
export let keptBand: f64 = Infinity;
let keptStart: i32 = 0;

function startFraction(i: i32): f64 {
  return i == 0 ? 1.0 : 1.0 - 0.005 * <f64>(1 << (i - 1));
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
function cheapestAt(
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

// Up to this many candidates, cheapestAt sorts its ranking instead of heaping it.
const SORTED_UP_TO: i32 = 512;
let candidateCount: i32 = 0;
let lastOrder: usize = 0; // i32[candidateCount]: the candidates in the order the last call ranked them (0: heaped)
let notEligible: usize = 0; // i32[candidateCount]: scratch, the candidates a call leaves out

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

/**
 * The best lower bound on w^min(tau) of user k that one remembered price in
 * `known` gives (0: none): the tangent bound (tangent-bound.ts), or where that
 * keeps no digits, the chord bound.
 */
// @ts-ignore: decorator
@inline function knownBound(k: i32, known: usize, knownRate: usize, knownSlope: usize, tau: f64, rate: f64): f64 {
  const w = getF(known, K + k);
  const tangent = tangentBoundAt(w, getF(knownSlope, k), getF(knownRate, k), rate);
  return tangent > 0.0 ? tangent : scaledWminBound(getF(known, k), w, tau);
}

/** The best lower bound on w^min(tau) of user k that its remembered prices give (0: none). */
function boundAt(k: i32, tau: f64): f64 {
  const rate = getF(dataBits, k) / tau;
  let bound = knownBound(k, memo, memoRate, memoSlope, tau, rate);
  if (getF(highest, k) != getF(memo, k)) {
    const other = knownBound(k, highest, highestRate, highestSlope, tau, rate);
    if (other > bound) bound = other;
  }
  return bound;
}

/** Remember w = w^min(tau) of user k in `known` (a price memo) with its rate and tangent slope. */
function remember(k: i32, tau: f64, w: f64, known: usize, knownRate: usize, knownSlope: usize): void {
  setF(known, k, tau);
  setF(known, K + k, w);
  const bits = getF(dataBits, k);
  setF(knownRate, k, bits / tau);
  setF(knownSlope, k, tangentSlope(bits, getF(snrHz, k), tau, w));
}

let chosenBand: f64 = 0; // cheapestAt's set: the sum of its prices at the start it was chosen for

/** w^min(tau) of user k, remembered as its last price (and as its price at the latest start, if it is). */
function priceAt(k: i32, tau: f64): f64 {
  if (getF(memo, k) == tau) return getF(memo, K + k);
  const w = wminOf(k, tau);
  remember(k, tau, w, memo, memoRate, memoSlope);
  if (!(getF(highest, k) >= tau)) remember(k, tau, w, highest, highestRate, highestSlope);
  return w;
}

let winner: usize = 0; // i32[K]: the best set bestAtQuota found, as a list
export let winnerBand: f64 = Infinity;
let classStart: usize = 0; // i32[N + 2]: where each class starts in byDeadline (classStart[N + 1] = end)
let byDeadline: usize = 0; // i32[Ks]: servable users by class, each by deadline, latest first
let classesSorted: bool = true;
export let boundOf: usize = 0; // f64[N + 2]: growByClasses' bound on each class's candidate // false: the run's time ran out while sorting them

/** Candidates in exit class e. */
// @ts-ignore: decorator
@inline export function classSize(e: i32): i32 {
  return getI(classStart, e + 1) - getI(classStart, e);
}

/** Scratch for this run's exchanges, choosing among all servable users; call once per run before them. */
export function initExchange(): void {
  initExchangeWithin(servable);
}

/** As initExchange, choosing only among the users flagged in `among` (i32[K], a subset of the servable). */
export function initExchangeWithin(among: usize): void {
  candidates = among;
  slack = reserveF64(K);
  price = reserveF64(K);
  memo = reservePriceMemo();
  highest = reservePriceMemo();
  memoRate = reserveF64(K);
  memoSlope = reserveF64(K);
  highestRate = reserveF64(K);
  highestSlope = reserveF64(K);
  byPrice = reserveI32(K);
  chosen = reserveI32(K);
  winner = reserveI32(K);
  kept = reserveI32(K);
  quota = reserveI32(N + 2);
  left = reserveI32(N + 2);
  batch = reserveI32(N + 2);
  computeTo = reserveF64(N + 2);
  classStart = reserveI32(N + 2);
  byDeadline = reserveI32(K);
  boundOf = reserveF64(N + 2);
  // Each class by deadline, latest first: within a class the slack is the
  // deadline less one compute time, so this is also the order by slack.
  let count = 0;
  for (let k = 0; k < K; k++) if (getI(candidates, k) != 0) setI(chosen, count++, k);
  candidateCount = count;
  lastOrder = 0;
  if (count <= SORTED_UP_TO) {
    lastOrder = reserveI32(count);
    notEligible = reserveI32(count);
    for (let i = 0; i < count; i++) setI(lastOrder, i, getI(chosen, i));
  }
  classesSorted = groupByExitLatestFirst(chosen, count, byDeadline, classStart, left, price);
}

/**
 * Take over prices computed elsewhere: w^min(tau) of every user flagged in
 * `who` (i32[K]) is in `prices` (f64[K]), computed by wminOf. Call after
 * initExchangeWithin.
 */
export function knownPricesAt(tau: f64, prices: usize, who: usize): void {
  for (let k = 0; k < K; k++) {
    if (getI(who, k) == 0) continue;
    remember(k, tau, getF(prices, k), memo, memoRate, memoSlope);
    if (!(getF(highest, k) >= tau)) remember(k, tau, getF(prices, k), highest, highestRate, highestSlope);
  }
}

/** quota = the flagged set's tasks per exit class; returns its size (its users listed in `chosen`). */
export function quotaOf(selected: usize): i32 {
  for (let e = 0; e <= N + 1; e++) setI(quota, e, 0);
  let size = 0;
  for (let k = 0; k < K; k++) {
    if (getI(selected, k) == 0) continue;
    const e = getI(minExit, k);
    setI(quota, e, getI(quota, e) + 1);
    setI(chosen, size++, k);
  }
  return size;
}

/**
 * The cheapest feasible set with `quota` tasks per class found over the
 * starts tried, in `winner` (band in winnerBand, Infinity if none fits or,
 * with a ceiling, none has a band below it).
 *
 * Every start tried is at most tauMax and admits no user whose slack is
 * below it. A set chosen at tau is judged at its own latest start (its users'
 * least slack, between tau and tauMax), where each price is at least the
 * tangent bound from a price known elsewhere (boundAt: w^min is convex in the
 * rate L/tau) at any later start (w^min falls as the start grows). Scaling a
 * price at tau by tau / (a later start) would not do: w^min(tau) tau falls as
 * tau grows, so that is an upper bound. Once tauMax is judged, a set of users
 * whose slack all allow tauMax starts there and cannot beat the cheapest set
 * judged there; any other set starts at most at the largest slack below tauMax
 * that tau admits. A start, or a set, whose sum of these bounds reaches the
 * best band so far is dropped before it is priced to the end or judged; the
 * winner is the one judging every start would give.
 */
function bestAtQuota(size: i32): void {
  winnerBand = Infinity;
  const tauMax = quotaLatestStart();
  if (!(tauMax == tauMax)) return;
  const cap = ceiling < bandwidthHz ? ceiling : bandwidthHz;
  // The cheapest quota among the users any start tried admits, priced at tauMax (from bounds).
  if (lastStart > firstStart || firstStart > 0) {
    const earliest = tauMax * startFraction(lastStart);
    if (cheapestAt(tauMax, earliest, cap * (1.0 + BOUND_MARGIN), true) == -2) return;
  }
  // Once tauMax is judged, a set of only users whose slack allows tauMax cannot
  // win: it starts at tauMax, where the set judged there is the cheapest.
  let judgedAtMax = false;
  for (let i = firstStart; i <= lastStart && !timeUp(); i++) {
    if (i == skipStart) continue;
    const tau = tauMax * startFraction(i);
    if (!(tau > 0.0)) break;
    const bar = winnerBand < ceiling ? winnerBand : ceiling;
    // At tauMax the band is the sum taken; earlier, at least the sum of the
    // users' bounds at the set's own start (cheapestAt's boundTau).
    const budget = i == 0 ? cap * (1.0 + BOUND_MARGIN) : Infinity;
    const boundTau = i == 0 ? NaN : tauMax;
    const boundBudget = bar * (1.0 + BOUND_MARGIN);
    if (i != 0) {
      // Every set that may win starts at most at `latest`, where each of its
      // prices is at least its known bound: if the cheapest quota by those
      // bounds among the users tau admits passes the bar, none wins here.
      const latest = judgedAtMax ? largestSlackBelow(tau, tauMax) : tauMax;
      if (!(latest >= tau) || cheapestAt(latest, tau, boundBudget, true) == -2) continue;
    }
    const taken = cheapestAt(tau, NaN, budget, false, boundTau, boundBudget, judgedAtMax);
    if (i == 0 && taken != -1) judgedAtMax = true;
    if (taken != size) continue;
    let band = chosenBand;
    // At tauMax the set starts at tauMax itself (no set with these counts starts
    // later, and every user taken allows it), and its band is the sum just taken,
    // in the same order evaluateList would add it: no need to judge it again.
    if (i != 0) {
      const own = latestStartOfChosen(size);
      if (judgedAtMax && own >= tauMax) continue;
      if (own > 0.0 && boundOfChosen(size, own) * (1.0 - BOUND_MARGIN) >= bar) continue;
      if (!evaluateList(chosen, size) || evalCount != size) continue;
      band = evalBandwidthHz;
    } else if (size > maxBatch || !(band <= bandwidthHz)) continue;
    if (band < winnerBand * (1.0 - 1e-12) && band < ceiling) {
      winnerBand = band;
      winnerStart = i;
      for (let j = 0; j < size; j++) setI(winner, j, getI(chosen, j));
    }
  }
}

// growByClasses' candidates only matter below this band (the best it has so far):
// bestAtQuota then drops sets whose band cannot get below it.
export let ceiling: f64 = Infinity;

/** The latest start of the first `size` users in `chosen`: their least slack (slack holds the quota's). */
function latestStartOfChosen(size: i32): f64 {
  let tau = Infinity;
  for (let j = 0; j < size; j++) {
    const t = getF(slack, getI(chosen, j));
    if (t < tau) tau = t;
  }
  return tau;
}

/** The largest slack in [from, below) among the candidates; -Infinity if none. */
function largestSlackBelow(from: f64, below: f64): f64 {
  let best = -Infinity;
  for (let k = 0; k < K; k++) {
    if (getI(candidates, k) == 0) continue;
    const t = getF(slack, k);
    if (t >= from && t < below && t > best) best = t;
  }
  return best;
}

/** A lower bound on the band of the first `size` users in `chosen` at start tau (boundAt). */
function boundOfChosen(size: i32, tau: f64): f64 {
  let sum = 0.0;
  for (let j = 0; j < size; j++) sum += boundAt(getI(chosen, j), tau);
  return sum;
}

/**
 * Slack of every user under the quota's batch sizes, and the latest start the
 * class counts allow (the quota-th largest slack of every class, at most); NaN
 * if no set has these counts (or the classes are not sorted).
 */
function quotaLatestStart(): f64 {
  batchSizesFromCounts(quota, batch);
  computeTimesFromBatch(batch, computeTo);
  for (let k = 0; k < K; k++) setF(slack, k, getF(deadlineS, k) - getF(computeTo, getI(minExit, k)));
  if (!classesSorted) return NaN;
  let tauMax = Infinity;
  for (let e = 1; e <= N; e++) {
    const need = getI(quota, e);
    if (need == 0) continue;
    if (need > classSize(e)) return NaN;
    const t = getF(slack, getI(byDeadline, getI(classStart, e) + need - 1));
    if (t < tauMax) tauMax = t;
  }
  return tauMax;
}

/**
 * A lower bound on the band of any set with the quota's counts that
 * bestAtQuota judges at `start` (Infinity if none fits the bandwidth), from
 * the prices known so far, pricing only users no price bounds yet.
 */
export function quotaBandBound(start: i32): f64 {
  const tauMax = quotaLatestStart();
  if (!(tauMax == tauMax)) return Infinity;
  const budget = bandwidthHz * (1.0 + BOUND_MARGIN);
  let need = 0;
  for (let e = 1; e <= N; e++) need += getI(quota, e);
  const size = cheapestAt(tauMax, tauMax * startFraction(start), budget, true);
  if (size == -1) return 0.0; // out of time: no bound
  if (size == -2 || size < need) return Infinity;
  return chosenBand * (1.0 - BOUND_MARGIN);
}

/** bestAtQuota at one start only: a cheap first look at a candidate. */
export function quickAtQuota(size: i32, start: i32): void {
  firstStart = start;
  lastStart = start;
  bestAtQuota(size);
  firstStart = 0;
  lastStart = EARLIER_STARTS;
}

/** bestAtQuota at every start but `skip` (judged already). */
export function bestAtQuotaBut(size: i32, skip: i32): void {
  skipStart = skip;
  bestAtQuota(size);
  skipStart = -1;
}

export function keepWinner(size: i32): void {
  for (let j = 0; j < size; j++) setI(kept, j, getI(winner, j));
  keptBand = winnerBand;
  keptStart = winnerStart;
}

/** The winner becomes the kept set unless it is cheaper. */
export function winnerOrKept(size: i32): void {
  if (winnerBand < keptBand * (1.0 - 1e-12)) return;
  for (let j = 0; j < size; j++) setI(winner, j, getI(kept, j));
  winnerBand = keptBand;
  winnerStart = keptStart;
}

export function flagWinner(selected: usize, size: i32): void {
  for (let k = 0; k < K; k++) setI(selected, k, 0);
  for (let j = 0; j < size; j++) setI(selected, getI(winner, j), 1);
}

/**
 * Improve the set flagged in `selected` (i32[K]) at its exit-class counts;
 * rewrites it if a cheaper set of the same size is found. Returns whether it did.
 */
export function exchangeAtSameCounts(selected: usize): bool {
  const size = quotaOf(selected);
  if (size == 0 || !evaluateList(chosen, size)) return false;
  const band = evalBandwidthHz;
  bestAtQuota(size);
  if (!(winnerBand < band * (1.0 - 1e-12))) return false;
  flagWinner(selected, size);
  return true;
}
