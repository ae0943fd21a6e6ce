// The greedy below CLASS_GREEDY_FROM_USERS users (greedy.ts): it serves more
// of the optimum there than the exit-class growth, at a cost that only grows
// large with many users.
//
// The low-complexity method with early exiting: best-shelf-packing modified
// so that each task is charged only the blocks up to its own exit. For a batch
// start tau, users are ranked by least w^min(tau) (best channel first), then
// two passes pick from that ranking:
//  - shelves: for a batch size M, caps of M tasks through every block; a user
//    joins if the band holds, the caps allow and its deadline is met with the
//    caps' compute times. The caps of deeper blocks then shrink to what was
//    used, which shortens everyone's compute time, and the pass repeats (a
//    schedule within the caps is feasible by construction). M runs down from
//    the largest possible.
//  - insertion: users join in rank order while every task taken so far still
//    meets its deadline with the batch sizes actually formed.
// tau is searched on a grid refined around the best point, then moved to the
// schedule's own latest start. Starts whose bounds on the count (deadlines
// alone, count-bound.ts; the cheapest users the band fits) are below the
// count found are passed over. The set is then exchanged and grown by class
// (exchange.ts). The ranking is shelf-ranking.ts.
import { timeUp } from "../lib/clock";
import { getF, getI, reserveF64, reserveI32, setF, setI } from "../lib/memory";
import {
  batchSizesFromCounts, better, computeTimesFromBatch, passThrough,
  roomWithin, fitsWithOneMore,
} from "../model/batch";
import { K, N, bandwidthHz, deadlineS, maxBatch, minExit } from "../model/problem";
import { deadlineCountBound, initCountBound } from "./count-bound";
import { exchangeAtSameCounts, initExchangeWithin } from "./exchange";
import { knownPricesAt } from "./price-memo";
import { growByClasses } from "./grow-by-classes";
import {
  initRanking, latestOf, order, price, pricedTau, rankAt, rankDeadline, rankExit, rankPrice,
} from "./shelf-ranking";

let trial: usize = 0; // i32[K]: the set being built, as a list
let trialSize: i32 = 0;
let bestList: usize = 0; // i32[K]: the flagged best set as a list
let bestSize: i32 = 0;
let countAt: usize = 0; // i32[N + 2]: tasks exiting exactly at e
let batchAt: usize = 0; // i32[N + 2]
let minDeadlineAt: usize = 0; // f64[N + 2]: earliest deadline among tasks exiting at e
let caps: usize = 0; // i32[N + 2]: shelf caps, tasks through block n
let capUsed: usize = 0; // i32[N + 2]
let capComputeTo: usize = 0; // f64[N + 2]
let ownCount: usize = 0; // i32[N + 2]: a trial set's tasks per exit, its batch sizes and compute times
let ownBatch: usize = 0; // i32[N + 2]
let ownComputeTo: usize = 0; // f64[N + 2]

let greedyCount: i32 = 0;
let greedyBandwidthHz: f64 = 0;
let greedyTauS: f64 = 0;
let trialBandAtStart: f64 = 0; // the trial set's band at the batch start it was built for

// The batch start tau is searched on COARSE_POINTS, then FINE_POINTS around the best, REFINEMENTS times.
const COARSE_POINTS: i32 = 8;
const FINE_POINTS: i32 = 3;
const REFINEMENTS: i32 = 2;

function init(): void {
  initRanking();
  trial = reserveI32(K);
  bestList = reserveI32(K);
  bestSize = 0;
  countAt = reserveI32(N + 2);
  batchAt = reserveI32(N + 2);
  minDeadlineAt = reserveF64(N + 2);
  caps = reserveI32(N + 2);
  capUsed = reserveI32(N + 2);
  capComputeTo = reserveF64(N + 2);
  ownCount = reserveI32(N + 2);
  ownBatch = reserveI32(N + 2);
  ownComputeTo = reserveF64(N + 2);
}

/** One shelf pass within `caps`; flags the set in `trial`, counts per block in capUsed. Returns its size. */
function shelfPass(tau: f64, ranked: i32): i32 {
  computeTimesFromBatch(caps, capComputeTo);
  for (let n = 0; n <= N + 1; n++) setI(capUsed, n, 0);
  trialSize = 0;
  let used = 0.0;
  let taken = 0;
  const total = getI(caps, 1);
  // A pass reads fewer than CLASS_GREEDY_FROM_USERS users (greedy.ts), a few
  // microseconds: the clock is asked between passes (shelvesAt).
  for (let i = 0; i < ranked && taken < total; i++) {
    const w = getF(rankPrice, i);
    if (used + w > bandwidthHz) break;
    const e = getI(rankExit, i);
    if (getF(rankDeadline, i) - getF(capComputeTo, e) < tau) continue;
    if (!roomWithin(capUsed, caps, e)) continue;
    passThrough(capUsed, e);
    setI(trial, trialSize++, getI(order, i));
    used += w;
    taken++;
  }
  trialBandAtStart = used;
  return taken;
}

