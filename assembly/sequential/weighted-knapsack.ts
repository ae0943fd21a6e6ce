// With weights, the relaxation of an interval: the knapsack of knapsack.ts,
// its states carrying their served weight. Of two states with the same count,
// one with no less weight, no more run time and no more band does at least as
// well in every continuation, so each count keeps its Pareto front in those
// three: states arrive by run time ascending, and one is dropped when an
// earlier state of its count has no more band and no less weight (a query on
// the staircase of band against weight of the states kept so far).
import { getF, getI, grownF64, grownI32, reserveF64, reserveI32, setF, setI } from "../lib/memory";
import { bandwidthHz, deadlineS, maxBatch, weightOf } from "../model/problem";
import { betterByWeight } from "../model/result";
import { ensureLog } from "./knapsack";
import { priceInterval, tasksInTime } from "./pricing";
import {
  candidate, candidateSize, curBand, curRun, curStart, curTop, curTrail, curWeight, edfOrder, latestStart,
  logLength, logPrevious, logTask, nextBand, nextRun, nextStart, nextTrail, nextWeight, outOfTime, price,
  relaxedBand, relaxedWeight, runTime, stairBand, stairWeight, stateCapacity, taskCount,
} from "./state";
import { priceWeights, promisingWeighted } from "./weighted-bounds";

/** Room for `needed` states in the next generation (the current one is kept), weights and staircase too. */
function ensureWeightedStates(needed: i32, used: i32): void {
  if (needed <= stateCapacity) return;
  let capacity = stateCapacity * 2;
  if (capacity < needed) capacity = needed;
  curRun = grownF64(curRun, used, capacity);
  curBand = grownF64(curBand, used, capacity);
  curWeight = grownF64(curWeight, used, capacity);
  curTrail = grownI32(curTrail, used, capacity);
  nextRun = reserveF64(capacity);
  nextBand = reserveF64(capacity);
  nextWeight = reserveF64(capacity);
  nextTrail = reserveI32(capacity);
  stairBand = reserveF64(capacity);
  stairWeight = reserveF64(capacity);
  stateCapacity = capacity;
}

