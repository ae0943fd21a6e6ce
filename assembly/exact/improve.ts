// Larger and cheaper incumbents for the two phases, by moving tasks between
// exit classes. A set is fixed, up to its start, by its counts c_e per exit
// class: they give the batch sizes (b_n = sum_{e >= n} c_e) and every class's
// compute time D_e, and at a start tau the cheapest such set takes, per class,
// the c_e cheapest users whose deadlines reach tau + D_e. A climb pins tau
// and moves one task from class i to class j (any pair) while that lowers the
// band at tau; climbs run at starts around the set's own (1% apart, from 3%
// later to 14% earlier: the least-band sets of the large cell lie up to 12%
// earlier than the incumbents the phases start from). Every climb's end is
// judged as a schedule (evaluateList: its own start, its own band).
// - growByClassMoves, before the count phase: one task more in the class
//   where it costs least, then the climb; a set within the band is an
//   incumbent one larger, and spares the count phase a search that finds one.
// - improveByClassMoves, before the band phase: the climbs from the
//   incumbent's counts, then again around the best set found.
// Neither proves anything: the phases' searches do; these only raise the
// incumbent they prune against.
//
// Pricing: every user is priced once at a reference start refTau above the
// starts judged; for tau <= refTau, w^min(tau) >= w^min(refTau) refTau / tau
// (scaledWminBound), the same factor for every user. So each class is walked
// in its order of price at refTau, pricing users exactly at tau, until the
// bound of the next reaches the c_e-th cheapest exact price: the same set as
// pricing the whole class. A class's cost depends on tau, c_e and how many of
// its users' deadlines reach tau + D_e; a climb asks for the same few again
// and again, so the last CACHE_WAYS of them are kept per class.
import { scaledWminBound } from "../greedy/exchange";
import { nowMs, timeUp } from "../lib/clock";
import { getF, getI, reserveF64, reserveI32, setF, setI } from "../lib/memory";
import { sortIndicesByKey } from "../lib/sort";
import { batchSizesFromCounts, computeTimesFromBatch, evalBandwidthHz, evalCount, evalTauS, evaluateList } from "../model/batch";
import { K, N, bandwidthHz, deadlineS, memoWmin, minExit, reservePriceMemo } from "../model/problem";
import { byDeadline, classStart, deadlineMs, userCount } from "./state";

// Moves taken at most per climb (each judges N (N - 1) neighbours).
const MAX_MOVES: i32 = 40;
// The starts a climb is pinned to: the set's own start x (1 - ANCHOR_STEP a),
// a = -ANCHORS_ABOVE .. ANCHORS_BELOW (least-band sets seen lie up to 12% earlier, 2% later).
const ANCHOR_STEP: f64 = 0.01;
const ANCHORS_ABOVE: i32 = 3;
const ANCHORS_BELOW: i32 = 14;
// The reference start lies above every anchor.
const REF_ABOVE: f64 = 0.05;
// Rounds of climbs: from the incumbent, then around the best set found so far
// (ROUND_ANCHORS either side of its start).
const MAX_ROUNDS: i32 = 3;
const ROUND_ANCHORS: i32 = 2;
// A climb's end is judged as a schedule only if its band at the pinned start is
// within this of the best (its own start, later, makes it cheaper, rarely by more).
const JUDGE_MARGIN: f64 = 0.02;

let refTau: f64 = 0;
let refPrice: usize = 0; // f64[K]: w^min at refTau
let byRef: usize = 0; // i32[Ks]: servable users by class, each by refPrice ascending
let refStart: usize = 0; // i32[N + 2]: where each class starts in byRef
let memo: usize = 0; // exact prices at the start being judged
let counts: usize = 0; // i32[N + 2]: the current counts
let batch: usize = 0; // i32[N + 2]
let computeTo: usize = 0; // f64[N + 2]
let heap: usize = 0; // f64[K]: a max-heap of the cheapest exact prices of one class
let picked: usize = 0; // i32[K]: users behind the heap's prices
let trialList: usize = 0; // i32[K]: the set judged, as a list
let bestList: usize = 0; // i32[K]: the best set found, as a list
let bestBand: f64 = Infinity;
let bestTau: f64 = 0;
let found: bool = false;
let stopped: bool = false;
let evals: i32 = 0; // sets priced, for asking the clock every 64th


