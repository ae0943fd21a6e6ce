// Better schedules at the same batch sizes. Given a served set, keep how many
// tasks leave at each exit (so every block's batch size and compute time stay
// as they are) and choose, for a batch start tau, the cheapest users of each
// exit class among those whose deadlines allow tau. Starting at the set's own
// tau this can only lower the band (the set itself is one of the choices);
// slightly earlier starts admit more users at higher prices, and are tried too.
// exact runs this on its incumbents while proving the least band (a cheaper
// incumbent prunes more); the shelf greedy ends by the same exchange, then by
// growing its set one class count at a time this way (grow-by-classes.ts).
//
// This file is the search over starts (bestAtQuota) and its entries; the
// cheapest set at one start is cheapest-at.ts, the remembered prices and the
// bounds from them price-memo.ts.
import { reserveF64, reserveI32, getF, setF, getI, setI } from "../lib/memory";
import { K, N, maxBatch, bandwidthHz, deadlineS, minExit, servable, groupByExitLatestFirst } from "../model/problem";
import { evaluateList, evalCount, evalBandwidthHz, batchSizesFromCounts, computeTimesFromBatch } from "../model/batch";
import { timeUp } from "../lib/clock";
import { boundAt } from "./price-memo";
import {
  candidateCount, candidates, cheapestAt, chosen, chosenBand, initCheapestAt, left, price, quota, slack,
} from "./cheapest-at";

// exact bounds w^min by the exchange's chord bound too (improve.ts).
export { scaledWminBound } from "./price-memo";

let batch: usize = 0; // i32[N + 2]
let computeTo: usize = 0; // f64[N + 2]

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

let winner: usize = 0; // i32[K]: the best set bestAtQuota found, as a list
export let winnerBand: f64 = Infinity;
let classStart: usize = 0; // i32[N + 2]: where each class starts in byDeadline (classStart[N + 1] = end)
let byDeadline: usize = 0; // i32[Ks]: servable users by class, each by deadline, latest first
let classesSorted: bool = true; // false: the run's time ran out while sorting them
export let boundOf: usize = 0; // f64[N + 2]: growByClasses' bound on each class's candidate

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
  initCheapestAt(among);
  winner = reserveI32(K);
  kept = reserveI32(K);
  batch = reserveI32(N + 2);
  computeTo = reserveF64(N + 2);
  classStart = reserveI32(N + 2);
  byDeadline = reserveI32(K);
  boundOf = reserveF64(N + 2);
  // Each class by deadline, latest first: within a class the slack is the
  // deadline less one compute time, so this is also the order by slack.
  classesSorted = groupByExitLatestFirst(chosen, candidateCount, byDeadline, classStart, left, price);
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
