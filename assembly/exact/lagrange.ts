// The Lagrangian bound on a node's served weight, with users' weights: the
// band constraint moved into the objective with a multiplier lambda >= 0,
//   L(lambda) = lambda W + max over sets S within the node's other limits of
//               sum_{k in S} (w_k - lambda p_k),
// bounds every set of the node for every lambda. Within the box's floors and
// caps the inner maximum takes each exit class's largest reduced weights, as
// many as a merge of the classes' orders allows (valueWithFloors); at a leaf
// (floors = caps) that is each class's largest reduced weights, as many as
// the leaf takes of the class.
// L is convex in lambda, and W less the band of the set chosen is a
// subgradient, so bisection finds its least value; the least over the
// multipliers tried is the bound (its minimum is the LP bound of floors, caps
// and band together).
import { timeUp } from "../lib/clock";
import { getF, getI, setF, setI } from "../lib/memory";
import { sortIndicesByKeyOrStop, sortNearlySorted } from "../lib/sort";
import { passThrough, roomWithin } from "../model/batch";
import { N, bandwidthHz, minExit, weightOf } from "../model/problem";
import { WEIGHT_TOLERANCE, betterByWeight } from "../model/result";
import { capsOf, highOf, lowOf } from "./box";
import { classTop, orderClasses, resetClasses } from "./lagrange-classes";
import {
  bestLambda, byPrice, byReduced, capUsed, capsBest, capsBestBand, capsBestWeight, capsFound, capsPositive,
  capsCeiling, capsSearchSteps, capsTaken, capsTakenCount, capsBestList, capsBestCount, capsThrough, capsWork, cutShort, lagrangeUsed, price, reducedCount,
  reducedKey, reducedStamp, stampNow, byWeight, priceStamp, userCount, floorList, floorMergeA, floorMergeB, floorStart,
  savedCount, savedMark, savedOrder, savedStamp,
} from "./state";

/** A new run: nothing grouped or ordered yet. */
export function resetLagrange(): void {
  resetClasses();
  orderedLambda = NaN;
  keyedLambda = NaN;
  keyedStamp = 0;
}

/** byReduced = byPrice[0..m) by w_k - lambda p_k, largest first; false when out of time. */
export function orderByReduced(m: i32, lambda: f64): bool {
  // Within a node the users are the same at every multiplier, and the bisection's
  // multipliers close in: the last order, repaired, is mostly right (the same
  // order as a full sort: ties go by index).
  const warm = reducedStamp == stampNow && reducedCount == m;
  // Ordered at this very multiplier, its keys not rewritten since (a node orders at its best multiplier up to three times).
  if (warm && lambda == orderedLambda && keyedLambda == lambda && keyedStamp == stampNow) return true;
  orderedLambda = NaN;
  keyedLambda = lambda;
  keyedStamp = stampNow;
  for (let i = 0; i < m; i++) {
    const k = getI(byPrice, i);
    if (!warm) setI(byReduced, i, k);
    setF(reducedKey, k, lambda * getF(price, k) - weightOf(k));
  }
  reducedStamp = stampNow;
  reducedCount = m;
  if (!warm && lambda == 0.0) {
    // Heaviest first: the servable users' order (byWeight, same ties) cut to the priced ones.
    let j = 0;
    for (let i = 0; i < userCount && j < m; i++) {
      const k = getI(byWeight, i);
      if (getI(priceStamp, k) == -stampNow) setI(byReduced, j++, k);
    }
    if (j == m) return true;
    for (let i = 0; i < m; i++) setI(byReduced, i, getI(byPrice, i)); // (never: every priced user is servable)
  }
  // A node's first multiplier above 0 starts from the last order of an earlier node (at a multiplier near this one).
  const fromSaved = lambda > 0.0 && savedStamp != stampNow && savedCount > 0;
  if (fromSaved) startFromSaved(m);
  if ((warm || fromSaved) && sortNearlySorted(byReduced, m, reducedKey, REPAIR_MOVES_PER_USER * m + 64)) {
    if (lambda > 0.0) saveOrder(m);
    orderedLambda = lambda;
    return true;
  }
  if (sortIndicesByKeyOrStop(byReduced, m, reducedKey)) {
    if (lambda > 0.0) saveOrder(m);
    orderedLambda = lambda;
    return true;
  }
  reducedStamp = 0;
  cutShort = true;
  return false;
}

