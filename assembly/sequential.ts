// Exact kernel for the schemes without batching: no-batching (each task to
// its shallowest accurate exit) and conventional (the bindings hand it a
// problem whose only admissible exit is the last). After tau the server runs
// the served tasks one at a time at batch size 1.
//
// Why this is exact (the README's "How `no-batching` and `conventional` are
// solved exactly" has the full argument):
// - Earliest-deadline order gives a set S its latest start (Jackson's rule):
//   tau(S) = min_i (T_i - P_i), P_i the run time up to and including task i.
// - For a tau interval (lo, hi], every set with tau(S) in it meets all its
//   deadlines from any start just above lo, and each member k needs at least
//   w_k^min(min(hi, a_k)) (a_k = T_k - p_k; w^min falls as tau grows).
//   Choosing the best set under those two relaxations is a knapsack over the
//   tasks in deadline order (`relax`): a state is (count, run time so far,
//   band so far); states of one count are kept on their Pareto front of run
//   time against band, since a state with no more run time and no more band
//   can take every task the other can. Its answer bounds the interval.
// - The relaxed optimum S* is a real schedule at tau(S*) > lo. If its band
//   there is no more than the relaxed band, nothing in the interval beats it;
//   otherwise tau(S*) < hi and the interval splits there: on the left S* is
//   priced at its own start, on the right it is excluded. Split points are
//   latest starts of sets, finitely many, so the search ends; best first, and
//   cut short by the clock, the open intervals' bounds are a proved bound.
import { reserveF64, reserveI32, getF, setF, getI, setI } from "./memory";
import {
  K, N, maxBatch, bandwidthHz, deadlineS, minExit, servable, aloneComputeS, wminOf,
  outServed, outExit, outBandwidthHz, outRunOrder,
} from "./problem";
import { better } from "./batch";
import { sortIndicesByKey } from "./sort";
import { nowMs } from "./clock";

// The tasks of this solve.
let taskCount: i32 = 0; // servable users
let edfOrder: usize = 0; // i32[taskCount]: servable users by deadline, ties by index
let runTime: usize = 0; // f64[K]: blocks 1..e_k at batch 1
let latestStart: usize = 0; // f64[K]: a_k = T_k - runTime_k, the latest tau with k served
let exitRunTime: usize = 0; // f64[N + 1]: run time to exit e, non-decreasing in e
let price: usize = 0; // f64[K]: the current interval's band price

// Per interval: what the tasks at EDF positions >= j could still add.
let suffixDeadline: usize = 0; // f64[taskCount + 1]: latest deadline among them
let suffixPerExit: usize = 0; // i32[(taskCount + 1) * (N + 1)]: how many exit at e
// f64[(taskCount + 1) * (CHEAPEST + 1)]: the sum of their m cheapest prices, m <= CHEAPEST (Infinity: fewer than m)
let suffixCheapest: usize = 0;
let cheapestSoFar: usize = 0; // f64[CHEAPEST]: scratch, ascending
/** How many of the cheapest remaining prices the band bound looks at; past that, it does not bound. */
const CHEAPEST: i32 = 64;

// The incumbent: the best schedule found, in run order.
let bestCount: i32 = 0;
let bestBand: f64 = 0;
let bestTau: f64 = 0;
let bestList: usize = 0; // i32[K]
let candidate: usize = 0; // i32[K]: the relaxed optimum of the last interval, in run order
let candidateSize: i32 = 0;
let relaxedBand: f64 = 0;

// Knapsack states of two generations. Group c (states serving c tasks) holds
// [start[c], start[c + 1]), run time ascending and band strictly descending.
let stateCapacity: i32 = 0;
let curRun: usize = 0;
let curBand: usize = 0;
let curTrail: usize = 0;
let nextRun: usize = 0;
let nextBand: usize = 0;
let nextTrail: usize = 0;
let curStart: usize = 0; // i32[maxBatch + 3]
let nextStart: usize = 0;
let curTop: i32 = 0; // largest count with a group
// The tasks a state took, as a linked list through a log shared by all states.
let logCapacity: i32 = 0;
let logLength: i32 = 0;
let logTask: usize = 0;
let logPrevious: usize = 0;

