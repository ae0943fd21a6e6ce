// The greedy's construction at one batch start tau, by exit class.
//
// At a fixed start and fixed task counts c_e per exit class, the batch sizes,
// and so every class's compute time D_e, are fixed; a user of class e can join
// iff its deadline is at least theta_e = tau + D_e, and the cheapest such
// users of each class are the best choice. So the set grows one task at a
// time in the class whose next user costs the least band, keeping in every
// class the c_e cheapest users whose deadlines still allow the start (one more
// task lengthens the compute times, so a user may drop out and the next one of
// its class takes its place). A class that cannot take one more (band, or too
// few users left whose deadline allows it) is closed: the band and the
// thresholds only grow as the set does.
//
// Prices: users are priced once, at tauRef (the latest start anybody has), and
// listed per class by that price. w^min(tau) >= w^min(tauRef) tauRef / tau for
// tau <= tauRef (the rate is concave in the band), the same factor for
// everyone, so each class is merged lazily in price order at tau: a user is
// priced at tau only when that bound reaches the cheapest already priced.
// A run at one start prices a few users more than it takes, not all of them.
import { heapPop, heapPush } from "../lib/heap";
import { getF, getI, reserveF64, reserveI32, setF, setI } from "../lib/memory";
import { sortIndicesByKeyOrStop } from "../lib/sort";
import { computeTimesFromBatch } from "../model/batch";
import { K, N, blockTime, bandwidthHz, deadlineS, maxBatch, memoWmin, minExit, reservePriceMemo } from "../model/problem";
import { scaledWminBound } from "./price-memo";

let refPrice: usize = 0; // f64[K]: w^min at tauRef
let tauRef: f64 = 0;
let list: usize = 0; // i32[P]: the pool by exit class, each class by refPrice ascending
let classFrom: usize = 0; // i32[N + 2]: class e is list[classFrom[e] .. classFrom[e + 1])
let memo: usize = 0; // reservePriceMemo: w^min at the start being built (memo + K: the prices)
let prices: usize = 0; // memo's prices, the heaps' key
let scanAt: usize = 0; // i32[N + 2]: the next user of each class's list not yet priced at tau
let heap: usize = 0; // i32[P]: per class (at classFrom[e]), users priced but not yet in seq
let heapLen: usize = 0; // i32[N + 2]
let seq: usize = 0; // i32[P]: per class (at classFrom[e]), its users in price order at tau, as far as read
let seqLen: usize = 0; // i32[N + 2]
let pos: usize = 0; // i32[N + 2]: the taken users of class e are the eligible ones of seq[0 .. pos[e])
let picked: usize = 0; // i32[P]: per class (at classFrom[e]), the users taken, a min-heap by deadline
let stack: usize = 0; // i32[K + 2]: move's walk of a heap
let count: usize = 0; // i32[N + 2]: c_e, users taken per class
let batch: usize = 0; // i32[N + 2]: b_n
let computeTo: usize = 0; // f64[N + 2]: D_e under the counts
let growth: usize = 0; // f64[N + 2]: how much D_e grows with one task more through blocks 1..e
let closed: usize = 0; // i32[N + 2]
let mayDrop: usize = 0; // i32[N + 2]: may one more task anywhere push a taken user of class e past its deadline?
let keyBound: usize = 0; // f64[N + 2]: grow's lower bound on each class's key

let latestDeadline: f64 = 0; // the pool's
let tau: f64 = 0;
/** The set built at the last start: its size and its band at that start. */
export let builtCount: i32 = 0;
export let builtBand: f64 = 0;

/**
 * Scratch for the run, and the pool: the users flagged in `pool` (i32[K]), priced at
 * `reference` (no start tried may be later) and listed by class; `known`
 * (f64[K], or 0): their prices there, computed already. False if out of time.
 */