// byReduced is in order at orderedLambda (NaN: no multiplier), and reducedKey holds the keys of
// byPrice's users at keyedLambda, both at the node of keyedStamp.
let orderedLambda: f64 = NaN;
let keyedLambda: f64 = NaN;
let keyedStamp: i32 = 0;

/** byReduced[0..m) as the latest order at a multiplier above 0. */
function saveOrder(m: i32): void {
  for (let i = 0; i < m; i++) setI(savedOrder, i, getI(byReduced, i));
  savedCount = m;
  savedStamp = stampNow;
}

/** byReduced: the saved order cut to this node's priced users, then the others in byPrice's order. */
function startFromSaved(m: i32): void {
  let j = 0;
  for (let i = 0; i < savedCount; i++) {
    const k = getI(savedOrder, i);
    if (getI(priceStamp, k) != -stampNow || getI(savedMark, k) == stampNow) continue;
    setI(savedMark, k, stampNow);
    setI(byReduced, j++, k);
  }
  for (let i = 0; i < m; i++) {
    const k = getI(byPrice, i);
    if (getI(savedMark, k) == stampNow) continue;
    setI(savedMark, k, stampNow);
    setI(byReduced, j++, k);
  }
}

// Moves of the repairing insertion sort per user before a full sort takes over.
const REPAIR_MOVES_PER_USER: i32 = 4;

/**
 * L(lambda) over the box's floors and caps together: a set is, for the
 * reduced weights, the c_e largest of each exit class e, with the tasks
 * through block n, P_n = sum_{e >= n} c_e, within [lo_n, hi_n]. Each class's
 * sum is concave in c_e, so g_n(P), the most classes n..N give with P tasks
 * through block n, is concave too: the merge of the classes' descending
 * reduced weights, cut to P <= hi_n, its first lo_n forced (the floors can
 * force users of negative reduced weight: what the caps alone miss). L is
 * lambda W + g_1 at its best P. Sets lagrangeUsed; -Infinity if the floors
 * cannot be met (Infinity, cutShort set, when out of time). Orders its own
 * classes: byReduced is left as it was.
 */
function valueWithFloors(box: usize, m: i32, lambda: f64): f64 {
  // Each class's largest reduced weights, as many as the caps let a set take (lagrange-classes.ts).
  for (let i = 0; i < m; i++) {
    const k = getI(byPrice, i);
    setF(reducedKey, k, lambda * getF(price, k) - weightOf(k));
  }
  keyedLambda = lambda;
  keyedStamp = stampNow;
  if (!orderClasses(box, m)) return Infinity;
  let from = floorMergeA;
  let to = floorMergeB;
  let len = 0; // g's slopes: the users from[0..len), reduced weights descending
  let start = 0; // g's domain starts at P = start
  let value = lambda * bandwidthHz; // L at P = start, with the forced users' band in `used`
  let used = 0.0;
  for (let n = N; n >= 1; n--) {
    const most = highOf(box, n) - start;
    if (most < 0) return -Infinity;
    // Merge class n's users into the slopes, keeping the first `most`.
    let a = 0;
    let b = getI(floorStart, n);
    const bEnd = b + classTop(box, n, getI(floorStart, n + 1) - b);
    let out = 0;
    while (out < most && (a < len || b < bEnd)) {
      let k: i32;
      if (b >= bEnd || (a < len && !reducedBefore(getI(floorList, b), getI(from, a)))) k = getI(from, a++);
      else k = getI(floorList, b++);
      setI(to, out++, k);
    }
    len = out;
    const t = from;
    from = to;
    to = t;
    const forced = lowOf(box, n) - start;
    if (forced > 0) {
      if (forced > len) return -Infinity;
      for (let i = 0; i < forced; i++) {
        const k = getI(from, i);
        value += weightOf(k) - lambda * getF(price, k);
        used += getF(price, k);
      }
      for (let i = forced; i < len; i++) setI(from, i - forced, getI(from, i));
      len -= forced;
      start += forced;
    }
  }
  for (let i = 0; i < len; i++) {
    const k = getI(from, i);
    const v = weightOf(k) - lambda * getF(price, k);
    if (!(v > 0.0)) break;
    value += v;
    used += getF(price, k);
  }
  lagrangeUsed = used;
  return value;
}

/** Does user a come before user b in byReduced's order (larger reduced weight, ties by index)? */
// @ts-ignore: decorator
@inline function reducedBefore(a: i32, b: i32): bool {
  const ka = getF(reducedKey, a);
  const kb = getF(reducedKey, b);
  return ka < kb || (ka == kb && a < b);
}

