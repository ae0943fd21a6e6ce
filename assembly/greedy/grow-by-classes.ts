// Growing a set one exit class at a time (the shelf greedy's last step,
// shelves.ts): one more task in the class where it costs the least band,
// users chosen as exchangeAtSameCounts chooses them (exchange.ts, whose
// winner and ceiling this drives, and cheapest-at.ts's quota).
import { timeUp } from "../lib/clock";
import { getF, getI, setF, setI } from "../lib/memory";
import { evalBandwidthHz, evaluateList } from "../model/batch";
import { N, bandwidthHz, maxBatch } from "../model/problem";
import { chosen, quota } from "./cheapest-at";
import {
  bestAtQuotaBut, boundOf, ceiling, classSize, flagWinner, keepWinner, keptBand, quickAtQuota, quotaBandBound,
  quotaOf, winnerBand, winnerOrKept, winnerStart,
} from "./exchange";

// Growth and move steps growByClasses may take (each prices every user a few times).
const MAX_MOVES: i32 = 64;

/**
 * One task more in class e, judged under a ceiling of `bestBand`: at start
 * index `start` only (`atStartOnly`), or at every start but it. True, with
 * its set kept (keepWinner), if it fits the band and costs less than `bestBand`.
 */
function oneMoreIn(e: i32, size: i32, start: i32, bestBand: f64, atStartOnly: bool): bool {
  setI(quota, e, getI(quota, e) + 1);
  ceiling = bestBand;
  if (atStartOnly) quickAtQuota(size + 1, start);
  else bestAtQuotaBut(size + 1, start);
  ceiling = Infinity;
  setI(quota, e, getI(quota, e) - 1);
  if (!(winnerBand <= bandwidthHz && winnerBand < bestBand)) return false;
  keepWinner(size + 1);
  return true;
}

/**
 * The class where one task more costs the least band at start index `start`
 * (0 if none fits), its set kept (keepWinner). Every class's candidate is
 * bounded first (quotaBandBound), then judged cheapest bound first until a
 * bound reaches the best band found: the class judging all would pick.
 */
function cheapestClassAt(size: i32, start: i32): i32 {
  for (let e = 1; e <= N; e++) {
    setF(boundOf, e, Infinity);
    if (getI(quota, e) >= classSize(e)) continue;
    setI(quota, e, getI(quota, e) + 1);
    setF(boundOf, e, quotaBandBound(start));
    setI(quota, e, getI(quota, e) - 1);
  }
  let bestClass = 0;
  let bestBand = Infinity;
  for (;;) {
    let e = 0;
    let bound = Infinity;
    for (let c = 1; c <= N; c++) {
      if (getF(boundOf, c) < bound) {
        bound = getF(boundOf, c);
        e = c;
      }
    }
    if (e == 0 || bound >= bestBand) break;
    setF(boundOf, e, Infinity); // judged
    if (oneMoreIn(e, size, start, bestBand, true)) {
      bestBand = winnerBand;
      bestClass = e;
    }
  }
  return bestClass;
}

/**
 * Grow the flagged set one task at a time: for each exit class, one more task
 * there (every other class keeping its count), choosing users as
 * exchangeAtSameCounts does; the class whose grown set uses the least band is
 * taken. When no class admits one more, one task is moved to a neighbouring
 * class if that lowers the band (room for the next task), and growing
 * resumes. Stops at `upper` (a proved bound), the batch limit, or when
 * neither move helps. Returns the size reached.
 */
export function growByClasses(selected: usize, upper: i32): i32 {
  let size = quotaOf(selected);
  if (size == 0 || !evaluateList(chosen, size)) return size;
  let band = evalBandwidthHz;
  let start = 0; // the start that won the last step: candidates are first judged there only
  const limit = upper < maxBatch ? upper : maxBatch;
  for (let moves = 0; moves < MAX_MOVES && size < limit && !timeUp(); moves++) {
    // One more task: the class where it costs least, judged at the last winning
    // start; only if none fits there, at every start.
    let bestPass = 0;
    let bestClass = cheapestClassAt(size, start);
    if (bestClass == 0) {
      bestPass = 1;
      let bestBand = Infinity;
      for (let e = 1; e <= N; e++) {
        if (getI(quota, e) >= classSize(e)) continue;
        if (oneMoreIn(e, size, start, bestBand, false)) {
          bestBand = winnerBand;
          bestClass = e;
        }
      }
    }
    if (bestClass > 0) {
      setI(quota, bestClass, getI(quota, bestClass) + 1);
      size++;
      // Judged at every start already (pass 1), or at the last winning one: the others now.
      ceiling = keptBand;
      if (bestPass == 0) bestAtQuotaBut(size, start);
      else winnerBand = Infinity;
      ceiling = Infinity;
      winnerOrKept(size);
      flagWinner(selected, size);
      band = winnerBand;
      start = winnerStart;
      continue;
    }
    // None fits: move one task to a neighbouring class where that lowers the band
    // (judged at the last winning start).
    let fromClass = 0;
    let toClass = 0;
    let movedBand = band * (1.0 - 1e-9);
    for (let i = 1; i <= N; i++) {
      if (getI(quota, i) == 0) continue;
      for (let j = i - 1; j <= i + 1; j += 2) {
        if (j < 1 || j > N || getI(quota, j) >= classSize(j)) continue;
        setI(quota, i, getI(quota, i) - 1);
        setI(quota, j, getI(quota, j) + 1);
        // Judged only if its bound leaves it a chance to lower the band.
        ceiling = movedBand;
        if (quotaBandBound(start) < movedBand) quickAtQuota(size, start);
        else winnerBand = Infinity;
        ceiling = Infinity;
        setI(quota, i, getI(quota, i) + 1);
        setI(quota, j, getI(quota, j) - 1);
        if (winnerBand < movedBand) {
          movedBand = winnerBand;
          fromClass = i;
          toClass = j;
          keepWinner(size);
        }
      }
    }
    if (fromClass == 0) break;
    setI(quota, fromClass, getI(quota, fromClass) - 1);
    setI(quota, toClass, getI(quota, toClass) + 1);
    ceiling = keptBand;
    bestAtQuotaBut(size, start);
    ceiling = Infinity;
    winnerOrKept(size);
    if (!(winnerBand < band)) break;
    flagWinner(selected, size);
    band = winnerBand;
    start = winnerStart;
  }
  return size;
}
