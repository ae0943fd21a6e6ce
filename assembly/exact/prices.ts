// Pricing users at a node: w^min at their start (on a geometric grid away
// from leaves), remembered in two slots per user, and the priced users put in
// price order by repairing the previous node's order.
import { getF, getI, setF, setI } from "../lib/memory";
import { sortIndicesByKeyOrStop, sortNearlySorted } from "../lib/sort";
import { K, memoWmin } from "../model/problem";
import {
  byLatest, byPrice, cutShort, eligibleCount, lastByPrice, lastPricedCount, olderPrices, price,
  priceStamp, relaxPrices, stampNow,
} from "./state";

// Away from leaves users are priced a little later than their start, on a
// geometric grid: still a lower bound (w^min falls with tau), and the remembered
// price then serves many nodes instead of one.
const GRID_RATIO: f64 = 1.0005;
const LOG_GRID_RATIO: f64 = Math.log(GRID_RATIO);

export function gridAbove(tau: f64): f64 {
  const g = Math.exp(Math.ceil(Math.log(tau) / LOG_GRID_RATIO) * LOG_GRID_RATIO);
  return g >= tau ? g : tau; // rounding must never move a price to an earlier start
}

export function priceAt(k: i32, tau: f64): f64 {
  if (getF(relaxPrices, k) == tau) return getF(relaxPrices, K + k);
  if (getF(olderPrices, k) == tau) return getF(olderPrices, K + k);
  // The newer slot moves to the older one.
  setF(olderPrices, k, getF(relaxPrices, k));
  setF(olderPrices, K + k, getF(relaxPrices, K + k));
  return memoWmin(relaxPrices, k, tau);
}

const REPAIR_MOVES_PER_USER: i32 = 4;

/** byPrice[0..m) = the users priced at this node (priceStamp), by price; sets cutShort when out of time. */
export function orderByPrice(m: i32): void {
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
