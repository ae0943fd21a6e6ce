// exact with weights: floors and caps on every batch size from the node's
// Lagrangian at its best multiplier lambda (the weighted form of the band
// phase's joint tightening). For every lambda >= 0 a set of the node with v
// tasks through block n weighs at most
//   lambda W + G_n(v) + H_n(hi_1 - v),
// G_n(v): the most reduced weight (w_k - lambda p_k) classes n..N give with
// exactly v tasks through block n within the box's floors and caps from n on
// (the merge of the classes' descending reduced weights, floors forced, as
// in the Lagrangian bound: concave in v); H_n(r): the r largest positive
// reduced weights of the classes before n (their own floors and caps
// dropped, still a bound: concave). The v whose bound reaches the
// incumbent's weight form an interval: the new lo_n and hi_n.
import { getF, getI, reserveF64, reserveI32, setF, setI } from "../lib/memory";
import { K, N, bandwidthHz, minExit, weightOf } from "../model/problem";
import { consistent, highOf, lowOf, setHigh, setLow } from "./box";
import { byReduced, price } from "./state";

let reducedOf: usize = 0; // f64[K]: w_k - lambda p_k
let classList: usize = 0; // i32[K]: the priced users by class, each class in byReduced's order
let classFrom: usize = 0; // i32[N + 2]
let fill: usize = 0; // i32[N + 2]
let mergeA: usize = 0; // i32[K]: G's slopes (users), descending
let mergeB: usize = 0; // i32[K]
let positive: usize = 0; // f64[K + 1]: H's prefix sums

/** Scratch for this run. */
export function initWeightedJoint(): void {
  reducedOf = reserveF64(K);
  classList = reserveI32(K);
  classFrom = reserveI32(N + 2);
  fill = reserveI32(N + 2);
  mergeA = reserveI32(K);
  mergeB = reserveI32(K);
  positive = reserveF64(K + 1);
}

/** Does user a come before user b in byReduced's order (larger reduced weight, ties by index)? */
// @ts-ignore: decorator
@inline function ahead(a: i32, b: i32): bool {
  const ra = getF(reducedOf, a);
  const rb = getF(reducedOf, b);
  return ra > rb || (ra == rb && a < b);
}

/**
 * Tighten the box by the bound above, byReduced[0..m) being the node's priced
 * users by reduced weight at `lambda`; `need`: the weight a set must reach.
 * Returns -1 if no set of the box reaches it, 1 if the box changed, 0 if not.
 */
export function tightenByLagrangian(box: usize, m: i32, lambda: f64, need: f64): i32 {
  for (let e = 0; e <= N + 1; e++) setI(classFrom, e, 0);
  for (let i = 0; i < m; i++) {
    const k = getI(byReduced, i);
    setF(reducedOf, k, weightOf(k) - lambda * getF(price, k));
    const e = getI(minExit, k);
    setI(classFrom, e + 1, getI(classFrom, e + 1) + 1);
  }
  for (let e = 1; e <= N + 1; e++) setI(classFrom, e, getI(classFrom, e) + getI(classFrom, e - 1));
  for (let e = 0; e <= N + 1; e++) setI(fill, e, getI(classFrom, e));
  for (let i = 0; i < m; i++) {
    const k = getI(byReduced, i);
    const e = getI(minExit, k);
    setI(classList, getI(fill, e), k);
    setI(fill, e, getI(fill, e) + 1);
  }
  const first = highOf(box, 1);
  const base = lambda * bandwidthHz;
  let from = mergeA;
  let to = mergeB;
  let len = 0;
  let start = 0;
  let value = 0.0; // G_n(start)
  let changed = 0;
  for (let n = N; n >= 1; n--) {
    const most = highOf(box, n) - start;
    if (most < 0) return -1;
    // Class n's users (no more than hi_n of them) merged into the slopes, the first `most` kept.
    let a = 0;
    let b = getI(classFrom, n);
    const size = getI(classFrom, n + 1) - b;
    const bEnd = b + (size < highOf(box, n) ? size : highOf(box, n));
    let out = 0;
    while (out < most && (a < len || b < bEnd)) {
      let k: i32;
      if (b >= bEnd || (a < len && ahead(getI(from, a), getI(classList, b)))) k = getI(from, a++);
      else k = getI(classList, b++);
      setI(to, out++, k);
    }
    len = out;
    const t = from;
    from = to;
    to = t;
    const forced = lowOf(box, n) - start;
    if (forced > 0) {
      if (forced > len) return -1;
      for (let i = 0; i < forced; i++) value += getF(reducedOf, getI(from, i));
      for (let i = forced; i < len; i++) setI(from, i - forced, getI(from, i));
      len -= forced;
      start += forced;
    }
    // H_n: the largest positive reduced weights of classes before n, at most hi_1 - start of them.
    let count = 0;
    setF(positive, 0, 0.0);
    const room = first - start;
    for (let i = 0; i < m && count < room; i++) {
      const k = getI(byReduced, i);
      const r = getF(reducedOf, k);
      if (!(r > 0.0)) break;
      if (getI(minExit, k) >= n) continue;
      setF(positive, count + 1, getF(positive, count) + r);
      count++;
    }
    // The feasible v in [start, start + len]: an interval (the bound is concave in v).
    let low = -1;
    let high = -1;
    let g = value;
    for (let v = start; v <= start + len; v++) {
      if (v > start) g += getF(reducedOf, getI(from, v - start - 1));
      const r = first - v < count ? first - v : count;
      if (base + g + getF(positive, r > 0 ? r : 0) >= need) {
        if (low < 0) low = v;
        high = v;
      } else if (low >= 0) break;
    }
    if (low < 0) return -1;
    if (low > lowOf(box, n)) {
      setLow(box, n, low);
      changed = 1;
    }
    if (high < highOf(box, n)) {
      setHigh(box, n, high);
      changed = 1;
    }
  }
  if (changed == 0) return 0;
  for (let n = N - 1; n >= 1; n--) if (lowOf(box, n + 1) > lowOf(box, n)) setLow(box, n, lowOf(box, n + 1));
  for (let n = 2; n <= N; n++) if (highOf(box, n - 1) < highOf(box, n)) setHigh(box, n, highOf(box, n - 1));
  return consistent(box) ? 1 : -1;
}
