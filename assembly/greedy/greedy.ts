// The greedy: for a batch start tau, grow the served set one task at a time
// in the exit class where one more task adds the least band (counting the
// users it pushes past their deadlines and their replacements) plus a charge
// for the compute time it adds, keeping in each class the cheapest users
// whose deadlines allow tau under the compute times the counts give
// (classes.ts). tau and the weight of that charge are searched on a grid,
// tau refined around the best point; the set found is re-chosen at its class
// counts over a few starts (exchange.ts), which can only lower its band, and
// its counts are rebuilt and grown again from its own start (resumeFromBest).
// Below CLASS_GREEDY_FROM_USERS users the shelf greedy (shelves.ts) runs
// instead; with weights, the greedy by weight (by-weight.ts).
import { timeUp, timeUpAt } from "../lib/clock";
import { getI, reserveF64, reserveI32, setF, setI } from "../lib/memory";
import { selectLeast } from "../lib/sort";
import { better, evalBandwidthHz, evalCount, evalTauS, evaluateList } from "../model/batch";
import { latestStartS } from "../model/bounds";
import { K, N, maxBatch, minExit, servable, weighted, wminOf } from "../model/problem";
import { batchedTauS, writeBatched, writeResult } from "../model/result";
import { runGreedyByWeight } from "./by-weight";
import { buildAt, buildFrom, builtBand, initClasses } from "./classes";
import { exchangeAtSameCounts, initExchangeWithin } from "./exchange";
import { deadlineCountBound, initCountBound } from "./count-bound";
import { runShelfGreedy } from "./shelves";

let trial: usize = 0; // i32[K]: the set being built, as a list
let trialSize: i32 = 0;
let bestList: usize = 0; // i32[K]: the flagged best set as a list
let bestSize: i32 = 0;

export let greedyCount: i32 = 0;
export let greedyBandwidthHz: f64 = 0;
export let greedyTauS: f64 = 0;

// The batch start is searched on COARSE_POINTS, then FINE_POINTS around the best, REFINEMENTS times.
const COARSE_POINTS: i32 = 10;
const FINE_POINTS: i32 = 4;
const REFINEMENTS: i32 = 2;

// The depth weights of classes.ts's ranking tried on the coarse grid: 0.15, 0.25,
// 0.35. Measured on the large cell (K = 1000, 10 seeds per N): 0.25 alone
// serves 98.3-98.9% of the optimum, 0.1 or 0.5 alone 93-98%, no weight 91-97%.
const DEPTH_WEIGHTS: i32 = 3;
const MIDDLE_WEIGHT: i32 = 1;
function depthWeightOf(j: i32): f64 {
  return 0.15 + 0.1 * <f64>j;
}

// resumeFromBest: rounds at most, each over this many starts. On the large
// cell (K = 1000, 20 seeds per N) it lifts greedy's worst seed at N = 8 from
// 96.7% to 97.6% of the optimum for about 10% more time.
const RESUME_ROUNDS: i32 = 3;
const RESUME_STARTS: i32 = 6;

// With many more users than one batch can hold, only the cheapest few ever
// matter: the search then looks at a pool of this many batches' worth of users.
const POOL_BATCHES: i32 = 8;
const POOL_MIN: i32 = 400;

/**
 * Flag in `pool` the servable users, or with very many of them the cheapest at
 * the latest start anybody has (the ranking every start's merge begins from).
 */
function choosePool(pool: usize, tauMax: f64, upper: i32): usize {
  // Without a batch limit the proved bound on the count stands in for one batch.
  const batch = upper < maxBatch ? upper : maxBatch;
  const size = POOL_BATCHES * batch > POOL_MIN ? POOL_BATCHES * batch : POOL_MIN;
  let m = 0;
  for (let k = 0; k < K; k++) {
    setI(pool, k, getI(servable, k));
    m += getI(servable, k);
  }
  if (m <= size) return 0;
  const price = reserveF64(K);
  const idx = reserveI32(m);
  m = 0;
  for (let k = 0; k < K; k++) {
    if (timeUpAt(k)) return 0;
    if (getI(servable, k) != 0) {
      setF(price, k, wminOf(k, tauMax));
      setI(idx, m++, k);
    }
  }
  selectLeast(idx, m, size, price);
  for (let i = size; i < m; i++) setI(pool, getI(idx, i), 0);
  return price;
}

// The best set at the start being tried, judged at that start.
let localCount: i32 = -1;
let localBandwidthHz: f64 = Infinity;

