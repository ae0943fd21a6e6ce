/**
 * `milp`: the problem handed to HiGHS, an optimiser nobody here wrote, as an
 * independent road to the optimum.
 *
 * For a fixed batch start tau the problem is a MILP (milp-model.ts documents
 * the formulation). tau is not known, and w^min is convex and decreasing in
 * tau, so milp searches over intervals (lo, hi] of tau. The optimistic model
 * of an interval (deadlines met at lo, each user priced at w^min(min(hi,
 * latest_k))) contains every schedule whose best start tau(S) lies in the
 * interval, so its optimum bounds them all: in count, and at that count in
 * band. Its solution S evaluated at its own best start
 *   tau(S) = min_{k in S} (T_k - D_{m_k}(S)),  band sum_k w^min_k(tau(S)),
 * is a real schedule or a set infeasible at every tau.
 *
 * Search, best bound first:
 * 1. LP relaxations (cheap): is any set of more tasks than the incumbent
 *    possible here? If not, what is the least band of the incumbent's count?
 *    An interval whose bound the incumbent meets is closed (proved).
 * 2. Wider than NARROW_INTERVAL of its upper end: split at the middle (the
 *    optimistic model is weak when lo and hi are far apart).
 * 3. Narrow: the MIP, with objective count - band / (2W) (one more task always
 *    outweighs the band term, which lies in [0, 1/2]) and sum x >= incumbent's
 *    count. Infeasible or met by the incumbent: closed. Otherwise its set is
 *    judged at its own start and the interval split there or cut
 *    (interval-search.ts).
 * The incumbent starts from the greedy kernel's schedule (a heuristic only:
 * every proof comes from HiGHS).
 *
 * Secondary objective (docs/model.md): among the most tasks, the least band. Every
 * closing test compares (count, band) pairs, so milp returns the least-band
 * schedule of the largest size, as exact does (the tests check both agree
 * within 1e-6 relative; on the random instances they agree to the last bit).
 *
 * Time limit: the search stops when it runs out, returning its incumbent
 * with status "feasible" and the largest count bound among the intervals
 * still open.
 */
import type { Instance, Solution } from "../core/types.js";
import type { Engine } from "../core/engine.js";
import { prepare, type PreparedProblem } from "../core/prepare.js";
import { buildSolution } from "../core/solution.js";
import { REASON_ACCURACY, REASON_NOT_SELECTED, REASON_SERVED, REASON_UNREACHABLE, type RawSchedule } from "../core/schedule.js";
import { HighsError, MODEL_STATUS, loadHighs } from "./highs.js";
import { BAND_TOLERANCE, IntervalSearch, evaluateSet, type Evaluation, type Interval } from "./interval-search.js";
import { initialIntervals, servableUsers } from "./milp-model.js";
import { WeightedIntervalSearch } from "./milp-weighted.js";

export { HighsError } from "./highs.js";
export { setHighsWasmUrl } from "./wasm-url.js";

/** Weight of the normalised band in the MIP objective: the band term stays below one task. */
const BANDWIDTH_WEIGHT = 0.5;
/** Slack on an objective bound before it is rounded to a count (HiGHS's feasibility tolerance is 1e-7). */
const COUNT_TOLERANCE = 1e-6;

/** More tasks, or as many with less band (the kernels' rule, same 1e-12 guard). */
function better(a: Evaluation, b: Evaluation): boolean {
  return a.users.length > b.users.length || (a.users.length === b.users.length && a.bandwidthHz < b.bandwidthHz * (1 - 1e-12));
}

/** Is the incumbent at least as good as a bound (count, least band at that count)? */
function meets(best: Evaluation, count: number, bandwidthHz: number, bandwidthLimitHz: number): boolean {
  const served = best.users.length;
  return served > count || (served === count && best.bandwidthHz <= bandwidthHz + BAND_TOLERANCE * bandwidthLimitHz);
}

function rawSchedule(
  problem: PreparedProblem,
  engine: Engine,
  best: Evaluation,
  servable: boolean[],
  optimal: boolean,
  upperBound: number,
  nodes: number,
): RawSchedule {
  const { K } = problem;
  const served = new Uint8Array(K);
  const exit = new Int32Array(K);
  const bandwidthHz = new Float64Array(K);
  const reason = new Int32Array(K);
  for (const k of best.users) {
    served[k] = 1;
    exit[k] = problem.minExit[k];
    bandwidthHz[k] = engine.wminHz(problem.dataBits[k], problem.snrHz[k], best.tauS);
  }
  for (let k = 0; k < K; k++) {
    if (served[k]) reason[k] = REASON_SERVED;
    else if (problem.minExit[k] === 0) reason[k] = REASON_ACCURACY;
    else if (!servable[k]) reason[k] = REASON_UNREACHABLE;
    else reason[k] = REASON_NOT_SELECTED;
  }
  return {
    served,
    exit,
    bandwidthHz,
    reason,
    runOrder: new Int32Array(0),
    tauS: best.users.length > 0 ? best.tauS : 0,
    status: optimal ? "optimal" : "feasible",
    upperBound,
    weightBound: upperBound,
    nodes,
  };
}

/** Objective bound -> the most tasks it allows, given objective = count - (a non-negative band term). */
function countAllowed(objectiveBound: number): number {
  return Math.floor(objectiveBound + COUNT_TOLERANCE);
}

