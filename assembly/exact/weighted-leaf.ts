// exact with weights: a leaf of the search (one batch-size vector, every
// start at or after hi) solved as a knapsack with exactly c_e tasks from each
// exit class, by a depth-first search over each class's users by reduced
// weight at the Lagrangian's best multiplier. weightedNode (weighted.ts) calls
// it at a leaf whose relaxation in integers gave up; a search of its own, with
// its own bound and state (the leaf* variables of state.ts).
import { timeUp } from "../lib/clock";
import { getF, getI, setF, setI } from "../lib/memory";
import { K, N, bandwidthHz, minExit, weightOf } from "../model/problem";
import { lowOf } from "./box";
import {
  bestBandwidth, bestCount, bestLambda, bestWeight, byPrice, byReduced, capUsed, laterCheap, laterTop,
  leafBest, leafBestBand, leafBestWeight, leafClassStart, leafFound, leafLambda, leafList, leafNeed, leafPrefix,
  leafStopped, leafTaken, leafWork, price,
} from "./state";
import { orderByReduced } from "./lagrange";
import { slack } from "./weighted-box";
import { betterWeighted, keepOpenWeight, offer } from "./weighted-incumbent";

/**
 * A leaf: the box is one vector b, and every eligible user starts at hi or
 * later, so a set is a schedule at hi iff it takes exactly b_e - b_{e+1}
 * users of each exit class e within the band. The heaviest such set (then
 * the least band) by a depth-first search over each class's users in order
 * of reduced weight w_k - lambda p_k at the leaf's best multiplier, bounded by
 * the Lagrangian bound of what is left: lambda (W - band so far) plus the
 * largest reduced weights the classes can still take. Cut short by the clock,
 * the leaf stays open with its bound. `bound`: the node's weight bound, its
 * Lagrangian's least multiplier in bestLambda.
 */
export function solveLeaf(box: usize, m: i32, bound: f64): void {
  for (let e = 1; e <= N; e++) setI(leafNeed, e, lowOf(box, e) - (e < N ? lowOf(box, e + 1) : 0));
  for (let e = 0; e <= N + 1; e++) setI(leafClassStart, e, 0);
  for (let i = 0; i < m; i++) {
    const e = getI(minExit, getI(byPrice, i));
    setI(leafClassStart, e + 1, getI(leafClassStart, e + 1) + 1);
  }
  for (let e = 1; e <= N + 1; e++) setI(leafClassStart, e, getI(leafClassStart, e) + getI(leafClassStart, e - 1));
  for (let e = 1; e <= N; e++) if (getI(leafClassStart, e + 1) - getI(leafClassStart, e) < getI(leafNeed, e)) return;
  // The least band each class needs (its cheapest), summed from the last class up.
  for (let e = 0; e <= N + 1; e++) {
    setI(capUsed, e, 0);
    setF(laterCheap, e, 0.0);
  }
  for (let i = 0; i < m; i++) {
    const k = getI(byPrice, i);
    const e = getI(minExit, k);
    if (getI(capUsed, e) < getI(leafNeed, e)) {
      setI(capUsed, e, getI(capUsed, e) + 1);
      setF(laterCheap, e, getF(laterCheap, e) + getF(price, k));
    }
  }
  for (let e = N; e >= 1; e--) setF(laterCheap, e, getF(laterCheap, e) + getF(laterCheap, e + 1));
  if (getF(laterCheap, 1) > bandwidthHz) return;
  // The node's Lagrangian over floors and caps is this one (floors = caps at a leaf): its bound and multiplier stand.
  if (bestCount > 0 && bound < bestWeight - slack(bestWeight)) return;
  leafLambda = bestLambda;
  if (!orderByReduced(m, leafLambda)) return;
  // Each class's users by reduced weight (byReduced filtered), and the prefix sums of the reduced weights.
  for (let e = 0; e <= N + 1; e++) setI(capUsed, e, getI(leafClassStart, e));
  for (let i = 0; i < m; i++) {
    const k = getI(byReduced, i);
    const e = getI(minExit, k);
    setI(leafList, getI(capUsed, e), k);
    setI(capUsed, e, getI(capUsed, e) + 1);
  }
  setF(leafPrefix, 0, 0.0);
  for (let i = 0; i < m; i++) {
    const k = getI(leafList, i);
    setF(leafPrefix, i + 1, getF(leafPrefix, i) + weightOf(k) - leafLambda * getF(price, k));
  }
  setF(laterTop, N + 1, 0.0);
  for (let e = N; e >= 1; e--) {
    const s = getI(leafClassStart, e);
    setF(laterTop, e, getF(laterTop, e + 1) + getF(leafPrefix, s + getI(leafNeed, e)) - getF(leafPrefix, s));
  }
  for (let k = 0; k < K; k++) setI(leafTaken, k, 0);
  leafBestWeight = bestCount == 0 ? 0.0 : bestWeight;
  leafBestBand = bestCount == 0 ? Infinity : bestBandwidth;
  leafFound = false;
  leafStopped = false;
  leafWork = 0;
  leafSearch(getI(leafClassStart, 1), 1, 0, 0.0, 0.0);
  if (leafFound) offer(leafBest);
  if (leafStopped) keepOpenWeight();
}

function leafSearch(at: i32, e: i32, taken: i32, w: f64, band: f64): void {
  let i = at;
  let c = e;
  let t = taken;
  while (c <= N && t == getI(leafNeed, c)) {
    c++;
    i = getI(leafClassStart, c);
    t = 0;
  }
  if (c > N) {
    if (betterWeighted(w, band, leafBestWeight, leafBestBand)) {
      leafBestWeight = w;
      leafBestBand = band;
      leafFound = true;
      for (let k = 0; k < K; k++) setI(leafBest, k, getI(leafTaken, k));
    }
    return;
  }
  const left = getI(leafNeed, c) - t;
  if (getI(leafClassStart, c + 1) - i < left) return;
  const leastBand = band + getF(laterCheap, c + 1);
  if (leastBand > bandwidthHz) return;
  const upper = w + leafLambda * (bandwidthHz - band) + getF(leafPrefix, i + left) - getF(leafPrefix, i) + getF(laterTop, c + 1);
  if (upper < leafBestWeight - slack(leafBestWeight)) return;
  if (upper <= leafBestWeight + slack(leafBestWeight) && leastBand >= leafBestBand * (1.0 - 1e-12)) return;
  if ((++leafWork & 1023) == 0 && timeUp()) leafStopped = true;
  if (leafStopped) return;
  const k = getI(leafList, i);
  const p = getF(price, k);
  if (band + p <= bandwidthHz) {
    setI(leafTaken, k, 1);
    leafSearch(i + 1, c, t + 1, w + weightOf(k), band + p);
    setI(leafTaken, k, 0);
  }
  leafSearch(i + 1, c, t, w, band);
}
