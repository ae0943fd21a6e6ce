// With weights: the objective is the most served weight, then the least band.
// The search is that of intervals.ts, the bounds in weight: a first incumbent
// by a weighted form of Moore and Hodgson's rule, then the tau intervals best
// bound first, each bounded by the weighted knapsack (weighted-knapsack.ts).
// The argument of sequential.ts holds as it is: the relaxation changes only
// the band and the deadline check, never a set's weight.
import { getF, getI, grownF64, grownI32, setF, setI } from "../lib/memory";
import { bandwidthHz, deadlineS, maxBatch, weightOf, wminOf } from "../model/problem";
import { betterByWeight, proveWeight, runWeightBoundNow } from "../model/result";
import { candidateTau } from "./knapsack";
import {
  bestBand, bestCount, bestList, bestTau, bestWeight, candidate, candidateBand, candidateSize, candidateTauS,
  clockRanOut, edfOrder, latestStart, openBoundBand, openBoundCount, openBoundWeight, openCapacity, openCount,
  openHi, openLo, outOfTime, price, relaxedBand, relaxedWeight, runTime, sequentialNodes, taskCount, timedOut,
} from "./state";
import { reserveSearch } from "./tasks";
import { relaxWeighted } from "./weighted-knapsack";

/** Starts at which the first incumbent is built (as in incumbent.ts). */
const SEED_STARTS: i32 = 16;
/**
 * Equal tau intervals the search starts from: more than intervals.ts's 32,
 * since with weights a wide interval's knapsack keeps far more states.
 * Default scenario, seeds 1-4, states in all: 763k (K = 60) and 11.2M
 * (K = 200) from 32, 629k and 6.8M from 64, 744k and 7.5M from 128.
 */
const INITIAL_INTERVALS: i32 = 64;

/**
 * The search with weights, from the deadline order (tasks.ts) to the proof:
 * the incumbent in bestList, and the weight bound proved (the incumbent's
 * when the search ends, the best open interval's when the clock stops it).
 */
export function searchByWeight(tauMax: f64): void {
  seedByWeight(tauMax);
  if (!timedOut) reserveSearch();
  if (clockRanOut()) return; // the run's own weight bound stands
  search(tauMax);
  let bound = bestWeight;
  for (let i = 0; i < openCount; i++) if (getF(openBoundWeight, i) > bound) bound = getF(openBoundWeight, i);
  proveWeight(bound, !timedOut);
}

/** Judge the candidate at its own latest start; keep it if it is a schedule better in weight than the incumbent. */
function offerByWeight(): void {
  candidateTauS = candidateTau();
  candidateBand = 0.0;
  if (candidateSize == 0 || !(candidateTauS > 0.0)) return;
  const tau = candidateTauS;
  let band = 0.0;
  let weight = 0.0;
  for (let i = 0; i < candidateSize; i++) {
    const k = getI(candidate, i);
    band += wminOf(k, tau);
    weight += weightOf(k);
  }
  candidateBand = band;
  if (band <= bandwidthHz && betterByWeight(weight, band, bestWeight, bestBand)) {
    bestCount = candidateSize;
    bestWeight = weight;
    bestBand = band;
    bestTau = tau;
    for (let i = 0; i < candidateSize; i++) setI(bestList, i, getI(candidate, i));
  }
}

/**
 * A quick first incumbent: at a few starts tau, the tasks in deadline order;
 * a missed deadline drops the task of least weight per second of run, an
 * overflowing band the least weight per hertz, a full batch the lightest.
 */
