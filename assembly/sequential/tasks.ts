// The tasks of a solve: run times, latest starts, the deadline order, and the
// arrays that grow with the number of tasks.
import { carve, getF, getI, reserveBlock, reserveF64, reserveI32, setF, setI } from "../lib/memory";
import { RADIX_BUCKETS, RADIX_FROM, sortIndicesByPositiveKeyOrStop } from "../lib/sort";
import { K, N, aloneComputeS, deadlineS, maxBatch, minExit, servable, weighted } from "../model/problem";
import {
  CHEAPEST, CHEAPEST_ROWS, LAGRANGE_PAIRS, bestList, candidate, cheapShift, cheapestSoFar, curBand, curRun,
  curStart, curTrail, curWeight, edfOrder, exitRunTime, heaviestSoFar, lagrangeLambda, lagrangeNu, lagrangeSum, latestStart, logCapacity,
  logLength, logPrevious, logTask, nextBand, nextRun, nextStart, nextTrail, nextWeight, openBoundBand,
  openBoundCount, openBoundWeight, openCapacity, openCount, openHi, openLo, outOfTime, price,
  radixCounts, runTime, sortScratch, stairBand, stairWeight, stateCapacity, suffixCheapest,
  suffixDeadline, suffixHeaviest, suffixLagrange, suffixPerExit, suffixRatio, taskCount, timedOut,
} from "./state";

/** Sort edfOrder by deadline, ties by task index; false (and timedOut) when the clock runs out first. */
function sortByDeadline(): bool {
  if (sortIndicesByPositiveKeyOrStop(edfOrder, taskCount, deadlineS, sortScratch, radixCounts)) return true;
  timedOut = true;
  return false;
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
  reserveBlock(bytes);
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

// @ts-ignore: decorator
@inline export function reserveSearch(): void {
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
  openBoundWeight = reserveF64(openCapacity);
  if (weighted) reserveWeightedSearch();
}

/** The weighted search's arrays (weighted-*.ts), beside those of reserveSearch. */
function reserveWeightedSearch(): void {
  curWeight = reserveF64(stateCapacity);
  nextWeight = reserveF64(stateCapacity);
  stairBand = reserveF64(stateCapacity);
  stairWeight = reserveF64(stateCapacity);
  suffixHeaviest = reserveF64(((taskCount >> cheapShift) + 1) * (CHEAPEST + 1));
  heaviestSoFar = reserveF64(CHEAPEST);
  suffixRatio = reserveF64(taskCount + 1);
  lagrangeLambda = reserveF64(LAGRANGE_PAIRS);
  lagrangeNu = reserveF64(LAGRANGE_PAIRS);
  lagrangeSum = reserveF64(LAGRANGE_PAIRS);
  suffixLagrange = reserveF64(((taskCount >> cheapShift) + 1) * LAGRANGE_PAIRS);
}
