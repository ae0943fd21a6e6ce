/**
 * `milp` with users' weights: the same search over tau intervals as milp.ts,
 * with the served weight in place of the count. The interval models are
 * milp-model.ts's with each x_k valued at the user's weight v_k. A weight
 * difference can be smaller than any band term, so the two objectives are
 * solved one after the other (lexicographically) instead of in one sum:
 *   1. the most weight: maximise sum v_k x_k, with sum v_k x_k at least the
 *      incumbent's (infeasible: nothing here is as heavy; the interval closes);
 *   2. the least band at that weight: maximise - sum (w_k / W) x_k with
 *      sum v_k x_k at least the weight found.
 * Wide intervals first get the LP relaxations of both (a weight bound, and the
 * least band at the incumbent's weight) and split at their middle. The set of
 * step 2 is judged at its own start as in milp.ts, and the interval splits at
 * that start, or takes a no-good cut, in the same way. Weights within
 * WEIGHT_TOLERANCE (relative) count as equal, a little more than HiGHS's
 * feasibility tolerance, so that an interval whose bound the incumbent meets
 * up to HiGHS's rounding closes.
 */
import type { Highs } from "highs";
import type { Engine } from "../core/engine.js";
import type { PreparedProblem } from "../core/prepare.js";
import { HighsError, MODEL_STATUS, runModel, statusName, type HighsRun } from "./highs.js";
import { buildIntervalModel, type IntervalModel } from "./milp-model.js";

/** Relative tolerance on weights (HiGHS's feasibility tolerance is 1e-7 absolute; weights here are O(1) to O(1e4)). */
const WEIGHT_TOLERANCE = 1e-7;
const BAND_TOLERANCE = 1e-9;
const MIP_ABSOLUTE_GAP = 1e-10;
const NARROW_INTERVAL = 0.02;

export interface WeightedEvaluation {
  users: number[];
  feasible: boolean;
  tauS: number;
  bandwidthHz: number;
}

type Evaluate = (users: number[]) => WeightedEvaluation;

export interface WeightedInterval {
  loS: number;
  hiS: number;
  /** Proved: no schedule here weighs more than `weight`, and at `weight` none uses less than `bandwidthHz`. */
  weight: number;
  bandwidthHz: number;
  noGoods: number[][];
  relaxed: boolean;
}

/** The search over tau intervals by weight. */
export class WeightedIntervalSearch {
  readonly open: WeightedInterval[] = [];
  readonly noGoods: number[][] = [];
  milpSolves = 0;
  lpSolves = 0;

  constructor(
    private readonly highs: Highs,
    private readonly problem: PreparedProblem,
    private readonly engine: Engine,
    private readonly evaluate: Evaluate,
    public best: WeightedEvaluation,
    private readonly deadlineMs: number,
  ) {}

  weightOf(e: WeightedEvaluation): number {
    let total = 0;
    for (const k of e.users) total += this.problem.weight[k];
    return total;
  }

  /** Heavier beyond the tolerance, or as heavy with less band. */
  better(a: WeightedEvaluation, b: WeightedEvaluation): boolean {
    const wa = this.weightOf(a);
    const wb = this.weightOf(b);
    if (wa > wb * (1 + WEIGHT_TOLERANCE)) return true;
    return wa >= wb * (1 - WEIGHT_TOLERANCE) && a.bandwidthHz < b.bandwidthHz * (1 - 1e-12);
  }

  /** Does the incumbent meet a bound (weight, least band at that weight)? */
  private meets(weight: number, bandwidthHz: number): boolean {
    const w = this.weightOf(this.best);
    if (w >= weight * (1 + WEIGHT_TOLERANCE)) return true;
    return w >= weight * (1 - WEIGHT_TOLERANCE) && this.best.bandwidthHz <= bandwidthHz + BAND_TOLERANCE * this.problem.bandwidthHz;
  }

  private remainingS(): number {
    return (this.deadlineMs - performance.now()) / 1000;
  }

  private solve(interval: WeightedInterval, integer: boolean, objective: "weight" | "band", minWeight: number): { model: IntervalModel; run: HighsRun } | null {
    const model = buildIntervalModel(this.problem, this.engine, {
      loS: interval.loS,
      hiS: interval.hiS,
      integer,
      countWeight: objective === "weight" ? 1 : 0,
      bandwidthWeight: objective === "band" ? 1 : 0,
      minCount: minWeight,
      values: this.problem.weight,
      noGoods: this.noGoods.concat(interval.noGoods),
      maximize: this.highs.constants.objectiveSense.maximize,
    });
    if (!model) return null;
    const run = runModel(this.highs, model.data, { timeLimitS: this.remainingS(), mipAbsoluteGap: MIP_ABSOLUTE_GAP, presolve: integer ? "choose" : "off" });
    if (integer) this.milpSolves++;
    else this.lpSolves++;
    if (run.status !== MODEL_STATUS.optimal && run.status !== MODEL_STATUS.infeasible && run.status !== MODEL_STATUS.timeLimit) {
      throw new HighsError(`HiGHS ended with status "${statusName(run.status)}"`);
    }
    return { model, run };
  }

