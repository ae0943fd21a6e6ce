/**
 * solve(): validate, prepare, pick the engine, run the algorithm, build the
 * Solution. The package roots export it with every algorithm registered
 * (algorithms/solve.ts); here it runs whichever entries it is given.
 */
import type { Algorithm, Instance, Solution, SolveOptions } from "./types.js";
import { validateInstance } from "./validate.js";
import { finalExitOnly, hasWeights, prepare, type PreparedProblem } from "./prepare.js";
import { InputError } from "./errors.js";
import { loadEngine, type Engine } from "./engine.js";
import { buildSolution, countServed } from "./solution.js";
import type { RawSchedule } from "./schedule.js";
import type { AlgorithmEntry, AlgorithmRegistry, KernelPlan, UpperBoundSource } from "./algorithm.js";
import { checkSolveOptions } from "./options.js";
import { DEFAULT_TIME_LIMIT_MS, LP_BOUND_MIN_MS, LP_BOUND_SHARE, isLimited, kernelStopAtMs, measuredBuild, measuredKernel } from "./budget.js";

/** The phases of the last solve() in this process, ms (diagnostics: bench/million.ts prints them). */
export const lastSolvePhases = { validateMs: 0, prepareMs: 0, kernelLimitMs: 0, kernelMs: 0, extraMs: 0, buildMs: 0 };

/**
 * Run a kernel algorithm on an already validated instance (used by solve and
 * by bench/million.ts). The time limit counts from the call: preparing
 * the problem and building the Solution come out of it.
 */
export function runKernel(engine: Engine, instance: Instance, plan: KernelPlan, timeLimitMs: number, views = false) {
  const since = performance.now();
  const base = prepare(instance);
  const problem: PreparedProblem = plan.finalExit ? finalExitOnly(base, instance) : base;
  const started = performance.now();
  const stopAtMs = kernelStopAtMs(timeLimitMs, since, problem.K);
  const kernelLimitMs = stopAtMs === Infinity ? 0 : Math.max(stopAtMs - started, 0);
  const kernel = problem.weighted && plan.weightedKernel ? plan.weightedKernel : plan.kernel;
  const raw = engine.run(problem, kernel, stopAtMs, views);
  const kernelMs = performance.now() - started;
  measuredKernel(problem.K, stopAtMs, started, kernelMs);
  Object.assign(lastSolvePhases, { prepareMs: started - since, kernelLimitMs, kernelMs });
  return { problem, raw, timeMs: performance.now() - started, prepareMs: started - since, sequential: plan.kernel === "sequential" };
}

/**
 * Solves one instance with the algorithm `options` name among `registry`'s.
 * Typed as an Instance so a TypeScript caller gets completion and compile
 * errors; the input is validated at run time all the same (JSON.parse gives
 * `any`; for `unknown`, validateInstance first).
 */
export async function solveWith(registry: AlgorithmRegistry, input: Instance, options: SolveOptions = {}): Promise<Solution> {
  const { algorithm, engine: engineChoice, timeLimitMs } = checkSolveOptions(options, registry);
  const validating = performance.now();
  const instance = validateInstance(input);
  lastSolvePhases.validateMs = performance.now() - validating;
  const engine = await loadEngine(engineChoice);
  return registry[algorithm].run(instance, engine, timeLimitMs);
}

/** The registry's entry of an algorithm the kernels run. */
export function kernelAlgorithm(algorithm: Algorithm, plan: KernelPlan): AlgorithmEntry {
  return { kernel: plan, run: (instance, engine, timeLimitMs) => solveOnKernel(algorithm, plan, instance, engine, timeLimitMs) };
}

/** An algorithm that cannot honour weights refuses an instance with them, rather than ignore them. */
export function refuseWeights(algorithm: Algorithm, why: string, instance: Instance): void {
  if (!hasWeights(instance)) return;
  throw new InputError([{ path: "algorithm", message: `${algorithm} does not take users' weights (${why}); use exact, which is optimal in weight` }]);
}

async function solveOnKernel(algorithm: Algorithm, plan: KernelPlan, instance: Instance, engine: Engine, timeLimitMs: number): Promise<Solution> {
  if (plan.refusesWeights) refuseWeights(algorithm, plan.refusesWeights, instance);
  // The schedule stays in the kernels' memory until it is built into the Solution,
  // unless an await (the LP bound) comes between, where another solve may run them.
  const { problem, raw: rawViews, timeMs, sequential } = runKernel(engine, instance, plan, timeLimitMs, true);
  const kernelEnd = performance.now();
  // HiGHS's LP bound is on the count: with weights the kernels' own weight bound stands.
  const lpBound = rawViews.status === "feasible" && !problem.weighted ? plan.upperBound : undefined;
  const lpTooLarge = problem.K + problem.N * problem.maxBatch > LP_BOUND_MAX_COLUMNS;
  const raw = lpBound && !lpTooLarge ? copied(rawViews) : rawViews;
  const extraStats = !lpBound ? undefined : lpTooLarge ? { lpBoundSkipped: 1 } : await tightenByLp(lpBound, instance, problem, engine, raw, timeLimitMs);
  const building = performance.now();
  lastSolvePhases.extraMs = building - kernelEnd;
  const solution = buildSolution(instance, problem, raw, { algorithm, engine: engine.name, sequential, timeMs, extraStats });
  lastSolvePhases.buildMs = performance.now() - building;
  measuredBuild(problem.K, lastSolvePhases.buildMs);
  return solution;
}

/** The schedule's arrays copied out of the kernels' memory. */
function copied(raw: RawSchedule): RawSchedule {
  return {
    ...raw,
    served: raw.served.slice(),
    exit: raw.exit.slice(),
    bandwidthHz: raw.bandwidthHz.slice(),
    reason: raw.reason.slice(),
    runOrder: raw.runOrder.slice(),
  };
}

/**
 * Columns (users + blocks x batch sizes) above which the LP is not tried:
 * HiGHS cannot be interrupted from here and large LPs overrun any budget
 * (3000 users, 3 exits: 7-10 s against a 0.5 s budget). solve() checks it
 * before any await, so a large schedule is read in place.
 */
const LP_BOUND_MAX_COLUMNS = 1000;

/**
 * A search stopped by its time limit (on a model small enough for the LP): its bound may be loose, so take HiGHS's LP bound too
 * (highs/lp-bound.ts; it never goes below the true optimum). HiGHS is loaded only here; if it fails,
 * the search's own bound stands and stats.lpBoundFailed says so.
 */
async function tightenByLp(
  lpBound: UpperBoundSource,
  instance: Instance,
  problem: PreparedProblem,
  engine: Engine,
  raw: RawSchedule,
  timeLimitMs: number,
): Promise<Record<string, number> | undefined> {
  const served = countServed(raw.served);
  if (raw.upperBound <= served) return undefined;
  // No limit (the search stopped at the default one) gives the LP the default's share.
  const lpMs = LP_BOUND_SHARE * (isLimited(timeLimitMs) ? timeLimitMs : DEFAULT_TIME_LIMIT_MS);
  if (lpMs < LP_BOUND_MIN_MS) return { lpBoundSkipped: 1 };
  const started = performance.now();
  const bound = await lpBound(instance, problem, engine, lpMs, served);
  // Undefined: the schedule and the search's own bound stand; the Solution says the LP could not help.
  if (bound === undefined) return { lpBoundFailed: 1, lpBoundMs: performance.now() - started };
  raw.upperBound = Math.min(raw.upperBound, bound);
  return { lpUpperBound: bound, lpBoundMs: performance.now() - started };
}
