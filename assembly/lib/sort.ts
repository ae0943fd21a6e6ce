// Sorting of index arrays by an f64 key, ties broken by index so that every
// engine (WASM, wasm2js) orders identically. Quicksort with median-of-three,
// insertion sort for short runs.
import { timeUp, timeUpAfterWork } from "./clock";
import { getF, getI, setI } from "./memory";

// @ts-ignore: decorator
@inline function before(key: usize, a: i32, b: i32): bool {
  const ka = getF(key, a);
  const kb = getF(key, b);
  return ka < kb || (ka == kb && a < b);
}

function insertionSort(idx: usize, from: i32, to: i32, key: usize): void {
  for (let i = from + 1; i <= to; i++) {
    const v = getI(idx, i);
    let j = i - 1;
    while (j >= from && before(key, v, getI(idx, j))) {
      setI(idx, j + 1, getI(idx, j));
      j--;
    }
    setI(idx, j + 1, v);
  }
}

function swap(idx: usize, i: i32, j: i32): void {
  const t = getI(idx, i);
  setI(idx, i, getI(idx, j));
  setI(idx, j, t);
}

// Where the last partition left its two sides: [lo, partJ] precede the pivot,
// [partI, hi] follow it, anything between is the pivot.
let partI: i32 = 0;
let partJ: i32 = 0;

/** Hoare partition of idx[lo..hi] around the median of three (quicksort's and quickselect's step). */
// @ts-ignore: decorator
@inline function partition(idx: usize, lo: i32, hi: i32, key: usize): void {
  const mid = lo + ((hi - lo) >> 1);
  if (before(key, getI(idx, mid), getI(idx, lo))) swap(idx, mid, lo);
  if (before(key, getI(idx, hi), getI(idx, lo))) swap(idx, hi, lo);
  if (before(key, getI(idx, hi), getI(idx, mid))) swap(idx, hi, mid);
  const pivot = getI(idx, mid);
  let i = lo;
  let j = hi;
  while (i <= j) {
    while (before(key, getI(idx, i), pivot)) i++;
    while (before(key, pivot, getI(idx, j))) j--;
    if (i <= j) {
      swap(idx, i, j);
      i++;
      j--;
    }
  }
  partI = i;
  partJ = j;
}

// Partitions at least this long ask the clock first (when the sort may stop).
const CLOCK_FROM_LENGTH: i32 = 4096;
let mayStop: bool = false;
let stoppedEarly: bool = false;

function quickSort(idx: usize, lo: i32, hi: i32, key: usize): void {
  while (hi - lo > 16) {
    if (mayStop && hi - lo >= CLOCK_FROM_LENGTH && (stoppedEarly || timeUp())) {
      stoppedEarly = true;
      return;
    }
    partition(idx, lo, hi, key);
    const i = partI;
    const j = partJ;
    // Recurse into the smaller side, loop on the larger: stack depth stays O(log n).
    if (j - lo < hi - i) {
      quickSort(idx, lo, j, key);
      lo = i;
    } else {
      quickSort(idx, i, hi, key);
      hi = j;
    }
  }
  insertionSort(idx, lo, hi, key);
}

/**
 * Reorder idx[0..count) so that its first n hold the n least by key (ties by
 * index, as the sorts order), in no particular order: quickselect, O(count).
 */
export function selectLeast(idx: usize, count: i32, n: i32, key: usize): void {
  let lo = 0;
  let hi = count - 1;
  const target = n - 1;
  while (hi > lo) {
    if (mayStop && hi - lo >= CLOCK_FROM_LENGTH && (stoppedEarly || timeUp())) {
      stoppedEarly = true;
      return;
    }
    partition(idx, lo, hi, key);
    if (target <= partJ) hi = partJ;
    else if (target >= partI) lo = partI;
    else return;
  }
}

