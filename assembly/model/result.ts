// The result record of bindings/core/kernel-contract.ts: every algorithm ends
// its run by writing its schedule into the output arrays and then this record,
// through these two functions, the same way.
import { setF } from "../lib/memory";
import {
  RESULT_NODES, RESULT_RUN_ORDER_LENGTH, RESULT_STATUS, RESULT_TAU_S, RESULT_UPPER_BOUND, RESULT_WEIGHT_BOUND, STATUS_FEASIBLE,
  STATUS_OPTIMAL,
} from "../../bindings/core/kernel-contract";
import { getF, getI } from "../lib/memory";
import { evalCount, evalTauS, writeBatchSchedule } from "./batch";
import { K, outResult, outServed, weight, weighted } from "./problem";

// With weights: a proved bound on the served weight (the cheap one of the run's
// start, or what the algorithm proved), and whether the algorithm proved its
// schedule's weight the most (otherwise it is checked against the bound).
let runWeightBound: f64 = 0;
let weightProvedOptimal: bool = false;

/** The run's cheap weight bound, before any algorithm runs. */
export function setRunWeightBound(bound: f64): void {
  runWeightBound = bound;
  weightProvedOptimal = false;
}

/** The weight bound proved so far in this run. */
export function runWeightBoundNow(): f64 {
  return runWeightBound;
}

/** An algorithm's own proof with weights: a bound on the served weight, and whether its schedule attains the optimum. */
export function proveWeight(bound: f64, optimal: bool): void {
  if (bound < runWeightBound) runWeightBound = bound;
  weightProvedOptimal = optimal;
}

/** The written schedule's served weight, summed in user order. */
export function servedWeight(): f64 {
  let total = 0.0;
  for (let k = 0; k < K; k++) if (getI(outServed, k) != 0) total += getF(weight, k);
  return total;
}

/** The run's result: tau (s), whether the count is proved optimal, a proved bound, search nodes, run order entries. */
export function writeResult(tauS: f64, optimal: bool, upperBound: i32, nodes: f64, runOrderLength: i32): void {
  setF(outResult, RESULT_TAU_S, tauS);
  setF(outResult, RESULT_STATUS, optimal ? STATUS_OPTIMAL : STATUS_FEASIBLE);
  setF(outResult, RESULT_UPPER_BOUND, upperBound);
  setF(outResult, RESULT_NODES, nodes);
  setF(outResult, RESULT_RUN_ORDER_LENGTH, runOrderLength);
  if (!weighted) {
    setF(outResult, RESULT_WEIGHT_BOUND, upperBound);
    return;
  }
  // With weights the count's proof says nothing of the weight: the weight's own decides.
  const served = servedWeight();
  const bound = runWeightBound > served ? runWeightBound : served;
  setF(outResult, RESULT_WEIGHT_BOUND, bound);
  const proved = weightProvedOptimal || served >= bound * (1.0 - WEIGHT_TOLERANCE);
  setF(outResult, RESULT_STATUS, proved ? STATUS_OPTIMAL : STATUS_FEASIBLE);
}

/** Served weights within this relative distance count as equal (sums of the same weights in another order differ by rounding). */
export const WEIGHT_TOLERANCE: f64 = 1e-9;

/** With weights: is (w, band) better than (bw, bband)? Heavier beyond the tolerance, or as heavy with less band. */
export function betterByWeight(w: f64, band: f64, bw: f64, bband: f64): bool {
  if (w > bw + WEIGHT_TOLERANCE * bw) return true;
  return w >= bw - WEIGHT_TOLERANCE * bw && w > 0.0 && band < bband * (1.0 - 1e-12);
}

/** Write the batched schedule flagged in `selected` (i32[K]) into the output arrays; returns its served count. */
export function writeBatched(selected: usize): i32 {
  writeBatchSchedule(selected);
  return evalCount;
}

/** tau of the batched schedule written last: 0 when nobody is served. */
export function batchedTauS(): f64 {
  return evalCount > 0 ? evalTauS : 0.0;
}
