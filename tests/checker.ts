/**
 * An independent checker of docs/model.md's constraints: given an instance and a
 * Solution, list every way the Solution breaks the model (empty list = valid).
 * Written from the spec with the plain evaluator of helpers/reference-model.ts;
 * it never calls the kernels or bindings/core/prepare.ts, so it can catch their bugs.
 */
import type { Algorithm, Instance, Solution, UnservedReason, UserResult } from "../bindings/core/types.js";
import {
  referenceBatchLimit,
  referenceBlockTimeS,
  referenceFrameS,
  referenceRateBps,
  referenceShallowestExit,
  referenceSnrHz,
  referenceWminHz,
} from "./helpers/reference-model.js";

export interface CheckOptions {
  /** batched: one batch through blocks 1..N; sequential: tasks one at a time at batch 1. Default from the algorithm. */
  scheme?: "batched" | "sequential";
  /** Every served task must run to the last exit. Default from the algorithm. */
  finalExitOnly?: boolean;
}

const RELATIVE_TOLERANCE = 1e-9;
const SEQUENTIAL_ALGORITHMS: ReadonlySet<Algorithm> = new Set(["no-batching", "conventional"]);
const FINAL_EXIT_ALGORITHMS: ReadonlySet<Algorithm> = new Set(["no-early-exit", "conventional"]);

