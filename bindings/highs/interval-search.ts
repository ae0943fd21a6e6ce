/**
 * What milp's two searches share (milp.ts by count, milp-weighted.ts by
 * weight): the intervals (lo, hi] of the batch start tau, best bound first,
 * each solved with HiGHS on milp-model.ts's interval model, and what is done
 * with the set a MIP returns, judged at its own best start tau(S):
 *   - tau(S) inside (lo, hi): split there. S and its supersets (tau only
 *     falls as users join) belong to (lo, tau(S)], where the model prices S
 *     exactly; the right part gets a no-good cut sum_{k in S} x_k <= |S| - 1.
 *   - tau(S) <= lo: S lies outside, let in by HiGHS's feasibility tolerance;
 *     the same no-good cut for this interval, then solve it again.
 *   - tau(S) >= hi: a feasible S is priced there no higher than the model
 *     priced it, so it meets the interval's bound but for the tolerances and
 *     the interval closes; an infeasible S is infeasible at every tau, a
 *     global no-good cut.
 * Time limit: each HiGHS call gets the time left, and the search stops when
 * it runs out with its open intervals' bounds.
 */
import type { Highs } from "highs";
import type { Engine } from "../core/engine.js";
import type { PreparedProblem } from "../core/prepare.js";
import { HighsError, MODEL_STATUS, runModel, statusName, type HighsRun } from "./highs.js";
import { blockTimeS, buildIntervalModel, type IntervalModel, type IntervalModelInput } from "./milp-model.js";

/** HiGHS's absolute MIP gap, in objective units. */
const MIP_ABSOLUTE_GAP = 1e-10;
/** HiGHS presolve for the MIPs (LPs run without: on models this small it costs more than it saves). */
const MIP_PRESOLVE = "choose";
/** Band within this fraction of W of an interval's bound counts as meeting it (HiGHS's tolerances). */
export const BAND_TOLERANCE = 1e-9;
/** Intervals wider than this fraction of their upper end are split on their LP bounds alone. */
export const NARROW_INTERVAL = 0.02;

/** A set of users at its own best start: tau(S), and the band every user needs there. */
export interface Evaluation {
  users: number[];
  feasible: boolean;
  tauS: number;
  bandwidthHz: number;
}

/** A served set at its own best start: tau(S) and the band every user needs there (docs/model.md). */
export function evaluateSet(problem: PreparedProblem, engine: Engine, users: number[]): Evaluation {
  const { N } = problem;
  if (users.length === 0) return { users, feasible: true, tauS: 0, bandwidthHz: 0 };
  const batch = new Array<number>(N + 2).fill(0);
  for (const k of users) for (let n = 1; n <= problem.minExit[k]; n++) batch[n]++;
  if (batch[1] > problem.maxBatch) return { users, feasible: false, tauS: -Infinity, bandwidthHz: Infinity };
  const computeTo = new Array<number>(N + 1).fill(0);
  for (let n = 1; n <= N; n++) computeTo[n] = computeTo[n - 1] + blockTimeS(problem, n, batch[n]);
  let tauS = Infinity;
  for (const k of users) tauS = Math.min(tauS, problem.deadlineS[k] - computeTo[problem.minExit[k]]);
  let bandwidthHz = 0;
  for (const k of users) bandwidthHz += tauS > 0 ? engine.wminHz(problem.dataBits[k], problem.snrHz[k], tauS) : Infinity;
  const feasible = tauS > 0 && bandwidthHz <= problem.bandwidthHz;
  return { users, feasible, tauS, bandwidthHz };
}

export interface Interval {
  loS: number;
  hiS: number;
  /** Proved so far: no schedule here is worth more than `bound` (tasks, or weight), and at `bound` none uses less than `bandwidthHz`. */
  bound: number;
  bandwidthHz: number;
  /** Sets S (and so their supersets) with tau(S) <= lo: no schedule of this interval. */
  noGoods: number[][];
  /** Whether its LP relaxations have been solved (then it is narrow enough for the MIP). */
  relaxed: boolean;
}

/** The model's objective and floor, as milp-model.ts takes them. */
export type ModelObjective = Pick<IntervalModelInput, "countWeight" | "bandwidthWeight" | "minCount" | "values">;

