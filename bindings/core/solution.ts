/**
 * A solver's raw schedule -> the Solution of docs/model.md: the block timeline,
 * each user's upload and completion time, throughput and reasons. Pure
 * arithmetic on the model; no choices are made here.
 */
import type { PreparedProblem } from "./prepare.js";
import type { RawSchedule } from "./schedule.js";
import { REASON_ACCURACY, REASON_UNREACHABLE } from "./schedule.js";
import type { Algorithm, BlockRun, EngineName, Instance, Solution, UnservedReason, UserResult } from "./types.js";

export interface SolutionMeta {
  algorithm: Algorithm;
  engine: EngineName | "highs";
  /** Sequential schemes run tasks one at a time at batch 1, in raw.runOrder. */
  sequential: boolean;
  timeMs: number;
  extraStats?: Record<string, number>;
}

function blockTime(problem: PreparedProblem, block: number, batch: number): number {
  return problem.blockTimeS[(block - 1) * (problem.maxBatch + 1) + batch];
}

/** Seconds to upload `bits` over `bandwidthHz` at SNR-per-hertz `snrHz` (Shannon rate). */
export function uploadTimeS(bits: number, snrHz: number, bandwidthHz: number): number {
  const x = snrHz / bandwidthHz;
  // A tiny band (w^min of a few bits) makes s/w overflow; then ln(1 + x) = ln s - ln w to every digit.
  const lnOnePlusX = x < Infinity ? Math.log1p(x) : Math.log(snrHz) - Math.log(bandwidthHz);
  return bits / ((bandwidthHz * lnOnePlusX) / Math.LN2);
}

function reasonOf(code: number): UnservedReason {
  if (code === REASON_ACCURACY) return "accuracy-unattainable";
  if (code === REASON_UNREACHABLE) return "unreachable";
  return "not-selected";
}

/** How many flags are set (a loop: reduce over a union of typed arrays does not type-check). */
export function countServed(flags: ArrayLike<number>): number {
  let n = 0;
  for (let k = 0; k < flags.length; k++) if (flags[k]) n++;
  return n;
}

export function buildSolution(instance: Instance, problem: PreparedProblem, raw: RawSchedule, meta: SolutionMeta): Solution {
  const { K, N } = problem;
  const served = countServed(raw.served);
  const tauS = served > 0 ? raw.tauS : 0;
  const blocks: BlockRun[] = [];
  const completionS = new Float64Array(K);

  if (meta.sequential) {
    let t = tauS;
    for (const k of raw.runOrder) {
      for (let n = 1; n <= raw.exit[k]; n++) {
        const end = t + blockTime(problem, n, 1);
        blocks.push({ block: n, batch: 1, startS: t, endS: end, user: instance.users[k].id });
        t = end;
      }
      completionS[k] = t;
    }
  } else if (served > 0) {
    const endOfBlock: number[] = [tauS];
    let t = tauS;
    for (let n = 1; n <= N; n++) {
      let batch = 0;
      for (let k = 0; k < K; k++) if (raw.served[k] && raw.exit[k] >= n) batch++;
      if (batch === 0) break;
      const end = t + blockTime(problem, n, batch);
      blocks.push({ block: n, batch, startS: t, endS: end });
      endOfBlock[n] = end;
      t = end;
    }
    for (let k = 0; k < K; k++) if (raw.served[k]) completionS[k] = endOfBlock[raw.exit[k]];
  }

  let bandwidthUsedHz = 0;
  let objective = 0;
  const users: UserResult[] = instance.users.map((u, k) => {
    if (!raw.served[k]) return { id: u.id, served: false, deadlineS: u.deadlineS, reason: reasonOf(raw.reason[k]) };
    const bandwidthHz = raw.bandwidthHz[k];
    bandwidthUsedHz += bandwidthHz;
    objective += problem.weight[k];
    return {
      id: u.id,
      served: true,
      exit: raw.exit[k],
      bandwidthHz,
      uploadS: uploadTimeS(u.dataBits, problem.snrHz[k], bandwidthHz),
      completionS: completionS[k],
      deadlineS: u.deadlineS,
    };
  });

  // A loop, not Math.max(...spread): a million arguments overflow the stack in some engines.
  let frameS = instance.frameS ?? 0;
  if (instance.frameS === undefined) for (const u of instance.users) if (u.deadlineS > frameS) frameS = u.deadlineS;
  return {
    algorithm: meta.algorithm,
    engine: meta.engine,
    status: raw.status,
    served,
    objective,
    upperBound: problem.weighted ? Math.max(raw.weightBound, objective) : Math.max(raw.upperBound, served),
    throughputPerS: frameS > 0 ? served / frameS : 0,
    tauS,
    bandwidthUsedHz,
    blocks,
    users,
    stats: { timeMs: meta.timeMs, nodes: raw.nodes, ...meta.extraStats },
  };
}