/** a <= b up to a relative tolerance. */
function atMost(a: number, b: number): boolean {
  return a <= b + RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

/** a == b up to a relative tolerance. */
function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

/** Which reasons are true for an unserved user (two when the user sits on the reachability boundary). */
export function trueUnservedReasons(instance: Instance, userIndex: number, finalExitOnly: boolean): UnservedReason[] {
  const exit = referenceShallowestExit(instance, userIndex, finalExitOnly);
  if (exit === 0) return ["accuracy-unattainable"];
  const user = instance.users[userIndex];
  let computeAloneS = 0;
  for (let n = 0; n < exit; n++) computeAloneS += referenceBlockTimeS(instance.dnn.exits[n].latency, 1);
  const tauAloneS = user.deadlineS - computeAloneS;
  const wminHz = referenceWminHz(user.dataBits, referenceSnrHz(instance, userIndex), tauAloneS);
  const bandwidthHz = instance.channel.bandwidthHz;
  const onBoundary = Math.abs(tauAloneS) <= RELATIVE_TOLERANCE * user.deadlineS || (Number.isFinite(wminHz) && close(wminHz, bandwidthHz));
  if (onBoundary) return ["unreachable", "not-selected"];
  return wminHz <= bandwidthHz ? ["not-selected"] : ["unreachable"];
}

interface ServedUser {
  index: number;
  result: UserResult;
  exit: number;
}

export function checkSolution(instance: Instance, solution: Solution, options: CheckOptions = {}): string[] {
  const violations: string[] = [];
  const scheme = options.scheme ?? (SEQUENTIAL_ALGORITHMS.has(solution.algorithm) ? "sequential" : "batched");
  const finalExitOnly = options.finalExitOnly ?? FINAL_EXIT_ALGORITHMS.has(solution.algorithm);
  const exits = instance.dnn.exits;
  const N = exits.length;

  // Every user listed exactly once, with its own deadline.
  const resultById = new Map<string, UserResult>();
  for (const result of solution.users) {
    if (resultById.has(result.id)) violations.push(`user ${result.id} listed more than once`);
    resultById.set(result.id, result);
  }
  const instanceIds = new Set(instance.users.map((u) => u.id));
  for (const result of solution.users) {
    if (!instanceIds.has(result.id)) violations.push(`user ${result.id} is not in the instance`);
  }

  const served: ServedUser[] = [];
  instance.users.forEach((user, index) => {
    const result = resultById.get(user.id);
    if (!result) {
      violations.push(`user ${user.id} missing from the solution`);
      return;
    }
    if (result.deadlineS !== user.deadlineS) {
      violations.push(`user ${user.id}: deadlineS ${result.deadlineS}, instance says ${user.deadlineS}`);
    }
    if (result.served === true) {
      if (result.reason !== undefined) violations.push(`user ${user.id}: served but has reason ${result.reason}`);
      const exit = result.exit;
      if (exit === undefined || !Number.isInteger(exit) || exit < 1 || exit > N) {
        violations.push(`user ${user.id}: exit ${exit} not in 1..${N}`);
        return;
      }
      if (finalExitOnly && exit !== N) violations.push(`user ${user.id}: exit ${exit}, scheme requires the last exit ${N}`);
      if (!(exits[exit - 1].accuracy >= user.minAccuracy)) {
        violations.push(`user ${user.id}: exit ${exit} accuracy ${exits[exit - 1].accuracy} < required ${user.minAccuracy}`);
      }
      served.push({ index, result, exit });
    } else if (result.served === false) {
      const allowed = trueUnservedReasons(instance, index, finalExitOnly);
      if (result.reason === undefined || !allowed.includes(result.reason)) {
        violations.push(`user ${user.id}: unserved with reason ${result.reason}, true reason is ${allowed.join(" or ")}`);
      }
    } else {
      violations.push(`user ${user.id}: served is ${String(result.served)}, not a boolean`);
    }
  });

  // Counts and bounds.
  if (solution.served !== served.length) violations.push(`served ${solution.served}, but ${served.length} users are marked served`);
  // The objective is the served weight (weights absent = 1: the count), summed in user order; upperBound bounds it.
  let objective = 0;
  let allWeight = 0;
  for (const { index } of served) objective += instance.users[index].weight ?? 1;
  for (const user of instance.users) allWeight += user.weight ?? 1;
  if (solution.objective !== objective) violations.push(`objective ${solution.objective}, served users weigh ${objective}`);
  if (!(solution.upperBound >= solution.objective)) violations.push(`upperBound ${solution.upperBound} < objective ${solution.objective}`);
  if (solution.upperBound > allWeight * (1 + 1e-9)) violations.push(`upperBound ${solution.upperBound} > the weight of every user, ${allWeight}`);
  if (solution.status === "optimal" && Math.abs(solution.upperBound - solution.objective) > 1e-9 * solution.objective) {
    violations.push(`status optimal but upperBound ${solution.upperBound} != objective ${solution.objective}`);
  }
  if (solution.status !== "optimal" && solution.status !== "feasible") violations.push(`unknown status ${solution.status}`);
  const limit = referenceBatchLimit(instance);
  if (served.length > limit) violations.push(`${served.length} served > batch limit ${limit}`);

  const frameS = referenceFrameS(instance);
  const throughput = frameS === undefined ? 0 : solution.served / frameS;
  if (!close(solution.throughputPerS, throughput)) violations.push(`throughputPerS ${solution.throughputPerS}, expected ${throughput}`);

  // Bandwidth: positive, within the band, reported sum right.
  let bandwidthSumHz = 0;
  for (const { result } of served) {
    const w = result.bandwidthHz;
    if (w === undefined || !Number.isFinite(w) || !(w > 0)) violations.push(`user ${result.id}: bandwidth ${w} not a positive number`);
    else bandwidthSumHz += w;
  }
  if (!atMost(bandwidthSumHz, instance.channel.bandwidthHz)) {
    violations.push(`bandwidth used ${bandwidthSumHz} Hz > available ${instance.channel.bandwidthHz} Hz`);
  }
  if (!close(solution.bandwidthUsedHz, bandwidthSumHz)) {
    violations.push(`bandwidthUsedHz ${solution.bandwidthUsedHz}, served users sum to ${bandwidthSumHz}`);
  }

  const tau = solution.tauS;
  if (served.length === 0) {
    if (tau !== 0) violations.push(`nobody served but tauS ${tau}`);
    if (solution.blocks.length !== 0) violations.push(`nobody served but ${solution.blocks.length} block runs`);
    return violations;
  }
  if (!Number.isFinite(tau) || !(tau > 0)) {
    violations.push(`tauS ${tau} must be positive when someone is served`);
    return violations;
  }

  // Uplink: each served user's rate carries its data by tau.
  for (const { index, result } of served) {
    const w = result.bandwidthHz;
    if (w === undefined || !(w > 0)) continue;
    const user = instance.users[index];
    const rateBps = referenceRateBps(w, referenceSnrHz(instance, index));
    if (!atMost(user.dataBits / tau, rateBps)) {
      violations.push(`user ${user.id}: rate ${rateBps} bit/s < needed ${user.dataBits / tau} bit/s`);
    }
    const uploadS = user.dataBits / rateBps;
    if (result.uploadS === undefined || !close(result.uploadS, uploadS)) {
      violations.push(`user ${user.id}: uploadS ${result.uploadS}, expected ${uploadS}`);
    } else if (!atMost(result.uploadS, tau)) {
      violations.push(`user ${user.id}: uploadS ${result.uploadS} > tauS ${tau}`);
    }
  }

  const completionS =
    scheme === "batched" ? checkBatchedTimeline(instance, solution, served, violations) : checkSequentialTimeline(instance, solution, served, violations);

  // Completion times: as reported and within each deadline.
  for (const { index, result } of served) {
    const c = completionS.get(index);
    if (c === undefined) continue;
    const user = instance.users[index];
    if (result.completionS === undefined || !close(result.completionS, c)) {
      violations.push(`user ${user.id}: completionS ${result.completionS}, expected ${c}`);
    }
    if (!atMost(c, user.deadlineS)) violations.push(`user ${user.id}: completes at ${c} s after its deadline ${user.deadlineS} s`);
  }
  return violations;
}

/** One batch: block n runs on b_n = #{served with exit >= n}, back to back from tau. Returns completion per user index. */
function checkBatchedTimeline(instance: Instance, solution: Solution, served: ServedUser[], violations: string[]): Map<number, number> {
  const exits = instance.dnn.exits;
  const deepest = Math.max(...served.map((s) => s.exit));
  const batch: number[] = [];
  const runS: number[] = [];
  for (let n = 1; n <= deepest; n++) {
    batch.push(served.filter((s) => s.exit >= n).length);
    const t = referenceBlockTimeS(exits[n - 1].latency, batch[n - 1]);
    if (Number.isNaN(t)) violations.push(`block ${n}: batch ${batch[n - 1]} past the last measured point`);
    runS.push(t);
  }

  const blocks = solution.blocks;
  if (blocks.length !== deepest) violations.push(`${blocks.length} block runs, expected ${deepest} (blocks 1..${deepest})`);
  let previousEndS = solution.tauS;
  blocks.forEach((run, i) => {
    if (run.block !== i + 1) violations.push(`block run ${i} is block ${run.block}, expected ${i + 1}`);
    if (i >= deepest) return;
    if (run.batch !== batch[i]) violations.push(`block ${i + 1}: batch ${run.batch}, expected ${batch[i]}`);
    if (!close(run.startS, previousEndS)) violations.push(`block ${i + 1}: starts at ${run.startS}, expected ${previousEndS}`);
    if (!close(run.endS, run.startS + runS[i])) violations.push(`block ${i + 1}: ends at ${run.endS}, expected ${run.startS + runS[i]}`);
    previousEndS = run.endS;
  });

  const completion = new Map<number, number>();
  for (const s of served) {
    let c = solution.tauS;
    for (let n = 0; n < s.exit; n++) c += runS[n];
    completion.set(s.index, c);
  }
  return completion;
}

/** One task at a time at batch 1, each through blocks 1..e_k, in the order of the block runs, from tau. */
function checkSequentialTimeline(instance: Instance, solution: Solution, served: ServedUser[], violations: string[]): Map<number, number> {
  const exits = instance.dnn.exits;
  const servedById = new Map(served.map((s) => [s.result.id, s]));
  const completion = new Map<number, number>();
  let clockS = solution.tauS;
  let previousEndS = solution.tauS;
  let i = 0;
  const blocks = solution.blocks;
  while (i < blocks.length) {
    const id = blocks[i].user;
    const owner = id === undefined ? undefined : servedById.get(id);
    if (owner === undefined) {
      violations.push(`block run ${i}: user ${id} is not a served user`);
      return completion;
    }
    if (completion.has(owner.index)) violations.push(`user ${id}: runs twice`);
    for (let n = 1; n <= owner.exit; n++, i++) {
      const run = blocks[i];
      if (run === undefined || run.user !== id || run.block !== n) {
        violations.push(`user ${id}: expected its block ${n} at run ${i}`);
        return completion;
      }
      if (run.batch !== 1) violations.push(`user ${id} block ${n}: batch ${run.batch}, sequential schemes run batch 1`);
      const t = referenceBlockTimeS(exits[n - 1].latency, 1);
      if (!close(run.startS, previousEndS)) violations.push(`user ${id} block ${n}: starts at ${run.startS}, expected ${previousEndS}`);
      if (!close(run.endS, run.startS + t)) violations.push(`user ${id} block ${n}: ends at ${run.endS}, expected ${run.startS + t}`);
      previousEndS = run.endS;
      clockS += t;
    }
    completion.set(owner.index, clockS);
  }
  for (const s of served) if (!completion.has(s.index)) violations.push(`user ${s.result.id}: served but never runs`);
  return completion;
}
