// The exact solver: branch and bound over (batch start tau, batch sizes).
//
// A node is a tau interval (lo, hi] and a box lo_n <= b_n <= hi_n of batch
// sizes. Any set S of the node has b(S) in the box and starts at
// tau(S) = min_k (T_k - D_{e_k}(b(S))) in (lo, hi]. Its relaxation:
//  - eligibility: user k can be in S only if its latest start under the
//    smallest batches, a_k = T_k - D_{e_k}(b_lo), exceeds lo;
//  - prices: S starts no later than hi nor than a_k, so k costs at least
//    w^min(min(hi, a_k)) (w^min falls as tau grows; away from leaves the start
//    is rounded up to a 0.05% grid, still a bound, so prices can be reused);
//  - caps: at most hi_n tasks through block n. The caps are nested sets, a
//    laminar matroid, so taking users cheapest first while the caps allow
//    gives, for every size r, the least band any r-set of the node can use:
//    an upper bound on the served count, and a lower bound on the band at the
//    incumbent's count. A second relaxation keeps the floors (at least lo_n
//    tasks through block n) instead of the caps; the tighter of the two counts.
// Before relaxing, the node is tightened with what any set at least as large
// as the incumbent must satisfy (b_n >= incumbent count minus the eligible
// users exiting before n; b_n <= eligible users exiting at n or later; tau no
// later than the incumbent-count-th largest latest start the caps allow).
// When the box is one point and no latest start falls strictly inside
// (lo, hi), the relaxation is the problem itself at tau = hi: the node is
// solved. Otherwise split tau at the median latest start inside the interval
// (first, while the interval is wide), or the widest batch-size range at its
// middle. Every relaxed set is also judged exactly, as a candidate schedule.
// The search is depth-first; on a time limit, the bounds of the nodes not yet
// explored give the proved upper bound.
import { reserveF64, reserveI32, getF, setF, getI, setI } from "../lib/memory";
import { K, N, maxBatch, bandwidthHz, deadlineS, minExit, servable, blockTime, reservePriceMemo, memoWmin, groupByExitLatestFirst } from "../model/problem";
import { evaluateSelection, evalCount, evalBandwidthHz, computeTimesFromBatch, better, roomWithin, passThrough } from "../model/batch";
import { latestStartS } from "../model/bounds";
import { sortIndicesByKeyOrStop, sortNearlySorted } from "../lib/sort";
import { nowMs, timeUp, timeUpAt } from "../lib/clock";
import { exchangeAtSameCounts, initExchange } from "../greedy/exchange";

const MAX_DEPTH: i32 = 8192;
// Share of the time limit for the search itself; a greedy fills the rest when it is cut short.
const SEARCH_SHARE: f64 = 0.85;
const TAU_SPLIT_WIDTH: f64 = 0.002; // split tau first while (hi - lo) > this * hi
// Nodes the single search may take before the two phases take over. Measured on
// the bench instances: the default scenario up to K = 100 finishes within this
// in one search (23-74 nodes, where two phases take up to 1.5x longer); the
// large cell without batch limit needs 5-20x fewer nodes in two phases.
const ONE_SEARCH_NODES: f64 = 80;
let oneSearchNodes: f64 = ONE_SEARCH_NODES;

/**
 * How many nodes the single search may take before the two phases (negative:
 * the default). For the tests: with 0 every problem, however small, is solved
 * in two phases, so the brute force checks that path too.
 */
export function setOneSearchNodes(nodes: f64): void {
  oneSearchNodes = nodes < 0.0 ? ONE_SEARCH_NODES : nodes;
}
// Rounds of band tightening and deadline propagation per node.
const BAND_ROUNDS: i32 = 6;

let users: usize = 0; // i32[Ks] servable users
let userCount: i32 = 0;
let nodeBox: usize = 0; // i32[MAX_DEPTH] -> i32[2 (N + 2)]: b_lo then b_hi
let relaxedSet: usize = 0; // i32[K]
let capUsed: usize = 0; // i32[N + 2]
let computeLo: usize = 0; // f64[N + 2]: D_e under the smallest batches
let eligibleAt: usize = 0; // i32[N + 2]: eligible users per exit
let latest: usize = 0; // f64[K]: a_k under the smallest batches
let negDeadline: usize = 0; // f64[K]: sort key of groupByExitLatestFirst, deadline descending
let byDeadline: usize = 0; // i32[Ks]: servable users by exit class, each by deadline descending
let classStart: usize = 0; // i32[N + 2]: where each class starts in byDeadline (classStart[N + 1] = end)
let classHead: usize = 0; // i32[N + 2]: merge positions
let byLatest: usize = 0; // i32[Ks]: eligible users, latest start descending
let eligibleCount: i32 = 0;
let price: usize = 0; // f64[K]
let byPrice: usize = 0; // i32[Ks]
let droppedPrefix: usize = 0; // f64[Ks + 1]
let relaxedThrough: usize = 0; // i32[N + 2]: tasks of the relaxed set through each block

let incumbent: usize = 0; // i32[K]
let bestCount: i32 = 0;
let bestBandwidth: f64 = 0;
let deadlineMs: f64 = Infinity;
let timedOut: bool = false;
// A sort or pricing loop of this node stopped at the run's time limit: nothing it computed is a bound.
let cutShort: bool = false;
let nodeLimit: f64 = Infinity; // the single search gives up past this many nodes
let abandoned: bool = false;
let openBound: i32 = 0;
// 1 while proving the count (only larger sets matter), 0 while proving the least band.
let countPhase: i32 = 0;
// The second of two phases: every set of the search has exactly the incumbent's count.
let bandPhase: bool = false;
let capsFromDeadlines: bool = false; // capByDeadlines at every node (large inputs only, like the phases)
export let exactNodes: f64 = 0;

