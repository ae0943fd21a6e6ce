/**
 * Turns a brute-force optimum into a Solution object, so the checker can be
 * shown to accept a known-good schedule and to reject corrupted copies of it.
 * Reasons for the unserved come from the brute force's own set evaluation.
 */
import type { Algorithm, BlockRun, Instance, Solution, UnservedReason, UserResult } from "../../bindings/core/types.js";
import { bruteForceContext, evaluateSet, type BruteForceOptions, type BruteForceResult } from "../bruteforce.js";
import { referenceBlockTimeS, referenceFrameS, referenceRateBps, referenceSnrHz } from "./reference-model.js";

/** The algorithm whose scheme these brute-force options describe. */
export function schemeAlgorithm(options: BruteForceOptions): Algorithm {
  if (options.sequential) return options.finalExitOnly ? "conventional" : "no-batching";
  return options.finalExitOnly ? "no-early-exit" : "exact";
}

export function solutionFromBruteForce(instance: Instance, result: BruteForceResult, options: BruteForceOptions = {}): Solution {
  const context = bruteForceContext(instance, options);
  const evaluation = result.evaluation;
  const position = new Map(result.set.map((k, i) => [k, i]));
  const users: UserResult[] = instance.users.map((user, k) => {
    const i = position.get(k);
    if (i !== undefined && evaluation) {
      const bandwidthHz = evaluation.bandwidthHz[i];
      return {
        id: user.id,
        served: true,
        exit: result.exit[k],
        bandwidthHz,
        uploadS: user.dataBits / referenceRateBps(bandwidthHz, referenceSnrHz(instance, k)),
        completionS: evaluation.completionS[i],
        deadlineS: user.deadlineS,
      };
    }
    let reason: UnservedReason = "not-selected";
    if (context.exit[k] === 0) reason = "accuracy-unattainable";
    else if (evaluateSet(context, [k]) === null) reason = "unreachable";
    return { id: user.id, served: false, deadlineS: user.deadlineS, reason };
  });

  const blocks: BlockRun[] = [];
  let clockS = evaluation?.tauS ?? 0;
  if (evaluation && options.sequential) {
    for (const k of evaluation.runOrder) {
      for (let n = 1; n <= result.exit[k]; n++) {
        const runS = referenceBlockTimeS(instance.dnn.exits[n - 1].latency, 1);
        blocks.push({ block: n, batch: 1, startS: clockS, endS: clockS + runS, user: instance.users[k].id });
        clockS += runS;
      }
    }
  }
  for (let n = 0; evaluation && n < evaluation.blockBatch.length; n++) {
    blocks.push({ block: n + 1, batch: evaluation.blockBatch[n], startS: clockS, endS: clockS + evaluation.blockRunS[n] });
    clockS += evaluation.blockRunS[n];
  }
  const frameS = referenceFrameS(instance);
  return {
    algorithm: schemeAlgorithm(options),
    engine: "js",
    status: "optimal",
    served: result.served,
    objective: result.weight,
    upperBound: result.weight,
    throughputPerS: frameS === undefined ? 0 : result.served / frameS,
    tauS: evaluation?.tauS ?? 0,
    bandwidthUsedHz: result.totalBandwidthHz,
    blocks,
    users,
    stats: { timeMs: 0 },
  };
}