function seedByWeight(tauMax: f64): void {
  for (let g = 1; g <= SEED_STARTS; g++) {
    const tau = (tauMax * <f64>g) / <f64>SEED_STARTS;
    let run = 0.0;
    let band = 0.0;
    candidateSize = 0;
    for (let j = 0; j < taskCount; j++) {
      // Cut short, the set so far is still a schedule at tau: it is offered, and the seeding ends.
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
        const overBand = band > bandwidthHz;
        let drop = 0;
        let least = Infinity;
        for (let i = 0; i < candidateSize; i++) {
          const a = getI(candidate, i);
          const worth = weightOf(a) / (late ? getF(runTime, a) : overBand ? getF(price, a) : 1.0);
          if (worth < least) {
            least = worth;
            drop = i;
          }
        }
        const dropped = getI(candidate, drop);
        if (dropped == k) kIn = false;
        run -= getF(runTime, dropped);
        band -= getF(price, dropped);
        candidateSize--;
        for (let i = drop; i < candidateSize; i++) setI(candidate, i, getI(candidate, i + 1));
      }
    }
    offerByWeight();
    if (timedOut) return;
  }
}

function pushOpen(lo: f64, hi: f64, weight: f64, band: f64): void {
  if (openCount == openCapacity) {
    const capacity = openCapacity * 2;
    openLo = grownF64(openLo, openCount, capacity);
    openHi = grownF64(openHi, openCount, capacity);
    openBoundCount = grownI32(openBoundCount, openCount, capacity);
    openBoundBand = grownF64(openBoundBand, openCount, capacity);
    openBoundWeight = grownF64(openBoundWeight, openCount, capacity);
    openCapacity = capacity;
  }
  setF(openLo, openCount, lo);
  setF(openHi, openCount, hi);
  setF(openBoundWeight, openCount, weight);
  setF(openBoundBand, openCount, band);
  openCount++;
}

/** Index of the open interval with the best bound (most weight, then least band). */
function bestOpen(): i32 {
  let at = 0;
  for (let i = 1; i < openCount; i++) {
    if (betterByWeight(getF(openBoundWeight, i), getF(openBoundBand, i), getF(openBoundWeight, at), getF(openBoundBand, at))) at = i;
  }
  return at;
}

function removeOpen(i: i32): void {
  openCount--;
  setF(openLo, i, getF(openLo, openCount));
  setF(openHi, i, getF(openHi, openCount));
  setF(openBoundWeight, i, getF(openBoundWeight, openCount));
  setF(openBoundBand, i, getF(openBoundBand, openCount));
}

/** Search the intervals best bound first until none can beat the incumbent or the clock runs out. */
function search(tauMax: f64): void {
  // Every interval starts under the run's weight bound (the fractional knapsack by weight per hertz).
  const rootBound = runWeightBoundNow();
  for (let g = 0; g < INITIAL_INTERVALS; g++) {
    pushOpen((tauMax * <f64>g) / <f64>INITIAL_INTERVALS, g == INITIAL_INTERVALS - 1 ? tauMax : (tauMax * <f64>(g + 1)) / <f64>INITIAL_INTERVALS, rootBound, 0.0);
  }
  while (openCount > 0) {
    const at = bestOpen();
    const lo = getF(openLo, at);
    const hi = getF(openHi, at);
    const boundWeight = getF(openBoundWeight, at);
    const boundBand = getF(openBoundBand, at);
    if (!betterByWeight(boundWeight, boundBand, bestWeight, bestBand)) {
      openCount = 0; // best first: no open interval can beat the incumbent
      break;
    }
    if (clockRanOut()) break;
    removeOpen(at);
    sequentialNodes += 1;
    if (!relaxWeighted(lo, hi)) {
      if (!timedOut) continue; // nothing in the interval beats the incumbent
      pushOpen(lo, hi, boundWeight, boundBand); // still open: its bound stands
      break;
    }
    offerByWeight();
    const tau = candidateTauS;
    // Priced at its own start the candidate costs more than relaxed: split there.
    if (candidateSize > 0 && candidateBand > relaxedBand * (1.0 + 1e-12) && tau < hi) {
      pushOpen(lo, tau, relaxedWeight, relaxedBand);
      pushOpen(tau, hi, relaxedWeight, relaxedBand);
    }
  }
}