function boxOf(depth: i32): usize {
  let p = <usize>getI(nodeBox, depth);
  if (p == 0) {
    p = reserveI32(2 * (N + 2));
    setI(nodeBox, depth, <i32>p);
  }
  return p;
}
// @ts-ignore: decorator
@inline function lowOf(box: usize, n: i32): i32 {
  return getI(box, n);
}
// @ts-ignore: decorator
@inline function highOf(box: usize, n: i32): i32 {
  return getI(box, N + 2 + n);
}
/** The box's caps b_hi as an array indexed by block. */
// @ts-ignore: decorator
@inline function capsOf(box: usize): usize {
  return box + (<usize>(N + 2) << 2);
}
// @ts-ignore: decorator
@inline function setLow(box: usize, n: i32, v: i32): void {
  setI(box, n, v);
}
// @ts-ignore: decorator
@inline function setHigh(box: usize, n: i32, v: i32): void {
  setI(box, N + 2 + n, v);
}

function consistent(box: usize): bool {
  for (let n = 1; n <= N; n++) if (lowOf(box, n) > highOf(box, n)) return false;
  return true;
}

function isPoint(box: usize): bool {
  for (let n = 1; n <= N; n++) if (lowOf(box, n) != highOf(box, n)) return false;
  return true;
}

function copyBox(from: usize, to: usize): void {
  for (let i = 0; i < 2 * (N + 2); i++) setI(to, i, getI(from, i));
}

/** Latest starts under the box's smallest batches; counts the eligible (a_k > lo) per exit. */
function computeLatest(box: usize, lo: f64): void {
  for (let n = 0; n <= N + 1; n++) {
    setI(capUsed, n, lowOf(box, n));
    setI(eligibleAt, n, 0);
  }
  computeTimesFromBatch(capUsed, computeLo);
  for (let i = 0; i < userCount; i++) {
    const k = getI(users, i);
    const e = getI(minExit, k);
    const a = getF(deadlineS, k) - getF(computeLo, e);
    setF(latest, k, a);
    if (a > lo) setI(eligibleAt, e, getI(eligibleAt, e) + 1);
  }
}

/**
 * Tighten the box to what any set of at least `target` tasks must satisfy: at
 * most (eligible users exiting before n) leave before block n, so
 * b_n >= target - that; no more tasks pass block n than eligible users exiting
 * at n or later. Raising the smallest batches lengthens compute times and
 * shrinks eligibility, so repeat to a fixed point. False if the box empties.
 */
function propagateBox(box: usize, lo: f64, target: i32): bool {
  for (let round = 0; round <= N + 1; round++) {
    computeLatest(box, lo);
    if (target <= 0) return true;
    let changed = false;
    let before = 0;
    let through = 0;
    for (let e = 1; e <= N; e++) through += getI(eligibleAt, e);
    for (let n = 1; n <= N; n++) {
      if (through < highOf(box, n)) setHigh(box, n, through);
      const need = target - before;
      if (need > lowOf(box, n)) {
        setLow(box, n, need);
        changed = true;
      }
      before += getI(eligibleAt, n);
      through -= getI(eligibleAt, n);
    }
    // b_1 >= b_2 >= ... >= b_N
    for (let n = N - 1; n >= 1; n--) {
      if (lowOf(box, n + 1) > lowOf(box, n)) {
        setLow(box, n, lowOf(box, n + 1));
        changed = true;
      }
    }
    for (let n = 2; n <= N; n++) if (highOf(box, n - 1) < highOf(box, n)) setHigh(box, n, highOf(box, n - 1));
    if (!consistent(box)) return false;
    if (!changed) return true; // the latest starts were computed for these smallest batches
  }
  computeLatest(box, lo);
  return true;
}

/**
 * Eligible users sorted by latest start, latest first. Within an exit class
 * every user's latest start is its deadline less the same compute time, so
 * the order is a merge of the classes' lists sorted once by deadline (each
 * cut where the starts reach lo): O(users x exits) per node instead of a sort,
 * which took a third of exact's time on large inputs.
 */
function sortByLatest(lo: f64): void {
  eligibleCount = 0;
  for (let e = 1; e <= N; e++) setI(classHead, e, getI(classStart, e));
  for (;;) {
    let pick = -1;
    let pickStart = -Infinity;
    let pickUser = 0;
    for (let e = 1; e <= N; e++) {
      const at = getI(classHead, e);
      if (at >= getI(classStart, e + 1)) continue;
      const k = getI(byDeadline, at);
      const a = getF(latest, k);
      if (!(a > lo)) {
        setI(classHead, e, getI(classStart, e + 1)); // the rest of this class starts no later
        continue;
      }
      if (a > pickStart || (a == pickStart && k < pickUser)) {
        pick = e;
        pickStart = a;
        pickUser = k;
      }
    }
    if (pick < 0) return;
    if (timeUpAt(eligibleCount)) {
      cutShort = true;
      return;
    }
    setI(byLatest, eligibleCount++, pickUser);
    setI(classHead, pick, getI(classHead, pick) + 1);
  }
}


// Float slack when comparing latest starts against summed block times, which
// the judge adds in another order: a cap may only loosen by it, never cut a set.
const CHAIN_SLACK_S: f64 = 1e-9;

/**
 * Cap every batch size by the deadlines of the tasks that pass the block. A
 * task exiting at e >= n passes blocks 1..n, each at least as full as block n
 * (b_j >= b_n), so with b_n = m it needs
 *   T_k - tau >= sum_{j<=n} t_j(max(lo_j, m)) + sum_{n<j<=e} t_j(lo_j),
 * i.e. a_k - lo > G_n(m) - D_n(lo) with G_n(m) the first sum and a_k, D under
 * the smallest batches. All m tasks through block n meet it, so the m-th
 * largest a_k among users exiting at n or later must: the largest such m caps
 * b_n. The box's floors alone (what propagateBox uses) leave the deep blocks
 * nearly empty and their users' compute times far too short; this is what
 * makes wide boxes prune when the batch limit does not bind. Needs byLatest.
 * False if the box empties.
 */
