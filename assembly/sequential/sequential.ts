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
import { reserve, reserveF64, reserveI32, getF, setF, getI, setI } from "../lib/memory";
import {
  K, N, maxBatch, bandwidthHz, deadlineS, minExit, servable, aloneComputeS, wminOf,
  outServed, outExit, outBandwidthHz, outRunOrder,
} from "../model/problem";
import { better } from "../model/batch";
import { nowMs } from "../lib/clock";
import { sortIndicesByKey } from "../lib/sort";

// The tasks of this solve.
let taskCount: i32 = 0; // servable users
let edfOrder: usize = 0; // i32[taskCount]: servable users by deadline, ties by index
let runTime: usize = 0; // f64[K]: blocks 1..e_k at batch 1
let latestStart: usize = 0; // f64[K]: a_k = T_k - runTime_k, the latest tau with k served
let exitRunTime: usize = 0; // f64[N + 1]: run time to exit e, non-decreasing in e
let price: usize = 0; // f64[K]: the current interval's band price
let sortScratch: usize = 0; // i32[K]: the radix sort's second buffer
let radixCounts: usize = 0; // i32[RADIX_BUCKETS + 1], only for RADIX_FROM tasks and more

// Per interval: what the tasks at EDF positions >= j could still add.
let suffixDeadline: usize = 0; // f64[taskCount + 1]: latest deadline among them
let suffixPerExit: usize = 0; // i32[(taskCount + 1) * (N + 1)]: how many exit at e
// f64[(taskCount / cheapStride + 1) * (CHEAPEST + 1)]: row r, for the tasks at positions
// >= r * cheapStride, holds the sum of their m cheapest prices, m <= CHEAPEST (Infinity: fewer than m).
let suffixCheapest: usize = 0;
// One row for every task would take 520 bytes a task: 520 MB to zero and ~65
// writes a task per interval at 1,000,000 tasks (13 s in the JS engine). Past
// CHEAPEST_ROWS tasks, a row is kept every cheapStride = 2^cheapShift
// positions and position j reads the row at or before it: those sums cover
// more tasks, so they are no larger, and the bound stays a bound (a weaker one).
const CHEAPEST_ROWS: i32 = 16384;
let cheapShift: i32 = 0;
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
// Work units (about one task priced or one state merged each) left before the
// next look at the host's clock. A call out of WebAssembly costs about as much
// as pricing a task, so loops over tasks and states pay for it in bulk; a unit
// is a few ns, so a run overshoots its limit by well under a millisecond.
const CLOCK_WORK: i32 = 4096;
let workLeft: i32 = 0;
export let sequentialNodes: f64 = 0;
export let sequentialOptimal: bool = false;
export let sequentialUpperBound: i32 = 0;

/** Charge `work` units; true once the time limit has passed (and from then on). */
function outOfTime(work: i32): bool {
  if (timedOut) return true;
  workLeft -= work;
  if (workLeft > 0) return false;
  workLeft = CLOCK_WORK;
  if (nowMs() > deadlineMs) timedOut = true;
  return timedOut;
}

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

