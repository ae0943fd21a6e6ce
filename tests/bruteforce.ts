/**
 * Exhaustive reference solver for small instances (K <= 16): tries every set of
 * users, each at its shallowest accurate exit m_k (w.l.o.g. by docs/model.md), with
 * tau(S) = min_k (T_k - sum_{n<=m_k} t_n(b_n)) and w_k = w^min(tau(S)) by
 * bisection. Returns the most tasks served and, among those sets, the least
 * total bandwidth. Feasibility is downward closed, so a set with an infeasible
 * one-smaller subset is skipped without evaluation.
 *
 * The sequential schemes (no-batching, conventional) are enumerated too: tasks
 * run one at a time at batch 1 in deadline order, which maximises tau for a
 * given set (Jackson's rule minimises the largest lateness).
 */
import type { Instance } from "../bindings/core/types.js";
import { referenceBatchLimit, referenceBlockTimeS, referenceShallowestExit, referenceSnrHz, referenceWminHz } from "./helpers/reference-model.js";

/** Served weights within this relative distance count as equal (as in the kernels). */
export const WEIGHT_TOLERANCE = 1e-9;

// 16 so that the sequential schemes, whose feasible sets stay small, are checked up to 16 users.
export const BRUTE_FORCE_MAX_USERS = 16;

export interface BruteForceOptions {
  /** The no-early-exit scheme: every task to exit N; only users with a_N >= A_k. */
  finalExitOnly?: boolean;
  /** Tasks one at a time at batch 1 (no-batching; with finalExitOnly, conventional). */
  sequential?: boolean;
}

export interface SetEvaluation {
  tauS: number;
  /** Per member (same order as the members given): bandwidth w^min(tau), Hz. */
  bandwidthHz: number[];
  totalBandwidthHz: number;
  /** Per member: c_k = tau + sum_{n<=e_k} t_n(b_n). */
  completionS: number[];
  /** b_n for n = 1..deepest exit. */
  blockBatch: number[];
  /** t_n(b_n) for n = 1..deepest exit (batched schemes only). */
  blockRunS: number[];
  /** Sequential schemes: the members in run order (deadline order). */
  runOrder: number[];
}

export interface BruteForceResult {
  served: number;
  /** The served weight (users' `weight`, absent = 1): the objective. */
  weight: number;
  /** Least total bandwidth among the sets of the most users (0 when nobody is served). */
  totalBandwidthHz: number;
  /** User indices of one such set, ascending. */
  set: number[];
  /** Per user index: the exit used (m_k) or 0 when not served. */
  exit: number[];
  /** The evaluation of the chosen set (null when nobody is served). */
  evaluation: SetEvaluation | null;
  /** How many sets were evaluated (the rest were pruned). */
  setsEvaluated: number;
}

/** The fixed data of one instance the enumeration needs. */
export interface BruteForceContext {
  instance: Instance;
  /** m_k per user (0 = can never be served under the scheme). */
  exit: number[];
  snrHz: number[];
  batchLimit: number;
  sequential: boolean;
}

export function bruteForceContext(instance: Instance, options: BruteForceOptions = {}): BruteForceContext {
  const K = instance.users.length;
  const exit: number[] = [];
  const snrHz: number[] = [];
  for (let k = 0; k < K; k++) {
    exit.push(referenceShallowestExit(instance, k, options.finalExitOnly ?? false));
    snrHz.push(referenceSnrHz(instance, k));
  }
  return { instance, exit, snrHz, batchLimit: referenceBatchLimit(instance), sequential: options.sequential ?? false };
}

/** Evaluate serving exactly `members` (each at its exit); null when infeasible. */
export function evaluateSet(context: BruteForceContext, members: number[]): SetEvaluation | null {
  const { exit } = context;
  if (members.length === 0) return { tauS: 0, bandwidthHz: [], totalBandwidthHz: 0, completionS: [], blockBatch: [], blockRunS: [], runOrder: [] };
  if (members.length > context.batchLimit) return null;
  if (members.some((k) => exit[k] === 0)) return null;
  return context.sequential ? evaluateSequential(context, members) : evaluateBatched(context, members);
}

/** Everyone uploads, then tau, then the tasks one at a time in deadline order. */
function evaluateSequential(context: BruteForceContext, members: number[]): SetEvaluation | null {
  const { instance, exit } = context;
  const runOrder = [...members].sort((a, b) => instance.users[a].deadlineS - instance.users[b].deadlineS || a - b);
  const finishAfterTauS = new Map<number, number>();
  let clockS = 0;
  for (const k of runOrder) {
    for (let n = 0; n < exit[k]; n++) clockS += referenceBlockTimeS(instance.dnn.exits[n].latency, 1);
    finishAfterTauS.set(k, clockS);
  }
  const offsets = members.map((k) => finishAfterTauS.get(k)!);
  return withBandwidth(context, members, offsets, [], [], runOrder);
}