function capByDeadlines(box: usize, lo: f64): bool {
  for (let n = N; n >= 1; n--) {
    const cap = highOf(box, n);
    const base = getF(computeLo, n);
    let m = 0;
    for (let i = 0; i < eligibleCount && m < cap; i++) {
      const k = getI(byLatest, i);
      if (getI(minExit, k) < n) continue;
      const next = m + 1;
      let chain = 0.0;
      for (let j = 1; j <= n; j++) {
        const l = lowOf(box, j);
        chain += blockTime(j, l > next ? l : next);
      }
      if (getF(latest, k) - lo + CHAIN_SLACK_S <= chain - base) break;
      m = next;
    }
    if (m < cap) setHigh(box, n, m);
  }
  for (let n = 2; n <= N; n++) if (highOf(box, n - 1) < highOf(box, n)) setHigh(box, n, highOf(box, n - 1));
  return consistent(box);
}

/**
 * The latest start any set of `target` tasks within the caps can have: taking
 * users by latest start, latest first, while the caps allow (a matroid, so
 * this is the largest such set for every threshold), the target-th one's.
 * -Infinity if the caps do not admit `target` tasks.
 */
function latestStartFor(box: usize, target: i32): f64 {
  for (let n = 0; n <= N + 1; n++) setI(capUsed, n, 0);
  let taken = 0;
  for (let i = 0; i < eligibleCount; i++) {
    const k = getI(byLatest, i);
    const e = getI(minExit, k);
    if (!roomWithin(capUsed, capsOf(box), e)) continue;
    passThrough(capUsed, e);
    if (++taken == target) return getF(latest, k);
  }
  return -Infinity;
}

// One remembered price per user: nodes near each other in the search mostly
// price a user at the same start (their common hi), and w^min dominates a node's cost.
let relaxPrices: usize = 0; // price memo of the relaxations

// Away from leaves users are priced a little later than their start, on a
// geometric grid: still a lower bound (w^min falls with tau), and the remembered
// price then serves many nodes instead of one.
const GRID_RATIO: f64 = 1.0005;
const LOG_GRID_RATIO: f64 = Math.log(GRID_RATIO);

function gridAbove(tau: f64): f64 {
  const g = Math.exp(Math.ceil(Math.log(tau) / LOG_GRID_RATIO) * LOG_GRID_RATIO);
  return g >= tau ? g : tau; // rounding must never move a price to an earlier start
}

// A second remembered price per user: a depth-first search goes back and forth
// between a parent's start and a child's, and one slot alone keeps missing.
let olderPrices: usize = 0; // f64[2K]: start, then w^min, per user

function priceAt(k: i32, tau: f64): f64 {
  if (getF(relaxPrices, k) == tau) return getF(relaxPrices, K + k);
  if (getF(olderPrices, k) == tau) return getF(olderPrices, K + k);
  // The newer slot moves to the older one.
  setF(olderPrices, k, getF(relaxPrices, k));
  setF(olderPrices, K + k, getF(relaxPrices, K + k));
  return memoWmin(relaxPrices, k, tau);
}

let relaxedBandAtBest: f64 = 0; // relaxed band at the incumbent's count
let pricedCount: i32 = 0; // users relax priced (eligible, affordable), in byPrice
let relaxedBandAtCount: f64 = 0; // relaxed band of the whole relaxed set

// Consecutive nodes mostly price users alike, so byPrice starts from the
// previous node's order and an insertion sort repairs it (a full sort when
// too much moved): the same order, at a fraction of the cost.
let lastByPrice: usize = 0; // i32[K]: the previous relaxation's order
let lastPricedCount: i32 = 0;
let priceStamp: usize = 0; // i32[K]: stampNow = priced at this node, -stampNow = placed in byPrice
let stampNow: i32 = 0;
const REPAIR_MOVES_PER_USER: i32 = 4;

/** byPrice[0..m) = the users priced at this node (priceStamp), by price; sets cutShort when out of time. */
function orderByPrice(m: i32): void {
  let j = 0;
  for (let i = 0; i < lastPricedCount; i++) {
    const k = getI(lastByPrice, i);
    if (getI(priceStamp, k) == stampNow) {
      setI(byPrice, j++, k);
      setI(priceStamp, k, -stampNow);
    }
  }
  for (let i = 0; i < eligibleCount && j < m; i++) {
    const k = getI(byLatest, i);
    if (getI(priceStamp, k) == stampNow) {
      setI(byPrice, j++, k);
      setI(priceStamp, k, -stampNow);
    }
  }
  if (!sortNearlySorted(byPrice, m, price, REPAIR_MOVES_PER_USER * m + 64) && !sortIndicesByKeyOrStop(byPrice, m, price)) {
    cutShort = true;
    lastPricedCount = 0;
    return;
  }
  for (let i = 0; i < m; i++) setI(lastByPrice, i, getI(byPrice, i));
  lastPricedCount = m;
}

