// With weights: an interval's suffix facts in weight (the heaviest remaining
// weights, the most weight per hertz of price) and the bound that lets the
// weighted knapsack drop states that cannot beat the incumbent's weight.
import { getF, getI, setF } from "../lib/memory";
import { bandwidthHz, weightOf } from "../model/problem";
import { WEIGHT_TOLERANCE } from "../model/result";
import { tasksInBand, tasksInTime } from "./pricing";
import {
  CHEAPEST, LAGRANGE_PAIRS, bestBand, bestWeight, cheapShift, edfOrder, heaviestSoFar, lagrangeLambda, lagrangeNu,
  lagrangeSum, latestStart, outOfTime, price, runTime, suffixDeadline, suffixHeaviest, suffixLagrange, suffixRatio,
  taskCount,
} from "./state";

/** Row r of suffixHeaviest from the CHEAPEST heaviest weights of positions >= r * cheapStride (`size` of them known). */
function writeHeaviestRow(r: i32, size: i32): void {
  const base = r * (CHEAPEST + 1);
  let sum = 0.0;
  setF(suffixHeaviest, base, 0.0);
  for (let m = 1; m <= CHEAPEST; m++) {
    if (m <= size) sum += getF(heaviestSoFar, m - 1);
    setF(suffixHeaviest, base + m, sum); // fewer than m tasks: all of them, still a bound
  }
}

/** Insert a weight into the descending list of the CHEAPEST heaviest; returns the new size. */
function keepIfHeavy(v: f64, size: i32): i32 {
  if (size == CHEAPEST && !(v > getF(heaviestSoFar, CHEAPEST - 1))) return size;
  let at = size < CHEAPEST ? size : CHEAPEST - 1;
  while (at > 0 && getF(heaviestSoFar, at - 1) < v) {
    setF(heaviestSoFar, at, getF(heaviestSoFar, at - 1));
    at--;
  }
  setF(heaviestSoFar, at, v);
  return size < CHEAPEST ? size + 1 : size;
}

/**
 * The weight facts of the interval above lo, after priceInterval set its
 * prices: per position, the heaviest weights, the most weight per hertz, and
 * the Lagrangian sums (lagrangeRows) among the tasks that can still start
 * after lo. False when the clock ran out.
 */
export function priceWeights(lo: f64): bool {
  let size = 0;
  const strideMask = (1 << cheapShift) - 1;
  if ((taskCount & strideMask) == 0) writeHeaviestRow(taskCount >> cheapShift, 0);
  setF(suffixRatio, taskCount, 0.0);
  let leastPerHertz = Infinity;
  let leastPerSecond = Infinity;
  let mostPerSecond = 0.0;
  for (let j = taskCount - 1; j >= 0; j--) {
    if (outOfTime(2 + (CHEAPEST >> 2))) return false;
    const k = getI(edfOrder, j);
    let ratio = getF(suffixRatio, j + 1);
    if (getF(latestStart, k) > lo) {
      const v = weightOf(k);
      size = keepIfHeavy(v, size);
      const r = v / getF(price, k);
      if (r > ratio) ratio = r;
      if (r < leastPerHertz) leastPerHertz = r;
      const perSecond = v / getF(runTime, k);
      if (perSecond < leastPerSecond) leastPerSecond = perSecond;
      if (perSecond > mostPerSecond) mostPerSecond = perSecond;
    }
    setF(suffixRatio, j, ratio);
    if ((j & strideMask) == 0) writeHeaviestRow(j >> cheapShift, size);
  }
  if (!(mostPerSecond > 0.0)) return true; // no task can start after lo: every row stays unread
  return lagrangeRows(lo, leastPerHertz, getF(suffixRatio, 0), leastPerSecond, mostPerSecond);
}

/** Steps of each multiplier's grid: 0 and LAGRANGE_STEPS - 1 values geometric from the least to the most ratio. */
const LAGRANGE_STEPS: i32 = 5;

/**
 * The multiplier pairs (every lambda with every nu of the grids, but both 0)
 * and the rows of sums of max(0, v_k - lambda p_k - nu t_k) over the tasks
 * at positions >= r * cheapStride that can start after lo.
 */
