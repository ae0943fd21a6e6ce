// The shelf greedy's ranking (shelves.ts): at a batch start tau, the users who
// could start there (their latest start, deadlines alone, at least tau) ranked
// by least w^min(tau), best channel first, with their prices, exits and
// deadlines copied in rank order so that the passes read them in a row.
// Pricing everyone at every start tried is most of the shelf greedy's cost;
// the ranking at one start is nearly right at the next, so it is kept and
// sorted again from where it was.
import { timeUpAt } from "../lib/clock";
import { sortIndicesByKeyOrStop, sortNearlySorted } from "../lib/sort";
import { getF, getI, reserveF64, reserveI32, setF, setI } from "../lib/memory";
import { latestStartS } from "../model/bounds";
import { K, deadlineS, minExit, servable, wminOf } from "../model/problem";

export let price: usize = 0; // f64[K]
export let order: usize = 0; // i32[K]: the users who could start at orderTau, ranked by price there
let orderSize: i32 = 0;
let orderTau: f64 = NaN;
// The ranking's prices, exits and deadlines in rank order, for the passes to read in a row.
export let rankPrice: usize = 0; // f64[K]
export let rankExit: usize = 0; // i32[K]
export let rankDeadline: usize = 0; // f64[K]
export let pricedTau: f64 = NaN; // `price` holds w^min at this start for everyone who could start there
export let latestOf: usize = 0; // f64[K]: each user's latest start by its deadline alone (-Infinity: not servable)

/** Scratch for this run's ranking (none yet), and every user's latest start. */
export function initRanking(): void {
  pricedTau = NaN;
  price = reserveF64(K);
  order = reserveI32(K);
  orderSize = 0;
  orderTau = NaN;
  rankPrice = reserveF64(K);
  rankExit = reserveI32(K);
  rankDeadline = reserveF64(K);
  latestOf = reserveF64(K);
  for (let k = 0; k < K; k++) setF(latestOf, k, getI(servable, k) != 0 ? latestStartS(k) : -Infinity);
}

/**
 * Price the users who could start at tau by w^min(tau) and rank them, ties by
 * index; returns how many. The passes read nearly all of them, and the
 * ranking at the start tried before is nearly right at this one: it is
 * sorted from that order (newcomers appended), by insertion while that
 * moves few.
 */
export function rankAt(tau: f64): i32 {
  const priced = tau == pricedTau; // everyone who could start at tau is priced there already
  pricedTau = NaN;
  for (let k = 0; k < K; k++) {
    if (timeUpAt(k)) return 0; // nobody ranked: the passes take nobody
    if (!priced && getF(latestOf, k) >= tau) setF(price, k, wminOf(k, tau));
  }
  // The previous ranking's users who can still start, then those who could not start then.
  let m = 0;
  for (let i = 0; i < orderSize; i++) {
    const k = getI(order, i);
    if (getF(latestOf, k) >= tau) setI(order, m++, k);
  }
  for (let k = 0; k < K; k++) {
    const latest = getF(latestOf, k);
    if (latest >= tau && !(latest >= orderTau)) setI(order, m++, k);
  }
  orderSize = 0;
  if (!sortNearlySorted(order, m, price, 8 * m) && !sortIndicesByKeyOrStop(order, m, price)) return 0;
  orderSize = m;
  orderTau = tau;
  pricedTau = tau;
  for (let i = 0; i < m; i++) {
    const k = getI(order, i);
    setF(rankPrice, i, getF(price, k));
    setI(rankExit, i, getI(minExit, k));
    setF(rankDeadline, i, getF(deadlineS, k));
  }
  return m;
}