/** Solve the node's relaxation; flags its set in relaxedSet and returns its size. */
function relax(hi: f64, box: usize, exactPrices: bool): i32 {
  stampNow++;
  for (let n = 0; n <= N + 1; n++) setI(capUsed, n, 0);
  for (let k = 0; k < K; k++) setI(relaxedSet, k, 0);
  let m = 0;
  const hiPrice = exactPrices ? hi : gridAbove(hi); // most users start at hi: one grid point for all
  for (let i = 0; i < eligibleCount; i++) {
    if (timeUpAt(i)) {
      cutShort = true;
      return 0;
    }
    const k = getI(byLatest, i);
    const a = getF(latest, k);
    // At a leaf the relaxation must be the problem itself: exact prices at hi. Elsewhere
    // any later start gives a valid lower bound, and the grid lets prices be reused.
    const w = priceAt(k, a < hi ? (exactPrices ? a : gridAbove(a)) : hiPrice);
    if (!(w <= bandwidthHz)) continue;
    setF(price, k, w);
    setI(priceStamp, k, stampNow);
    m++;
  }
  orderByPrice(m);
  if (cutShort) return 0;
  pricedCount = m;
  let count = 0;
  let used = 0.0;
  relaxedBandAtBest = bestCount == 0 ? 0.0 : Infinity;
  for (let i = 0; i < m; i++) {
    const k = getI(byPrice, i);
    const w = getF(price, k);
    if (used + w > bandwidthHz) break; // ascending prices: nobody later fits
    const e = getI(minExit, k);
    if (!roomWithin(capUsed, capsOf(box), e)) continue;
    passThrough(capUsed, e);
    setI(relaxedSet, k, 1);
    used += w;
    count++;
    if (count == bestCount) relaxedBandAtBest = used;
  }
  relaxedBandAtCount = used;
  for (let n = 0; n <= N + 1; n++) setI(relaxedThrough, n, getI(capUsed, n));
  if (capsFromDeadlines) {
    // The joint relaxation is at least as tight as the floors alone: skip those.
    bothCount = count;
    combinedCount = relaxWithFloorsAndCaps(box, m);
    return combinedCount < count ? combinedCount : count;
  }
  const floorCount = relaxWithFloors(box, m);
  const both = floorCount < count ? floorCount : count;
  bothCount = both;
  combinedCount = both;
  return both;
}

let bothCount: i32 = 0; // the smaller of the first two relaxations' counts
let combinedCount: i32 = 0; // the count bound of relaxWithFloorsAndCaps at this node
let classOffset: usize = 0; // i32[N + 2]
let classPrices: usize = 0; // f64[K]: priced users' prices grouped by exit class, each ascending
let slopesA: usize = 0; // f64[K + 1]
let slopesB: usize = 0; // f64[K + 1]

/**
 * Merge the ascending slopes from[0..len) with class n's ascending prices
 * (classPrices between classOffset n and n + 1) into to, at most `most` of
 * them; returns how many. The convex relaxations build their cost curves so.
 */
function mergeClassPrices(from: usize, len: i32, n: i32, to: usize, most: i32): i32 {
  let i = 0;
  let j = getI(classOffset, n);
  const jEnd = getI(classOffset, n + 1);
  let out = 0;
  while (out < most) {
    let take: f64 = 0.0;
    if (i < len && (j >= jEnd || getF(from, i) <= getF(classPrices, j))) take = getF(from, i++);
    else if (j < jEnd) take = getF(classPrices, j++);
    else break;
    setF(to, out++, take);
  }
  return out;
}

/** Drop the first `forced` slopes of row[0..len) (they must be taken): returns `value` plus each, added in order. */
function takeFirst(value: f64, row: usize, len: i32, forced: i32): f64 {
  for (let q = 0; q < forced; q++) value += getF(row, q);
  for (let q = forced; q < len; q++) setF(row, q - forced, getF(row, q));
  return value;
}

/**
 * The third relaxation: floors and caps together. A set is fixed, for the
 * band, by how many tasks c_e it takes per exit class (the c_e cheapest of
 * class e), and must keep P_n = sum_{e >= n} c_e (the tasks through block n)
 * within [lo_n, hi_n]. Each class's cost is convex in c_e (ascending prices),
 * so g_n(P) = min over c_n of f_n(c_n) + g_{n+1}(P - c_n), restricted to
 * [lo_n, hi_n], is convex too: an infimal convolution, which merges the two
 * slope sequences, then a cut of the domain. g_1(r) is the least band of any
 * r-set of the node (at least either relaxation alone). Returns the largest r
 * within the band and raises relaxedBandAtBest to g_1(bestCount).
 */
function relaxWithFloorsAndCaps(box: usize, m: i32): i32 {
  for (let e = 0; e <= N + 1; e++) setI(classOffset, e, 0);
  for (let i = 0; i < m; i++) {
    const e = getI(minExit, getI(byPrice, i));
    setI(classOffset, e + 1, getI(classOffset, e + 1) + 1);
  }
  for (let e = 1; e <= N + 1; e++) setI(classOffset, e, getI(classOffset, e) + getI(classOffset, e - 1));
  for (let e = 0; e <= N + 1; e++) setI(capUsed, e, getI(classOffset, e));
  for (let i = 0; i < m; i++) {
    const k = getI(byPrice, i);
    const e = getI(minExit, k);
    const at = getI(capUsed, e);
    setF(classPrices, at, getF(price, k));
    setI(capUsed, e, at + 1);
  }
  let from = slopesA;
  let to = slopesB;
  let start = 0; // g's domain is [start, start + len], g(start) = value
  let value = 0.0;
  let len = 0;
  for (let n = N; n >= 1; n--) {
    const hi = highOf(box, n);
    const lo = lowOf(box, n);
    if (hi < start) {
      relaxedBandAtBest = Infinity;
      return 0;
    }
    const most = hi - start;
    len = mergeClassPrices(from, len, n, to, most);
    const t = from;
    from = to;
    to = t;
    if (lo > start) {
      const forced = lo - start;
      if (forced > len) {
        relaxedBandAtBest = Infinity;
        return 0;
      }
      value = takeFirst(value, from, len, forced);
      len -= forced;
      start = lo;
    }
  }
  if (bestCount > 0) {
    let atBest = Infinity;
    if (bestCount >= start && bestCount <= start + len) {
      atBest = value;
      for (let q = 0; q < bestCount - start; q++) atBest += getF(from, q);
    }
    if (atBest > relaxedBandAtBest) relaxedBandAtBest = atBest;
  }
  if (value > bandwidthHz) return 0;
  let r = start;
  let used = value;
  for (let q = 0; q < len; q++) {
    if (used + getF(from, q) > bandwidthHz) break;
    used += getF(from, q);
    r++;
  }
  return r;
}

