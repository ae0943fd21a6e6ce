/**
 * solve(): validate, prepare, pick the engine, run the algorithm, build the
 * Solution. The package roots export it with every algorithm registered
 * (algorithms/solve.ts); here it runs whichever entries it is given.
 */
import type { Algorithm, Instance, Solution, SolveOptions } from "./types.js";
import { validateInstance } from "./validate.js";
import { finalExitOnly, prepare, type PreparedProblem } from "./prepare.js";
import { loadEngine, type Engine } from "./engine.js";
import { buildSolution, countServed } from "./solution.js";
import type { RawSchedule } from "./schedule.js";
import type { AlgorithmEntry, AlgorithmRegistry, KernelPlan, UpperBoundSource } from "./algorithm.js";
import { DEFAULT_TIME_LIMIT_MS, checkSolveOptions } from "./options.js";

/**
 * Building the Solution costs at least this much per user, the room the
 * kernel's share of a time limit always leaves for it: 50-250 ms at a million
 * users, one result object each, plus a major garbage collection of a heap
 * that holds the instance, which lands in it every few solves (150-270 ms;
 * builds measured up to 470 ms).
 */
const BUILD_MS_PER_USER = 4.5e-4;
/**
 * Until a large solve in this process has measured it, the kernel leaves this
 * much: the first build runs code V8 has not optimised yet (measured 0.22-0.31
 * us per user at a million on a loaded machine, first or not, but a major GC
 * may land in it).
 */
const FIRST_BUILD_MS_PER_USER = 5e-4;
/** Builds this large are measured (smaller ones are dominated by noise and matter little). */
const MEASURE_BUILD_FROM_USERS = 50_000;
/** Copying the schedule out of the kernels (memcpy of five arrays): ~0.03 us per user. */
const COPY_OUT_MS_PER_USER = 5e-5;
let buildMsPerUser = FIRST_BUILD_MS_PER_USER;
/**
 * What a kernel run takes past the limit it was given, per user: its passes
 * before the first clock check (setup, clearing, marking who is servable),
 * writing the reasons, copying out, and a garbage collection of the caller's
 * heap that lands in them (one of a heap holding a million users takes
 * 100-300 ms). Until measured in this process: 0.2 us per user.
 */
const FIRST_KERNEL_OVER_MS_PER_USER = 2e-4;
let kernelOverMsPerUser = FIRST_KERNEL_OVER_MS_PER_USER;

/** A measured cost per user, remembered so that one slow run counts for the next and then fades by half. */
function remember(previous: number, users: number, ms: number, floor: number): number {
  return Math.max(floor, ms / users, previous / 2);
}

/** The phases of the last solve() in this process, ms (diagnostics: bench/million.ts prints them). */
export const lastSolvePhases = { validateMs: 0, prepareMs: 0, kernelLimitMs: 0, kernelMs: 0, extraMs: 0, buildMs: 0 };

/** Remember what building a large Solution cost, for the next solve's reserve (never below the floor). */
function measuredBuild(users: number, ms: number): void {
  if (users < MEASURE_BUILD_FROM_USERS) return;
  buildMsPerUser = remember(buildMsPerUser, users, ms, BUILD_MS_PER_USER);
}

/** Remember how far past its limit a large kernel run went. */
function measuredKernel(users: number, limitMs: number, ms: number): void {
  if (users < MEASURE_BUILD_FROM_USERS || !(limitMs > 0)) return;
  kernelOverMsPerUser = remember(kernelOverMsPerUser, users, ms - limitMs, 0);
}
/** A kernel asked to stop at once still returns a valid (possibly empty) schedule. */
const LEAST_KERNEL_MS = 1e-3;

/**
 * The kernel's time: the limit counted from `since` (after validation), less
 * what preparing took and what building the Solution will take. 0: no limit.
 */
export function kernelTimeLimitMs(timeLimitMs: number, since: number, users: number): number {
  if (!(timeLimitMs > 0) || !Number.isFinite(timeLimitMs)) return 0;
  const reserve = users >= MEASURE_BUILD_FROM_USERS ? buildMsPerUser + COPY_OUT_MS_PER_USER + kernelOverMsPerUser : BUILD_MS_PER_USER;
  const left = timeLimitMs - (performance.now() - since) - reserve * users;
  return Math.max(left, LEAST_KERNEL_MS);
}

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
  const kernelLimitMs = kernelTimeLimitMs(timeLimitMs, since, problem.K);
  const raw = engine.run(problem, plan.kernel, kernelLimitMs, views);
  const kernelMs = performance.now() - started;
  measuredKernel(problem.K, kernelLimitMs, kernelMs);
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

async function solveOnKernel(algorithm: Algorithm, plan: KernelPlan, instance: Instance, engine: Engine, timeLimitMs: number): Promise<Solution> {
  // The schedule stays in the kernels' memory until it is built into the Solution,
  // unless an await (the LP bound) comes between, where another solve may run them.
  const { problem, raw: rawViews, timeMs, sequential } = runKernel(engine, instance, plan, timeLimitMs, true);
  const kernelEnd = performance.now();
  const lpBound = rawViews.status === "feasible" ? plan.upperBound : undefined;
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
  return { ...raw, served: raw.served.slice(), exit: raw.exit.slice(), bandwidthHz: raw.bandwidthHz.slice(), reason: raw.reason.slice(), runOrder: raw.runOrder.slice() };
}

/**
 * The LP bound gets a quarter of the search's time limit, so a limited solve
 * ends within 1.25x its limit; below LP_BOUND_MIN_MS it is not tried (one LP
 * on 60 users takes ~5-30 ms, and HiGHS cannot be stopped inside one).
 */
const LP_BOUND_MIN_MS = 25;
const LP_BOUND_SHARE = 0.25;
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
async function tightenByLp(lpBound: UpperBoundSource, instance: Instance, problem: PreparedProblem, engine: Engine, raw: RawSchedule, timeLimitMs: number): Promise<Record<string, number> | undefined> {
  const served = countServed(raw.served);
  if (raw.upperBound <= served) return undefined;
  // No limit (the search stopped at the default one) gives the LP the default's share.
  const lpMs = LP_BOUND_SHARE * (timeLimitMs > 0 && Number.isFinite(timeLimitMs) ? timeLimitMs : DEFAULT_TIME_LIMIT_MS);
  if (lpMs < LP_BOUND_MIN_MS) return { lpBoundSkipped: 1 };
  const started = performance.now();
  const bound = await lpBound(instance, problem, engine, lpMs, served);
  // Undefined: the schedule and the search's own bound stand; the Solution says the LP could not help.
  if (bound === undefined) return { lpBoundFailed: 1, lpBoundMs: performance.now() - started };
  raw.upperBound = Math.min(raw.upperBound, bound);
  return { lpUpperBound: bound, lpBoundMs: performance.now() - started };
}