export function initClasses(pool: usize, reference: f64, known: usize): bool {
  tauRef = reference;
  refPrice = reserveF64(K);
  list = reserveI32(K);
  classFrom = reserveI32(N + 2);
  memo = reservePriceMemo();
  prices = memo + (<usize>K << 3);
  scanAt = reserveI32(N + 2);
  heap = reserveI32(K);
  heapLen = reserveI32(N + 2);
  seq = reserveI32(K);
  seqLen = reserveI32(N + 2);
  pos = reserveI32(N + 2);
  picked = reserveI32(K);
  stack = reserveI32(K + 2);
  count = reserveI32(N + 2);
  batch = reserveI32(N + 2);
  computeTo = reserveF64(N + 2);
  growth = reserveF64(N + 2);
  closed = reserveI32(N + 2);
  mayDrop = reserveI32(N + 2);
  keyBound = reserveF64(N + 2);
  for (let e = 0; e <= N + 1; e++) setI(classFrom, e, 0);
  latestDeadline = 0.0;
  for (let k = 0; k < K; k++) {
    if (getI(pool, k) == 0) continue;
    const e = getI(minExit, k);
    setI(classFrom, e + 1, getI(classFrom, e + 1) + 1);
    if (getF(deadlineS, k) > latestDeadline) latestDeadline = getF(deadlineS, k);
  }
  for (let e = 1; e <= N + 1; e++) setI(classFrom, e, getI(classFrom, e) + getI(classFrom, e - 1));
  for (let e = 0; e <= N + 1; e++) setI(count, e, getI(classFrom, e));
  for (let k = 0; k < K; k++) {
    if (getI(pool, k) == 0) continue;
    const e = getI(minExit, k);
    setI(list, getI(count, e), k);
    setI(count, e, getI(count, e) + 1);
    if (known != 0) {
      setF(memo, k, reference);
      setF(memo, K + k, getF(known, k));
    }
    setF(refPrice, k, memoWmin(memo, k, reference));
  }
  for (let e = 1; e <= N; e++) {
    const start = getI(classFrom, e);
    if (!sortIndicesByKeyOrStop(list + (<usize>start << 2), getI(classFrom, e + 1) - start, refPrice)) return false;
  }
  return true;
}

/** The users of the pool in class e: at most this many can be taken there. */
export function classSizeOf(e: i32): i32 {
  return getI(classFrom, e + 1) - getI(classFrom, e);
}

/**
 * Read one more user of class e in price order at tau into its seq; false if
 * none is left. Users whose deadline is below `theta` (the class's threshold
 * now; thresholds only grow while a set is built) are passed over for good.
 */
function extend(e: i32, theta: f64): bool {
  const h = heap + (<usize>getI(classFrom, e) << 2);
  const end = getI(classFrom, e + 1);
  let len = getI(heapLen, e);
  for (;;) {
    const s = getI(scanAt, e);
    if (s < end) {
      const k = getI(list, s);
      // Price the next listed user while its bound is below the cheapest priced one.
      if (len == 0 || scaledWminBound(tauRef, getF(refPrice, k), tau) < getF(prices, getI(h, 0))) {
        setI(scanAt, e, s + 1);
        if (getF(deadlineS, k) < theta) continue;
        if (!(memoWmin(memo, k, tau) <= bandwidthHz)) continue;
        heapPush(h, len++, k, prices);
        continue;
      }
    }
    if (len == 0) {
      setI(heapLen, e, 0);
      return false;
    }
    const top = heapPop(h, len--, prices);
    if (getF(deadlineS, top) < theta) continue;
    const at = getI(seqLen, e);
    setI(seq, getI(classFrom, e) + at, top);
    setI(seqLen, e, at + 1);
    setI(heapLen, e, len);
    return true;
  }
}

/** seq[i] of class e, read as far as needed; -1 past its end. */
function seqAt(e: i32, i: i32): i32 {
  while (getI(seqLen, e) <= i) if (!extend(e, tau + getF(computeTo, e))) return -1;
  return getI(seq, getI(classFrom, e) + i);
}

/** Batch sizes and compute times for the counts, and how much one more task through blocks 1..e adds. */
function computeTimes(): void {
  let running = 0;
  for (let n = N; n >= 1; n--) {
    running += getI(count, n);
    setI(batch, n, running);
  }
  computeTimesFromBatch(batch, computeTo);
  let grown = 0.0;
  for (let n = 1; n <= N; n++) {
    const b = getI(batch, n);
    // Within the batch limit (the caller stops there): t_n(b + 1) is in the table.
    if (b < maxBatch) grown += blockTime(n, b + 1) - blockTime(n, b);
    setF(growth, n, grown);
  }
}