/**
 * The least L(lambda) (bestLambda its multiplier); Infinity when out of time.
 * L is convex and piecewise linear, and each value gives a tangent (the set
 * chosen at lambda: its weight plus lambda times W less its band), so once a
 * tangent falling to the right and one rising are known, the next multiplier
 * is where they cross (the cutting-plane method in one dimension): a few
 * values reach the least, where bisection needs a dozen. `guess` > 0: a
 * multiplier near the least (the ratio at which the fractional knapsack fills
 * the band): the tangents on either side are looked for near it first.
 */
export function lagrangeBound(box: usize, m: i32, guess: f64 = 0.0, enough: f64 = -Infinity): f64 {
  stopBelow = enough;
  let most = 0.0;
  for (let i = 0; i < m; i++) {
    const k = getI(byPrice, i);
    const r = weightOf(k) / getF(price, k);
    if (r > most) most = r;
  }
  best = Infinity;
  bestLambda = 0.0;
  loFound = false;
  hiFound = false;
  // From the guess: doubled while L falls, halved while it rises; L(0) only if it still rises.
  let g = guess > 0.0 && guess < 2.0 * most ? guess : 0.0;
  if (g > 0.0) {
    if (!tryLambda(box, m, g)) return Infinity;
    for (let i = 0; i < HALVINGS && !loFound && searching(); i++) {
      g *= 0.5;
      if (!tryLambda(box, m, g)) return Infinity;
    }
  }
  if (!loFound && searching()) {
    if (!tryLambda(box, m, 0.0)) return Infinity;
    if (!loFound) return best; // the band does not bind at 0: lambda = 0 is the least (or the floors cannot be met)
    // Above twice the largest weight per hertz only forced users are taken: the tangent there rises unless the floors alone overfill the band.
    if (!hiFound && !tryLambda(box, m, (g = 2.0 * most))) return Infinity;
  }
  for (let i = 0; i < BRACKET_STEPS && !hiFound && searching(); i++) {
    g *= 2.0;
    if (!tryLambda(box, m, g)) return Infinity;
  }
  if (!hiFound || !searching()) return best; // still falling (the floors overfill the band): the least value seen bounds
  for (let step = 0; step < CUT_STEPS && searching(); step++) {
    // Where the two tangents cross, and the least either can be there: below it L cannot go.
    const lambda = (hiBase - loBase) / (loSlope - hiSlope);
    const floor = loBase + loSlope * lambda;
    if (best - floor <= WEIGHT_TOLERANCE * 1e-3 * (best > 0.0 ? best : -best)) break;
    if (!(lambda > lambdaLo && lambda < lambdaHi)) break; // rounding: the tangents meet at a bracket's end
    if (!tryLambda(box, m, lambda)) return Infinity;
  }
  return best;
}

// Values where the tangents cross, doublings and halvings from the guess: at most.
const CUT_STEPS: i32 = 12;
const BRACKET_STEPS: i32 = 6;
const HALVINGS: i32 = 2;

/** Does the least value still matter: the floors can be met and the caller cannot prune on it yet? */
function searching(): bool { return best != -Infinity && best >= stopBelow; }

// The search's state: the least value so far; the falling tangent at lambdaLo
// (loFound; L(mu) >= loBase + loSlope mu) and the rising one at lambdaHi (hiFound).
let best: f64 = 0.0;
let lambdaLo: f64 = 0.0;
let lambdaHi: f64 = 0.0;
let loBase: f64 = 0.0;
let loSlope: f64 = 0.0;
let hiBase: f64 = 0.0;
let hiSlope: f64 = 0.0;
let hiFound: bool = false;
let loFound: bool = false;
// The caller prunes below this: once the least value is, the search stops.
let stopBelow: f64 = -Infinity;

/** L at lambda: keeps the least, and the tangent there as the falling or the rising one; false when out of time. */
function tryLambda(box: usize, m: i32, lambda: f64): bool {
  const value = valueWithFloors(box, m, lambda);
  if (cutShort) return false;
  if (value < best) {
    best = value;
    bestLambda = lambda;
  }
  const slope = bandwidthHz - lagrangeUsed;
  const base = value - lambda * slope;
  if (slope < 0.0) {
    if (!loFound || lambda >= lambdaLo) {
      loFound = true;
      lambdaLo = lambda;
      loBase = base;
      loSlope = slope;
    }
  } else if (!hiFound || lambda <= lambdaHi) {
    lambdaHi = lambda;
    hiBase = base;
    hiSlope = slope;
    hiFound = true;
  }
  return true;
}