/** One batch: block n on b_n = #{members with exit >= n}. */
function evaluateBatched(context: BruteForceContext, members: number[]): SetEvaluation | null {
  const { instance, exit } = context;
  const deepest = Math.max(...members.map((k) => exit[k]));
  const blockBatch: number[] = [];
  const blockRunS: number[] = [];
  const cumulativeS: number[] = [0];
  for (let n = 1; n <= deepest; n++) {
    const b = members.filter((k) => exit[k] >= n).length;
    const t = referenceBlockTimeS(instance.dnn.exits[n - 1].latency, b);
    blockBatch.push(b);
    blockRunS.push(t);
    cumulativeS.push(cumulativeS[n - 1] + t);
  }
  const offsets = members.map((k) => cumulativeS[exit[k]]);
  return withBandwidth(context, members, offsets, blockBatch, blockRunS, []);
}

/** tau = the latest start every deadline allows; then each member's w^min(tau), within the band. */
function withBandwidth(
  context: BruteForceContext,
  members: number[],
  finishAfterTauS: number[],
  blockBatch: number[],
  blockRunS: number[],
  runOrder: number[],
): SetEvaluation | null {
  const instance = context.instance;
  let tauS = Infinity;
  members.forEach((k, i) => {
    tauS = Math.min(tauS, instance.users[k].deadlineS - finishAfterTauS[i]);
  });
  if (!(tauS > 0) || !Number.isFinite(tauS)) return null;
  const bandwidthHz: number[] = [];
  let totalBandwidthHz = 0;
  for (const k of members) {
    const w = referenceWminHz(instance.users[k].dataBits, context.snrHz[k], tauS);
    totalBandwidthHz += w;
    if (!(totalBandwidthHz <= instance.channel.bandwidthHz)) return null;
    bandwidthHz.push(w);
  }
  const completionS = finishAfterTauS.map((offset) => tauS + offset);
  return { tauS, bandwidthHz, totalBandwidthHz, completionS, blockBatch, blockRunS, runOrder };
}

export function bruteForce(instance: Instance, options: BruteForceOptions = {}): BruteForceResult {
  const K = instance.users.length;
  if (K > BRUTE_FORCE_MAX_USERS) throw new Error(`brute force is for K <= ${BRUTE_FORCE_MAX_USERS}, got ${K}`);
  const context = bruteForceContext(instance, options);
  const candidates = context.exit.flatMap((e, k) => (e > 0 ? [k] : []));
  const C = candidates.length;

  const feasible = new Uint8Array(1 << C);
  feasible[0] = 1;
  let best = { size: 0, weight: 0, bandwidthHz: 0, mask: 0, evaluation: null as SetEvaluation | null };
  let setsEvaluated = 0;
  for (let mask = 1; mask < 1 << C; mask++) {
    let allSubsetsFeasible = true;
    for (let i = 0; i < C && allSubsetsFeasible; i++) {
      if (mask & (1 << i) && !feasible[mask ^ (1 << i)]) allSubsetsFeasible = false;
    }
    if (!allSubsetsFeasible) continue;
    const members = candidates.filter((_, i) => mask & (1 << i));
    setsEvaluated++;
    const evaluation = evaluateSet(context, members);
    if (evaluation === null) continue;
    feasible[mask] = 1;
    // Most weight (weights within WEIGHT_TOLERANCE relative count as equal), then least band; without weights, the count.
    let weight = 0;
    for (const k of members) weight += instance.users[k].weight ?? 1;
    const tolerance = WEIGHT_TOLERANCE * best.weight;
    const better = weight > best.weight + tolerance || (weight >= best.weight - tolerance && evaluation.totalBandwidthHz < best.bandwidthHz);
    if (better) best = { size: members.length, weight, bandwidthHz: evaluation.totalBandwidthHz, mask, evaluation };
  }

  const set = candidates.filter((_, i) => best.mask & (1 << i));
  const exit = new Array<number>(K).fill(0);
  for (const k of set) exit[k] = context.exit[k];
  return { served: best.size, weight: best.weight, totalBandwidthHz: best.bandwidthHz, set, exit, evaluation: best.evaluation, setsEvaluated };
}
