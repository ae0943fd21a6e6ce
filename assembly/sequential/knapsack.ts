// The relaxation of an interval: a knapsack over the tasks in deadline order,
// each count's states kept on their Pareto front of run time against band.
import { getF, getI, grownF64, grownI32, reserveF64, reserveI32, setF, setI } from "../lib/memory";
import { bandwidthHz, deadlineS, maxBatch } from "../model/problem";
import { priceInterval, promising } from "./pricing";
import {
  candidate, candidateSize, curBand, curRun, curStart, curTop, curTrail, edfOrder, latestStart,
  logCapacity, logLength, logPrevious, logTask, nextBand, nextRun, nextStart, nextTrail, outOfTime,
  price, relaxedBand, runTime, stateCapacity, taskCount,
} from "./state";

/** Room for `needed` states in the next generation (the current one is kept). */
function ensureStates(needed: i32, used: i32): void {
  if (needed <= stateCapacity) return;
  let capacity = stateCapacity * 2;
  if (capacity < needed) capacity = needed;
  curRun = grownF64(curRun, used, capacity);
  curBand = grownF64(curBand, used, capacity);
  curTrail = grownI32(curTrail, used, capacity);
  nextRun = reserveF64(capacity);
  nextBand = reserveF64(capacity);
  nextTrail = reserveI32(capacity);
  stateCapacity = capacity;
}

/** Room for `needed` entries in the log of taken tasks. */
// @ts-ignore: decorator
@inline export function ensureLog(needed: i32): void {
  if (needed <= logCapacity) return;
  let capacity = logCapacity * 2;
  if (capacity < needed) capacity = needed;
  logTask = grownI32(logTask, logLength, capacity);
  logPrevious = grownI32(logPrevious, logLength, capacity);
  logCapacity = capacity;
}

/**
 * The knapsack over tasks in EDF order for the interval (lo, hi]. Leaves the
 * best state's set in `candidate` (run order) and its band in `relaxedBand`;
 * returns its count, or -1 when no state beats the incumbent or time ran out.
 */
export function relax(lo: f64, hi: f64): i32 {
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
// @ts-ignore: decorator
@inline export function candidateTau(): f64 {
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