/**
 * The second relaxation: the box's smallest batches as floors (at least lo_n
 * tasks through block n), caps dropped. A set S meets the floors iff its
 * complement T among the priced users holds at most (users exiting at n or
 * later) - lo_n of them, a laminar matroid again; so the cheapest S of each
 * size is the complement of the dearest T, which the greedy by descending
 * price gives for every size at once. Returns the largest size within the
 * band, and raises relaxedBandAtBest to this bound at the incumbent's count.
 */
function relaxWithFloors(box: usize, m: i32): i32 {
  for (let n = 0; n <= N + 1; n++) setI(capUsed, n, 0);
  let total = 0.0;
  for (let i = 0; i < m; i++) {
    const k = getI(byPrice, i);
    const e = getI(minExit, k);
    for (let n = 1; n <= e; n++) setI(capUsed, n, getI(capUsed, n) + 1);
    total += getF(price, k);
  }
  // capUsed[n] now counts priced users through block n; turn it into T's room.
  for (let n = 1; n <= N; n++) {
    const room = getI(capUsed, n) - lowOf(box, n);
    if (room < 0) return 0; // not even all priced users meet the floor
    setI(capUsed, n, room);
  }
  let dropped = 0;
  let droppedCost = 0.0;
  setF(droppedPrefix, 0, 0.0);
  for (let i = m - 1; i >= 0; i--) {
    const k = getI(byPrice, i);
    const e = getI(minExit, k);
    let room = true;
    for (let n = 1; n <= e; n++) {
      if (getI(capUsed, n) <= 0) {
        room = false;
        break;
      }
    }
    if (!room) continue;
    for (let n = 1; n <= e; n++) setI(capUsed, n, getI(capUsed, n) - 1);
    droppedCost += getF(price, k);
    setF(droppedPrefix, ++dropped, droppedCost);
  }
  // Sizes from m - dropped to m meet the floors; the cheapest of size r costs total - droppedPrefix[m - r].
  const smallest = m - dropped;
  let largest = smallest - 1;
  for (let r = m; r >= smallest; r--) {
    if (total - getF(droppedPrefix, m - r) <= bandwidthHz) {
      largest = r;
      break;
    }
  }
  if (bestCount > 0) {
    const atBest = bestCount >= smallest && bestCount <= m ? total - getF(droppedPrefix, m - bestCount) : Infinity;
    if (atBest > relaxedBandAtBest) relaxedBandAtBest = atBest;
  }
  return largest < 0 ? 0 : largest;
}

let jointRows: usize = 0; // f64[(N + 2) (rowLength)]: g_n's slopes per block, in the band phase
let jointRowLength: i32 = 0;
let jointStart: usize = 0; // i32[N + 2]: g_n's domain start
let jointLen: usize = 0; // i32[N + 2]: g_n's slope count
let jointValue: usize = 0; // f64[N + 2]: g_n(start)
let jointG: usize = 0; // f64[rowLength]: g_n(v) for the block being tightened
let jointH: usize = 0; // f64[rowLength]: h_n(q)

/**
 * In the band phase (every set has exactly `target` tasks), floors and caps on
 * every batch size from the third relaxation, both directions at once: g_n(v),
 * the least cost of classes n..N with v tasks through block n (and the box's
 * floors and caps from n on), plus h_n(target - v), the least cost of classes
 * before n with the rest (and the box from 1 to n - 1), must fit the budget.
 * Both are convex in v (merged ascending slopes, cut to the box), so the
 * feasible v form an interval: the new lo_n and hi_n. Needs relax's classPrices.
 * Returns -1 if the box empties, 1 if it changed, 0 if not.
 */
/** Room for tightenJoint at this target: rows 0..N + 1 of target + 1 slopes each. */
function reserveJoint(target: i32): void {
  if (target + 2 <= jointRowLength) return;
  jointRowLength = target + 2;
  jointRows = reserveF64((N + 2) * jointRowLength);
  jointG = reserveF64(jointRowLength);
  jointH = reserveF64(jointRowLength);
}