/** Row r of suffixCheapest from the CHEAPEST least prices of positions >= r * cheapStride (`size` of them known). */
function writeCheapestRow(r: i32, size: i32): void {
  const base = r * (CHEAPEST + 1);
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

/**
 * Prices and suffix facts of the interval (lo, hi]; tasks with a_k <= lo
 * cannot start after lo. Returns false when the clock ran out first (at a
 * million tasks pricing one interval takes longer than many a time limit).
 */
function priceInterval(lo: f64, hi: f64): bool {
  let cheapSize = 0;
  const strideMask = (1 << cheapShift) - 1;
  if ((taskCount & strideMask) == 0) writeCheapestRow(taskCount >> cheapShift, 0);
  const row = N + 1;
  setF(suffixDeadline, taskCount, -Infinity);
  for (let e = 0; e <= N; e++) setI(suffixPerExit, taskCount * row + e, 0);
  for (let j = taskCount - 1; j >= 0; j--) {
    if (outOfTime(2 + N + (CHEAPEST >> 2))) return false;
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
    if ((j & strideMask) == 0) writeCheapestRow(j >> cheapShift, cheapSize);
  }
  return true;
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
  const cheapest = (j >> cheapShift) * (CHEAPEST + 1);
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
  if (!priceInterval(lo, hi)) return -1;
  logLength = 0;
  curTop = 0;
  setI(curStart, 0, 0);
  setI(curStart, 1, 1);
  setF(curRun, 0, 0.0);
  setF(curBand, 0, 0.0);
  setI(curTrail, 0, -1);
  for (let j = 0; j < taskCount; j++) {
    if (outOfTime(1)) return -1;
    const used = getI(curStart, curTop + 1);
    const k = getI(edfOrder, j);
    if (!(getF(latestStart, k) > lo)) continue;
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
      // A group's merge asks `promising` (O(N + CHEAPEST)) of each of its states; without
      // a batch limit a step can hold millions of them, too many to merge unwatched.
      if (outOfTime(1 + (sEnd - s + tEnd - t) * 4)) return -1;
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

/** Look at the clock now, whatever work is left (before a phase that cannot stop midway). */
function clockRanOut(): bool {
  if (!timedOut && nowMs() > deadlineMs) timedOut = true;
  workLeft = CLOCK_WORK;
  return timedOut;
}

const RADIX_BITS: i32 = 16;
const RADIX_BUCKETS: i32 = 1 << RADIX_BITS;
/** Fewer tasks are sorted by sort.ts's quicksort (4096 take well under a millisecond, JS engine included). */
const RADIX_FROM: i32 = 4096;

/**
 * Sort edfOrder[0..taskCount) by deadline, ties by task index (so every
 * engine orders identically, as sort.ts's quicksort does), or return false
 * when the clock runs out first. An LSD radix sort on the deadlines' bits
 * (positive doubles order as their bits, high word then low word; the
 * validator only lets positive deadlines through), 16 bits a pass, stable,
 * from edfOrder in index order: O(K) and stoppable anywhere. The quicksort
 * took 1.9 s in the JS engine at 1,000,000 tasks and could not stop.
 */
function sortByDeadline(): bool {
  const n = taskCount;
  if (n < RADIX_FROM) {
    // Same order, and quicker below a few thousand tasks than clearing 2^16 buckets four times.
    sortIndicesByKey(edfOrder, n, deadlineS);
    return true;
  }
  const counts = radixCounts;
  let from = edfOrder;
  let to = sortScratch;
  for (let pass = 0; pass < 4; pass++) {
    // Pass 0, 1: low word; 2, 3: high word (offset 4 in a little-endian double).
    const offset: usize = pass < 2 ? 0 : 4;
    const shift = (pass & 1) * RADIX_BITS;
    memory.fill(counts, 0, <usize>(RADIX_BUCKETS + 1) << 2);
    for (let i = 0; i < n; i++) {
      if (outOfTime(1)) return false;
      const bits = load<u32>(deadlineS + (<usize>getI(from, i) << 3) + offset);
      const d = <i32>((bits >>> shift) & (RADIX_BUCKETS - 1));
      setI(counts, d + 1, getI(counts, d + 1) + 1);
    }
    // Every deadline shares this digit (often so for the high bits): the pass would not move anything.
    let same = false;
    for (let d = 0; d < RADIX_BUCKETS; d++) {
      const c = getI(counts, d + 1);
      if (c == n) same = true;
      if (c != 0) break;
    }
    if (same) continue;
    for (let d = 1; d <= RADIX_BUCKETS; d++) setI(counts, d, getI(counts, d) + getI(counts, d - 1));
    for (let i = 0; i < n; i++) {
      if (outOfTime(1)) return false;
      const k = getI(from, i);
      const bits = load<u32>(deadlineS + (<usize>k << 3) + offset);
      const d = <i32>((bits >>> shift) & (RADIX_BUCKETS - 1));
      const at = getI(counts, d);
      setI(to, at, k);
      setI(counts, d, at + 1);
    }
    const x = from;
    from = to;
    to = x;
  }
  if (from != edfOrder) memory.copy(edfOrder, from, <usize>n << 2);
  return true;
}

/**
 * Run times, latest starts and the deadline order of the servable tasks.
 * Returns tauMax, or -1 when the clock ran out before the order was known
 * (then nothing can be searched and no schedule found).
 */
function prepareTasks(): f64 {
  reserveTaskArrays();
  for (let e = 1; e <= N; e++) setF(exitRunTime, e, aloneComputeS(e));
  taskCount = 0;
  let tauMax = 0.0;
  for (let k = 0; k < K; k++) {
    if (outOfTime(1)) return -1.0;
    if (getI(servable, k) == 0) continue;
    const p = getF(exitRunTime, getI(minExit, k));
    setF(runTime, k, p);
    const a = getF(deadlineS, k) - p;
    setF(latestStart, k, a);
    if (a > tauMax) tauMax = a;
    setI(edfOrder, taskCount++, k);
  }
  if (!sortByDeadline()) return -1.0;
  return tauMax;
}

let carveAt: usize = 0;

/** The next `bytes` of the block reserved by reserveTaskArrays. */
function carve(bytes: i32): usize {
  const at = carveAt;
  carveAt += (<usize>bytes + 15) & ~15;
  return at;
}

/**
 * Every array that grows with the number of tasks, in one reservation: each
 * reservation that grows memory copies all of it in the JS engine (wasm2js
 * makes a new buffer), and at 1,000,000 users four separate ones took 1.15 s
 * there, past a 1 s limit before the first task was looked at. About 80
 * bytes a task (K = 1,000,000, N = 5: 80 MB), zeroed once.
 */
function reserveTaskArrays(): void {
  const cheapestRows = (K < CHEAPEST_ROWS ? K : CHEAPEST_ROWS) + 1;
  const bytes = ((K * 3 + (N + 1) + (K + 1) + cheapestRows * (CHEAPEST + 1) + CHEAPEST) << 3)
    + ((K * 4 + (K + 1) * (N + 1) + (K >= RADIX_FROM ? RADIX_BUCKETS + 1 : 0)) << 2) + 16 * 16;
  carveAt = reserve(bytes);
  runTime = carve(K << 3);
  latestStart = carve(K << 3);
  price = carve(K << 3);
  exitRunTime = carve((N + 1) << 3);
  edfOrder = carve(K << 2);
  sortScratch = carve(K << 2);
  bestList = carve(K << 2);
  candidate = carve(K << 2);
  radixCounts = carve(K >= RADIX_FROM ? (RADIX_BUCKETS + 1) << 2 : 0);
  suffixDeadline = carve((K + 1) << 3);
  suffixPerExit = carve(((K + 1) * (N + 1)) << 2);
  suffixCheapest = carve((cheapestRows * (CHEAPEST + 1)) << 3);
  cheapestSoFar = carve(CHEAPEST << 3);
}

function reserveSearch(): void {
  // Rows for at most CHEAPEST_ROWS + 1 strides (reserveTaskArrays made room for that).
  cheapShift = 0;
  while ((taskCount >> cheapShift) > CHEAPEST_ROWS) cheapShift++;
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
      // Cut short, the set so far is still a schedule at tau (every step
      // below leaves one): it is offered, and the seeding ends.
      if (outOfTime(1)) break;
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
        outOfTime(candidateSize); // charged, not obeyed: the set must be a schedule again first
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
    if (timedOut) return;
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
    if (clockRanOut()) break;
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
  workLeft = CLOCK_WORK;
  openCount = 0;
  const tauMax = prepareTasks();
  // Until the search has its intervals, only the trivial bound is proved:
  // every task (every servable one once they are counted), within the batch limit.
  let bound = tauMax < 0.0 ? K : taskCount;
  if (maxBatch < bound) bound = maxBatch;
  if (tauMax > 0.0 && maxBatch > 0 && !clockRanOut()) {
    seedIncumbent(tauMax);
    if (!timedOut) reserveSearch();
    if (!clockRanOut()) {
      search(tauMax);
      // The open intervals (those not refuted, or put back when the clock ran out) bound the rest.
      bound = bestCount;
      for (let i = 0; i < openCount; i++) if (getI(openBoundCount, i) > bound) bound = getI(openBoundCount, i);
    }
  } else if (!timedOut) {
    bound = 0; // no start tau > 0 leaves any task time to run (or no batch is allowed)
  }
  if (bound < bestCount) bound = bestCount;
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
