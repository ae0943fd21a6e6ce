// A bound on the tasks any schedule starting at tau can hold, by the deadlines
// alone: c tasks all pass block 1 (t_1(c), t_n non-decreasing in the batch)
// and each at least its own deeper blocks alone, so with the users' latest
// starts alone sorted latest first, g(c) = (c-th latest start) - (t_1(c) -
// t_1(1)) is the latest start any c tasks allow. g falls as c grows, so the
// bound at tau is the largest c with g(c) >= tau, and it falls as tau grows:
// once it is below the incumbent's count, no later start can beat it.
import { getF, getI, reserveF64, reserveI32, setF, setI } from "../lib/memory";
import { sortIndicesByKeyOrStop } from "../lib/sort";
import { K, blockTime, maxBatch } from "../model/problem";

let limit: usize = 0; // f64[m]: g(c) at c - 1
let limitLen: i32 = 0;

/**
 * g(c) of the users whose latest start alone is in `latest` (f64[K];
 * -Infinity for users left out). False if out of time.
 */
export function initCountBound(latest: usize): bool {
  let m = 0;
  const idx = reserveI32(K);
  const key = reserveF64(K);
  for (let k = 0; k < K; k++) {
    if (getF(latest, k) > -Infinity) {
      setI(idx, m++, k);
      setF(key, k, -getF(latest, k));
    }
  }
  limitLen = 0;
  if (!sortIndicesByKeyOrStop(idx, m, key)) return false;
  if (m > maxBatch) m = maxBatch;
  limit = reserveF64(m + 1);
  limitLen = m;
  const t1 = blockTime(1, 1);
  for (let c = 1; c <= m; c++) setF(limit, c - 1, getF(latest, getI(idx, c - 1)) - (blockTime(1, c) - t1));
  return true;
}

/** The most tasks any schedule starting at tau can hold by the deadlines alone. */
export function deadlineCountBound(tau: f64): i32 {
  let lo = 0;
  let hi = limitLen;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (getF(limit, mid - 1) >= tau) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
