// The open tau intervals and the best-first search over them, by count, or
// with users' weights by weight (weighted-search.ts).
import { getF, getI, grownF64, grownI32, setF, setI } from "../lib/memory";
import { better } from "../model/batch";
import { maxBatch } from "../model/problem";
import { betterByWeight, runWeightBoundNow } from "../model/result";
import { offerByWeight, offerCandidate } from "./incumbent";
import { relax } from "./knapsack";
import { relaxWeighted } from "./weighted-knapsack";
import {
  bestBand, bestCount, bestWeight, candidateBand, candidateSize, candidateTauS, clockRanOut, openBoundBand, openBoundCount,
  openBoundWeight, openCapacity, openCount, openHi, openLo, relaxedBand, relaxedWeight, sequentialNodes, taskCount, timedOut,
} from "./state";

/** An open interval and its bound: `count` tasks (or `weight` with weights), then `band`. */
function pushOpen(lo: f64, hi: f64, count: i32, weight: f64, band: f64): void {
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
  setI(openBoundCount, openCount, count);
  setF(openBoundWeight, openCount, weight);
  setF(openBoundBand, openCount, band);
  openCount++;
}

/** Index of the open interval with the best bound (most tasks, or weight, then least band). */
function bestOpen(weighted: bool): i32 {
  let at = 0;
  for (let i = 1; i < openCount; i++) {
    const ahead = weighted
      ? betterByWeight(getF(openBoundWeight, i), getF(openBoundBand, i), getF(openBoundWeight, at), getF(openBoundBand, at))
      : better(getI(openBoundCount, i), getF(openBoundBand, i), getI(openBoundCount, at), getF(openBoundBand, at));
    if (ahead) at = i;
  }
  return at;
}

function removeOpen(i: i32): void {
  openCount--;
  setF(openLo, i, getF(openLo, openCount));
  setF(openHi, i, getF(openHi, openCount));
  setI(openBoundCount, i, getI(openBoundCount, openCount));
  setF(openBoundWeight, i, getF(openBoundWeight, openCount));
  setF(openBoundBand, i, getF(openBoundBand, openCount));
}

/**
 * The search starts from this many equal tau intervals, not one: a narrow
 * interval's knapsack is far smaller (its deadlines are checked from a later
 * lo and its prices are dearer, so fewer states survive). Default scenario,
 * 6 seeds: 265k states in all from one interval, 45k from 32, 36k from 64 at
 * the cost of more intervals to price. With weights a wide interval's
 * knapsack keeps far more states: default scenario, seeds 1-4, states in all
 * 763k (K = 60) and 11.2M (K = 200) from 32, 629k and 6.8M from 64, 744k and
 * 7.5M from 128.
 */
const INITIAL_INTERVALS: i32 = 32;
const INITIAL_INTERVALS_WEIGHTED: i32 = 64;

/**
 * Search the intervals best bound first until none can beat the incumbent or
 * the clock runs out; with weights by weight, every interval starting under
 * the run's weight bound (the fractional knapsack by weight per hertz).
 */
export function search(tauMax: f64, weighted: bool): void {
  const rootCount = maxBatch < taskCount ? maxBatch : taskCount;
  const rootWeight = weighted ? runWeightBoundNow() : 0.0;
  const pieces = weighted ? INITIAL_INTERVALS_WEIGHTED : INITIAL_INTERVALS;
  for (let g = 0; g < pieces; g++) {
    pushOpen((tauMax * <f64>g) / <f64>pieces, g == pieces - 1 ? tauMax : (tauMax * <f64>(g + 1)) / <f64>pieces, rootCount, rootWeight, 0.0);
  }
  while (openCount > 0) {
    const at = bestOpen(weighted);
    const lo = getF(openLo, at);
    const hi = getF(openHi, at);
    const boundCount = getI(openBoundCount, at);
    const boundWeight = getF(openBoundWeight, at);
    const boundBand = getF(openBoundBand, at);
    const open = weighted ? betterByWeight(boundWeight, boundBand, bestWeight, bestBand) : better(boundCount, boundBand, bestCount, bestBand);
    if (!open) {
      openCount = 0; // best first: no open interval can beat the incumbent
      break;
    }
    if (clockRanOut()) break;
    removeOpen(at);
    sequentialNodes += 1;
    const count = weighted ? (relaxWeighted(lo, hi) ? candidateSize : -1) : relax(lo, hi);
    if (count < 0) {
      if (!timedOut) continue; // nothing in the interval beats the incumbent
      pushOpen(lo, hi, boundCount, boundWeight, boundBand); // still open: its bound stands
      break;
    }
    if (weighted) offerByWeight();
    else offerCandidate();
    const tau = candidateTauS;
    // Priced at its own start the candidate costs more than relaxed: split there.
    if (count > 0 && candidateBand > relaxedBand * (1.0 + 1e-12) && tau < hi) {
      pushOpen(lo, tau, count, relaxedWeight, relaxedBand);
      pushOpen(tau, hi, count, relaxedWeight, relaxedBand);
    }
  }
}