/** Judge the set in `trial` at its own latest start; keep it in `best` if it beats the incumbent. */
function keepIfBetter(best: usize): void {
  if (better(trialSize, builtBand, localCount, localBandwidthHz)) {
    localCount = trialSize;
    localBandwidthHz = builtBand;
  }
  // Built at a start it fits there, and its own latest start only lowers its band:
  // a set whose band at the trial start does not beat the incumbent's is passed over.
  if (!better(trialSize, builtBand, greedyCount, greedyBandwidthHz)) return;
  if (!evaluateList(trial, trialSize)) return;
  if (!better(evalCount, evalBandwidthHz, greedyCount, greedyBandwidthHz)) return;
  greedyCount = evalCount;
  greedyBandwidthHz = evalBandwidthHz;
  greedyTauS = evalTauS;
  // Unflag the previous best by its list: clearing all K flags per improvement
  // costs seconds at a million users.
  for (let i = 0; i < bestSize; i++) setI(best, getI(bestList, i), 0);
  for (let i = 0; i < trialSize; i++) {
    setI(best, getI(trial, i), 1);
    setI(bestList, i, getI(trial, i));
  }
  bestSize = trialSize;
}

/** Build the set at start tau and keep it if better; the start's own result in local*. */
function tryStart(tau: f64, depthWeight: f64, best: usize): void {
  localCount = -1;
  localBandwidthHz = Infinity;
  if (!(tau > 0.0) || deadlineCountBound(tau) < greedyCount) return;
  trialSize = buildAt(tau, trial, depthWeight);
  keepIfBetter(best);
}

/**
 * From this many users the greedy grows by exit class; below, the shelf greedy
 * (shelves.ts) runs. On the large-cell family (20 seeds a cell) the class
 * growth's worst seed served 86.2% of the optimum at K = 100 (N = 5) and
 * 92.9% on the default scenario, the shelves' 97.1% and 100%; at K = 200 the
 * class growth is as good (worst 91.7-99.1% against 92.4-98.9%) in a third of
 * the time.
 */
const CLASS_GREEDY_FROM_USERS: i32 = 200;

/** Run the greedy; flags the chosen users in `best` (i32[K]). `upper`: a proved bound on the count. */
export function runGreedy(best: usize, upper: i32): void {
  if (weighted) runGreedyByWeight(best);
  else if (K < CLASS_GREEDY_FROM_USERS) runShelfGreedy(best, upper);
  else runClassGreedy(best, upper);
}

/** The greedy by served count (then band), whatever the users' weights: exact's start with weights and many users. */
export function runCountGreedy(best: usize, upper: i32): void {
  if (K < CLASS_GREEDY_FROM_USERS) runShelfGreedy(best, upper);
  else runClassGreedy(best, upper);
}

