// The Lagrangian bound on a node's served weight, with users' weights: the
// band constraint moved into the objective with a multiplier lambda >= 0,
//   L(lambda) = lambda W + max over sets S within the node's other limits of
//               sum_{k in S} (w_k - lambda p_k),
// bounds every set of the node for every lambda. Over the laminar caps (a
// matroid) the inner maximum is the greedy by reduced weight (positive ones
// only); with exact counts per exit class (a leaf) it is each class's largest
// reduced weights. L is convex in lambda, and W less the band of the set
// chosen is a subgradient, so bisection finds its least value; the least over
// the multipliers tried is the bound (at lambda = 0 it is the heaviest set
// within the caps; its minimum is the LP bound of caps and band together).
import { getF, getI, setF, setI } from "../lib/memory";
import { sortIndicesByKeyOrStop } from "../lib/sort";
import { passThrough, roomWithin } from "../model/batch";
import { N, bandwidthHz, minExit, weightOf } from "../model/problem";
import { capsOf } from "./box";
import { bestLambda, byPrice, byReduced, capUsed, cutShort, lagrangeUsed, leafNeed, price, reducedKey } from "./state";

// Bisection steps on lambda per bound.
const LAMBDA_STEPS: i32 = 14;

/** byReduced = byPrice[0..m) by w_k - lambda p_k, largest first; false when out of time. */
export function orderByReduced(m: i32, lambda: f64): bool {
  for (let i = 0; i < m; i++) {
    const k = getI(byPrice, i);
    setI(byReduced, i, k);
    setF(reducedKey, k, lambda * getF(price, k) - weightOf(k));
  }
  if (sortIndicesByKeyOrStop(byReduced, m, reducedKey)) return true;
  cutShort = true;
  return false;
}

/** L(lambda): over the caps, or (exactCounts) with leafNeed[e] users of each class e. Sets lagrangeUsed. */
function valueAt(box: usize, m: i32, lambda: f64, exactCounts: bool): f64 {
  if (!orderByReduced(m, lambda)) return Infinity;
  for (let n = 0; n <= N + 1; n++) setI(capUsed, n, 0);
  let total = lambda * bandwidthHz;
  let used = 0.0;
  for (let i = 0; i < m; i++) {
    const k = getI(byReduced, i);
    const v = weightOf(k) - lambda * getF(price, k);
    const e = getI(minExit, k);
    if (exactCounts) {
      if (getI(capUsed, e) >= getI(leafNeed, e)) continue;
      setI(capUsed, e, getI(capUsed, e) + 1);
    } else {
      if (!(v > 0.0)) break;
      if (!roomWithin(capUsed, capsOf(box), e)) continue;
      passThrough(capUsed, e);
    }
    total += v;
    used += getF(price, k);
  }
  lagrangeUsed = used;
  return total;
}

/** The least L(lambda) found by bisection (bestLambda its multiplier); Infinity when out of time. */
export function lagrangeBound(box: usize, m: i32, exactCounts: bool): f64 {
  let most = 0.0;
  for (let i = 0; i < m; i++) {
    const k = getI(byPrice, i);
    const r = weightOf(k) / getF(price, k);
    if (r > most) most = r;
  }
  let best = valueAt(box, m, 0.0, exactCounts);
  bestLambda = 0.0;
  if (cutShort || lagrangeUsed <= bandwidthHz) return best; // the band does not bind: lambda = 0 is the least
  let lo = 0.0;
  let hi = 2.0 * most;
  for (let step = 0; step < LAMBDA_STEPS; step++) {
    const mid = 0.5 * (lo + hi);
    const value = valueAt(box, m, mid, exactCounts);
    if (cutShort) return Infinity;
    if (value < best) {
      best = value;
      bestLambda = mid;
    }
    if (lagrangeUsed > bandwidthHz) lo = mid;
    else hi = mid;
  }
  return best;
}