/** Steps the caps search may take at one node before it gives up (then the node is split on its LP bound, and a leaf searched by class counts). */
export const CAPS_SEARCH_STEPS: i32 = 2000;

/** For the tests: the caps search's step limit (negative: the default; 0: it always gives up, so the leaves' own search runs). */
export function setCapsSearchSteps(steps: i32): void {
  capsSearchSteps = steps < 0 ? CAPS_SEARCH_STEPS : steps;
}

/**
 * The node's relaxation solved in integers: the heaviest set (then least band)
 * within the caps and the band at the node's prices, better than the
 * incumbent, by a depth-first search over the priced users by reduced weight
 * at bestLambda, bounded by the Lagrangian of what is left. Returns 0 when no
 * set of the node beats the incumbent, 1 when it found the best (capsBest,
 * capsBestWeight, capsBestBand), -1 when it gave up (too many steps or the
 * clock). `incumbentWeight`/`incumbentBand`: what a set must beat.
 */
export function capsSearch(box: usize, m: i32, incumbentWeight: f64, incumbentBand: f64, ceiling: f64): i32 {
  if (!orderByReduced(m, bestLambda)) return -1;
  capsCeiling = ceiling;
  setF(capsPositive, m, 0.0);
  for (let i = m - 1; i >= 0; i--) {
    const k = getI(byReduced, i);
    const v = weightOf(k) - bestLambda * getF(price, k);
    setF(capsPositive, i, getF(capsPositive, i + 1) + (v > 0.0 ? v : 0.0));
  }
  for (let n = 0; n <= N + 1; n++) setI(capsThrough, n, 0);
  capsBestWeight = incumbentWeight;
  capsBestBand = incumbentBand;
  capsFound = false;
  capsWork = 0;
  for (let i = 0; i < capsBestCount; i++) setI(capsBest, getI(capsBestList, i), 0);
  capsBestCount = 0;
  capsTakenCount = 0;
  const done = capsStep(box, m, 0, 0.0, 0.0);
  if (!done) return -1;
  return capsFound ? 1 : 0;
}

function capsStep(box: usize, m: i32, i: i32, w: f64, band: f64): bool {
  if (betterByWeight(w, band, capsBestWeight, capsBestBand)) {
    capsBestWeight = w;
    capsBestBand = band;
    capsFound = true;
    // The set taken so far replaces the last best: its users, not a pass over all m.
    for (let j = 0; j < capsBestCount; j++) setI(capsBest, getI(capsBestList, j), 0);
    for (let j = 0; j < capsTakenCount; j++) {
      const k = getI(capsTaken, j);
      setI(capsBest, k, 1);
      setI(capsBestList, j, k);
    }
    capsBestCount = capsTakenCount;
  }
  if (i >= m) return true;
  // At most hi_1 - (tasks taken) more: the largest positive reduced weights left, in order from i.
  const room = highOf(box, 1) - getI(capsThrough, 1);
  const end = room < m - i ? i + room : m;
  let upper = w + bestLambda * (bandwidthHz - band) + getF(capsPositive, i) - getF(capsPositive, end);
  if (upper > capsCeiling) upper = capsCeiling;
  const slack = WEIGHT_TOLERANCE * capsBestWeight;
  if (upper < capsBestWeight - slack) return true;
  if (upper <= capsBestWeight + slack && band >= capsBestBand * (1.0 - 1e-12)) return true;
  if (++capsWork > capsSearchSteps || ((capsWork & 1023) == 0 && timeUp())) return false;
  const k = getI(byReduced, i);
  const p = getF(price, k);
  const e = getI(minExit, k);
  if (band + p <= bandwidthHz && roomWithin(capsThrough, capsOf(box), e)) {
    passThrough(capsThrough, e);
    setI(capsTaken, capsTakenCount++, k);
    const ok = capsStep(box, m, i + 1, w + weightOf(k), band + p);
    capsTakenCount--;
    for (let n = 1; n <= e; n++) setI(capsThrough, n, getI(capsThrough, n) - 1);
    if (!ok) return false;
  }
  return capsStep(box, m, i + 1, w, band);
}