function lagrangeRows(lo: f64, leastPerHertz: f64, mostPerHertz: f64, leastPerSecond: f64, mostPerSecond: f64): bool {
  let q = 0;
  for (let a = 0; a < LAGRANGE_STEPS; a++) {
    for (let b = 0; b < LAGRANGE_STEPS; b++) {
      if (a == 0 && b == 0) continue;
      setF(lagrangeLambda, q, gridStep(a, leastPerHertz, mostPerHertz));
      setF(lagrangeNu, q, gridStep(b, leastPerSecond, mostPerSecond));
      setF(lagrangeSum, q, 0.0);
      q++;
    }
  }
  const strideMask = (1 << cheapShift) - 1;
  if ((taskCount & strideMask) == 0) writeLagrangeRow(taskCount >> cheapShift);
  for (let j = taskCount - 1; j >= 0; j--) {
    if (outOfTime(1 + (LAGRANGE_PAIRS >> 2))) return false;
    const k = getI(edfOrder, j);
    if (getF(latestStart, k) > lo) {
      const v = weightOf(k);
      const p = getF(price, k);
      const t = getF(runTime, k);
      for (let i = 0; i < LAGRANGE_PAIRS; i++) {
        const gain = v - getF(lagrangeLambda, i) * p - getF(lagrangeNu, i) * t;
        if (gain > 0.0) setF(lagrangeSum, i, getF(lagrangeSum, i) + gain);
      }
    }
    if ((j & strideMask) == 0) writeLagrangeRow(j >> cheapShift);
  }
  return true;
}

function gridStep(step: i32, least: f64, most: f64): f64 {
  if (step == 0) return 0.0;
  return least * Math.pow(most / least, <f64>(step - 1) / <f64>(LAGRANGE_STEPS - 2));
}

function writeLagrangeRow(r: i32): void {
  const base = r * LAGRANGE_PAIRS;
  for (let i = 0; i < LAGRANGE_PAIRS; i++) setF(suffixLagrange, base + i, getF(lagrangeSum, i));
}

/**
 * Can a state at EDF position j (c tasks, run time `run`, band `band`,
 * weight `weight`) still lead to a schedule better than the incumbent in
 * weight? It adds at most as many tasks as fit in time and in the band
 * (tasksInTime, tasksInBand), so at most the weight of that many heaviest
 * remaining tasks; and at most the band left times the most weight per hertz
 * among them. A state whose bound only ties the incumbent's weight must use
 * less band. Compared with a little slack: a bound must never fall below the truth.
 */
export function promisingWeighted(j: i32, c: i32, run: f64, band: f64, weight: f64, lo: f64): bool {
  const add = tasksInBand(j, tasksInTime(j, c, run, lo), band);
  const row = (j >> cheapShift) * (CHEAPEST + 1);
  let heavy = 0.0;
  if (add <= CHEAPEST) {
    heavy = getF(suffixHeaviest, row + add);
  } else {
    // Past the CHEAPEST heaviest, each further task weighs no more than the last of them.
    const top = getF(suffixHeaviest, row + CHEAPEST);
    heavy = top + <f64>(add - CHEAPEST) * (top - getF(suffixHeaviest, row + CHEAPEST - 1));
  }
  const bandLeft = (bandwidthHz - band) + 1e-9 * bandwidthHz;
  const perHertz = bandLeft * getF(suffixRatio, j);
  let gain = heavy < perHertz ? heavy : perHertz;
  // Lagrangian: any set added weighs at most sum max(0, v - lambda p - nu t) + lambda (band left) + nu (time left).
  let time = getF(suffixDeadline, j) - lo - run;
  if (time < 0.0) time = 0.0;
  const lagrange = (j >> cheapShift) * LAGRANGE_PAIRS;
  for (let i = 0; i < LAGRANGE_PAIRS; i++) {
    const bound = getF(suffixLagrange, lagrange + i) + getF(lagrangeLambda, i) * bandLeft + getF(lagrangeNu, i) * time;
    if (bound < gain) gain = bound;
  }
  const upper = (weight + gain) * (1.0 + 1e-9);
  if (upper < bestWeight - WEIGHT_TOLERANCE * bestWeight) return false;
  if (upper > bestWeight + WEIGHT_TOLERANCE * bestWeight) return true;
  // Only a tie in weight is possible: it must use less band than the incumbent.
  return band * (1.0 - 1e-9) < bestBand * (1.0 - 1e-12);
}
