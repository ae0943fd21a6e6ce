/**
 * `milp`: the problem handed to HiGHS, an optimiser nobody here wrote, as an
 * independent road to the optimum; and `lpUpperBound`, HiGHS's LP relaxation
 * as a proved bound for searches cut short by a time limit.
 *
 * For a fixed batch start tau the problem is a MILP (milp-model.ts). tau is
 * not known, and w^min is convex and decreasing in tau, so milp searches over
 * intervals of tau. On [lo, hi] the optimistic model (deadlines met at lo,
 * each user priced at w^min(min(hi, latest_k))) contains every schedule whose
 * tau lies in the interval, so its optimum bounds them all from above: in
 * count, and at that count in band. Its solution S, evaluated at its own best
 * start tau(S) = min_k (T_k - D_{m_k}(S)) with w^min(tau(S)), is a real
 * schedule (or, when HiGHS's tolerances let a hair too much through, a set
 * infeasible at every tau: a no-good cut excludes it and its supersets and
 * the interval is solved again). An interval is closed once the incumbent is
 * at least as good as its bound (more tasks, or as many with no more band);
 * otherwise it is split at tau(S) when that lies inside, else at its middle.
 * Every model also asks for at least the incumbent's count, so intervals that
 * cannot reach it are closed by infeasibility. The incumbent starts from the
 * greedy kernel's schedule (a heuristic only: every proof comes from HiGHS).
 *
 * Secondary objective: the model's objective is count - (band at the
 * interval's prices) / (2 W), so one solve gives the most tasks and, among
 * those, the least optimistic band; closing intervals on that (count, band)
 * pair makes milp return the least-band schedule among the largest, like
 * exact does (tests compare both within 1e-6 relative).
 *
 * With a time limit the search stops where it is and returns its incumbent
 * with status "feasible" and the largest bound of the intervals still open.
 */
import type { Instance, Solution } from "./types.js";
import type { Engine } from "./engine.js";
import { prepare, type PreparedProblem } from "./prepare.js";
import { buildSolution } from "./solution.js";
import {
  REASON_ACCURACY, REASON_NOT_SELECTED, REASON_SERVED, REASON_UNREACHABLE, type RawSchedule,
} from "./schedule.js";
import { HighsError, MODEL_STATUS, loadHighs, runModel, statusName } from "./highs.js";
import { blockTimeS, buildIntervalModel, latestStartS } from "./milp-model.js";

export { HighsError, setHighsWasmUrl } from "./highs.js";

/** Weight of the normalised band in the objective: the band term stays below one task. */
const BANDWIDTH_WEIGHT = 0.5;
/** HiGHS's absolute MIP gap, in objective units (2 W Hz of band per unit). */
const MIP_ABSOLUTE_GAP = 1e-10;
/** Band within this fraction of W of an interval's bound counts as meeting it (HiGHS's tolerances). */
const BAND_TOLERANCE = 1e-9;
/** Splitting at tau(S) needs it this far (relative) inside the interval; else split at the middle. */
const SPLIT_MARGIN = 1e-9;

interface Evaluation {
  users: number[];
  feasible: boolean;
  tauS: number;
  bandwidthHz: number;
}

/** A served set at its own best start: tau(S) and the band every user needs there (MODEL.md). */
export function evaluateSet(problem: PreparedProblem, engine: Engine, users: number[]): Evaluation {
  const { N } = problem;
  if (users.length === 0) return { users, feasible: true, tauS: 0, bandwidthHz: 0 };
  const batch = new Array<number>(N + 2).fill(0);
  for (const k of users) for (let n = 1; n <= problem.minExit[k]; n++) batch[n]++;
  const computeTo = new Array<number>(N + 1).fill(0);
  for (let n = 1; n <= N; n++) computeTo[n] = computeTo[n - 1] + blockTimeS(problem, n, Math.min(batch[n], problem.maxBatch));
  let tauS = Infinity;
  for (const k of users) tauS = Math.min(tauS, problem.deadlineS[k] - computeTo[problem.minExit[k]]);
  let bandwidthHz = 0;
  for (const k of users) bandwidthHz += tauS > 0 ? engine.wminHz(problem.dataBits[k], problem.snrHz[k], tauS) : Infinity;
  const feasible = users.length <= problem.maxBatch && tauS > 0 && bandwidthHz <= problem.bandwidthHz;
  return { users, feasible, tauS, bandwidthHz };
}

function better(a: Evaluation, b: Evaluation): boolean {
  return a.users.length > b.users.length || (a.users.length === b.users.length && a.bandwidthHz < b.bandwidthHz * (1 - 1e-12));
}

interface Interval {
  loS: number;
  hiS: number;
  /** The parent's bound: no schedule here serves more, and at that count none uses less band. */
  count: number;
  bandwidthHz: number;
}

function servedUsers(users: number[], colValue: Float64Array): number[] {
  return users.filter((_, i) => colValue[i] > 0.5);
}

/** Users who could be served alone with the whole band (the kernels' `servable`). */
function servableUsers(problem: PreparedProblem, engine: Engine): boolean[] {
  return Array.from({ length: problem.K }, (_, k) => {
    const latest = latestStartS(problem, k);
    return latest > 0 && engine.wminHz(problem.dataBits[k], problem.snrHz[k], latest) <= problem.bandwidthHz;
  });
}