// Open intervals (lo, hi] with the bound their parent proved.
let openCapacity: i32 = 0;
let openCount: i32 = 0;
let openLo: usize = 0;
let openHi: usize = 0;
let openBoundCount: usize = 0; // i32
let openBoundBand: usize = 0;

let deadlineMs: f64 = 0;
let timedOut: bool = false;
export let sequentialNodes: f64 = 0;
export let sequentialOptimal: bool = false;
export let sequentialUpperBound: i32 = 0;

function copiedF64(old: usize, used: i32, capacity: i32): usize {
  const fresh = reserveF64(capacity);
  memory.copy(fresh, old, <usize>used << 3);
  return fresh;
}

function copiedI32(old: usize, used: i32, capacity: i32): usize {
  const fresh = reserveI32(capacity);
  memory.copy(fresh, old, <usize>used << 2);
  return fresh;
}

/** Room for `needed` states in the next generation (the current one is kept). */
function ensureStates(needed: i32, used: i32): void {
  if (needed <= stateCapacity) return;
  let capacity = stateCapacity * 2;
  if (capacity < needed) capacity = needed;
  curRun = copiedF64(curRun, used, capacity);
  curBand = copiedF64(curBand, used, capacity);
  curTrail = copiedI32(curTrail, used, capacity);
  nextRun = reserveF64(capacity);
  nextBand = reserveF64(capacity);
  nextTrail = reserveI32(capacity);
  stateCapacity = capacity;
}

function ensureLog(needed: i32): void {
  if (needed <= logCapacity) return;
  let capacity = logCapacity * 2;
  if (capacity < needed) capacity = needed;
  logTask = copiedI32(logTask, logLength, capacity);
  logPrevious = copiedI32(logPrevious, logLength, capacity);
  logCapacity = capacity;
}

function pushOpen(lo: f64, hi: f64, count: i32, band: f64): void {
  if (openCount == openCapacity) {
    const capacity = openCapacity * 2;
    openLo = copiedF64(openLo, openCount, capacity);
    openHi = copiedF64(openHi, openCount, capacity);
    openBoundCount = copiedI32(openBoundCount, openCount, capacity);
    openBoundBand = copiedF64(openBoundBand, openCount, capacity);
    openCapacity = capacity;
  }
  setF(openLo, openCount, lo);
  setF(openHi, openCount, hi);
  setI(openBoundCount, openCount, count);
  setF(openBoundBand, openCount, band);
  openCount++;
}

/** Index of the open interval with the best bound (most tasks, then least band). */
function bestOpen(): i32 {
  let at = 0;
  for (let i = 1; i < openCount; i++) {
    if (better(getI(openBoundCount, i), getF(openBoundBand, i), getI(openBoundCount, at), getF(openBoundBand, at))) at = i;
  }
  return at;
}

function removeOpen(i: i32): void {
  openCount--;
  setF(openLo, i, getF(openLo, openCount));
  setF(openHi, i, getF(openHi, openCount));
  setI(openBoundCount, i, getI(openBoundCount, openCount));
  setF(openBoundBand, i, getF(openBoundBand, openCount));
}

/** Row j of suffixCheapest from the CHEAPEST least prices of positions >= j (`size` of them known). */
function writeCheapestRow(j: i32, size: i32): void {
  const base = j * (CHEAPEST + 1);
  let sum = 0.0;
  setF(suffixCheapest, base, 0.0);
  for (let m = 1; m <= CHEAPEST; m++) {
    if (m <= size) sum += getF(cheapestSoFar, m - 1);
    setF(suffixCheapest, base + m, m <= size ? sum : Infinity);
  }
}

/** Insert a price into the ascending list of the CHEAPEST least; returns the new size. */
function keepIfCheap(w: f64, size: i32): i32 {
  if (size == CHEAPEST && !(w < getF(cheapestSoFar, CHEAPEST - 1))) return size;
  let at = size < CHEAPEST ? size : CHEAPEST - 1;
  while (at > 0 && getF(cheapestSoFar, at - 1) > w) {
    setF(cheapestSoFar, at, getF(cheapestSoFar, at - 1));
    at--;
  }
  setF(cheapestSoFar, at, w);
  return size < CHEAPEST ? size + 1 : size;
}