/** Scratch for this run; call once per run (after the search's arrays are sized). */
export function initImprove(): void {
  refPrice = reserveF64(K);
  byRef = reserveI32(K);
  refStart = reserveI32(N + 2);
  memo = reservePriceMemo();
  counts = reserveI32(N + 2);
  batch = reserveI32(N + 2);
  computeTo = reserveF64(N + 2);
  heap = reserveF64(K);
  picked = reserveI32(K);
  trialList = reserveI32(K);
  bestList = reserveI32(K);
  cacheKey = reserveI32((N + 2) * CACHE_WAYS);
  cacheCost = reserveF64((N + 2) * CACHE_WAYS);
  cacheNext = reserveI32(N + 2);
  cacheTau = NaN;
  refTau = 0;
}

function outOfTime(): bool {
  if (!stopped && (nowMs() > deadlineMs || timeUp())) stopped = true;
  return stopped;
}

/** Price every servable user at tau and order each class by that price (classes as in byDeadline). */
function priceAtReference(tau: f64): bool {
  refTau = tau;
  cacheTau = NaN; // class costs were found with the old reference's bounds: the same, but start afresh
  for (let e = 0; e <= N + 1; e++) setI(refStart, e, getI(classStart, e));
  for (let i = 0; i < userCount; i++) {
    const k = getI(byDeadline, i);
    setF(refPrice, k, memoWmin(memo, k, tau));
    setI(byRef, i, k);
  }
  for (let e = 1; e <= N; e++) {
    const from = getI(refStart, e);
    sortIndicesByKey(byRef + (<usize>from << 2), getI(refStart, e + 1) - from, refPrice);
    if (outOfTime()) return false;
  }
  return true;
}

// The max-heap of one class's cheapest prices (values in heap, users in picked).
function heapUp(size: i32): void {
  let i = size - 1;
  const v = getF(heap, i);
  const u = getI(picked, i);
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!(getF(heap, p) < v)) break;
    setF(heap, i, getF(heap, p));
    setI(picked, i, getI(picked, p));
    i = p;
  }
  setF(heap, i, v);
  setI(picked, i, u);
}

function replaceTop(size: i32, v: f64, u: i32): void {
  let i = 0;
  while (true) {
    let c = 2 * i + 1;
    if (c >= size) break;
    if (c + 1 < size && getF(heap, c + 1) > getF(heap, c)) c++;
    if (!(getF(heap, c) > v)) break;
    setF(heap, i, getF(heap, c));
    setI(picked, i, getI(picked, c));
    i = c;
  }
  setF(heap, i, v);
  setI(picked, i, u);
}

// Each class's cost at (count c, eligible prefix p of its users by deadline)
// at the start being judged: a climb judges the same few pairs again and again.
const CACHE_WAYS: i32 = 16;
let cacheTau: f64 = NaN;
let cacheKey: usize = 0; // i32[(N + 2) CACHE_WAYS]: c * 65536 + p, -1 empty
let cacheCost: usize = 0; // f64[(N + 2) CACHE_WAYS]
let cacheNext: usize = 0; // i32[N + 2]: the way to overwrite next