/** The greedy by exit-class growth; flags the chosen users in `best` (i32[K]). */
function runClassGreedy(best: usize, upper: i32): void {
  trial = reserveI32(K);
  bestList = reserveI32(K);
  bestSize = 0;
  greedyCount = 0;
  greedyBandwidthHz = 0;
  greedyTauS = 0;
  for (let k = 0; k < K; k++) setI(best, k, 0);
  let tauMax = 0.0;
  for (let k = 0; k < K; k++) {
    if (getI(servable, k) == 0) continue;
    const a = latestStartS(k);
    if (a > tauMax) tauMax = a;
  }
  if (!(tauMax > 0.0)) return;
  const pool = reserveI32(K);
  const known = choosePool(pool, tauMax, upper);
  if (timeUp() || !initClasses(pool, tauMax, known)) return;
  const latest = reserveF64(K);
  for (let k = 0; k < K; k++) setF(latest, k, getI(pool, k) != 0 ? latestStartS(k) : -Infinity);
  if (!initCountBound(latest)) return;
  // The count no schedule can exceed: once reached, what is left to gain is band.
  const countLimit = upper < maxBatch ? upper : maxBatch;

  let lo = 0.0;
  let step = tauMax / <f64>COARSE_POINTS;
  let points = COARSE_POINTS;
  // The coarse grid tries the middle depth weight, then the others at its two best
  // starts; the refinements, the weight that won there.
  let bestWeight = depthWeightOf(MIDDLE_WEIGHT);
  for (let round = 0; round <= REFINEMENTS; round++) {
    let bestTau = 0.0;
    let bestC = -1;
    let bestW = Infinity;
    let secondTau = 0.0;
    let secondC = -1;
    let secondW = Infinity;
    for (let i = 1; i <= points; i++) {
      const tau = lo + step * <f64>i;
      // Out of time: stop, but not before the first start has been tried (a few builds):
      // a schedule a fraction of a millisecond late beats none.
      if (tau > tauMax || (timeUp() && (round > 0 || i > 1))) break;
      // Later starts hold even fewer tasks by the deadlines alone.
      if (deadlineCountBound(tau) < greedyCount) break;
      tryStart(tau, bestWeight, best);
      if (better(localCount, localBandwidthHz, bestC, bestW)) {
        secondC = bestC;
        secondW = bestW;
        secondTau = bestTau;
        bestC = localCount;
        bestW = localBandwidthHz;
        bestTau = tau;
      } else if (better(localCount, localBandwidthHz, secondC, secondW)) {
        secondC = localCount;
        secondW = localBandwidthHz;
        secondTau = tau;
      }
    }
    if (round == 0) {
      const first = bestTau;
      for (let t = 0; t < 2 && !timeUp(); t++) {
        if (t == 1 && secondC < 0) break;
        const tau = t == 0 ? first : secondTau;
        for (let j = 0; j < DEPTH_WEIGHTS; j++) {
          if (j == MIDDLE_WEIGHT) continue;
          tryStart(tau, depthWeightOf(j), best);
          if (better(localCount, localBandwidthHz, bestC, bestW)) {
            bestC = localCount;
            bestW = localBandwidthHz;
            bestTau = tau;
            bestWeight = depthWeightOf(j);
          }
        }
      }
    }
    // The count is at its bound: the refinements would only lower the band,
    // which the exchange below does at a fraction of their cost.
    if (bestC < 0 || greedyCount >= countLimit) break;
    lo = bestTau - step;
    if (lo < 0.0) lo = 0.0;
    step = (2.0 * step) / <f64>(FINE_POINTS + 1);
    points = FINE_POINTS;
  }
  // Re-choose the users at the set's class counts over a few starts: only the band can fall.
  if (greedyCount > 0 && !timeUp()) {
    initExchangeWithin(pool);
    exchangeAtSameCounts(best);
    resumeFromBest(best, tauMax, countLimit, bestWeight);
  }
}

/**
 * The set in `best` allows a later start than the grid point it was built at,
 * where prices are lower: rebuild its class counts there and at slightly
 * earlier starts (RESUME_STARTS; an earlier start loosens every deadline
 * threshold a task more would push) and go on growing them (buildFrom); again
 * from the best set while that adds a task or lowers the band.
 */
function resumeFromBest(best: usize, tauMax: f64, countLimit: i32, weight: f64): void {
  const from = reserveI32(N + 2);
  bestSize = 0;
  for (let k = 0; k < K; k++) if (getI(best, k) != 0) setI(bestList, bestSize++, k);
  if (!evaluateList(bestList, bestSize)) return;
  greedyCount = evalCount;
  greedyBandwidthHz = evalBandwidthHz;
  greedyTauS = evalTauS;
  for (let round = 0; round < RESUME_ROUNDS && greedyCount < countLimit && !timeUp(); round++) {
    const beforeCount = greedyCount;
    const beforeBand = greedyBandwidthHz;
    const latest = greedyTauS < tauMax ? greedyTauS : tauMax;
    for (let e = 0; e <= N + 1; e++) setI(from, e, 0);
    for (let j = 0; j < bestSize; j++) {
      const e = getI(minExit, getI(bestList, j));
      setI(from, e, getI(from, e) + 1);
    }
    for (let i = 0; i < RESUME_STARTS && !timeUp(); i++) {
      // The counts' latest start, then earlier by 0.5% doubling (0.5, 1, 2, 4, 8%).
      const fraction = i == 0 ? 1.0 : 1.0 - 0.005 * <f64>(1 << (i - 1));
      localCount = -1;
      localBandwidthHz = Infinity;
      trialSize = buildFrom(latest * fraction, from, trial, weight);
      if (trialSize >= 0) keepIfBetter(best);
    }
    if (!better(greedyCount, greedyBandwidthHz, beforeCount, beforeBand)) break;
  }
}

/** The greedy as the run's algorithm: its schedule and result record; `bound` is the run's proved bound. */
export function solveGreedy(selected: usize, bound: i32): void {
  runGreedy(selected, bound);
  const served = writeBatched(selected);
  writeResult(batchedTauS(), served == bound, bound, 0.0, 0); // optimal when the count meets the bound
}