/** Prices and suffix facts of the interval (lo, hi]; tasks with a_k <= lo cannot start after lo. */
function priceInterval(lo: f64, hi: f64): void {
  let cheapSize = 0;
  writeCheapestRow(taskCount, 0);
  const row = N + 1;
  setF(suffixDeadline, taskCount, -Infinity);
  for (let e = 0; e <= N; e++) setI(suffixPerExit, taskCount * row + e, 0);
  for (let j = taskCount - 1; j >= 0; j--) {
    const k = getI(edfOrder, j);
    for (let e = 0; e <= N; e++) setI(suffixPerExit, j * row + e, getI(suffixPerExit, (j + 1) * row + e));
    let latestDeadline = getF(suffixDeadline, j + 1);
    const a = getF(latestStart, k);
    if (a > lo) {
      const w = wminOf(k, a < hi ? a : hi);
      setF(price, k, w);
      cheapSize = keepIfCheap(w, cheapSize);
      const e = getI(minExit, k);
      setI(suffixPerExit, j * row + e, getI(suffixPerExit, j * row + e) + 1);
      const t = getF(deadlineS, k);
      if (t > latestDeadline) latestDeadline = t;
    }
    setF(suffixDeadline, j, latestDeadline);
    writeCheapestRow(j, cheapSize);
  }
}

/**
 * Can a state at EDF position j (c tasks, run time `run`, band `band`) still
 * lead to a schedule better than the incumbent? Any task it adds completes by
 * the latest remaining deadline after a start above lo, so the shortest
 * remaining runs filling that time bound how many it can add; the cheapest
 * remaining prices filling the band left bound it too, and bound the band of
 * a schedule that only ties the incumbent's count. Sums are compared with a
 * little slack: a bound must never fall below the truth.
 */
function promising(j: i32, c: i32, run: f64, band: f64, lo: f64): bool {
  const row = N + 1;
  let room = maxBatch - c;
  let time = getF(suffixDeadline, j) - lo - run;
  let add = 0;
  for (let e = 1; e <= N && room > 0 && time > 0.0; e++) {
    let n = getI(suffixPerExit, j * row + e);
    if (n == 0) continue;
    const p = getF(exitRunTime, e);
    if (p > 0.0) {
      const fit = Math.floor((time / p) * (1.0 + 1e-9) + 1e-9);
      if (fit < <f64>n) n = <i32>fit;
    }
    if (n > room) n = room;
    add += n;
    room -= n;
    time -= <f64>n * p;
  }
  const need = bestCount - c;
  if (add < need) return false;
  const cheapest = j * (CHEAPEST + 1);
  const bandLeft = (bandwidthHz - band) + 1e-9 * bandwidthHz;
  let fits = 0;
  while (fits < add && fits < CHEAPEST && getF(suffixCheapest, cheapest + fits + 1) <= bandLeft) fits++;
  if (fits < CHEAPEST && fits < add) add = fits;
  if (add > need) return true;
  if (add < need) return false;
  // Only a tie in count is possible: it must use less band than the incumbent.
  const leastBand = need <= CHEAPEST ? band + getF(suffixCheapest, cheapest + need) : band;
  return leastBand * (1.0 - 1e-9) < bestBand * (1.0 - 1e-12);
}

/**
 * The knapsack over tasks in EDF order for the interval (lo, hi]. Leaves the
 * best state's set in `candidate` (run order) and its band in `relaxedBand`;
 * returns its count, or -1 when no state beats the incumbent or time ran out.
 */