  /** Highest weight bound first, then least band bound. */
  private takeNext(): WeightedInterval {
    let at = 0;
    for (let i = 1; i < this.open.length; i++) {
      const a = this.open[i];
      const b = this.open[at];
      if (a.weight > b.weight || (a.weight === b.weight && a.bandwidthHz < b.bandwidthHz)) at = i;
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

  /** The least weight a set must have to matter: the incumbent's, less the tolerance. */
  private floor(): number {
    return this.weightOf(this.best) * (1 - WEIGHT_TOLERANCE);
  }

  private step(interval: WeightedInterval): boolean {
    if (this.meets(interval.weight, interval.bandwidthHz)) return true;
    const W = this.problem.bandwidthHz;
    if (!interval.relaxed) {
      const lp = this.solve(interval, false, "weight", 0);
      if (!lp || lp.run.status === MODEL_STATUS.infeasible) return true;
      if (lp.run.status === MODEL_STATUS.timeLimit) return false;
      interval.weight = Math.min(interval.weight, lp.run.dualBound * (1 + WEIGHT_TOLERANCE));
      if (interval.weight <= this.weightOf(this.best) * (1 + WEIGHT_TOLERANCE) && this.best.users.length > 0) {
        const band = this.solve(interval, false, "band", this.floor());
        if (!band || band.run.status === MODEL_STATUS.infeasible) return true;
        if (band.run.status === MODEL_STATUS.timeLimit) return false;
        interval.bandwidthHz = Math.max(interval.bandwidthHz, -band.run.dualBound * W);
        if (this.meets(interval.weight, interval.bandwidthHz)) return true;
      }
      if (interval.hiS - interval.loS > NARROW_INTERVAL * interval.hiS) {
        const midS = interval.loS + (interval.hiS - interval.loS) / 2;
        this.open.push({ ...interval, hiS: midS }, { ...interval, loS: midS });
        return true;
      }
      interval.relaxed = true;
    }
    // 1. The most weight here, at least the incumbent's.
    const heaviest = this.solve(interval, true, "weight", this.best.users.length > 0 ? this.floor() : 0);
    if (!heaviest || heaviest.run.status === MODEL_STATUS.infeasible) return true;
    if (heaviest.run.status === MODEL_STATUS.timeLimit) {
      interval.weight = Math.min(interval.weight, heaviest.run.dualBound * (1 + WEIGHT_TOLERANCE));
      return false;
    }
    const weight = Math.min(interval.weight, heaviest.run.dualBound * (1 + WEIGHT_TOLERANCE));
    // 2. The least band at that weight (the MIP's own optimum, less the tolerance, keeps it feasible).
    const found = heaviest.run.objective;
    const cheapest = this.solve(interval, true, "band", found * (1 - WEIGHT_TOLERANCE));
    const mip = cheapest && cheapest.run.status === MODEL_STATUS.optimal ? cheapest : heaviest;
    const chosen = mip.run.colValue ? mip.model.users.filter((_, i) => mip.run.colValue![i] > 0.5) : undefined;
    if (!chosen) throw new HighsError("HiGHS reported an optimal interval model without a solution");
    const candidate = this.evaluate(chosen);
    if (candidate.feasible && this.better(candidate, this.best)) this.best = candidate;
    if (cheapest?.run.status === MODEL_STATUS.timeLimit) return false;
    const bandwidthHz = mip === cheapest ? Math.max(0, -cheapest.run.dualBound * W) : 0;
    if (this.meets(weight, bandwidthHz)) return true;
    const { loS, hiS } = interval;
    if (candidate.tauS <= loS) {
      this.open.push({ ...interval, weight, bandwidthHz, noGoods: [...interval.noGoods, candidate.users] });
    } else if (candidate.tauS >= hiS) {
      if (candidate.feasible) {
        // Priced at or above the model's prices, it meets the bound but for the tolerances: close it.
        return true;
      }
      this.noGoods.push(candidate.users);
      this.open.push({ ...interval, weight, bandwidthHz });
    } else {
      this.open.push(
        { ...interval, hiS: candidate.tauS, weight, bandwidthHz },
        { ...interval, loS: candidate.tauS, weight, bandwidthHz, noGoods: [...interval.noGoods, candidate.users] },
      );
    }
    return true;
  }
}