function rawSchedule(problem: PreparedProblem, engine: Engine, best: Evaluation, servable: boolean[], optimal: boolean, upperBound: number, nodes: number): RawSchedule {
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
    served, exit, bandwidthHz, reason, runOrder: new Int32Array(0),
    tauS: best.users.length > 0 ? best.tauS : 0,
    status: optimal ? "optimal" : "feasible",
    upperBound, nodes,
  };
}

export async function solveMilp(instance: Instance, engine: Engine, timeLimitMs: number): Promise<Solution> {
  const started = performance.now();
  const deadlineMs = timeLimitMs > 0 ? started + timeLimitMs : Infinity;
  const highs = await loadHighs();
  const problem = prepare(instance);
  const servable = servableUsers(problem, engine);

  const greedy = engine.run(problem, "greedy", 0);
  const greedyUsers: number[] = [];
  greedy.served.forEach((v, k) => v && greedyUsers.push(k));
  let best = evaluateSet(problem, engine, greedyUsers);
  if (!best.feasible) best = evaluateSet(problem, engine, []);
  // The kernel's bandwidth relaxation (proved) caps the bound reported if time runs out before the root is solved.
  const kernelBound = greedy.upperBound;

  let tauMaxS = 0;
  for (let k = 0; k < problem.K; k++) if (servable[k]) tauMaxS = Math.max(tauMaxS, latestStartS(problem, k));
  const open: Interval[] = tauMaxS > 0 ? [{ loS: 0, hiS: tauMaxS, count: kernelBound, bandwidthHz: 0 }] : [];
  const noGoods: number[][] = [];
  let solves = 0;
  let timedOutBound = -1;

  while (open.length > 0) {
    const remainingMs = deadlineMs - performance.now();
    if (remainingMs <= 0) break;
    const interval = open.pop()!;
    if (closedBy(best, interval.count, interval.bandwidthHz, problem)) continue;
    const model = buildIntervalModel(problem, engine, {
      loS: interval.loS, hiS: interval.hiS, integer: true, bandwidthWeight: BANDWIDTH_WEIGHT,
      minCount: best.users.length, noGoods, maximize: highs.constants.objectiveSense.maximize,
    });
    if (!model) continue;
    const run = runModel(highs, model.data, { timeLimitS: remainingMs / 1000, mipAbsoluteGap: MIP_ABSOLUTE_GAP });
    solves++;
    if (run.status === MODEL_STATUS.infeasible) continue; // nothing here reaches the incumbent's count
    const candidate = run.colValue ? evaluateSet(problem, engine, servedUsers(model.users, run.colValue)) : undefined;
    if (candidate?.feasible && better(candidate, best)) best = candidate;
    if (run.status === MODEL_STATUS.timeLimit) {
      timedOutBound = Math.max(timedOutBound, countBound(run.dualBound));
      open.push(interval);
      break;
    }
    if (run.status !== MODEL_STATUS.optimal || !candidate) {
      throw new HighsError(`HiGHS returned no solution for an interval model (status "${statusName(run.status)}")`);
    }
    if (!candidate.feasible) {
      // Within HiGHS's tolerances but not exactly: infeasible at its best tau, hence at every tau.
      noGoods.push(candidate.users);
      open.push(interval);
      continue;
    }
    const count = countBound(run.dualBound);
    const bandwidthHz = (Math.max(0, count - run.dualBound) * problem.bandwidthHz) / BANDWIDTH_WEIGHT;
    if (closedBy(best, count, bandwidthHz, problem)) continue;
    const { loS, hiS } = interval;
    const width = hiS - loS;
    const splitS = candidate.tauS > loS + SPLIT_MARGIN * hiS && candidate.tauS < hiS - SPLIT_MARGIN * hiS ? candidate.tauS : loS + width / 2;
    if (!(width > SPLIT_MARGIN * hiS)) {
      throw new HighsError(`milp: tau interval [${loS}, ${hiS}] s cannot be split further yet is not closed (HiGHS tolerances?)`);
    }
    open.push({ loS, hiS: splitS, count, bandwidthHz }, { loS: splitS, hiS, count, bandwidthHz });
  }

  const optimal = open.length === 0;
  let upperBound = best.users.length;
  if (!optimal) {
    for (const interval of open) upperBound = Math.max(upperBound, interval.count);
    upperBound = Math.max(upperBound, timedOutBound);
    upperBound = Math.min(upperBound, Math.max(kernelBound, best.users.length));
  }
  const raw = rawSchedule(problem, engine, best, servable, optimal, upperBound, solves);
  return buildSolution(instance, problem, raw, {
    algorithm: "milp", engine: "highs", sequential: false, timeMs: performance.now() - started,
    extraStats: { milpSolves: solves, noGoodCuts: noGoods.length },
  });
}

/** The count an objective bound allows: objective = count - (band term in [0, 1/2]). */
function countBound(objectiveBound: number): number {
  return Math.ceil(objectiveBound - 1e-7);
}

/** Is the incumbent at least as good as a bound (count, least band at that count)? */
function closedBy(best: Evaluation, count: number, bandwidthHz: number, problem: PreparedProblem): boolean {
  const served = best.users.length;
  return served > count || (served === count && best.bandwidthHz <= bandwidthHz + BAND_TOLERANCE * problem.bandwidthHz);
}
