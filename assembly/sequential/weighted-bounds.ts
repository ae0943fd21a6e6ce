// With weights: an interval's suffix facts in weight (the heaviest remaining
// weights, the most weight per hertz of price) and the bound that lets the
// weighted knapsack drop states that cannot beat the incumbent's weight.
import { getF, getI, setF } from "../lib/memory";
import { bandwidthHz, weightOf } from "../model/problem";
import { WEIGHT_TOLERANCE } from "../model/result";
import { tasksInBand, tasksInTime } from "./pricing";
import {
  CHEAPEST, bestBand, bestWeight, cheapShift, edfOrder, heaviestSoFar, latestStart, outOfTime, price,
  suffixHeaviest, suffixRatio, taskCount,
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
 * prices: per position, the heaviest weights and the most weight per hertz
 * among the tasks that can still start after lo. False when the clock ran out.
 */
export function priceWeights(lo: f64): bool {
  let size = 0;
  const strideMask = (1 << cheapShift) - 1;
  if ((taskCount & strideMask) == 0) writeHeaviestRow(taskCount >> cheapShift, 0);
  setF(suffixRatio, taskCount, 0.0);
  for (let j = taskCount - 1; j >= 0; j--) {
    if (outOfTime(2 + (CHEAPEST >> 2))) return false;
    const k = getI(edfOrder, j);
    let ratio = getF(suffixRatio, j + 1);
    if (getF(latestStart, k) > lo) {
      const v = weightOf(k);
      size = keepIfHeavy(v, size);
      const r = v / getF(price, k);
      if (r > ratio) ratio = r;
    }
    setF(suffixRatio, j, ratio);
    if ((j & strideMask) == 0) writeHeaviestRow(j >> cheapShift, size);
  }
  return true;
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
  const upper = (weight + (heavy < perHertz ? heavy : perHertz)) * (1.0 + 1e-9);
  if (upper < bestWeight - WEIGHT_TOLERANCE * bestWeight) return false;
  if (upper > bestWeight + WEIGHT_TOLERANCE * bestWeight) return true;
  // Only a tie in weight is possible: it must use less band than the incumbent.
  return band * (1.0 - 1e-9) < bestBand * (1.0 - 1e-12);
}
