// The result record of bindings/core/kernel-contract.ts: every algorithm ends
// its run by writing its schedule into the output arrays and then this record,
// through these two functions, the same way.
import { setF } from "../lib/memory";
import {
  RESULT_NODES, RESULT_RUN_ORDER_LENGTH, RESULT_STATUS, RESULT_TAU_S, RESULT_UPPER_BOUND, STATUS_FEASIBLE, STATUS_OPTIMAL,
} from "../../bindings/core/kernel-contract";
import { evalCount, evalTauS, writeBatchSchedule } from "./batch";
import { outResult } from "./problem";

/** The run's result: tau (s), whether the count is proved optimal, a proved bound, search nodes, run order entries. */
export function writeResult(tauS: f64, optimal: bool, upperBound: i32, nodes: f64, runOrderLength: i32): void {
  setF(outResult, RESULT_TAU_S, tauS);
  setF(outResult, RESULT_STATUS, optimal ? STATUS_OPTIMAL : STATUS_FEASIBLE);
  setF(outResult, RESULT_UPPER_BOUND, upperBound);
  setF(outResult, RESULT_NODES, nodes);
  setF(outResult, RESULT_RUN_ORDER_LENGTH, runOrderLength);
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
