// The kernels' entry points, as bindings/core/engine.ts calls them: `setup`
// sizes the problem, the bindings write it into the arrays `arrayAddress`
// locates, `run` solves it with one algorithm, and the bindings read the
// schedule from the output arrays and the result record. Codes, array ids and
// the record's slots are bindings/core/kernel-contract.ts's, on both sides.
import {
  ALGORITHM_BSP, ALGORITHM_EXACT, ALGORITHM_GREEDY, ALGORITHM_SEQUENTIAL, ALGORITHM_TREE,
  ARRAY_BANDWIDTH_HZ, ARRAY_BLOCK_TIME_S, ARRAY_DATA_BITS, ARRAY_DEADLINE_S, ARRAY_EXIT, ARRAY_MIN_EXIT,
  ARRAY_REASON, ARRAY_RESULT, ARRAY_RUN_ORDER, ARRAY_SERVED, ARRAY_SNR_HZ, ARRAY_WEIGHT,
} from "../bindings/core/kernel-contract";
import { startClock } from "./lib/clock";
import { releaseScratch, reserveI32 } from "./lib/memory";
import * as P from "./model/problem";
import { initBatchScratch } from "./model/batch";
import { bandwidthRelaxationBound, weightRelaxationBound } from "./model/bounds";
import { setRunWeightBound } from "./model/result";
import { solveExact } from "./exact/exact";
import { solveTree } from "./tree/tree";
import { solveGreedy } from "./greedy/greedy";
import { solveBsp } from "./bsp/bsp";
import { solveSequential } from "./sequential/sequential";

export { wminHz } from "./model/bandwidth";
export { setOneSearchNodes as exactOneSearchNodes } from "./exact/exact";
export { setCapsSearchSteps as exactCapsSearchSteps } from "./exact/lagrange";

/** Size the problem's arrays: K users, N exits, batches up to batchLimit, a band of bandwidthHz. */
export function setup(users: i32, exits: i32, batchLimit: i32, bandwidthHz: f64): void {
  P.setupProblem(users, exits, batchLimit, bandwidthHz);
}

/** Address in linear memory of the array with this ARRAY_* id (0 for an unknown id). */
export function arrayAddress(which: i32): usize {
  switch (which) {
    case ARRAY_DATA_BITS: return P.dataBits;
    case ARRAY_SNR_HZ: return P.snrHz;
    case ARRAY_DEADLINE_S: return P.deadlineS;
    case ARRAY_MIN_EXIT: return P.minExit;
    case ARRAY_BLOCK_TIME_S: return P.blockTimeS;
    case ARRAY_SERVED: return P.outServed;
    case ARRAY_EXIT: return P.outExit;
    case ARRAY_BANDWIDTH_HZ: return P.outBandwidthHz;
    case ARRAY_REASON: return P.outReason;
    case ARRAY_RUN_ORDER: return P.outRunOrder;
    case ARRAY_RESULT: return P.outResult;
    case ARRAY_WEIGHT: return P.weight;
  }
  return 0;
}

/**
 * Solve the problem set up last with one ALGORITHM_*; the schedule and the
 * result record land in the output arrays. Every phase stops by `stopAtMs`, a
 * time on the host's clock (Infinity: no limit); exact's search takes
 * `exactSearchShare` of the time left, and the greedy the rest if cut short.
 */
export function run(algorithm: i32, stopAtMs: f64, exactSearchShare: f64): void {
  startClock(stopAtMs);
  releaseScratch();
  P.clearOutputs();
  P.prepareUsers();
  initBatchScratch();
  const selected = reserveI32(P.K);
  const bound = bandwidthRelaxationBound();
  setRunWeightBound(P.weighted ? weightRelaxationBound(bound) : <f64>bound);
  switch (algorithm) {
    case ALGORITHM_EXACT: solveExact(selected, exactSearchShare, bound); break;
    case ALGORITHM_TREE: solveTree(selected, bound); break;
    case ALGORITHM_GREEDY: solveGreedy(selected, bound); break;
    case ALGORITHM_BSP: solveBsp(selected, bound); break;
    case ALGORITHM_SEQUENTIAL: solveSequential(bound); break;
  }
  P.writeReasons();
}
