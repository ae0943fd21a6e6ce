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
 * step 2 is judged at its own start, and the interval splits at that start,
 * or takes a no-good cut, as in milp.ts (interval-search.ts). Weights within
 * WEIGHT_TOLERANCE (relative) count as equal, a little more than HiGHS's
 * feasibility tolerance, so that an interval whose bound the incumbent meets
 * up to HiGHS's rounding closes.
 */
import { MODEL_STATUS } from "./highs.js";
import { BAND_TOLERANCE, IntervalSearch, type Evaluation, type Interval } from "./interval-search.js";

/** Relative tolerance on weights (HiGHS's feasibility tolerance is 1e-7 absolute; weights here are O(1) to O(1e4)). */
const WEIGHT_TOLERANCE = 1e-7;

/** The search over tau intervals by weight. */
export class WeightedIntervalSearch extends IntervalSearch {
  valueOf(e: Evaluation): number {
    let total = 0;
    for (const k of e.users) total += this.problem.weight[k];
    return total;
  }

  /** Heavier beyond the tolerance, or as heavy with less band. */
  better(a: Evaluation, b: Evaluation): boolean {
    const wa = this.valueOf(a);
    const wb = this.valueOf(b);
    if (wa > wb * (1 + WEIGHT_TOLERANCE)) return true;
    return wa >= wb * (1 - WEIGHT_TOLERANCE) && a.bandwidthHz < b.bandwidthHz * (1 - 1e-12);
  }

  /** Does the incumbent meet a bound (weight, least band at that weight)? */
  private meets(weight: number, bandwidthHz: number): boolean {
    const w = this.valueOf(this.best);
    if (w >= weight * (1 + WEIGHT_TOLERANCE)) return true;
    return w >= weight * (1 - WEIGHT_TOLERANCE) && this.best.bandwidthHz <= bandwidthHz + BAND_TOLERANCE * this.problem.bandwidthHz;
  }

  private solveFor(interval: Interval, integer: boolean, objective: "weight" | "band", minWeight: number) {
    const weight = objective === "weight" ? 1 : 0;
    return this.solve(interval, integer, { countWeight: weight, bandwidthWeight: 1 - weight, minCount: minWeight, values: this.problem.weight });
  }

  /** The least weight a set must have to matter: the incumbent's, less the tolerance. */
  private floor(): number {
    return this.valueOf(this.best) * (1 - WEIGHT_TOLERANCE);
  }

  protected step(interval: Interval): boolean {
    if (this.meets(interval.bound, interval.bandwidthHz)) return true;
    const W = this.problem.bandwidthHz;
    if (!interval.relaxed) {
      const lp = this.solveFor(interval, false, "weight", 0);
      if (!lp || lp.run.status === MODEL_STATUS.infeasible) return true;
      if (lp.run.status === MODEL_STATUS.timeLimit) return false;
      interval.bound = Math.min(interval.bound, lp.run.dualBound * (1 + WEIGHT_TOLERANCE));
      if (interval.bound <= this.valueOf(this.best) * (1 + WEIGHT_TOLERANCE) && this.best.users.length > 0) {
        const band = this.solveFor(interval, false, "band", this.floor());
        if (!band || band.run.status === MODEL_STATUS.infeasible) return true;
        if (band.run.status === MODEL_STATUS.timeLimit) return false;
        interval.bandwidthHz = Math.max(interval.bandwidthHz, -band.run.dualBound * W);
        if (this.meets(interval.bound, interval.bandwidthHz)) return true;
      }
      if (this.splitIfWide(interval)) return true;
      interval.relaxed = true;
    }
    // 1. The most weight here, at least the incumbent's.
    const heaviest = this.solveFor(interval, true, "weight", this.best.users.length > 0 ? this.floor() : 0);
    if (!heaviest || heaviest.run.status === MODEL_STATUS.infeasible) return true;
    if (heaviest.run.status === MODEL_STATUS.timeLimit) {
      interval.bound = Math.min(interval.bound, heaviest.run.dualBound * (1 + WEIGHT_TOLERANCE));
      return false;
    }
    const weight = Math.min(interval.bound, heaviest.run.dualBound * (1 + WEIGHT_TOLERANCE));
    // 2. The least band at that weight (the MIP's own optimum, less the tolerance, keeps it feasible).
    const found = heaviest.run.objective;
    const cheapest = this.solveFor(interval, true, "band", found * (1 - WEIGHT_TOLERANCE));
    const mip = cheapest && cheapest.run.status === MODEL_STATUS.optimal ? cheapest : heaviest;
    const candidate = this.chosenSet(mip.model, mip.run);
    if (candidate.feasible && this.better(candidate, this.best)) this.best = candidate;
    if (cheapest?.run.status === MODEL_STATUS.timeLimit) return false;
    const bandwidthHz = mip === cheapest ? Math.max(0, -cheapest.run.dualBound * W) : 0;
    if (this.meets(weight, bandwidthHz)) return true;
    this.placeCandidate(interval, candidate, weight, bandwidthHz);
    return true;
  }
}