function relax(lo: f64, hi: f64): i32 {
  priceInterval(lo, hi);
  logLength = 0;
  curTop = 0;
  setI(curStart, 0, 0);
  setI(curStart, 1, 1);
  setF(curRun, 0, 0.0);
  setF(curBand, 0, 0.0);
  setI(curTrail, 0, -1);
  for (let j = 0; j < taskCount; j++) {
    if ((j & 7) == 0 && nowMs() > deadlineMs) {
      timedOut = true;
      return -1;
    }
    const k = getI(edfOrder, j);
    if (!(getF(latestStart, k) > lo)) continue;
    const used = getI(curStart, curTop + 1);
    ensureStates(2 * used, used);
    ensureLog(logLength + used);
    const p = getF(runTime, k);
    const w = getF(price, k);
    const deadline = getF(deadlineS, k);
    const top = curTop < maxBatch ? curTop + 1 : curTop;
    let total = 0;
    let newTop = -1;
    for (let c = 0; c <= top; c++) {
      setI(nextStart, c, total);
      // Merge "k skipped" (group c) and "k taken" (group c - 1 shifted by p, w), run time ascending.
      let s = c <= curTop ? getI(curStart, c) : 0;
      const sEnd = c <= curTop ? getI(curStart, c + 1) : 0;
      let t = c >= 1 ? getI(curStart, c - 1) : 0;
      let tEnd = c >= 1 ? getI(curStart, c) : 0;
      let leastBand = Infinity;
      while (s < sEnd || t < tEnd) {
        let run = 0.0;
        let band = 0.0;
        let trail = 0;
        if (t < tEnd) {
          const takenRun = getF(curRun, t) + p;
          // k would complete too late for any start above lo; so would every later (longer) state.
          if (!(deadline - takenRun > lo)) {
            t = tEnd;
            continue;
          }
          const takenBand = getF(curBand, t) + w;
          if (s < sEnd && (getF(curRun, s) < takenRun || (getF(curRun, s) == takenRun && getF(curBand, s) <= takenBand))) {
            run = getF(curRun, s);
            band = getF(curBand, s);
            trail = getI(curTrail, s);
            s++;
          } else {
            run = takenRun;
            band = takenBand;
            trail = -2 - t; // taken: logged below only if the state survives
            t++;
          }
        } else {
          run = getF(curRun, s);
          band = getF(curBand, s);
          trail = getI(curTrail, s);
          s++;
        }
        // An earlier state of this count has no more run time and less band: it dominates.
        if (!(band < leastBand) || band > bandwidthHz) continue;
        if (!promising(j + 1, c, run, band, lo)) continue;
        leastBand = band;
        if (trail <= -2) {
          setI(logTask, logLength, k);
          setI(logPrevious, logLength, getI(curTrail, -2 - trail));
          trail = logLength++;
        }
        setF(nextRun, total, run);
        setF(nextBand, total, band);
        setI(nextTrail, total, trail);
        total++;
      }
      if (total > getI(nextStart, c)) newTop = c;
    }
    if (newTop < 0) return -1;
    setI(nextStart, newTop + 1, total);
    curTop = newTop;
    // Swap generations.
    let x = curRun; curRun = nextRun; nextRun = x;
    x = curBand; curBand = nextBand; nextBand = x;
    x = curTrail; curTrail = nextTrail; nextTrail = x;
    x = curStart; curStart = nextStart; nextStart = x;
  }
  // Groups of higher counts are better; within a group the last state has the least band.
  for (let c = curTop; c >= 0; c--) {
    const end = getI(curStart, c + 1);
    if (end == getI(curStart, c)) continue;
    relaxedBand = getF(curBand, end - 1);
    candidateSize = c;
    let trail = getI(curTrail, end - 1);
    for (let i = c - 1; i >= 0; i--) {
      setI(candidate, i, getI(logTask, trail));
      trail = getI(logPrevious, trail);
    }
    return c;
  }
  return -1;
}

/** Latest start of the candidate in run order (its EDF schedule). */
function candidateTau(): f64 {
  let run = 0.0;
  let tau = Infinity;
  for (let i = 0; i < candidateSize; i++) {
    const k = getI(candidate, i);
    run += getF(runTime, k);
    const slack = getF(deadlineS, k) - run;
    if (slack < tau) tau = slack;
  }
  return tau;
}