/** Passes within the current caps, shrinking deeper caps to what was used until they hold. */
function shrinkToUse(tau: f64, ranked: i32, best: usize): i32 {
  let most = 0;
  for (let round = 0; round <= N; round++) {
    const taken = shelfPass(tau, ranked);
    if (taken > most) most = taken;
    keepIfBetter(best);
    let shrunk = false;
    for (let n = 2; n <= N; n++) {
      if (getI(capUsed, n) < getI(caps, n)) {
        setI(caps, n, getI(capUsed, n));
        shrunk = true;
      }
    }
    if (!shrunk) break;
  }
  return most;
}

const REGROWTHS: i32 = 1;

// The set found allows a later start than the grid point it was built at: tried this often.
const LATEST_START_TRIES: i32 = 1;

/**
 * Shelves for batch size M: caps of M through every block, deeper caps shrunk
 * to use; then deeper caps are let grow by half again (the shrunk compute
 * times may now admit deeper tasks) and shrunk once more. Returns the most taken.
 */
function shelvesFor(tau: f64, ranked: i32, m: i32, best: usize): i32 {
  for (let n = 1; n <= N; n++) setI(caps, n, m);
  let most = shrinkToUse(tau, ranked, best);
  for (let g = 0; g < REGROWTHS; g++) {
    for (let n = 2; n <= N; n++) {
      const used = getI(capUsed, n);
      let grown = used + (used >> 1) + 1;
      if (grown > getI(caps, n - 1)) grown = getI(caps, n - 1);
      setI(caps, n, grown);
    }
    const taken = shrinkToUse(tau, ranked, best);
    if (taken > most) most = taken;
  }
  return most;
}

/**
 * The sequential search over the batch size M at one batch start: the largest
 * M whose shelves fill up, by bisection (a smaller M charges less compute).
 */
function shelvesAt(tau: f64, ranked: i32, best: usize, most: i32): void {
  // Shelves for fewer tasks than the incumbent's count cannot beat it.
  let lo = greedyCount > 1 ? greedyCount - 1 : 0;
  let hi = ranked < maxBatch ? ranked : maxBatch;
  if (most < hi) hi = most;
  while (lo < hi && !timeUp()) {
    const m = (lo + hi + 1) >> 1;
    if (shelvesFor(tau, ranked, m, best) >= m) lo = m;
    else hi = m - 1;
  }
}

/** The insertion pass at one batch start; flags the set in `trial`. */
function insertionAt(tau: f64, m: i32): void {
  trialSize = 0;
  for (let n = 0; n <= N + 1; n++) {
    setI(countAt, n, 0);
    setI(batchAt, n, 0);
    setF(minDeadlineAt, n, Infinity);
  }
  let taken = 0;
  let used = 0.0;
  for (let i = 0; i < m && taken < maxBatch; i++) {
    const w = getF(rankPrice, i);
    if (used + w > bandwidthHz) break; // prices ascend: nobody later fits either
    const e = getI(rankExit, i);
    const deadline = getF(rankDeadline, i);
    if (!fitsWithOneMore(batchAt, minDeadlineAt, e, deadline, tau)) continue;
    setI(trial, trialSize++, getI(order, i));
    used += w;
    taken++;
    setI(countAt, e, getI(countAt, e) + 1);
    for (let n = 1; n <= e; n++) setI(batchAt, n, getI(batchAt, n) + 1);
    if (deadline < getF(minDeadlineAt, e)) setF(minDeadlineAt, e, deadline);
  }
  trialBandAtStart = used;
}

// The best schedule found at the batch start being tried.
let localCount: i32 = -1;
let localBandwidthHz: f64 = Infinity;

/**
 * Keep the set in `trial` in `best` if it beats the incumbent: more tasks, or
 * as many with less band, each judged at the start it was built for (where it
 * is feasible by construction). Judging them at their own latest starts would
 * price every set once more; the exchange at the end lowers the band of the
 * set kept that way anyway.
 */
function keepIfBetter(best: usize): void {
  if (better(trialSize, trialBandAtStart, localCount, localBandwidthHz)) {
    localCount = trialSize;
    localBandwidthHz = trialBandAtStart;
  }
  if (!better(trialSize, trialBandAtStart, greedyCount, greedyBandwidthHz)) return;
  greedyCount = trialSize;
  greedyBandwidthHz = trialBandAtStart;
  greedyTauS = latestStartOfTrial();
  // Unflag the previous best by its list: clearing all K flags per improvement
  // costs seconds at a million users.
  for (let i = 0; i < bestSize; i++) setI(best, getI(bestList, i), 0);
  for (let i = 0; i < trialSize; i++) {
    setI(best, getI(trial, i), 1);
    setI(bestList, i, getI(trial, i));
  }
  bestSize = trialSize;
}

