// The open tau intervals and the best-first search over them.
import { getF, getI, grownF64, grownI32, setF, setI } from "../lib/memory";
import { better } from "../model/batch";
import { maxBatch } from "../model/problem";
import { offerCandidate } from "./incumbent";
import { relax } from "./knapsack";
import {
  bestBand, bestCount, candidateBand, candidateTauS, clockRanOut, openBoundBand, openBoundCount,
  openCapacity, openCount, openHi, openLo, relaxedBand, sequentialNodes, taskCount, timedOut,
} from "./state";

function pushOpen(lo: f64, hi: f64, count: i32, band: f64): void {
  if (openCount == openCapacity) {
    const capacity = openCapacity * 2;
    openLo = grownF64(openLo, openCount, capacity);
    openHi = grownF64(openHi, openCount, capacity);
    openBoundCount = grownI32(openBoundCount, openCount, capacity);
    openBoundBand = grownF64(openBoundBand, openCount, capacity);
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

/**
 * The search starts from this many equal tau intervals, not one: a narrow
 * interval's knapsack is far smaller (its deadlines are checked from a later
 * lo and its prices are dearer, so fewer states survive). Default scenario,
 * 6 seeds: 265k states in all from one interval, 45k from 32, 36k from 64 at
 * the cost of more intervals to price.
 */
const INITIAL_INTERVALS: i32 = 32;

/** Search the intervals best bound first until none can beat the incumbent or the clock runs out. */
export function search(tauMax: f64): void {
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
