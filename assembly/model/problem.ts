// The problem as the bindings lay it out in linear memory, and the results the
// kernels write back. One problem at a time; `setup` sizes the arrays.
import { reserveF64, reserveI32, resetAll, markProblemEnd, ensureFree, getF, setF, getI, setI } from "../lib/memory";
import { wminHz } from "./bandwidth";
import { sortIndicesByKeyOrStop } from "../lib/sort";
import { REASON_ACCURACY, REASON_NOT_SELECTED, REASON_SERVED, REASON_UNREACHABLE, RESULT_SLOTS } from "../../bindings/core/kernel-contract";

export let K: i32 = 0; // users
export let N: i32 = 0; // exits (= blocks)
export let maxBatch: i32 = 0; // effective batch limit (<= K)
export let stride: i32 = 1; // maxBatch + 1: row length of the block-time table
export let bandwidthHz: f64 = 0;

// Inputs, one entry per user unless noted.
export let dataBits: usize = 0;
export let snrHz: usize = 0;
export let deadlineS: usize = 0;
export let minExit: usize = 0; // i32, 1..N, 0 = no exit accurate enough
export let blockTimeS: usize = 0; // f64[N * stride]: t_n(b) at (n-1)*stride + b
export let weight: usize = 0; // f64: what serving user k is worth (1 for all without weights)

// Outputs.
export let outServed: usize = 0; // i32 0/1
export let outExit: usize = 0; // i32
export let outBandwidthHz: usize = 0; // f64
export let outReason: usize = 0; // i32: a REASON_* code
export let outRunOrder: usize = 0; // i32: sequential schemes' run order
export let outResult: usize = 0; // f64[RESULT_SLOTS]: the result record (model/result.ts)

// Per-user facts every algorithm uses, filled by `prepareUsers`.
export let servable: usize = 0; // i32 0/1: accurate exit exists and the user can finish alone
// Some servable user's weight differs from 1: the objective is the served weight. Without it
// every algorithm runs exactly as on a problem without weights.
export let weighted: bool = false;

const SCRATCH_BYTES_PER_USER: f64 = 352.0;

export function setupProblem(users: i32, exits: i32, batchLimit: i32, bandwidth: f64): void {
  resetAll();
  K = users;
  N = exits;
  maxBatch = batchLimit;
  stride = batchLimit + 1;
  bandwidthHz = bandwidth;
  dataBits = reserveF64(K);
  snrHz = reserveF64(K);
  deadlineS = reserveF64(K);
  minExit = reserveI32(K);
  blockTimeS = reserveF64(N * stride);
  outServed = reserveI32(K);
  outExit = reserveI32(K);
  outBandwidthHz = reserveF64(K);
  outReason = reserveI32(K);
  outRunOrder = reserveI32(K);
  outResult = reserveF64(RESULT_SLOTS);
  servable = reserveI32(K);
  weight = reserveF64(K);
  markProblemEnd();
  // The scratch a run needs (peak ~330 bytes per user, exact at a million users) is grown here, before any clock runs.
  ensureFree(SCRATCH_BYTES_PER_USER * <f64>K + 8.0 * <f64>(N * stride) + 65536.0);
}

/** t_n(b): run time of block n (1-based) on a batch of b tasks. */
// @ts-ignore: decorator
@inline export function blockTime(n: i32, b: i32): f64 {
  return getF(blockTimeS, (n - 1) * stride + b);
}

/** Time from the batch start until a task exiting at `exit` completes, if it runs alone. */
export function aloneComputeS(exit: i32): f64 {
  let d = 0.0;
  for (let n = 1; n <= exit; n++) d += blockTime(n, 1);
  return d;
}

export function wminOf(k: i32, tauS: f64): f64 {
  return wminHz(getF(dataBits, k), getF(snrHz, k), tauS);
}

/**
 * A price memo: one remembered (start, w^min) per user. Searches price the
 * same user at the same start again and again, and w^min dominates their cost.
 */
export function reservePriceMemo(): usize {
  const memo = reserveF64(2 * K);
  for (let k = 0; k < K; k++) setF(memo, k, NaN);
  return memo;
}

export function memoWmin(memo: usize, k: i32, tauS: f64): f64 {
  if (getF(memo, k) == tauS) return getF(memo, K + k);
  const w = wminOf(k, tauS);
  setF(memo, k, tauS);
  setF(memo, K + k, w);
  return w;
}

/**
 * The first step of a counting sort by exit class of the `count` users listed
 * at `users`: class e is to go to [start[e], start[e + 1]) (start: i32[N + 2]),
 * and `cursor` (i32[N + 2]) is set to start, each class's next free place.
 */