/** The latest start of the set in `trial` under its own batch sizes (no pricing). */
function latestStartOfTrial(): f64 {
  for (let e = 0; e <= N + 1; e++) setI(ownCount, e, 0);
  for (let i = 0; i < trialSize; i++) {
    const e = getI(minExit, getI(trial, i));
    setI(ownCount, e, getI(ownCount, e) + 1);
  }
  batchSizesFromCounts(ownCount, ownBatch);
  computeTimesFromBatch(ownBatch, ownComputeTo);
  let tau = Infinity;
  for (let i = 0; i < trialSize; i++) {
    const k = getI(trial, i);
    const slack = getF(deadlineS, k) - getF(ownComputeTo, getI(minExit, k));
    if (slack < tau) tau = slack;
  }
  return tau;
}

/**
 * Try a batch start with both passes; the incumbent is kept in `best`, this
 * start's best in local*. A start whose bounds on the count (by the deadlines
 * alone, and by the band the cheapest users need) are below the incumbent's
 * is passed over: it cannot beat it.
 */
function tryStart(tau: f64, best: usize): void {
  localCount = -1;
  localBandwidthHz = Infinity;
  if (!(tau > 0.0)) return;
  let most = deadlineCountBound(tau);
  if (most < greedyCount) return;
  const ranked = rankAt(tau);
  if (ranked < most) most = ranked;
  let used = 0.0;
  let fit = 0;
  while (fit < most) {
    used += getF(rankPrice, fit);
    if (used > bandwidthHz) break;
    fit++;
  }
  if (fit < greedyCount) return;
  shelvesAt(tau, ranked, best, fit);
  insertionAt(tau, ranked);
  keepIfBetter(best);
}

/** Run the shelf greedy; flags the chosen users in `best` (i32[K]). `upper`: a proved bound on the count. */
export function runShelfGreedy(best: usize, upper: i32): void {
  init();
  greedyCount = 0;
  greedyBandwidthHz = 0;
  greedyTauS = 0;
  for (let k = 0; k < K; k++) setI(best, k, 0);
  let tauMax = 0.0;
  for (let k = 0; k < K; k++) if (getF(latestOf, k) > tauMax) tauMax = getF(latestOf, k);
  if (!(tauMax > 0.0)) return;
  if (!initCountBound(latestOf)) return;
  // The count no schedule can exceed: once reached, what is left to gain is band.
  const countLimit = upper < maxBatch ? upper : maxBatch;

  let lo = 0.0;
  let centre = NaN;
  let centreCount = -1;
  let centreBand = Infinity;
  let step = tauMax / <f64>COARSE_POINTS;
  let points = COARSE_POINTS;
  for (let round = 0; round <= REFINEMENTS; round++) {
    let bestTau = 0.0;
    let bestC = -1;
    let bestW = Infinity;
    for (let i = 1; i <= points; i++) {
      const tau = lo + step * <f64>i;
      if (tau > tauMax || timeUp()) break;
      // Later starts hold even fewer tasks by the deadlines alone.
      if (deadlineCountBound(tau) < greedyCount) break;
      // The point the refinement is centred on is known already.
      if (round > 0 && Math.abs(tau - centre) <= 1e-9 * step) {
        localCount = centreCount;
        localBandwidthHz = centreBand;
      } else tryStart(tau, best);
      if (better(localCount, localBandwidthHz, bestC, bestW)) {
        bestC = localCount;
        bestW = localBandwidthHz;
        bestTau = tau;
      }
      // The count is at its bound: later starts could only lower the band,
      // which the latest-start tries and the exchange below do for less.
      if (greedyCount >= countLimit) break;
    }
    if (bestC < 0) break;
    // The count is at its bound: the refinements would only lower the band,
    // which the exchange below does at a fraction of their cost.
    if (greedyCount >= countLimit) break;
    lo = bestTau - step;
    if (lo < 0.0) lo = 0.0;
    centre = bestTau;
    centreCount = bestC;
    centreBand = bestW;
    step = (2.0 * step) / <f64>(FINE_POINTS + 1);
    points = FINE_POINTS;
  }
  // The set found allows a later start than the grid point: prices fall there, so try it too
  // (at the count's bound, the exchange's latest start does this for less).
  for (let i = 0; i < LATEST_START_TRIES && greedyCount > 0 && greedyCount < countLimit && !timeUp(); i++) {
    const before = greedyTauS;
    tryStart(greedyTauS, best);
    if (greedyTauS == before) break;
  }
  // Local exchange: the cheapest users at the set's exit-class counts, then one
  // more task in some exit class while a set with those counts fits (the passes
  // above fix the counts by their caps).
  if (greedyCount > 0 && !timeUp()) {
    // Among the users who can start at all (a latest start above -Infinity).
    const pool = reserveI32(K);
    for (let k = 0; k < K; k++) setI(pool, k, getF(latestOf, k) > -Infinity ? 1 : 0);
    initExchangeWithin(pool);
    if (pricedTau == pricedTau) {
      // The last start tried priced everyone who could start there (often the set's own start).
      const ranked = reserveI32(K);
      for (let k = 0; k < K; k++) setI(ranked, k, getF(latestOf, k) >= pricedTau ? 1 : 0);
      knownPricesAt(pricedTau, price, ranked);
    }
    exchangeAtSameCounts(best);
    // Every set it grows to is judged at every start the exchange tries.
    growByClasses(best, upper);
  }
}