/** The search over tau intervals and its state; a subclass says what one step on an interval does. */
export abstract class IntervalSearch {
  readonly open: Interval[] = [];
  /** Sets infeasible at every tau. */
  readonly noGoods: number[][] = [];
  milpSolves = 0;
  lpSolves = 0;

  constructor(
    protected readonly highs: Highs,
    protected readonly problem: PreparedProblem,
    protected readonly engine: Engine,
    public best: Evaluation,
    private readonly deadlineMs: number,
  ) {}

  /** What a set is worth: its count, or its served weight. */
  abstract valueOf(e: Evaluation): number;

  /** Work on one interval (closing, splitting or re-queueing it); false when time ran out inside. */
  protected abstract step(interval: Interval): boolean;

  protected remainingS(): number {
    return (this.deadlineMs - performance.now()) / 1000;
  }

  /** Solve the interval's model (null: no user can be served in it); throws on a HiGHS failure. */
  protected solve(interval: Interval, integer: boolean, objective: ModelObjective): { model: IntervalModel; run: HighsRun } | null {
    const model = buildIntervalModel(this.problem, this.engine, {
      ...objective,
      loS: interval.loS,
      hiS: interval.hiS,
      integer,
      noGoods: this.noGoods.concat(interval.noGoods),
      maximize: this.highs.constants.objectiveSense.maximize,
    });
    if (!model) return null;
    const run = runModel(this.highs, model.data, { timeLimitS: this.remainingS(), mipAbsoluteGap: MIP_ABSOLUTE_GAP, presolve: integer ? MIP_PRESOLVE : "off" });
    if (integer) this.milpSolves++;
    else this.lpSolves++;
    if (run.status !== MODEL_STATUS.optimal && run.status !== MODEL_STATUS.infeasible && run.status !== MODEL_STATUS.timeLimit) {
      throw new HighsError(`HiGHS ended with status "${statusName(run.status)}"`);
    }
    return { model, run };
  }

  /** The users a solved model chose, judged at their own start. */
  protected chosenSet(model: IntervalModel, run: HighsRun): Evaluation {
    if (!run.colValue) throw new HighsError("HiGHS reported an optimal interval model without a solution");
    const colValue = run.colValue;
    return evaluateSet(
      this.problem,
      this.engine,
      model.users.filter((_, i) => colValue[i] > 0.5),
    );
  }

  /** Highest bound first, then least band bound. */
  private takeNext(): Interval {
    let at = 0;
    for (let i = 1; i < this.open.length; i++) {
      const a = this.open[i];
      const b = this.open[at];
      if (a.bound > b.bound || (a.bound === b.bound && a.bandwidthHz < b.bandwidthHz)) at = i;
    }
    return this.open.splice(at, 1)[0];
  }

  /** Run until every interval is closed (true) or time runs out (false). */
  run(): boolean {
    while (this.open.length > 0) {
      if (this.remainingS() <= 0) return false;
      const interval = this.takeNext();
      if (!this.step(interval)) {
        this.open.push(interval);
        return false;
      }
    }
    return true;
  }

  /** A wide interval is split at its middle on its LP bounds alone; true if it was. */
  protected splitIfWide(interval: Interval): boolean {
    if (interval.hiS - interval.loS <= NARROW_INTERVAL * interval.hiS) return false;
    const midS = interval.loS + (interval.hiS - interval.loS) / 2;
    this.open.push({ ...interval, hiS: midS }, { ...interval, loS: midS });
    return true;
  }

  /** Re-queue what is left of an interval whose MIP chose `candidate` short of its new bound (header comment). */
  protected placeCandidate(interval: Interval, candidate: Evaluation, bound: number, bandwidthHz: number): void {
    const { loS, hiS } = interval;
    if (candidate.tauS <= loS) {
      this.open.push({ ...interval, bound, bandwidthHz, noGoods: [...interval.noGoods, candidate.users] });
    } else if (candidate.tauS >= hiS) {
      if (candidate.feasible) return;
      this.noGoods.push(candidate.users);
      this.open.push({ ...interval, bound, bandwidthHz });
    } else {
      this.open.push(
        { ...interval, hiS: candidate.tauS, bound, bandwidthHz },
        { ...interval, loS: candidate.tauS, bound, bandwidthHz, noGoods: [...interval.noGoods, candidate.users] },
      );
    }
  }
}