function prepareTasks(): f64 {
  runTime = reserveF64(K);
  latestStart = reserveF64(K);
  price = reserveF64(K);
  edfOrder = reserveI32(K);
  exitRunTime = reserveF64(N + 1);
  for (let e = 1; e <= N; e++) setF(exitRunTime, e, aloneComputeS(e));
  taskCount = 0;
  let tauMax = 0.0;
  for (let k = 0; k < K; k++) {
    if (getI(servable, k) == 0) continue;
    const p = getF(exitRunTime, getI(minExit, k));
    setF(runTime, k, p);
    const a = getF(deadlineS, k) - p;
    setF(latestStart, k, a);
    if (a > tauMax) tauMax = a;
    setI(edfOrder, taskCount++, k);
  }
  sortIndicesByKey(edfOrder, taskCount, deadlineS);
  return tauMax;
}

function reserveSearch(): void {
  suffixDeadline = reserveF64(taskCount + 1);
  suffixPerExit = reserveI32((taskCount + 1) * (N + 1));
  suffixCheapest = reserveF64((taskCount + 1) * (CHEAPEST + 1));
  cheapestSoFar = reserveF64(CHEAPEST);
  bestList = reserveI32(K);
  candidate = reserveI32(K);
  stateCapacity = 1024;
  curRun = reserveF64(stateCapacity);
  curBand = reserveF64(stateCapacity);
  curTrail = reserveI32(stateCapacity);
  nextRun = reserveF64(stateCapacity);
  nextBand = reserveF64(stateCapacity);
  nextTrail = reserveI32(stateCapacity);
  curStart = reserveI32(maxBatch + 3);
  nextStart = reserveI32(maxBatch + 3);
  logCapacity = 4096;
  logLength = 0;
  logTask = reserveI32(logCapacity);
  logPrevious = reserveI32(logCapacity);
  openCapacity = 64;
  openCount = 0;
  openLo = reserveF64(openCapacity);
  openHi = reserveF64(openCapacity);
  openBoundCount = reserveI32(openCapacity);
  openBoundBand = reserveF64(openCapacity);
}

/** Starts at which `seedIncumbent` builds a schedule. */
const SEED_STARTS: i32 = 16;

let candidateTauS: f64 = 0;
let candidateBand: f64 = 0;

/**
 * Judge the candidate at its own latest start (candidateTauS, candidateBand)
 * and keep it if it is a feasible schedule better than the incumbent.
 */
function offerCandidate(): void {
  candidateTauS = candidateTau();
  candidateBand = 0.0;
  if (candidateSize == 0 || !(candidateTauS > 0.0)) return;
  const tau = candidateTauS;
  let band = 0.0;
  for (let i = 0; i < candidateSize; i++) band += wminOf(getI(candidate, i), tau);
  candidateBand = band;
  if (band <= bandwidthHz && better(candidateSize, band, bestCount, bestBand)) {
    bestCount = candidateSize;
    bestBand = band;
    bestTau = tau;
    for (let i = 0; i < candidateSize; i++) setI(bestList, i, getI(candidate, i));
  }
}

/**
 * A quick first incumbent, so that the knapsacks prune from the start and a
 * search cut short early still has a schedule: at a few starts tau, Moore and
 * Hodgson's rule in deadline order (a missed deadline drops the longest run
 * so far, an overflowing band the dearest task). Costs O(K * served) per start.
 */
