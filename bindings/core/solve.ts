/**
 * solve(): validate, prepare, pick the engine, run the algorithm, build the
 * Solution. The one entry point of the library; the CLI and the page call it.
 */
import { ALGORITHMS, type Algorithm, type Instance, type Solution, type SolveOptions } from "./types.js";
import { describeValue, validateInstance } from "./validate.js";
import { InputError } from "./errors.js";
import { finalExitOnly, prepare, type PreparedProblem } from "./prepare.js";
import { loadEngine, type Engine, type KernelAlgorithm } from "./engine.js";
import { buildSolution, countServed } from "./solution.js";
import type { RawSchedule } from "./schedule.js";
import { DEFAULT_TIME_LIMIT_MS, LP_BOUND_MIN_MS, LP_BOUND_SHARE, isLimited, kernelStopAtMs, measuredBuild, measuredKernel } from "./budget.js";

export { DEFAULT_TIME_LIMIT_MS } from "./budget.js";

/** How each algorithm of docs/model.md maps onto a kernel and a variant of the problem. */
const PLAN: Record<Exclude<Algorithm, "milp">, { kernel: KernelAlgorithm; finalExit: boolean }> = {
  exact: { kernel: "exact", finalExit: false },
  tree: { kernel: "tree", finalExit: false },
  greedy: { kernel: "greedy", finalExit: false },
  bsp: { kernel: "bsp", finalExit: false },
  "no-early-exit": { kernel: "bsp", finalExit: true },
  "no-batching": { kernel: "sequential", finalExit: false },
  conventional: { kernel: "sequential", finalExit: true },
};

function checkOptions(options: SolveOptions): Required<Pick<SolveOptions, "algorithm" | "engine">> & { timeLimitMs: number } {
  // describeValue, not JSON.stringify: a BigInt or a deeply nested array must give an InputError too.
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new InputError([{ path: "options", message: `must be an object such as { algorithm: "exact" }, got ${describeValue(options)}` }]);
  }
  const algorithm = options.algorithm ?? "exact";
  if (!ALGORITHMS.includes(algorithm)) {
    throw new InputError([{ path: "algorithm", message: `must be one of ${ALGORITHMS.join(", ")}, got ${describeValue(algorithm)}` }]);
  }
  if (algorithm === "milp" && typeof WebAssembly === "undefined") {
    throw new InputError([{ path: "algorithm", message: "milp needs WebAssembly (HiGHS is compiled to it), which this host does not have; exact finds the same optimum on the JS engine" }]);
  }
  const engine = options.engine ?? "auto";
  if (!["auto", "wasm", "js"].includes(engine)) {
    throw new InputError([{ path: "engine", message: `must be auto, wasm or js, got ${describeValue(engine)}` }]);
  }
  const timeLimitMs = options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
  if (typeof timeLimitMs !== "number" || Number.isNaN(timeLimitMs) || timeLimitMs < 0) {
    throw new InputError([{ path: "timeLimitMs", message: `must be a non-negative number of milliseconds, got ${describeValue(timeLimitMs)}` }]);
  }
  return { algorithm, engine, timeLimitMs };
}

/** The phases of the last solve() in this process, ms (diagnostics: bench/million.ts prints them). */
export const lastSolvePhases = { validateMs: 0, prepareMs: 0, kernelLimitMs: 0, kernelMs: 0, extraMs: 0, buildMs: 0 };

/**
 * Run a kernel algorithm on an already validated instance (used by solve and
 * by milp for its incumbent). The time limit counts from the call: preparing
 * the problem and building the Solution come out of it.
 */
export function runKernel(engine: Engine, instance: Instance, algorithm: Exclude<Algorithm, "milp">, timeLimitMs: number, views = false) {
  const since = performance.now();
  const plan = PLAN[algorithm];
  const base = prepare(instance);
  const problem: PreparedProblem = plan.finalExit ? finalExitOnly(base, instance) : base;
  const started = performance.now();
  const stopAtMs = kernelStopAtMs(timeLimitMs, since, problem.K);
  const kernelLimitMs = stopAtMs === Infinity ? 0 : Math.max(stopAtMs - started, 0);
  const raw = engine.run(problem, plan.kernel, stopAtMs, views);
  const kernelMs = performance.now() - started;
  measuredKernel(problem.K, stopAtMs, started, kernelMs);
  Object.assign(lastSolvePhases, { prepareMs: started - since, kernelLimitMs, kernelMs });
  return { problem, raw, timeMs: performance.now() - started, prepareMs: started - since, sequential: plan.kernel === "sequential" };
}