/** Users of class e whose deadlines are at least theta (a prefix of byDeadline's class list). */
function eligiblePrefix(e: i32, theta: f64): i32 {
  const from = getI(classStart, e);
  let lo = 0;
  let hi = getI(classStart, e + 1) - from;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (getF(deadlineS, getI(byDeadline, from + mid)) >= theta) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The c cheapest users of class e at start tau among those whose deadlines
 * are at least theta: their band (Infinity if fewer than c), listed from
 * trialList[at] if `list`.
 */
function classCost(e: i32, c: i32, theta: f64, tau: f64, list: bool, at: i32): f64 {
  let m = 0;
  const end = getI(refStart, e + 1);
  for (let i = getI(refStart, e); i < end; i++) {
    const k = getI(byRef, i);
    if (m == c && scaledWminBound(refTau, getF(refPrice, k), tau) >= getF(heap, 0)) break;
    if (getF(deadlineS, k) < theta) continue;
    const p = memoWmin(memo, k, tau);
    if (m < c) {
      setF(heap, m, p);
      setI(picked, m, k);
      m++;
      heapUp(m);
    } else if (p < getF(heap, 0)) replaceTop(m, p, k);
  }
  if (m < c) return Infinity;
  let total = 0.0;
  for (let j = 0; j < m; j++) {
    total += getF(heap, j);
    if (list) setI(trialList, at + j, getI(picked, j));
  }
  return total;
}

/**
 * The cheapest set with the current counts starting at tau (<= refTau): its
 * band at tau, or Infinity if the counts do not allow that start (some class
 * has too few users whose deadlines do). With `list`, its users in trialList.
 */
function cheapestAtCounts(size: i32, tau: f64, list: bool): f64 {
  if (tau != cacheTau) {
    cacheTau = tau;
    for (let i = 0; i < (N + 2) * CACHE_WAYS; i++) setI(cacheKey, i, -1);
  }
  batchSizesFromCounts(counts, batch);
  computeTimesFromBatch(batch, computeTo);
  let total = 0.0;
  let listed = 0;
  for (let e = 1; e <= N; e++) {
    const c = getI(counts, e);
    if (c == 0) continue;
    const theta = tau + getF(computeTo, e);
    const p = eligiblePrefix(e, theta);
    if (p < c) return Infinity;
    if (list) {
      total += classCost(e, c, theta, tau, true, listed);
      listed += c;
      continue;
    }
    const key = c * 65536 + p;
    const row = e * CACHE_WAYS;
    let cost = -1.0;
    for (let w = 0; w < CACHE_WAYS; w++) {
      if (getI(cacheKey, row + w) == key) {
        cost = getF(cacheCost, row + w);
        break;
      }
    }
    if (cost < 0.0) {
      cost = classCost(e, c, theta, tau, false, 0);
      const w = getI(cacheNext, e);
      setI(cacheKey, row + w, key);
      setF(cacheCost, row + w, cost);
      setI(cacheNext, e, (w + 1) % CACHE_WAYS);
    }
    total += cost;
    listed += c;
  }
  return listed == size ? total : Infinity;
}

/** Judge the set in trialList as a schedule (its own start is at least tau, its band at most `value`); keep it if best. */
function judge(size: i32, value: f64): void {
  if (!(value < bestBand * (1.0 + JUDGE_MARGIN))) return;
  if (!evaluateList(trialList, size) || evalCount != size || !(evalBandwidthHz < bestBand * (1.0 - 1e-12))) return;
  bestBand = evalBandwidthHz;
  bestTau = evalTauS;
  found = true;
  for (let q = 0; q < size; q++) setI(bestList, q, getI(trialList, q));
}

/**
 * Hill-climb the counts from the current ones, every set judged at start
 * tau: the move of one task between two classes that lowers the band most,
 * until none does. Every set priced is judged as a schedule too.
 */
function climb(size: i32, tau: f64): void {
  let value = cheapestAtCounts(size, tau, true);
  judge(size, value);
  const start = value;
  for (let moves = 0; moves < MAX_MOVES; moves++) {
    let from = 0;
    let to = 0;
    let moveValue = value * (1.0 - 1e-12);
    for (let i = 1; i <= N; i++) {
      if (getI(counts, i) == 0) continue;
      for (let j = 1; j <= N; j++) {
        if (j == i) continue;
        if ((++evals & 63) == 0 && outOfTime()) return;
        setI(counts, i, getI(counts, i) - 1);
        setI(counts, j, getI(counts, j) + 1);
        const trial = cheapestAtCounts(size, tau, false);
        setI(counts, i, getI(counts, i) + 1);
        setI(counts, j, getI(counts, j) - 1);
        if (!(trial < moveValue)) continue;
        moveValue = trial;
        from = i;
        to = j;
      }
    }
    if (from == 0) break;
    setI(counts, from, getI(counts, from) - 1);
    setI(counts, to, getI(counts, to) + 1);
    value = moveValue;
  }
  // The climb's end judged as a schedule (at its own start, at least tau: its band is at most value).
  if (value < start) {
    cheapestAtCounts(size, tau, true);
    judge(size, value);
  }
}

function countsOf(selected: usize): void {
  for (let e = 0; e <= N + 1; e++) setI(counts, e, 0);
  for (let k = 0; k < K; k++) {
    if (getI(selected, k) == 0) continue;
    const e = getI(minExit, k);
    setI(counts, e, getI(counts, e) + 1);
  }
}

function countsOfBest(size: i32): void {
  for (let e = 0; e <= N + 1; e++) setI(counts, e, 0);
  for (let q = 0; q < size; q++) {
    const e = getI(minExit, getI(bestList, q));
    setI(counts, e, getI(counts, e) + 1);
  }
}

function flagBest(selected: usize, size: i32): void {
  for (let k = 0; k < K; k++) setI(selected, k, 0);
  for (let q = 0; q < size; q++) setI(selected, getI(bestList, q), 1);
}

/** Price at a reference start above every anchor around tau (again only if it moved). */
function referenceFor(tau: f64): bool {
  const ref = tau * (1.0 + REF_ABOVE);
  if (ref > refTau || ref < refTau * (1.0 - REF_ABOVE)) return priceAtReference(ref);
  return true;
}

/**
 * Improve the set flagged in `selected` (i32[K], feasible, `size` tasks, band
 * `band` at its own start `tau`) by moving tasks between exit classes; rewrites
 * it and returns true if a cheaper feasible set of the same size was found.
 */
export function improveByClassMoves(selected: usize, size: i32, band: f64, tau: f64, wide: bool = true): bool {
  stopped = false;
  if (size == 0 || N < 2 || outOfTime()) return false;
  bestBand = band;
  bestTau = tau;
  found = false;
  let improved = false;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const around = bestTau;
    if (!referenceFor(around)) break;
    found = false;
    // Later rounds: only the starts next to the best set's own.
    const above = round == 0 && wide ? ANCHORS_ABOVE : ROUND_ANCHORS;
    const below = round == 0 && wide ? ANCHORS_BELOW : ROUND_ANCHORS;
    for (let a = -above; a <= below && !stopped; a++) {
      if (round == 0) countsOf(selected);
      else countsOfBest(size);
      climb(size, around * (1.0 - ANCHOR_STEP * <f64>a));
    }
    if (!found) break;
    improved = true;
  }
  if (!improved) return false;
  flagBest(selected, size);
  return true;
}

