/**
 * The public contract of edge-alloc: the instance a caller hands in, the options
 * of `solve`, and the Solution it gets back. Field names and units are
 * those of docs/model.md (SI throughout: s, Hz, W, bit).
 */
import type { ENGINE_CHOICES } from "./engine-choices.js";

/** Block latency as the paper's affine model: t(b) = perSampleS * b + fixedS for b >= 1, t(0) = 0. */
export interface AffineLatency {
  perSampleS: number;
  fixedS: number;
}

/** Block latency as measured `[batch, seconds]` points, batch strictly increasing. */
export interface MeasuredLatency {
  points: Array<[number, number]>;
}

export type BlockLatency = AffineLatency | MeasuredLatency;

/** Exit n of the multi-exit DNN: the accuracy at its exit and the run time of block n. */
export interface Exit {
  accuracy: number;
  latency: BlockLatency;
}

export interface Dnn {
  name?: string;
  /** At most this many tasks in one batch (GPU memory). Optional. */
  maxBatch?: number;
  exits: Exit[];
}

export interface Channel {
  bandwidthHz: number;
  noisePsdWPerHz: number;
}

export interface User {
  id: string;
  dataBits: number;
  powerW: number;
  channelGain: number;
  minAccuracy: number;
  deadlineS: number;
}

export interface Instance {
  channel: Channel;
  dnn: Dnn;
  users: User[];
  /** Frame length used for throughput; defaults to the largest deadline. */
  frameS?: number;
}

export const ALGORITHMS = [
  "exact",
  "tree",
  "greedy",
  "bsp",
  "milp",
  "no-early-exit",
  "no-batching",
  "conventional",
] as const;
export type Algorithm = (typeof ALGORITHMS)[number];

export type EngineChoice = (typeof ENGINE_CHOICES)[number];
export type EngineName = Exclude<EngineChoice, "auto">;

export interface SolveOptions {
  algorithm?: Algorithm;
  engine?: EngineChoice;
  /**
   * Searches stop after this long and return their best schedule with a proved
   * bound. Default 10 000 ms; 0 or Infinity for none.
   */
  timeLimitMs?: number;
}

/** Why a user is not served, in words a person can act on. */
export type UnservedReason =
  | "accuracy-unattainable" // no exit (allowed by the scheme) is accurate enough
  | "unreachable" // cannot finish even if served alone with the whole band
  | "not-selected"; // fits alone, but not within this frame's capacity

/** One run of one block. Batched schemes have one per block; sequential schemes one per task and block. */
export interface BlockRun {
  block: number;
  batch: number;
  startS: number;
  endS: number;
  /** Sequential schemes only: whose task this run belongs to. */
  user?: string;
}

export interface UserResult {
  id: string;
  served: boolean;
  exit?: number;
  bandwidthHz?: number;
  uploadS?: number;
  completionS?: number;
  deadlineS: number;
  reason?: UnservedReason;
}

export type SolveStatus = "optimal" | "feasible";

export interface SolveStats {
  timeMs: number;
  nodes?: number;
  [key: string]: number | undefined;
}

export interface Solution {
  algorithm: Algorithm;
  engine: EngineName | "highs";
  status: SolveStatus;
  served: number;
  /** A proved upper bound on the number of tasks any schedule can serve (for this scheme). */
  upperBound: number;
  throughputPerS: number;
  /** When the batch starts: every served upload has finished. 0 when nobody is served. */
  tauS: number;
  bandwidthUsedHz: number;
  blocks: BlockRun[];
  users: UserResult[];
  stats: SolveStats;
}
