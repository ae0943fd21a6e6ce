/**
 * Every algorithm of docs/model.md, what it needs and how it runs: the
 * kernels' algorithms (a kernel and the variant of the problem it solves) and
 * milp (HiGHS, which needs WebAssembly). This room sits above core/ and
 * highs/ so that neither names the other's algorithms; HiGHS's modules are
 * imported on first use, so a solve that never needs them never loads them.
 */
import { kernelAlgorithm } from "../core/solve.js";
import type { AlgorithmRegistry, UpperBoundSource } from "../core/algorithm.js";

/** HiGHS's LP bound (highs/lp-bound.ts) for exact and tree stopped by their time limit; undefined when HiGHS fails. */
const lpBound: UpperBoundSource = async (instance, problem, engine, timeLimitMs, target) => {
  const { lpUpperBound, HighsError } = await import("../highs/lp-bound.js");
  try {
    return await lpUpperBound(instance, problem, engine, timeLimitMs, target);
  } catch (error) {
    if (error instanceof HighsError) return undefined;
    throw error;
  }
};

export const ALGORITHM_REGISTRY: AlgorithmRegistry = {
  exact: kernelAlgorithm("exact", { kernel: "exact", finalExit: false, upperBound: lpBound }),
  tree: kernelAlgorithm("tree", { kernel: "tree", finalExit: false, upperBound: lpBound, refusesWeights: "its search proves counts" }),
  greedy: kernelAlgorithm("greedy", { kernel: "greedy", finalExit: false }),
  bsp: kernelAlgorithm("bsp", { kernel: "bsp", finalExit: false }),
  milp: {
    needsWebAssembly: { why: "HiGHS is compiled to it", instead: "exact finds the same optimum on the JS engine" },
    run: async (instance, engine, timeLimitMs) => (await import("../highs/milp.js")).solveMilp(instance, engine, timeLimitMs),
  },
  // With weights one exit is a knapsack, which BSP's threshold rule does not solve: exact on the same problem does.
  "no-early-exit": kernelAlgorithm("no-early-exit", { kernel: "bsp", finalExit: true, weightedKernel: "exact" }),
  "no-batching": kernelAlgorithm("no-batching", { kernel: "sequential", finalExit: false }),
  conventional: kernelAlgorithm("conventional", { kernel: "sequential", finalExit: true }),
};
