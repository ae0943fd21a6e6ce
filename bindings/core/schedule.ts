/**
 * What every solver (WASM kernel, JS fallback, HiGHS) hands back before it is
 * turned into a Solution: who is served, at which exit, with how much band.
 * solution.ts derives everything else (tau, block timeline, completion times).
 */
import type { SolveStatus } from "./types.js";

// The reason codes are the kernel contract's: every solver writes the same ones.
export { REASON_ACCURACY, REASON_NOT_SELECTED, REASON_SERVED, REASON_UNREACHABLE } from "./kernel-contract.js";

export interface RawSchedule {
  /** 1 if user k is served. */
  served: Uint8Array | Int32Array;
  /** Exit of each served user (1..N); 0 for the unserved. */
  exit: Int32Array;
  /** Bandwidth of each served user, Hz (w^min at the schedule's tau). */
  bandwidthHz: Float64Array;
  /** REASON_* per user. */
  reason: Int32Array;
  /** Sequential schemes: served users in run order (indices). Empty for batched schemes. */
  runOrder: Int32Array;
  /** The batch start chosen by the solver, s. */
  tauS: number;
  status: SolveStatus;
  /** A proved bound on the served count. */
  upperBound: number;
  /** A proved bound on the served weight (the count's bound when every weight is 1). */
  weightBound: number;
  nodes: number;
}