function tightenJoint(box: usize, target: i32, budget: f64): i32 {
  const row = jointRowLength;
  if (target + 1 > row) return 0;
  // Backward: g_n for n = N..1, each row merged from the one below.
  let start = 0;
  let value = 0.0;
  let len = 0;
  for (let n = N; n >= 1; n--) {
    const hi = highOf(box, n) < target ? highOf(box, n) : target;
    const lo = lowOf(box, n);
    if (hi < start) return -1;
    const most = hi - start;
    const from = jointRows + (<usize>((n + 1) * row) << 3);
    const to = jointRows + (<usize>(n * row) << 3);
    len = mergeClassPrices(from, len, n, to, most);
    if (lo > start) {
      const forced = lo - start;
      if (forced > len) return -1;
      value = takeFirst(value, to, len, forced);
      len -= forced;
      start = lo;
    }
    setI(jointStart, n, start);
    setI(jointLen, n, len);
    setF(jointValue, n, value);
  }
  if (target < start || target > start + len) return -1;
  // Forward: h_n over q = tasks in classes before n, kept in row 0 (q from qStart).
  const hRow = jointRows;
  let qStart = 0;
  let hValue = 0.0;
  let hLen = 0;
  let changed = 0;
  for (let n = 1; n <= N; n++) {
    const gStart = getI(jointStart, n);
    const gLen = getI(jointLen, n);
    const gRow = jointRows + (<usize>(n * row) << 3);
    if (n >= 2) {
      // g_n(v) and h_n(target - v) for every v in both domains.
      let vLo = gStart;
      let vHi = gStart + gLen;
      if (target - (qStart + hLen) > vLo) vLo = target - (qStart + hLen);
      if (target - qStart < vHi) vHi = target - qStart;
      if (vLo > vHi) return -1;
      let g = getF(jointValue, n);
      for (let v = gStart; v <= vHi; v++) {
        if (v > gStart) g += getF(gRow, v - gStart - 1);
        if (v >= vLo) setF(jointG, v - vLo, g);
      }
      let h = hValue;
      for (let q = qStart; q <= target - vLo; q++) {
        if (q > qStart) h += getF(hRow, q - qStart - 1);
        const v = target - q;
        if (v <= vHi) setF(jointH, v - vLo, h);
      }
      let first = vLo;
      while (first <= vHi && getF(jointG, first - vLo) + getF(jointH, first - vLo) > budget) first++;
      if (first > vHi) return -1;
      let last = vHi;
      while (last > first && getF(jointG, last - vLo) + getF(jointH, last - vLo) > budget) last--;
      if (first > lowOf(box, n)) {
        setLow(box, n, first);
        changed = 1;
      }
      if (last < highOf(box, n)) {
        setHigh(box, n, last);
        changed = 1;
      }
    }
    // h_{n+1}: cut h_n to q in [target - hi_n, target - lo_n], then merge class n's prices.
    const qMin = target - highOf(box, n);
    const qMax = target - lowOf(box, n);
    if (qStart < qMin) {
      const forced = qMin - qStart;
      if (forced > hLen) return -1;
      hValue = takeFirst(hValue, hRow, hLen, forced);
      hLen -= forced;
      qStart = qMin;
    }
    if (qStart + hLen > qMax) hLen = qMax - qStart;
    if (hLen < 0) return -1;
    if (n == N) break;
    // Merge in place from the back is not ascending-safe: use row N + 1 as scratch.
    const scratch = jointRows + (<usize>((N + 1) * row) << 3);
    const most = target - qStart;
    const out = mergeClassPrices(hRow, hLen, n, scratch, most);
    for (let q = 0; q < out; q++) setF(hRow, q, getF(scratch, q));
    hLen = out;
  }
  if (changed == 0) return 0;
  for (let n = N - 1; n >= 1; n--) if (lowOf(box, n + 1) > lowOf(box, n)) setLow(box, n, lowOf(box, n + 1));
  for (let n = 2; n <= N; n++) if (highOf(box, n - 1) < highOf(box, n)) setHigh(box, n, highOf(box, n - 1));
  return consistent(box) ? 1 : -1;
}

/** Median of the distinct latest starts strictly inside (lo, hi); NaN if none. */
function tauSplitPoint(lo: f64, hi: f64): f64 {
  // byLatest is sorted descending and holds exactly the users with a_k > lo.
  let first = 0;
  while (first < eligibleCount && getF(latest, getI(byLatest, first)) >= hi) first++;
  if (first >= eligibleCount) return NaN;
  return getF(latest, getI(byLatest, first + ((eligibleCount - first) >> 1)));
}

/** The time ran out inside a node: its bound was not computed, so it stays open with its parent's. */
function stopAt(inherited: i32): void {
  timedOut = true;
  if (inherited > openBound) openBound = inherited;
}

