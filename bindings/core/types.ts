/**
 * The public contract of edge-alloc: the instance a caller hands in, the options
 * of `solve`, and the Solution it gets back. Field names and units are
 * those of docs/model.md (SI throughout: s, Hz, W, bit).
 */
import type { ENGINE_CHOICES } from "./engine-choices.js";

/** Block latency as the paper's affine model: t(b) = perSampleS * b + fixedS for b >= 1, t(0) = 0. */
export interface AffineLatency {
  /** Seconds per task in the batch, s. */
  perSampleS: number;
  /** Seconds per batch whatever its size, s. */
  fixedS: number;
}

/** Block latency as measured `[batch, seconds]` points, batch strictly increasing. */
export interface MeasuredLatency {
  /** `[batch size, seconds]` pairs; between points the time is interpolated linearly. */
  points: Array<[number, number]>;
}

/** The run time of one block as a function of its batch size, affine or measured. */
export type BlockLatency = AffineLatency | MeasuredLatency;

/** Exit n of the multi-exit DNN: the accuracy at its exit and the run time of block n. */
export interface Exit {
  /** Accuracy of the tasks that leave at this exit, in [0, 1]. */
  accuracy: number;
  /** Run time of block n, which ends at this exit. */
  latency: BlockLatency;
}

/** The multi-exit DNN: block n ends at exit n; a task that leaves at exit e runs blocks 1..e. */
export interface Dnn {
  /** A name for reports (profiles carry theirs). */
  name?: string;
  /** At most this many tasks in one batch (GPU memory). Optional. */
  maxBatch?: number;
  /** The exits in block order, at least one. */
  exits: Exit[];
}

/** The uplink shared by every user of the frame. */
export interface Channel {
  /** Total uplink bandwidth W to share out, Hz. */
  bandwidthHz: number;
  /** Noise power spectral density N0, W/Hz. */
  noisePsdWPerHz: number;
}

/** One user's inference task in this frame. */
export interface User {
  /** Unique within the instance. */
  id: string;
  /** Size of the task's input to upload, bit. */
  dataBits: number;
  /** Transmit power, W. */
  powerW: number;
  /** Channel power gain to the server, a ratio (not dB). */
  channelGain: number;
  /** Least accuracy the task accepts, in [0, 1]: it must leave at an exit at least this accurate. */
  minAccuracy: number;
  /** Time from the frame's start by which the task must be complete, s. */
  deadlineS: number;
  /** What completing this task is worth, a positive finite number; absent = 1. The objective is the most total weight served. */
  weight?: number;
}

/** One frame's problem: the channel, the DNN and the users (docs/model.md). */
export interface Instance {
  /** The shared uplink. */
  channel: Channel;
  /** The multi-exit DNN every task runs on. */
  dnn: Dnn;
  /** The users whose tasks wait at the frame's start; may be empty. */
  users: User[];
  /** Frame length used for throughput; defaults to the largest deadline. */
  frameS?: number;
}

/** Every algorithm `solve` knows, by name (docs/algorithms.md says what each one does). */
export const ALGORITHMS = ["exact", "tree", "greedy", "bsp", "milp", "no-early-exit", "no-batching", "conventional"] as const;
/** The name of one of the {@link ALGORITHMS}. */
export type Algorithm = (typeof ALGORITHMS)[number];

/** Where the kernels run: `wasm` (WebAssembly), `js` (the generated JS fallback), or `auto` (WebAssembly unless it is missing or fails to load). */
export type EngineChoice = (typeof ENGINE_CHOICES)[number];
/** The engine a solve ran on. */
export type EngineName = Exclude<EngineChoice, "auto">;

/** The options of `solve`. */
export interface SolveOptions {
  /** Default `exact`. */
  algorithm?: Algorithm;
  /** Default `auto`. */
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
  /** Block number, from 1. */
  block: number;
  /** Tasks in this run of the block. */
  batch: number;
  /** Start, s from the frame's start. */
  startS: number;
  /** End, s from the frame's start. */
  endS: number;
  /** Sequential schemes only: whose task this run belongs to. */
  user?: string;
}

/** What the schedule does with one user; the fields of served users are present only when served. */
export interface UserResult {
  /** The user's id, as given. */
  id: string;
  /** Whether the schedule serves the user's task. */
  served: boolean;
  /** The exit the task leaves at, from 1 (served users). */
  exit?: number;
  /** The band allotted for the upload, Hz (served users). */
  bandwidthHz?: number;
  /** Time the upload takes, s (served users; it ends by the batch start). */
  uploadS?: number;
  /** When the task completes, s from the frame's start (served users). */
  completionS?: number;
  /** The user's deadline, s, as given. */
  deadlineS: number;
  /** Why the user is not served (unserved users). */
  reason?: UnservedReason;
}

/** `optimal`: `served` is proved maximal for the scheme; `feasible`: a valid schedule without that proof (a heuristic, or a search cut short). */
export type SolveStatus = "optimal" | "feasible";

/** Counters of the solve; which ones besides `timeMs` appear depends on the algorithm. */
export interface SolveStats {
  /** The solver's own time, ms (validation and building the Solution not included). */
  timeMs: number;
  /** Search nodes of `exact` and `tree`, intervals of the one-at-a-time schemes. */
  nodes?: number;
  /** Others: `lpUpperBound` (HiGHS's LP bound on a search cut short), `milpSolves` and `lpSolves` of `milp`, ... */
  [key: string]: number | undefined;
}

/** The schedule `solve` returns (docs/model.md, "Solution"). */
export interface Solution {
  /** The algorithm that made the schedule. */
  algorithm: Algorithm;
  /** What ran it: `wasm`, `js` (the fallback) or `highs` (`milp`). */
  engine: EngineName | "highs";
  /** Whether `objective` (the served count without weights) is proved maximal. */
  status: SolveStatus;
  /** Tasks served. */
  served: number;
  /** The served weight, the sum of the served users' weights: equal to `served` when no user has a weight. */
  objective: number;
  /** A proved upper bound on the `objective` of any schedule of this scheme (the served count when no user has a weight). */
  upperBound: number;
  /** `served / frameS`, tasks/s. */
  throughputPerS: number;
  /** When the batch starts: every served upload has finished. 0 when nobody is served. */
  tauS: number;
  /** The sum of the served users' bands, Hz. */
  bandwidthUsedHz: number;
  /** Every run of a block in time order. */
  blocks: BlockRun[];
  /** Every user in input order. */
  users: UserResult[];
  /** Solve time and search counters. */
  stats: SolveStats;
}