@inline export function classStarts(users: usize, count: i32, start: usize, cursor: usize): void {
  for (let e = 0; e <= N + 1; e++) setI(start, e, 0);
  for (let i = 0; i < count; i++) {
    const e = getI(minExit, getI(users, i));
    setI(start, e + 1, getI(start, e + 1) + 1);
  }
  for (let e = 1; e <= N + 1; e++) setI(start, e, getI(start, e) + getI(start, e - 1));
  for (let e = 0; e <= N + 1; e++) setI(cursor, e, getI(start, e));
}

/**
 * The `count` users listed at `users` grouped by exit class into `out`, each
 * class by deadline, latest first: class e at out[start[e] .. start[e + 1])
 * (start: i32[N + 2]). A counting sort, then a sort per class; `cursor`
 * (i32[N + 2]) and `key` (f64[K], set to minus the deadline) are scratch.
 * False when the run's time ran out while sorting (then out is in no order).
 */
export function groupByExitLatestFirst(users: usize, count: i32, out: usize, start: usize, cursor: usize, key: usize): bool {
  classStarts(users, count, start, cursor);
  for (let i = 0; i < count; i++) {
    const k = getI(users, i);
    const e = getI(minExit, k);
    setI(out, getI(cursor, e), k);
    setI(cursor, e, getI(cursor, e) + 1);
    setF(key, k, -getF(deadlineS, k));
  }
  for (let e = 1; e <= N; e++) {
    const from = getI(start, e);
    if (!sortIndicesByKeyOrStop(out + (<usize>from << 2), getI(start, e + 1) - from, key)) return false;
  }
  return true;
}

/**
 * Mark who could be served at all: an accurate exit exists, and alone, with
 * the whole band, the task finishes by its deadline. Nobody else is ever worth
 * a search.
 */
export function prepareUsers(): void {
  const alone = reserveF64(N + 1);
  for (let e = 1; e <= N; e++) setF(alone, e, aloneComputeS(e));
  for (let k = 0; k < K; k++) {
    const e = getI(minExit, k);
    let ok = e > 0 && maxBatch >= 1;
    if (ok) {
      const tau = getF(deadlineS, k) - getF(alone, e);
      ok = tau > 0.0 && fitsInBand(k, tau);
    }
    setI(servable, k, ok ? 1 : 0);
  }
  weighted = false;
  for (let k = 0; k < K; k++) if (getI(servable, k) != 0 && getF(weight, k) != 1.0) weighted = true;
}

/** What serving user k is worth. */
// @ts-ignore: decorator
@inline export function weightOf(k: i32): f64 {
  return getF(weight, k);
}

const MIN_NORMAL_F64: f64 = 2.2250738585072014e-308;

// Relative margin within which the rate test defers to w^min itself.
const RATE_TEST_MARGIN: f64 = 1e-9;

/**
 * w^min(tau) <= W, decided by the rate over the whole band (w^min is the band
 * whose rate uploads the data by tau, and the rate grows with the band): one
 * log instead of w^min's Newton steps, which matters at a million users. Near
 * the boundary w^min decides, so the answer is always wminOf's.
 */
function fitsInBand(k: i32, tau: f64): bool {
  const needed = getF(dataBits, k) / tau;
  const snrPerBand = getF(snrHz, k) / bandwidthHz;
  // Extreme magnitudes (an SNR per band that overflows or underflows, as a
  // band of 1.8e308 Hz makes it, a subnormal band or data size) leave the
  // rate meaningless: w^min decides those.
  if (isFinite(snrPerBand) && snrPerBand >= MIN_NORMAL_F64 && isFinite(needed) && needed >= MIN_NORMAL_F64 && bandwidthHz >= MIN_NORMAL_F64) {
    const rate = (bandwidthHz * Math.log1p(snrPerBand)) / Math.LN2;
    if (isFinite(rate) && rate > needed * (1.0 + RATE_TEST_MARGIN)) return true;
    if (isFinite(rate) && rate < needed * (1.0 - RATE_TEST_MARGIN)) return false;
  }
  return wminOf(k, tau) <= bandwidthHz;
}

/** Clear the outputs before an algorithm writes its schedule. */
export function clearOutputs(): void {
  for (let k = 0; k < K; k++) {
    setI(outServed, k, 0);
    setI(outExit, k, 0);
    store<f64>(outBandwidthHz + (<usize>k << 3), 0.0);
    setI(outReason, k, REASON_SERVED);
    setI(outRunOrder, k, 0);
  }
  for (let i = 0; i < RESULT_SLOTS; i++) setF(outResult, i, 0.0);
}

/** Reasons for everyone once the served set is written. */
export function writeReasons(): void {
  for (let k = 0; k < K; k++) {
    let reason = REASON_SERVED;
    if (getI(outServed, k) == 0) {
      if (getI(minExit, k) == 0) reason = REASON_ACCURACY;
      else if (getI(servable, k) == 0) reason = REASON_UNREACHABLE;
      else reason = REASON_NOT_SELECTED;
    }
    setI(outReason, k, reason);
  }
}