/** Index of the last staircase step with band <= `band`, or -1. */
function stepAtOrBelow(band: f64, size: i32): i32 {
  let lo = 0;
  let hi = size;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (getF(stairBand, mid) <= band) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Put (band, weight), dominated by no step, on the staircase; drops the steps it dominates. Returns the new size. */
function addStep(band: f64, weight: f64, size: i32): i32 {
  const below = stepAtOrBelow(band, size);
  const from = below >= 0 && getF(stairBand, below) == band ? below : below + 1;
  let to = from;
  while (to < size && getF(stairWeight, to) <= weight) to++;
  // Steps [from, to) have no less band and no more weight: (band, weight) replaces them.
  const shift = to - from - 1;
  if (shift > 0) {
    for (let i = to; i < size; i++) {
      setF(stairBand, i - shift, getF(stairBand, i));
      setF(stairWeight, i - shift, getF(stairWeight, i));
    }
  } else if (shift < 0) {
    for (let i = size - 1; i >= from; i--) {
      setF(stairBand, i + 1, getF(stairBand, i));
      setF(stairWeight, i + 1, getF(stairWeight, i));
    }
  }
  setF(stairBand, from, band);
  setF(stairWeight, from, weight);
  return size - shift;
}

/**
 * The weighted knapsack over tasks in EDF order for the interval (lo, hi].
 * Leaves the best state's set (most weight, then least band) in `candidate`
 * (run order), its band and weight in relaxedBand and relaxedWeight; false
 * when no state beats the incumbent or time ran out.
 */
export function relaxWeighted(lo: f64, hi: f64): bool {
  if (!priceInterval(lo, hi) || !priceWeights(lo)) return false;
  logLength = 0;
  curTop = 0;
  setI(curStart, 0, 0);
  setI(curStart, 1, 1);
  setF(curRun, 0, 0.0);
  setF(curBand, 0, 0.0);
  setF(curWeight, 0, 0.0);
  setI(curTrail, 0, -1);
  // When no set of the interval can hold more than maxBatch tasks (by time alone), counts
  // do not matter: one group, one front, where states of different counts dominate each other.
  const single = tasksInTime(0, maxBatch - taskCount, 0.0, lo) <= maxBatch;
  for (let j = 0; j < taskCount; j++) {
    if (outOfTime(1)) return false;
    const used = getI(curStart, curTop + 1);
    const k = getI(edfOrder, j);
    if (!(getF(latestStart, k) > lo)) continue;
    ensureWeightedStates(2 * used, used);
    ensureLog(logLength + used);
    const p = getF(runTime, k);
    const w = getF(price, k);
    const v = weightOf(k);
    const deadline = getF(deadlineS, k);
    const top = single ? 0 : curTop < maxBatch ? curTop + 1 : curTop;
    let total = 0;
    let newTop = -1;
    for (let c = 0; c <= top; c++) {
      setI(nextStart, c, total);
      // Merge "k skipped" (group c) and "k taken" (group c - 1, or the one group, shifted by p, w, v), run time ascending.
      let s = c <= curTop ? getI(curStart, c) : 0;
      const sEnd = c <= curTop ? getI(curStart, c + 1) : 0;
      const from = single ? 0 : c - 1;
      let t = from >= 0 ? getI(curStart, from) : 0;
      let tEnd = from >= 0 ? getI(curStart, from + 1) : 0;
      let steps = 0;
      // Each state asks `promisingWeighted` (O(N + CHEAPEST + LAGRANGE_PAIRS)) and the staircase (O(log steps)).
      if (outOfTime(1 + (sEnd - s + tEnd - t) * 12)) return false;
      while (s < sEnd || t < tEnd) {
        let run = 0.0;
        let band = 0.0;
        let weight = 0.0;
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
            weight = getF(curWeight, s);
            trail = getI(curTrail, s);
            s++;
          } else {
            run = takenRun;
            band = takenBand;
            weight = getF(curWeight, t) + v;
            trail = -2 - t; // taken: logged below only if the state survives
            t++;
          }
        } else {
          run = getF(curRun, s);
          band = getF(curBand, s);
          weight = getF(curWeight, s);
          trail = getI(curTrail, s);
          s++;
        }
        if (band > bandwidthHz) continue;
        // An earlier state of this count (no more run time) with no more band and no less weight dominates.
        const below = stepAtOrBelow(band, steps);
        if (below >= 0 && getF(stairWeight, below) >= weight) continue;
        if (!promisingWeighted(j + 1, c, run, band, weight, lo)) continue;
        // Putting it on the staircase moves the steps above it: charged, and obeyed.
        if (outOfTime(1 + ((steps - below) >> 3))) return false;
        steps = addStep(band, weight, steps);
        if (trail <= -2) {
          setI(logTask, logLength, k);
          setI(logPrevious, logLength, getI(curTrail, -2 - trail));
          trail = logLength++;
        }
        setF(nextRun, total, run);
        setF(nextBand, total, band);
        setF(nextWeight, total, weight);
        setI(nextTrail, total, trail);
        total++;
      }
      if (total > getI(nextStart, c)) newTop = c;
    }
    if (newTop < 0) return false;
    setI(nextStart, newTop + 1, total);
    curTop = newTop;
    // Swap generations.
    let x = curRun; curRun = nextRun; nextRun = x;
    x = curBand; curBand = nextBand; nextBand = x;
    x = curWeight; curWeight = nextWeight; nextWeight = x;
    x = curTrail; curTrail = nextTrail; nextTrail = x;
    x = curStart; curStart = nextStart; nextStart = x;
  }
  return pickHeaviest();
}

/** The best final state (most weight, then least band) into `candidate`; false if there is none. */
function pickHeaviest(): bool {
  let at = -1;
  const end = getI(curStart, curTop + 1);
  for (let i = 0; i < end; i++) {
    if (at >= 0 && !betterByWeight(getF(curWeight, i), getF(curBand, i), getF(curWeight, at), getF(curBand, at))) continue;
    at = i;
  }
  if (at < 0) return false;
  relaxedWeight = getF(curWeight, at);
  relaxedBand = getF(curBand, at);
  // Its tasks, last taken first, through the log.
  let count = 0;
  for (let trail = getI(curTrail, at); trail >= 0; trail = getI(logPrevious, trail)) count++;
  candidateSize = count;
  let trail = getI(curTrail, at);
  for (let i = count - 1; i >= 0; i--) {
    setI(candidate, i, getI(logTask, trail));
    trail = getI(logPrevious, trail);
  }
  return true;
}