/** Sort idx[0..count) ascending by key[idx[i]] (key indexed by the stored index). */
export function sortIndicesByKey(idx: usize, count: i32, key: usize): void {
  if (count > 1) quickSort(idx, 0, count - 1, key);
}

/**
 * sortIndicesByKey that gives up when the run's time is out: returns false
 * then, leaving idx a permutation in no useful order (callers must not trust
 * anything computed from it).
 */
export function sortIndicesByKeyOrStop(idx: usize, count: i32, key: usize): bool {
  mayStop = true;
  stoppedEarly = false;
  if (count > 1) quickSort(idx, 0, count - 1, key);
  mayStop = false;
  return !stoppedEarly;
}

/**
 * Insertion sort for an order that is nearly right already (the previous
 * node's): O(count + moves). Gives up, returning false, after `maxMoves`
 * element moves; idx is then still a permutation, to be sorted otherwise.
 * Same order as sortIndicesByKey (ties by index).
 */
export function sortNearlySorted(idx: usize, count: i32, key: usize, maxMoves: i32): bool {
  let moves = 0;
  for (let i = 1; i < count; i++) {
    const used = sinkInto(idx, i - 1, getI(idx, i), key, maxMoves - moves);
    if (used < 0) return false;
    moves += used;
  }
  return true;
}

/**
 * Places v, whose slot is idx[top + 1], among idx[0..top] sorted by key: each
 * entry after v moves up one. Returns the moves made, or -1 once more than
 * `budget` were needed (v is then placed where it got to: idx stays a permutation).
 */
@inline function sinkInto(idx: usize, top: i32, v: i32, key: usize, budget: i32): i32 {
  let used = 0;
  let j = top;
  while (j >= 0 && before(key, v, getI(idx, j))) {
    setI(idx, j + 1, getI(idx, j));
    j--;
    if (++used > budget) {
      setI(idx, j + 1, v);
      return -1;
    }
  }
  setI(idx, j + 1, v);
  return used;
}

/**
 * selectLeast then sortIndicesByKey on idx[0..n), for an idx whose first n
 * were the n least at a nearby key (the same users at another multiplier):
 * the first n are re-sorted by insertion, then each of the rest that comes
 * before the n-th is inserted in its place (the n-th goes to the rest).
 * O(count + moves); gives up, returning false, after `maxMoves` element
 * moves, leaving idx a permutation to be selected and sorted otherwise.
 * The same first n, in the same order, as selecting and sorting.
 */
export function repairLeast(idx: usize, count: i32, n: i32, key: usize, maxMoves: i32): bool {
  if (n <= 0) return true;
  if (!sortNearlySorted(idx, n, key, maxMoves)) return false;
  let moves = 0;
  for (let r = n; r < count; r++) {
    const v = getI(idx, r);
    if (!before(key, v, getI(idx, n - 1))) continue;
    setI(idx, r, getI(idx, n - 1));
    const used = sinkInto(idx, n - 2, v, key, maxMoves - moves);
    if (used < 0) return false;
    moves += used;
  }
  return true;
}

/** The first step of countLeastWithin: most bounds stop within a few hundred users. */
const FIRST_STEP: i32 = 1024;

/**
 * How many of idx[0..count) fit, least key first, while their keys add up to
 * at most `budget` (`strict`: below it), counting no further than `cap`: the
 * prefix count of the ascending order, found without sorting it all. The
 * next `step` least are selected (quickselect, O(count)), sorted and added in
 * order, the step growing fourfold, until one does not fit; the rest is
 * sorted outright once the step nears it. The same sums in the same order as
 * after a full sort (ties only swap equal keys), so the same count, in
 * O(count) when it is small (a full sort took 150 ms at a million users).
 * Asks the clock: -1 when the time ran out first (idx is then a permutation
 * in no useful order).
 */
export function countLeastWithin(idx: usize, count: i32, key: usize, budget: f64, strict: bool, cap: i32): i32 {
  mayStop = true;
  stoppedEarly = false;
  const counted = countLeast(idx, count, key, budget, strict, cap);
  mayStop = false;
  return stoppedEarly ? -1 : counted;
}