function explore(lo: f64, hi: f64, depth: i32, inherited: i32): void {
  exactNodes += 1;
  if (abandoned || exactNodes > nodeLimit) {
    abandoned = true;
    return;
  }
  if (!timedOut && (nowMs() > deadlineMs || timeUp())) timedOut = true;
  if (timedOut || depth + 2 >= MAX_DEPTH) {
    timedOut = true;
    if (inherited > openBound) openBound = inherited;
    return;
  }
  const box = boxOf(depth);
  const target = fixedTarget > 0 ? fixedTarget : bestCount + countPhase;
  let point = false;
  let split = NaN;
  let bound = 0;
  for (let round = 0; ; round++) {
    if (!propagateBox(box, lo, target)) return;
    // Each step below is a pass over the users (tens of ms at a million): ask the clock between them.
    if (timeUp()) {
      stopAt(inherited);
      return;
    }
    sortByLatest(lo);
    if (cutShort) {
      stopAt(inherited);
      return;
    }
    if (capsFromDeadlines && !capByDeadlines(box, lo)) return;
    if (timeUp()) {
      stopAt(inherited);
      return;
    }
    if (bestCount > 0) {
      const cap = latestStartFor(box, target);
      if (!(cap > lo)) return;
      if (cap < hi) hi = cap;
    }
    point = isPoint(box);
    split = tauSplitPoint(lo, hi); // NaN: no latest start strictly inside (lo, hi)
    bound = relax(hi, box, point && isNaN(split));
    if (cutShort) {
      stopAt(inherited);
      return;
    }
    if (!capsFromDeadlines || round >= BAND_ROUNDS || bound < bestCount) break;
    // In the band phase only sets cheaper than the incumbent matter.
    const budget = bandPhase && bestBandwidth < bandwidthHz ? bestBandwidth : bandwidthHz;
    // Every search of the two phases asks for exactly `target` tasks (b_1 fixed).
    const tightened = tightenJoint(box, target, budget);
    if (tightened < 0) return;
    if (tightened == 0) break;
  }
  if (fixedTarget > 0) {
    if (bound < fixedTarget) return; // no set here reaches the target
  } else {
    if (bound < bestCount) return;
    if (bound == bestCount && relaxedBandAtBest >= bestBandwidth * (1.0 - 1e-12)) return;
    if (countPhase != 0 && bound == bestCount) return; // only the band is open: the band phase's
  }
  const relaxedBand = relaxedBandAtCount;
  if (evaluateSelection(relaxedSet)) {
    if (better(evalCount, evalBandwidthHz, bestCount, bestBandwidth)) {
      bestCount = evalCount;
      bestBandwidth = evalBandwidthHz;
      if (fixedTarget > 0 && bestCount >= fixedTarget) abandoned = true; // the target is reached: stop
      for (let k = 0; k < K; k++) setI(incumbent, k, getI(relaxedSet, k));
      // While proving the band, a cheaper incumbent prunes more: re-choose its users.
      if (bandPhase && exchangeAtSameCounts(incumbent)) {
        evaluateSelection(incumbent);
        bestBandwidth = evalBandwidthHz;
      }
    }
    // The relaxation's own set is a schedule as good as its bound: nothing here is better.
    // (Not when the third relaxation lowered the count: relaxedBand is the band of a larger set.)
    if (evalCount == bound && bound >= bothCount && evalBandwidthHz <= relaxedBand * (1.0 + 1e-12)) return;
  }
  const child = boxOf(depth + 1);
  if (point || hi - lo > TAU_SPLIT_WIDTH * hi) {
    const v = split;
    if (!isNaN(v)) {
      copyBox(box, child);
      explore(v, hi, depth + 1, bound);
      copyBox(box, child);
      explore(lo, v, depth + 1, bound);
      return;
    }
    if (point) return; // the relaxation was the problem itself here, and its set was judged
  }
  // Split a batch-size range; b_1 >= b_2 >= ... >= b_N keeps the box consistent.
  // In the two phases: the block where the relaxed set's compute time is most
  // underestimated (it passes x_n > lo_n tasks through block n but was judged
  // with lo_n), halfway between lo_n and x_n (measured against splitting at
  // x_n and at two thirds: fewest nodes on the large cell, K=1000 N=8
  // 16528 -> 8694). Else the widest range, at its middle.
  let widest = 1;
  for (let n = 2; n <= N; n++) {
    if (highOf(box, n) - lowOf(box, n) > highOf(box, widest) - lowOf(box, widest)) widest = n;
  }
  let mid = (lowOf(box, widest) + highOf(box, widest)) >> 1;
  if (capsFromDeadlines) {
    let most = 0.0;
    for (let n = 1; n <= N; n++) {
      const x = getI(relaxedThrough, n);
      const l = lowOf(box, n);
      if (x <= l || x > highOf(box, n)) continue;
      const under = blockTime(n, x) - blockTime(n, l);
      if (under > most) {
        most = under;
        widest = n;
        mid = (l + x) >> 1;
      }
    }
  }
  copyBox(box, child);
  for (let n = 1; n <= widest; n++) if (lowOf(child, n) < mid + 1) setLow(child, n, mid + 1);
  if (consistent(child)) explore(lo, hi, depth + 1, bound);
  copyBox(box, child);
  for (let n = widest; n <= N; n++) if (highOf(child, n) > mid) setHigh(child, n, mid);
  if (consistent(child)) explore(lo, hi, depth + 1, bound);
}

export let exactOptimal: bool = false;
export let exactUpperBound: i32 = 0;

/**
 * Run the exact search from an incumbent (flags in `best`; all zero for none);
 * leaves the optimum (or the best found) in `best`. `upperLimit` is a proved
 * bound from elsewhere, used when time runs out.
 */
export function runExact(best: usize, timeLimitMs: f64, upperLimit: i32): void {
  userCount = 0;
  users = reserveI32(K);
  for (let k = 0; k < K; k++) if (getI(servable, k) != 0) setI(users, userCount++, k);
  nodeBox = reserveI32(MAX_DEPTH);
  relaxedSet = reserveI32(K);
  capUsed = reserveI32(N + 2);
  computeLo = reserveF64(N + 2);
  eligibleAt = reserveI32(N + 2);
  latest = reserveF64(K);
  negDeadline = reserveF64(K);
  byDeadline = reserveI32(K);
  classStart = reserveI32(N + 2);
  classHead = reserveI32(N + 2);
  byLatest = reserveI32(K);
  price = reserveF64(K);
  byPrice = reserveI32(K);
  droppedPrefix = reserveF64(K + 1);
  relaxedThrough = reserveI32(N + 2);
  lastByPrice = reserveI32(K);
  priceStamp = reserveI32(K);
  lastPricedCount = 0;
  stampNow = 0;
  classOffset = reserveI32(N + 2);
  classPrices = reserveF64(K);
  slopesA = reserveF64(K + 1);
  slopesB = reserveF64(K + 1);
  relaxPrices = reservePriceMemo();
  olderPrices = reservePriceMemo();
  initExchange();
  jointRowLength = 0;
  jointStart = reserveI32(N + 2);
  jointLen = reserveI32(N + 2);
  jointValue = reserveF64(N + 2);
  incumbent = best;
  exactNodes = 0;
  timedOut = false;
  openBound = 0;
  provedBelow = 0;
  fixedTarget = 0;
  // The greedy that follows a search cut short gets the rest of the run's time.
  deadlineMs = timeLimitMs > 0.0 ? nowMs() + SEARCH_SHARE * timeLimitMs : Infinity;
  cutShort = false;

  evaluateSelection(best);
  bestCount = evalCount;
  bestBandwidth = evalBandwidthHz;

  let hi = 0.0;
  for (let i = 0; i < userCount; i++) {
    const a = latestStartS(getI(users, i));
    if (a > hi) hi = a;
  }
  // The servable users by exit class, each class by deadline, latest first (for sortByLatest);
  // out of time while grouping: no search, the bound from outside stands.
  if (!groupByExitLatestFirst(users, userCount, byDeadline, classStart, classHead, negDeadline)) stopAt(upperLimit);
  if (userCount > 0 && hi > 0.0 && !timedOut) {
    // Small problems: one search proves count and band at once, cheapest there.
    // If it has not finished within ONE_SEARCH_NODES, two phases (keeping the
    // incumbent): prove the count (every node asks for one task more than the
    // incumbent, which prunes far more), then the least band among sets of
    // exactly that count, both with the deadline caps and band tightening.
    countPhase = 0;
    bandPhase = false;
    capsFromDeadlines = false;
    nodeLimit = oneSearchNodes;
    abandoned = false;
    resetRoot(maxBatch);
    explore(0.0, hi, 0, upperLimit);
    nodeLimit = Infinity;
    if (abandoned && !timedOut) {
      abandoned = false;
      countPhase = 1;
      capsFromDeadlines = true;
      if (timeLimitMs > 0.0) proveTargetBelow(hi, upperLimit);
      proveCount(hi, upperLimit);
      countPhase = 0;
      if (!timedOut && bestCount > 0) {
        if (exchangeAtSameCounts(incumbent)) {
          evaluateSelection(incumbent);
          bestBandwidth = evalBandwidthHz;
        }
        bandPhase = true;
        reserveJoint(bestCount);
        resetRoot(bestCount);
        explore(0.0, hi, 0, bestCount);
        bandPhase = false;
      }
    }
  }
  exactOptimal = !timedOut && !abandoned;
  let ub = timedOut ? (openBound > bestCount ? openBound : bestCount) : bestCount;
  if (timedOut && provedBelow > 0 && provedBelow - 1 < ub) ub = provedBelow - 1 > bestCount ? provedBelow - 1 : bestCount;
  if (ub > upperLimit && upperLimit >= bestCount) ub = upperLimit;
  exactUpperBound = ub;
}

