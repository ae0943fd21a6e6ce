// The exchange's remembered prices (exchange.ts, cheapest-at.ts): for each
// user, w^min at the start it was last priced at and at the latest start it
// was priced at, with what the bounds from them need. Pricing a user (w^min,
// a root search) is the exchange's main cost; from a price known at one start
// a lower bound at another is a few operations (the tangent bound,
// tangent-bound.ts, or the chord bound below), so users are ranked by these
// bounds and priced only when they come first.
import { reserveF64, getF, getI, setF } from "../lib/memory";
import { K, dataBits, snrHz, reservePriceMemo, wminOf } from "../model/problem";
import { tangentBoundAt, tangentSlope } from "./tangent-bound";

// Below this w^min a scaled price is not trusted as a bound (subnormal rounding).
const SCALED_BOUND_FROM: f64 = 1e-290;

/**
 * A lower bound on w^min(tau) from w = w^min(knownTau), knownTau >= tau: the
 * rate w log2(1 + s/w) is concave in w and 0 at w = 0, so a band scaled by
 * a = knownTau/tau >= 1 carries at most a times the rate, and w^min(tau) >=
 * a w. Shrunk by 1e-9 for w^min's own rounding; 0 where no bound is known.
 */
// @ts-ignore: decorator
@inline export function scaledWminBound(knownTau: f64, w: f64, tauS: f64): f64 {
  return knownTau >= tauS && w >= SCALED_BOUND_FROM && w < Infinity ? w * (knownTau / tauS) * (1.0 - 1e-9) : 0.0;
}

export let memo: usize = 0; // reservePriceMemo: the start each user was last priced at, and w^min there
// The latest start each user was priced at, and w^min there (the same layout): a
// second known price to bound from (the larger of the two bounds is used).
export let highest: usize = 0;
// For each remembered price, its rate L/tau and its tangent's slope (tangent-bound.ts).
export let memoRate: usize = 0; // f64[K]
export let memoSlope: usize = 0; // f64[K]
export let highestRate: usize = 0; // f64[K]
export let highestSlope: usize = 0; // f64[K]

/** Scratch for this run's remembered prices (none known yet); initExchangeWithin calls it. */
export function initPriceMemo(): void {
  memo = reservePriceMemo();
  highest = reservePriceMemo();
  memoRate = reserveF64(K);
  memoSlope = reserveF64(K);
  highestRate = reserveF64(K);
  highestSlope = reserveF64(K);
}

/**
 * The best lower bound on w^min(tau) of user k that one remembered price in
 * `known` gives (0: none): the tangent bound (tangent-bound.ts), or where that
 * keeps no digits, the chord bound.
 */
// @ts-ignore: decorator
@inline export function knownBound(k: i32, known: usize, knownRate: usize, knownSlope: usize, tau: f64, rate: f64): f64 {
  const w = getF(known, K + k);
  const tangent = tangentBoundAt(w, getF(knownSlope, k), getF(knownRate, k), rate);
  return tangent > 0.0 ? tangent : scaledWminBound(getF(known, k), w, tau);
}

/** The best lower bound on w^min(tau) of user k that its remembered prices give (0: none). */
export function boundAt(k: i32, tau: f64): f64 {
  const rate = getF(dataBits, k) / tau;
  let bound = knownBound(k, memo, memoRate, memoSlope, tau, rate);
  if (getF(highest, k) != getF(memo, k)) {
    const other = knownBound(k, highest, highestRate, highestSlope, tau, rate);
    if (other > bound) bound = other;
  }
  return bound;
}

/** Remember w = w^min(tau) of user k in `known` (a price memo) with its rate and tangent slope. */
function remember(k: i32, tau: f64, w: f64, known: usize, knownRate: usize, knownSlope: usize): void {
  setF(known, k, tau);
  setF(known, K + k, w);
  const bits = getF(dataBits, k);
  setF(knownRate, k, bits / tau);
  setF(knownSlope, k, tangentSlope(bits, getF(snrHz, k), tau, w));
}

/** w^min(tau) of user k, remembered as its last price (and as its price at the latest start, if it is). */
export function priceAt(k: i32, tau: f64): f64 {
  if (getF(memo, k) == tau) return getF(memo, K + k);
  const w = wminOf(k, tau);
  remember(k, tau, w, memo, memoRate, memoSlope);
  if (!(getF(highest, k) >= tau)) remember(k, tau, w, highest, highestRate, highestSlope);
  return w;
}

/**
 * Take over prices computed elsewhere: w^min(tau) of every user flagged in
 * `who` (i32[K]) is in `prices` (f64[K]), computed by wminOf. Call after
 * initExchangeWithin.
 */
export function knownPricesAt(tau: f64, prices: usize, who: usize): void {
  for (let k = 0; k < K; k++) {
    if (getI(who, k) == 0) continue;
    remember(k, tau, getF(prices, k), memo, memoRate, memoSlope);
    if (!(getF(highest, k) >= tau)) remember(k, tau, getF(prices, k), highest, highestRate, highestSlope);
  }
}