/**
 * Solves one instance. Typed as an Instance so a TypeScript caller gets
 * completion and compile errors; the input is validated at run time all the
 * same (JSON.parse gives `any`; for `unknown`, validateInstance first).
 */
export async function solve(input: Instance, options: SolveOptions = {}): Promise<Solution> {
  const { algorithm, engine: engineChoice, timeLimitMs } = checkOptions(options);
  const validating = performance.now();
  const instance = validateInstance(input);
  const validateMs = performance.now() - validating;
  const engine = await loadEngine(engineChoice);
  if (algorithm === "milp") {
    const { solveMilp } = await import("../highs/milp.js");
    return solveMilp(instance, engine, timeLimitMs);
  }
  // The schedule stays in the kernels' memory until it is built into the Solution,
  // unless an await (the LP bound) comes between, where another solve may run them.
  const { problem, raw: rawViews, timeMs, sequential } = runKernel(engine, instance, algorithm, timeLimitMs, true);
  const kernelEnd = performance.now();
  const lp = (algorithm === "exact" || algorithm === "tree") && rawViews.status === "feasible";
  const lpTooLarge = problem.K + problem.N * problem.maxBatch > LP_BOUND_MAX_COLUMNS;
  const raw = lp && !lpTooLarge ? copied(rawViews) : rawViews;
  const extraStats = !lp ? undefined : lpTooLarge ? { lpBoundSkipped: 1 } : await tightenByLp(instance, problem, engine, raw, timeLimitMs);
  const building = performance.now();
  lastSolvePhases.validateMs = validateMs;
  lastSolvePhases.extraMs = building - kernelEnd;
  const solution = buildSolution(instance, problem, raw, { algorithm, engine: engine.name, sequential, timeMs, extraStats });
  lastSolvePhases.buildMs = performance.now() - building;
  measuredBuild(problem.K, lastSolvePhases.buildMs);
  return solution;
}

/** The schedule's arrays copied out of the kernels' memory. */
function copied(raw: RawSchedule): RawSchedule {
  return { ...raw, served: raw.served.slice(), exit: raw.exit.slice(), bandwidthHz: raw.bandwidthHz.slice(), reason: raw.reason.slice(), runOrder: raw.runOrder.slice() };
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
 * (lp-bound.ts; it never goes below the true optimum). HiGHS is loaded only here; if it fails,
 * the search's own bound stands and stats.lpBoundFailed says so.
 */
async function tightenByLp(instance: Instance, problem: PreparedProblem, engine: Engine, raw: RawSchedule, timeLimitMs: number): Promise<Record<string, number> | undefined> {
  const served = countServed(raw.served);
  if (raw.upperBound <= served) return undefined;
  // No limit (the search stopped at the default one) gives the LP the default's share.
  const lpMs = LP_BOUND_SHARE * (isLimited(timeLimitMs) ? timeLimitMs : DEFAULT_TIME_LIMIT_MS);
  if (lpMs < LP_BOUND_MIN_MS) return { lpBoundSkipped: 1 };
  const started = performance.now();
  const { lpUpperBound, HighsError } = await import("../highs/lp-bound.js");
  try {
    const bound = await lpUpperBound(instance, problem, engine, lpMs, served);
    raw.upperBound = Math.min(raw.upperBound, bound);
    return { lpUpperBound: bound, lpBoundMs: performance.now() - started };
  } catch (error) {
    // The schedule and the search's own bound stand; the Solution says the LP could not help.
    if (error instanceof HighsError) return { lpBoundFailed: 1, lpBoundMs: performance.now() - started };
    throw error;
  }
}