/** The search over tau intervals by count, then band (interval-search.ts). */
class CountSearch extends IntervalSearch {
  valueOf(e: Evaluation): number {
    return e.users.length;
  }

  protected step(interval: Interval): boolean {
    const W = this.problem.bandwidthHz;
    if (meets(this.best, interval.bound, interval.bandwidthHz, W)) return true;
    if (!interval.relaxed) {
      const relaxed = this.relax(interval);
      if (relaxed !== "open") return relaxed === "closed";
      if (this.splitIfWide(interval)) return true;
      interval.relaxed = true;
    }

    const mip = this.solve(interval, true, { countWeight: 1, bandwidthWeight: BANDWIDTH_WEIGHT, minCount: this.best.users.length });
    if (!mip || mip.run.status === MODEL_STATUS.infeasible) return true; // nothing here reaches the incumbent's count
    const { model, run } = mip;
    const candidate = run.colValue ? this.chosenSet(model, run) : undefined;
    if (candidate?.feasible && better(candidate, this.best)) this.best = candidate;
    if (run.status === MODEL_STATUS.timeLimit) {
      interval.bound = Math.min(interval.bound, countAllowed(run.dualBound + BANDWIDTH_WEIGHT));
      return false;
    }
    if (!candidate) throw new HighsError("HiGHS reported an optimal interval model without a solution");
    const count = countAllowed(run.dualBound + BANDWIDTH_WEIGHT);
    const bandwidthHz = (Math.max(0, count - run.dualBound) * W) / BANDWIDTH_WEIGHT;
    if (meets(this.best, count, bandwidthHz, W)) return true;
    this.placeCandidate(interval, candidate, count, bandwidthHz);
    return true;
  }

  /** Tighten an interval's bounds by LP relaxations: "closed", "open", or "timeout". */
  private relax(interval: Interval): "closed" | "open" | "timeout" {
    const incumbent = this.best.users.length;
    // Any set with more tasks than the incumbent?
    const more = this.solve(interval, false, { countWeight: 1, bandwidthWeight: 0, minCount: incumbent + 1 });
    if (!more) return "closed";
    if (more.run.status === MODEL_STATUS.timeLimit) return "timeout";
    let count = incumbent;
    if (more.run.status === MODEL_STATUS.optimal) count = countAllowed(more.run.dualBound);
    interval.bound = Math.min(interval.bound, count);
    if (interval.bound > incumbent) return "open";
    // At most the incumbent's count: the least band of that many tasks here.
    const band = this.solve(interval, false, { countWeight: 0, bandwidthWeight: 1, minCount: incumbent });
    if (!band || band.run.status === MODEL_STATUS.infeasible) return "closed";
    if (band.run.status === MODEL_STATUS.timeLimit) return "timeout";
    interval.bandwidthHz = Math.max(interval.bandwidthHz, -band.run.dualBound * this.problem.bandwidthHz);
    return meets(this.best, interval.bound, interval.bandwidthHz, this.problem.bandwidthHz) ? "closed" : "open";
  }
}

/** How many pieces the latest starts first cut the tau range into. */
const INITIAL_PIECES = 8;

export async function solveMilp(instance: Instance, engine: Engine, timeLimitMs: number): Promise<Solution> {
  const started = performance.now();
  const deadlineMs = timeLimitMs > 0 ? started + timeLimitMs : Infinity;
  const highs = await loadHighs();
  const problem = prepare(instance);
  const servable = servableUsers(problem, engine);

  const greedy = engine.run(problem, "greedy", Infinity);
  const greedyUsers: number[] = [];
  greedy.served.forEach((v, k) => v && greedyUsers.push(k));
  let incumbent = evaluateSet(problem, engine, greedyUsers);
  if (!incumbent.feasible) incumbent = evaluateSet(problem, engine, []);
  // The kernels' bandwidth relaxation (proved) is the bound before any interval is solved.
  const kernelBound = Math.max(greedy.upperBound, incumbent.users.length);

  // Without weights the count search (above); with them milp-weighted.ts's, by served weight.
  const search = problem.weighted
    ? new WeightedIntervalSearch(highs, problem, engine, incumbent, deadlineMs)
    : new CountSearch(highs, problem, engine, incumbent, deadlineMs);
  const startBound = problem.weighted ? Math.max(greedy.weightBound, search.valueOf(incumbent)) : kernelBound;
  for (const [loS, hiS] of initialIntervals(problem, servable, INITIAL_PIECES)) {
    search.open.push({ loS, hiS, bound: startBound, bandwidthHz: 0, noGoods: [], relaxed: false });
  }
  const optimal = search.run();
  const best = search.best;
  let bound = search.valueOf(best);
  if (!optimal) for (const interval of search.open) bound = Math.max(bound, interval.bound);

  const countBound = problem.weighted ? best.users.length : bound;
  const raw = rawSchedule(problem, engine, best, servable, optimal, countBound, search.milpSolves + search.lpSolves);
  raw.weightBound = bound;
  return buildSolution(instance, problem, raw, {
    algorithm: "milp",
    engine: "highs",
    sequential: false,
    timeMs: performance.now() - started,
    extraStats: { milpSolves: search.milpSolves, lpSolves: search.lpSolves, noGoodCuts: search.noGoods.length },
  });
}
