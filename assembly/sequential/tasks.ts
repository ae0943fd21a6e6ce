// The tasks of a solve: run times, latest starts, the deadline order, and the
// arrays that grow with the number of tasks.
import { getF, getI, reserve, reserveF64, reserveI32, setF, setI } from "../lib/memory";
import { sortIndicesByKey } from "../lib/sort";
import { K, N, aloneComputeS, deadlineS, maxBatch, minExit, servable } from "../model/problem";
import {
  CHEAPEST, CHEAPEST_ROWS, bestList, candidate, cheapShift, cheapestSoFar, curBand, curRun,
  curStart, curTrail, edfOrder, exitRunTime, latestStart, logCapacity, logLength, logPrevious,
  logTask, nextBand, nextRun, nextStart, nextTrail, openBoundBand, openBoundCount, openCapacity,
  openCount, openHi, openLo, outOfTime, price, radixCounts, runTime, sortScratch, stateCapacity,
  suffixCheapest, suffixDeadline, suffixPerExit, taskCount,
} from "./state";

const RADIX_BITS: i32 = 16;
export const RADIX_BUCKETS: i32 = 1 << RADIX_BITS;
/** Fewer tasks are sorted by sort.ts's quicksort (4096 take well under a millisecond, JS engine included). */
export const RADIX_FROM: i32 = 4096;

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
export function prepareTasks(): f64 {
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

export function reserveSearch(): void {
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