function countLeast(idx: usize, count: i32, key: usize, budget: f64, strict: bool, cap: i32): i32 {
  let done = 0;
  let total = 0.0;
  let step = FIRST_STEP;
  while (done < count && done < cap) {
    const rest = count - done;
    const from = idx + (<usize>done << 2);
    const n = step * 4 >= rest ? rest : step;
    if (n < rest) selectLeast(from, rest, n, key);
    if (!stoppedEarly && n > 1) quickSort(from, 0, n - 1, key);
    if (stoppedEarly) return -1;
    for (let i = done; i < done + n; i++) {
      total += getF(key, getI(idx, i));
      if (strict ? !(total < budget) : total > budget) return i < cap ? i : cap;
    }
    done += n;
    step *= 4;
  }
  return done < cap ? done : cap;
}

const RADIX_BITS: i32 = 16;
export const RADIX_BUCKETS: i32 = 1 << RADIX_BITS;
/** Fewer indices are sorted by the quicksort (4096 take well under a millisecond, JS engine included). */
export const RADIX_FROM: i32 = 4096;

/**
 * Sort idx[0..n), given in index order, by a positive f64 key, ties by index
 * (the quicksort's order), or return false when the run's time is up first
 * (charged one work unit a step). From RADIX_FROM entries an LSD radix sort on
 * the keys' bits (positive doubles order as their bits, high word then low
 * word), 16 bits a pass, stable: O(n) and stoppable anywhere, where the
 * quicksort took 1.9 s in the JS engine at 1,000,000 entries and could not
 * stop. `scratch` (i32[n]) and `counts` (i32[RADIX_BUCKETS + 1]) are needed
 * only from RADIX_FROM entries.
 */
export function sortIndicesByPositiveKeyOrStop(idx: usize, n: i32, key: usize, scratch: usize, counts: usize): bool {
  if (n < RADIX_FROM) {
    // Same order, and quicker below a few thousand entries than clearing 2^16 buckets four times.
    sortIndicesByKey(idx, n, key);
    return true;
  }
  let from = idx;
  let to = scratch;
  for (let pass = 0; pass < 4; pass++) {
    // Pass 0, 1: low word; 2, 3: high word (offset 4 in a little-endian double).
    const offset: usize = pass < 2 ? 0 : 4;
    const shift = (pass & 1) * RADIX_BITS;
    memory.fill(counts, 0, <usize>(RADIX_BUCKETS + 1) << 2);
    for (let i = 0; i < n; i++) {
      if (timeUpAfterWork(1)) return false;
      const bits = load<u32>(key + (<usize>getI(from, i) << 3) + offset);
      const d = <i32>((bits >>> shift) & (RADIX_BUCKETS - 1));
      setI(counts, d + 1, getI(counts, d + 1) + 1);
    }
    // Every key shares this digit (often so for the high bits): the pass would not move anything.
    let same = false;
    for (let d = 0; d < RADIX_BUCKETS; d++) {
      const c = getI(counts, d + 1);
      if (c == n) same = true;
      if (c != 0) break;
    }
    if (same) continue;
    for (let d = 1; d <= RADIX_BUCKETS; d++) setI(counts, d, getI(counts, d) + getI(counts, d - 1));
    for (let i = 0; i < n; i++) {
      if (timeUpAfterWork(1)) return false;
      const k = getI(from, i);
      const bits = load<u32>(key + (<usize>k << 3) + offset);
      const d = <i32>((bits >>> shift) & (RADIX_BUCKETS - 1));
      const at = getI(counts, d);
      setI(to, at, k);
      setI(counts, d, at + 1);
    }
    const x = from;
    from = to;
    to = x;
  }
  if (from != idx) memory.copy(idx, from, <usize>n << 2);
  return true;
}
