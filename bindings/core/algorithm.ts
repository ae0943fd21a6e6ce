/**
 * What the algorithm registry (algorithms/registry.ts) holds for each
 * algorithm: what it needs and how it runs. Declared here, below every
 * solver, so that solve() can run any algorithm without knowing which rooms
 * they live in: the kernels' algorithms are core's own, milp is HiGHS's (highs/).
 */
import type { Engine, KernelAlgorithm } from "./engine.js";
import type { PreparedProblem } from "./prepare.js";
import type { Algorithm, Instance, Solution } from "./types.js";

/**
 * A proved upper bound on the tasks served, from outside the kernels, for a
 * search its time limit cut short (HiGHS's LP bound). At least `target` when
 * nothing better can be proved; undefined when the solver that gives it failed.
 */
export type UpperBoundSource = (
  instance: Instance,
  problem: PreparedProblem,
  engine: Engine,
  timeLimitMs: number,
  target: number,
) => Promise<number | undefined>;

/** An algorithm the kernels run: which kernel, on which variant of the problem. */
export interface KernelPlan {
  kernel: KernelAlgorithm;
  /** Every user at the final exit (the schemes without early exiting). */
  finalExit: boolean;
  /** Tightens the bound of a search stopped by its time limit (a bound on the count: not used with weights). */
  upperBound?: UpperBoundSource;
  /** The kernel that runs instead when some user has a weight (no-early-exit: exact on the final-exit problem, optimal in weight). */
  weightedKernel?: KernelAlgorithm;
  /** Why this algorithm cannot take users' weights: set, a weighted instance is refused with an InputError naming the algorithm. */
  refusesWeights?: string;
}

/** What the host must have beyond the kernels (which run on WebAssembly or the JS fallback). */
export interface WebAssemblyNeed {
  /** Why WebAssembly, for the error where the host has none. */
  why: string;
  /** What to use instead. */
  instead: string;
}

export interface AlgorithmEntry {
  /** The kernel and variant, for the algorithms the kernels run. */
  kernel?: KernelPlan;
  needsWebAssembly?: WebAssemblyNeed;
  /** Solves a validated instance on the engine solve() loaded; the time limit counts from the call. */
  run(instance: Instance, engine: Engine, timeLimitMs: number): Promise<Solution>;
}

/** One entry per algorithm of docs/model.md. */
export type AlgorithmRegistry = Readonly<Record<Algorithm, AlgorithmEntry>>;