// A search with a target this far above the incumbent prunes almost at once
// (the band and deadline floors of `target` tasks rarely fit), so it proves a
// bound within this margin quickly.
const TARGET_MARGIN: f64 = 0.05;
let fixedTarget: i32 = 0; // > 0: the search only asks whether a set of this many tasks exists
let provedBelow: i32 = 0; // > 0: no set of this many tasks exists (proved)

/**
 * Under a time limit, before the count phase: prove that no set reaches
 * (1 + TARGET_MARGIN) x the incumbent, so a run cut short later still reports
 * a bound that close. A set found at the target raises the incumbent and the
 * target with it.
 */
function proveTargetBelow(hi: f64, upperLimit: i32): void {
  provedBelow = 0;
  while (!timedOut) {
    const target = <i32>Math.ceil((1.0 + TARGET_MARGIN) * <f64>bestCount);
    if (target <= bestCount + 1 || target > upperLimit) break; // the count phase itself, or the bound from outside
    fixedTarget = target;
    abandoned = false;
    reserveJoint(target);
    resetRoot(target); // exactly `target` tasks: none means no larger set either (see proveCount)
    explore(0.0, hi, 0, upperLimit);
    fixedTarget = 0;
    if (!abandoned && !timedOut) {
      provedBelow = target;
      break;
    }
  }
  // Cut short: the open nodes asked for exactly the target, which says nothing about larger sets.
  if (timedOut && upperLimit > openBound) openBound = upperLimit;
  fixedTarget = 0;
  abandoned = false;
}


/**
 * Prove the count with searches for a set of exactly t tasks. Removing a task
 * from a schedule keeps it feasible (smaller batches, less band), so if no
 * t-set exists, no larger one does either. With an exact target b_1 is fixed
 * (the root caps it), and the joint floors and caps of tightenJoint hold. The
 * targets gallop up from one above the incumbent while sets are found (the
 * incumbent may be far below the optimum, and each search finds a set of its
 * target only) and then bisect down to the count: a search that must prove no
 * set exists prunes fast when its target is high. Cut short, the open nodes'
 * bounds say nothing about larger sets: the least target proved out stands.
 */
function proveCount(hi: f64, upperLimit: i32): void {
  let none = upperLimit + 1; // no set of this many tasks (proved, or from outside)
  if (provedBelow > 0 && provedBelow < none) none = provedBelow;
  let step = 1;
  let galloping = true;
  while (!timedOut && bestCount + 1 < none) {
    let target = galloping ? bestCount + step : bestCount + ((none - bestCount) >> 1);
    if (target >= none) target = none - 1;
    if (target <= bestCount) target = bestCount + 1;
    fixedTarget = target;
    abandoned = false;
    reserveJoint(target);
    resetRoot(target);
    explore(0.0, hi, 0, upperLimit);
    fixedTarget = 0;
    if (timedOut) break;
    if (abandoned) {
      if (galloping) step <<= 1;
    } else {
      none = target;
      galloping = false;
    }
  }
  if (timedOut) {
    openBound = none - 1 > bestCount ? none - 1 : bestCount;
    if (none <= upperLimit && (provedBelow == 0 || none < provedBelow)) provedBelow = none;
  }
  fixedTarget = 0;
  abandoned = false;
}

/** The root box: nobody forced, at most `limit` tasks and the users who exit there or later through each block. */
function resetRoot(limit: i32): void {
  const root = boxOf(0);
  for (let n = 0; n <= N + 1; n++) {
    setLow(root, n, 0);
    setHigh(root, n, 0);
  }
  for (let i = 0; i < userCount; i++) {
    const e = getI(minExit, getI(users, i));
    setHigh(root, e, highOf(root, e) + 1);
  }
  // Users exiting at n or later pass block n.
  for (let n = N - 1; n >= 1; n--) setHigh(root, n, highOf(root, n) + highOf(root, n + 1));
  for (let n = 1; n <= N; n++) if (highOf(root, n) > limit) setHigh(root, n, limit);
}
