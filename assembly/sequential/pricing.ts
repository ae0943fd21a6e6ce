// An interval's prices and the suffix facts (latest deadline, tasks per exit,
// cheapest prices) that let the knapsack drop states that cannot win.
import { getF, getI, setF, setI } from "../lib/memory";
import { N, bandwidthHz, deadlineS, maxBatch, minExit, wminOf } from "../model/problem";
import {
  CHEAPEST, bestBand, bestCount, cheapShift, cheapestSoFar, edfOrder, exitRunTime, latestStart,
  outOfTime, price, suffixCheapest, suffixDeadline, suffixPerExit, taskCount,
} from "./state";

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
// @ts-ignore: decorator
@inline export function priceInterval(lo: f64, hi: f64): bool {
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
 * At most how many tasks at EDF positions >= j a state of c tasks and run
 * time `run` can still add: each completes by the latest remaining deadline
 * after a start above lo, so the shortest remaining runs filling that time
 * bound it, and so does the batch limit.
 */
// @ts-ignore: decorator
@inline export function tasksInTime(j: i32, c: i32, run: f64, lo: f64): i32 {
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
  return add;
}

/** `add` lowered to how many of the cheapest prices at positions >= j fit in the band left after `band` (when CHEAPEST can tell). */
// @ts-ignore: decorator
@inline export function tasksInBand(j: i32, add: i32, band: f64): i32 {
  const cheapest = (j >> cheapShift) * (CHEAPEST + 1);
  const bandLeft = (bandwidthHz - band) + 1e-9 * bandwidthHz;
  let fits = 0;
  while (fits < add && fits < CHEAPEST && getF(suffixCheapest, cheapest + fits + 1) <= bandLeft) fits++;
  return fits < CHEAPEST && fits < add ? fits : add;
}

/**
 * Can a state at EDF position j (c tasks, run time `run`, band `band`) still
 * lead to a schedule better than the incumbent? The tasks it can add in time
 * (tasksInTime) bound how many it can add; the cheapest remaining prices
 * filling the band left bound it too (tasksInBand), and bound the band of
 * a schedule that only ties the incumbent's count. Sums are compared with a
 * little slack: a bound must never fall below the truth.
 */
export function promising(j: i32, c: i32, run: f64, band: f64, lo: f64): bool {
  let add = tasksInTime(j, c, run, lo);
  const need = bestCount - c;
  if (add < need) return false;
  add = tasksInBand(j, add, band);
  if (add > need) return true;
  if (add < need) return false;
  // Only a tie in count is possible: it must use less band than the incumbent.
  const cheapest = (j >> cheapShift) * (CHEAPEST + 1);
  const leastBand = need <= CHEAPEST ? band + getF(suffixCheapest, cheapest + need) : band;
  return leastBand * (1.0 - 1e-9) < bestBand * (1.0 - 1e-12);
}
