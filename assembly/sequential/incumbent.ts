// The incumbent: judging a candidate at its own latest start, and a quick first
// schedule by Moore and Hodgson's rule at a few starts; by count, or with
// users' weights by weight (weighted-search.ts).
import { getF, getI, setF, setI } from "../lib/memory";
import { better } from "../model/batch";
import { bandwidthHz, deadlineS, maxBatch, weightOf, wminOf } from "../model/problem";
import { betterByWeight } from "../model/result";
import { candidateTau } from "./knapsack";
import {
  bestBand, bestCount, bestList, bestTau, bestWeight, candidate, candidateBand, candidateSize, candidateTauS,
  edfOrder, latestStart, outOfTime, price, runTime, taskCount, timedOut,
} from "./state";

/** Starts at which `seedIncumbent` builds a schedule. */
const SEED_STARTS: i32 = 16;

/**
 * Judge the candidate at its own latest start (candidateTauS, candidateBand)
 * and keep it if it is a feasible schedule better than the incumbent.
 */
export function offerCandidate(): void {
  candidateTauS = candidateTau();
  candidateBand = 0.0;
  if (candidateSize == 0 || !(candidateTauS > 0.0)) return;
  const tau = candidateTauS;
  let band = 0.0;
  for (let i = 0; i < candidateSize; i++) band += wminOf(getI(candidate, i), tau);
  candidateBand = band;
  if (band <= bandwidthHz && better(candidateSize, band, bestCount, bestBand)) {
    bestCount = candidateSize;
    bestBand = band;
    bestTau = tau;
    for (let i = 0; i < candidateSize; i++) setI(bestList, i, getI(candidate, i));
  }
}

/** offerCandidate with users' weights: kept if it is a schedule better in weight than the incumbent. */
export function offerByWeight(): void {
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

/** Moore and Hodgson's choice: the longest run if a deadline is missed (ties: the dearer), else the dearest. */
function dropByCount(late: bool): i32 {
  let drop = 0;
  for (let i = 1; i < candidateSize; i++) {
    const a = getI(candidate, i);
    const b = getI(candidate, drop);
    const longer = getF(runTime, a) > getF(runTime, b) || (getF(runTime, a) == getF(runTime, b) && getF(price, a) > getF(price, b));
    if (late ? longer : getF(price, a) > getF(price, b)) drop = i;
  }
  return drop;
}

/** With weights: the least weight per second of run if a deadline is missed, per hertz if the band overflows, else the lightest. */
function dropByWeight(late: bool, overBand: bool): i32 {
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
  return drop;
}

/**
 * A quick first incumbent, so that the knapsacks prune from the start and a
 * search cut short early still has a schedule: at a few starts tau, Moore and
 * Hodgson's rule in deadline order (a missed deadline drops the longest run
 * so far, an overflowing band the dearest task; with weights, `dropByWeight`).
 * Costs O(K * served) per start.
 */
export function seedIncumbent(tauMax: f64, weighted: bool): void {
  for (let g = 1; g <= SEED_STARTS; g++) {
    const tau = (tauMax * <f64>g) / <f64>SEED_STARTS;
    let run = 0.0;
    let band = 0.0;
    candidateSize = 0;
    for (let j = 0; j < taskCount; j++) {
      // Cut short, the set so far is still a schedule at tau (every step
      // below leaves one): it is offered, and the seeding ends.
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
        const drop = weighted ? dropByWeight(late, band > bandwidthHz) : dropByCount(late);
        const dropped = getI(candidate, drop);
        if (dropped == k) kIn = false;
        run -= getF(runTime, dropped);
        band -= getF(price, dropped);
        candidateSize--;
        for (let i = drop; i < candidateSize; i++) setI(candidate, i, getI(candidate, i + 1));
      }
    }
    if (weighted) offerByWeight();
    else offerCandidate();
    if (timedOut) return;
  }
}