/**
 * Look for a feasible set one task larger than the set flagged in `selected`
 * (`size` tasks, starting at `tau`): at each anchored start, one more task in
 * the class where it costs least, then the climb. Rewrites `selected` with
 * the first such set found and returns true; false if none was found.
 */
export function growByClassMoves(selected: usize, size: i32, tau: f64): bool {
  stopped = false;
  if (size == 0 || outOfTime() || !referenceFor(tau)) return false;
  bestBand = bandwidthHz; // a larger set must fit the band
  found = false;
  const grown = size + 1;
  for (let a = -ANCHORS_ABOVE; a <= ANCHORS_BELOW && !stopped && !found; a++) {
    const start = tau * (1.0 - ANCHOR_STEP * <f64>a);
    countsOf(selected);
    let bestClass = 0;
    let least = Infinity;
    for (let j = 1; j <= N; j++) {
      setI(counts, j, getI(counts, j) + 1);
      const trial = cheapestAtCounts(grown, start, false);
      setI(counts, j, getI(counts, j) - 1);
      if (trial < least) {
        least = trial;
        bestClass = j;
      }
    }
    if (bestClass == 0) continue;
    setI(counts, bestClass, getI(counts, bestClass) + 1);
    climb(grown, start);
  }
  if (!found) return false;
  flagBest(selected, grown);
  return true;
}