function seedIncumbent(tauMax: f64): void {
  for (let g = 1; g <= SEED_STARTS; g++) {
    const tau = (tauMax * <f64>g) / <f64>SEED_STARTS;
    let run = 0.0;
    let band = 0.0;
    candidateSize = 0;
    for (let j = 0; j < taskCount; j++) {
      const k = getI(edfOrder, j);
      if (!(getF(latestStart, k) >= tau)) continue;
      const w = wminOf(k, tau);
      if (!(w <= bandwidthHz)) continue;
      setF(price, k, w);
      setI(candidate, candidateSize++, k);
      run += getF(runTime, k);
      band += w;
      const deadline = getF(deadlineS, k);
      let kIn = true;
      while ((kIn && tau + run > deadline) || band > bandwidthHz || candidateSize > maxBatch) {
        const late = kIn && tau + run > deadline;
        let drop = 0;
        for (let i = 1; i < candidateSize; i++) {
          const a = getI(candidate, i);
          const b = getI(candidate, drop);
          const longer = getF(runTime, a) > getF(runTime, b) || (getF(runTime, a) == getF(runTime, b) && getF(price, a) > getF(price, b));
          if (late ? longer : getF(price, a) > getF(price, b)) drop = i;
        }
        const dropped = getI(candidate, drop);
        if (dropped == k) kIn = false;
        run -= getF(runTime, dropped);
        band -= getF(price, dropped);
        candidateSize--;
        for (let i = drop; i < candidateSize; i++) setI(candidate, i, getI(candidate, i + 1));
      }
    }
    offerCandidate();
  }
}

/**
 * The search starts from this many equal tau intervals, not one: a narrow
 * interval's knapsack is far smaller (its deadlines are checked from a later
 * lo and its prices are dearer, so fewer states survive). Default scenario,
 * 6 seeds: 265k states in all from one interval, 45k from 32, 36k from 64 at
 * the cost of more intervals to price.
 */
const INITIAL_INTERVALS: i32 = 32;

/** Search the intervals best bound first until none can beat the incumbent or the clock runs out. */
function search(tauMax: f64): void {
  const rootBound = maxBatch < taskCount ? maxBatch : taskCount;
  for (let g = 0; g < INITIAL_INTERVALS; g++) {
    pushOpen((tauMax * <f64>g) / <f64>INITIAL_INTERVALS, g == INITIAL_INTERVALS - 1 ? tauMax : (tauMax * <f64>(g + 1)) / <f64>INITIAL_INTERVALS, rootBound, 0.0);
  }
  while (openCount > 0) {
    const at = bestOpen();
    const lo = getF(openLo, at);
    const hi = getF(openHi, at);
    const boundCount = getI(openBoundCount, at);
    const boundBand = getF(openBoundBand, at);
    if (!better(boundCount, boundBand, bestCount, bestBand)) {
      openCount = 0; // best first: no open interval can beat the incumbent
      break;
    }
    if (nowMs() > deadlineMs) {
      timedOut = true;
      break;
    }
    removeOpen(at);
    sequentialNodes += 1;
    const count = relax(lo, hi);
    if (count < 0) {
      if (!timedOut) continue; // nothing in the interval beats the incumbent
      pushOpen(lo, hi, boundCount, boundBand); // still open: its bound stands
      break;
    }
    offerCandidate();
    const tau = candidateTauS;
    // Priced at its own start the candidate costs more than relaxed: split there.
    if (count > 0 && candidateBand > relaxedBand * (1.0 + 1e-12) && tau < hi) {
      pushOpen(lo, tau, count, relaxedBand);
      pushOpen(tau, hi, count, relaxedBand);
    }
  }
}

/** Run the sequential scheme and write its schedule (served, exits, band, run order). Returns the served count. */
export function runSequential(timeLimitMs: f64): i32 {
  deadlineMs = timeLimitMs > 0.0 ? nowMs() + timeLimitMs : Infinity;
  timedOut = false;
  sequentialNodes = 0;
  bestCount = 0;
  bestBand = 0;
  bestTau = 0;
  const tauMax = prepareTasks();
  reserveSearch();
  if (tauMax > 0.0 && maxBatch > 0) {
    seedIncumbent(tauMax);
    search(tauMax);
  }
  let bound = bestCount;
  for (let i = 0; i < openCount; i++) if (getI(openBoundCount, i) > bound) bound = getI(openBoundCount, i);
  sequentialUpperBound = bound;
  sequentialOptimal = !timedOut;
  for (let i = 0; i < bestCount; i++) {
    const k = getI(bestList, i);
    setI(outServed, k, 1);
    setI(outExit, k, getI(minExit, k));
    setF(outBandwidthHz, k, wminOf(k, bestTau));
    setI(outRunOrder, i, k);
  }
  return bestCount;
}

export function sequentialTauS(): f64 {
  return bestTau;
}