/**
 * mayDrop for the counts now: D_e grows most (by growth[e]) when the task is
 * added in class e or deeper, so a class whose earliest deadline meets that
 * threshold loses no user to any move.
 */
function markMayDrop(): void {
  for (let e = 1; e <= N; e++) {
    const c = getI(count, e);
    setI(mayDrop, e, c > 0 && getF(deadlineS, getI(picked, getI(classFrom, e))) < tau + movedTo(e, e) ? 1 : 0);
  }
}

/** D_e after one more task in class `extra`: blocks 1..min(e, extra) take one task more. */
// @ts-ignore: decorator
@inline function movedTo(e: i32, extra: i32): f64 {
  return getF(computeTo, e) + getF(growth, e < extra ? e : extra);
}

/**
 * One task more in class `extra`: the band it adds, with the users of every
 * class whose deadline the longer compute times miss replaced by the next
 * cheapest that meet them (Infinity if a class runs out). With `apply`, the
 * move is made.
 */
function move(extra: i32, apply: bool): f64 {
  let delta = 0.0;
  for (let e = 1; e <= N; e++) {
    // Judging a move: a class whose taken users all keep their deadlines adds nothing.
    if (!apply && e != extra && getI(mayDrop, e) == 0) continue;
    const c = getI(count, e);
    const need0 = e == extra ? 1 : 0;
    if (c == 0 && need0 == 0) continue;
    const theta = tau + movedTo(e, extra);
    const taken = picked + (<usize>getI(classFrom, e) << 2);
    let drops = 0;
    if (c > 0 && getF(deadlineS, getI(taken, 0)) < theta) {
      if (apply) {
        // Out of the heap, earliest deadline first.
        while (drops < c && getF(deadlineS, getI(taken, 0)) < theta) {
          delta -= getF(prices, heapPop(taken, c - drops, deadlineS));
          drops++;
        }
      } else {
        // Every user below the threshold, without taking it out: the heap's top subtree of them.
        let top = 1;
        setI(stack, 0, 0);
        while (top > 0) {
          const i = getI(stack, --top);
          if (i >= c) continue;
          const k = getI(taken, i);
          if (getF(deadlineS, k) >= theta) continue;
          delta -= getF(prices, k);
          drops++;
          setI(stack, top++, 2 * i + 1);
          setI(stack, top++, 2 * i + 2);
        }
      }
    }
    let need = drops + need0;
    if (need == 0) continue;
    // Users after pos whose deadline misses the threshold now miss every later one: step over them for good.
    let at = getI(pos, e);
    const now = tau + getF(computeTo, e);
    for (;;) {
      const k = seqAt(e, at);
      if (k < 0 || getF(deadlineS, k) >= now) break;
      at++;
    }
    setI(pos, e, at);
    while (need > 0) {
      const k = seqAt(e, at);
      if (k < 0) return Infinity;
      at++;
      if (getF(deadlineS, k) < theta) continue;
      delta += getF(prices, k);
      need--;
      if (apply) heapPush(taken, c - drops + (drops + need0 - need - 1), k, deadlineS);
    }
    if (apply) {
      setI(count, e, c + need0);
      setI(pos, e, at);
    }
  }
  if (apply) {
    builtBand += delta;
    computeTimes();
  }
  return delta;
}

/**
 * Build the set at start `start` (<= the reference start); its users are listed
 * in `out` (i32[K]). Returns its size; builtBand is its band at `start`.
 *
 * A task deep in the DNN costs compute time as well as band: it lengthens
 * every deeper class's compute time, which the band of the next few moves
 * does not show yet. So a move is ranked by its band plus `depthWeight` x
 * the whole band x the share of the time left (latest deadline - tau) by
 * which it lengthens the deepest compute time.
 */
export function buildAt(start: f64, out: usize, depthWeight: f64): i32 {
  startAt(start);
  return grow(0, depthWeight, out);
}

/**
 * Build the set at `start` from the task counts `from` (i32[N + 2]; each
 * class's cheapest users whose deadlines allow the start), then grow it as
 * buildAt does. Returns its size, or -1 if a class has too few such users.
 */
export function buildFrom(start: f64, from: usize, out: usize, depthWeight: f64): i32 {
  startAt(start);
  let total = 0;
  for (let e = 1; e <= N; e++) {
    setI(count, e, getI(from, e));
    total += getI(from, e);
  }
  computeTimes();
  for (let e = 1; e <= N; e++) {
    const c = getI(count, e);
    const theta = tau + getF(computeTo, e);
    const taken = picked + (<usize>getI(classFrom, e) << 2);
    let at = 0;
    for (let n = 0; n < c; ) {
      const k = seqAt(e, at++);
      if (k < 0) return -1;
      if (getF(deadlineS, k) < theta) continue;
      builtBand += getF(prices, k);
      heapPush(taken, n++, k, deadlineS);
    }
    setI(pos, e, at);
  }
  return grow(total, depthWeight, out);
}

/** Start a build at `start`: nothing taken, every class open. */
function startAt(start: f64): void {
  tau = start;
  for (let e = 0; e <= N + 1; e++) {
    setI(scanAt, e, getI(classFrom, e));
    setI(heapLen, e, 0);
    setI(seqLen, e, 0);
    setI(pos, e, 0);
    setI(count, e, 0);
    setI(closed, e, 0);
  }
  computeTimes();
  builtBand = 0.0;
}

// grow's choice of a move: the best class so far and its key.
let best: i32 = 0;
let bestKey: f64 = Infinity;

/** Judge one task more in open class e: close it if it no longer fits, else keep it if its key is the least so far. */
function judge(e: i32, perSecond: f64): void {
  const delta = move(e, false);
  if (!(builtBand + delta <= bandwidthHz)) {
    setI(closed, e, 1); // thresholds and band only grow: it never fits again at this start
    return;
  }
  // With per-user weights: this key per unit of the weight the move adds.
  const key = delta + perSecond * getF(growth, e);
  if (key < bestKey || (key == bestKey && e < best)) {
    bestKey = key;
    best = e;
  }
}

/** Grow the set of `total` tasks one task at a time (buildAt); list it in `out`, return its size. */
function grow(total: i32, depthWeight: f64, out: usize): i32 {
  const perSecond = (depthWeight * bandwidthHz) / (latestDeadline - tau);
  // A move's float sum may fall below its exact value by this much (a few ulps of the band per term).
  const slack = 1e-9 * bandwidthHz;
  while (total < maxBatch) {
    markMayDrop();
    // The open class where one more task adds the least band (ties: the shallower). A move
    // adds at least the price of its class's next user in price order (seq from pos: a
    // replacement costs no less than the user it replaces), so a class whose key cannot
    // beat the best so far is not judged; the class with the least such bound goes first.
    let first = 0;
    let firstBound = Infinity;
    for (let e = 1; e <= N; e++) {
      if (getI(closed, e) != 0) continue;
      const k = seqAt(e, getI(pos, e));
      const bound = (k < 0 ? Infinity : getF(prices, k) - slack) + perSecond * getF(growth, e);
      setF(keyBound, e, bound);
      if (bound < firstBound) {
        firstBound = bound;
        first = e;
      }
    }
    best = 0;
    bestKey = Infinity;
    if (first != 0) judge(first, perSecond);
    for (let e = 1; e <= N; e++) {
      if (e == first || getI(closed, e) != 0) continue;
      const bound = getF(keyBound, e);
      if (bound > bestKey || (bound == bestKey && e > best)) continue;
      judge(e, perSecond);
    }
    if (best == 0) break;
    move(best, true);
    total++;
  }
  let size = 0;
  for (let e = 1; e <= N; e++) {
    const at = getI(classFrom, e);
    for (let i = 0; i < getI(count, e); i++) setI(out, size++, getI(picked, at + i));
  }
  builtCount = size;
  return size;
}
