/**
 * A proved upper bound on the number of tasks any schedule can serve, from
 * HiGHS's LP relaxation, for searches (exact, tree) cut short by a time limit.
 *
 * Every schedule S has its best start tau(S) in (0, max latest start]. Cut
 * that range into intervals; on each, the LP relaxation of milp's optimistic
 * interval model (milp-model.ts: deadlines met at the interval's lo, each user
 * priced at w^min(min(hi, latest_k))) contains every schedule whose tau(S)
 * lies there, so the largest LP optimum over the intervals, rounded down,
 * bounds them all. Anytime: one interval first, then the one with the highest
 * bound is halved (a narrower interval has a tighter model) while time is
 * left, until the bound reaches `target` (the schedule already found: nothing
 * below it can be proved). With a target, each LP asks for target + 1 tasks,
 * and an infeasible LP is the quickest way to say no.
 *
 * Does it pay as a root bound for `exact`? Measured on the default scenario
 * (generateInstance({ seed: 1 }): 60 users, 5 exits, optimum 55) on this
 * 2-core machine under load: exact's own starting bound (the bandwidth
 * relaxation of assembly/model/bounds.ts) is 60, and exact proves 55 in 4-20 ms in
 * all. The LP bound, without a target, stays at 60 for the first ~400 ms and
 * reaches 55 after ~1.0-1.25 s (~26 LPs); given the incumbent 55 as target it
 * proves 55 in 70-120 ms. So at exact's root it costs 5-50x the whole search
 * and is not used there. It pays where a time limit stopped a search: tree
 * with timeLimitMs 20 on the same instance serves 55 with its own bound 59,
 * and the LP proves 55 (optimal) in ~70 ms once HiGHS is warm (the first use
 * in a process adds its load, ~40 ms idle, and a first LP ~10x slower than
 * later ones); with 200 users (optimum 92) tree stops at 89 with bound 100,
 * and the LP brings that to 96 in 1 s, 95 in 3 s.
 * exact itself, stopped at 20 ms on instances up to 1000 users, already ended
 * with its count bound equal to its count in every case tried, so there the
 * LP is skipped (solve.ts calls it only when the bounds differ).
 */
import type { Instance } from "../core/types.js";
import type { Engine } from "../core/engine.js";
import type { PreparedProblem } from "../core/prepare.js";
import { MODEL_STATUS, loadHighs, runModel } from "./highs.js";

export { HighsError } from "./highs.js";
import { buildIntervalModel, latestStartS, servableUsers } from "./milp-model.js";

/** Slack on an LP optimum before it is rounded down (HiGHS's feasibility tolerance is 1e-7). */
const COUNT_TOLERANCE = 1e-6;
/** Stop halving intervals after this many LPs, whatever the time limit. */
const MAX_LPS = 200;
/** Intervals narrower than this fraction of their upper end are not halved again. */
const MIN_WIDTH = 1e-6;

interface Piece {
  loS: number;
  hiS: number;
  bound: number;
}

/**
 * The LP bound within about `timeLimitMs` after HiGHS is loaded (0: no limit besides MAX_LPS),
 * never below the true optimum. `target` (a count already achieved) stops the
 * refinement once reached; when not even one LP finishes in time, the bound is
 * the trivial min(maxBatch, servable users).
 */
export async function lpUpperBound(instance: Instance, problem: PreparedProblem, engine: Engine, timeLimitMs: number, target = -1): Promise<number> {
  void instance; // the prepared problem carries everything; kept for a uniform signature
  const highs = await loadHighs();
  // The budget starts once HiGHS is loaded (~40 ms idle, once per process), or a cold first call could do nothing.
  const deadlineMs = timeLimitMs > 0 ? performance.now() + timeLimitMs : Infinity;
  const servable = servableUsers(problem, engine);
  const cap = Math.min(problem.maxBatch, servable.filter(Boolean).length);
  if (cap === 0 || cap <= target) return cap;
  let tauMaxS = 0;
  for (let k = 0; k < problem.K; k++) if (servable[k]) tauMaxS = Math.max(tauMaxS, latestStartS(problem, k));

  let lps = 0;
  /** The LP bound of one interval; Infinity when the time ran out first. */
  const bound = (loS: number, hiS: number): number => {
    const remainingS = (deadlineMs - performance.now()) / 1000;
    if (remainingS <= 0) return Infinity;
    // Asking for more than `target` tasks: an infeasible LP is the quickest answer when that is impossible.
    const minCount = target >= 0 ? target + 1 : 0;
    const model = buildIntervalModel(problem, engine, {
      loS,
      hiS,
      integer: false,
      countWeight: 1,
      bandwidthWeight: 0,
      minCount,
      noGoods: [],
      maximize: highs.constants.objectiveSense.maximize,
    });
    if (!model) return 0;
    lps++;
    const run = runModel(highs, model.data, { timeLimitS: remainingS, presolve: "off" });
    if (run.status === MODEL_STATUS.infeasible) return Math.max(0, Math.min(target, cap));
    if (run.status !== MODEL_STATUS.optimal) return Infinity;
    return Math.floor(run.dualBound + COUNT_TOLERANCE);
  };

  // Anytime: the bound is valid after the first LP and only tightens as the worst interval is halved.
  const pieces: Piece[] = [{ loS: 0, hiS: tauMaxS, bound: bound(0, tauMaxS) }];
  const worst = () => pieces.reduce((a, b) => (b.bound > a.bound ? b : a));
  while (lps < MAX_LPS && performance.now() < deadlineMs) {
    const piece = worst();
    if (piece.bound <= target || !Number.isFinite(piece.bound)) break;
    // So narrow that the model is as tight as it gets: halving it again proves nothing new.
    if (piece.hiS - piece.loS <= MIN_WIDTH * piece.hiS) break;
    const midS = piece.loS + (piece.hiS - piece.loS) / 2;
    const left = bound(piece.loS, midS);
    const right = bound(midS, piece.hiS);
    if (!Number.isFinite(left) || !Number.isFinite(right)) break; // out of time: keep the parent's bound
    pieces.splice(
      pieces.indexOf(piece),
      1,
      { loS: piece.loS, hiS: midS, bound: Math.min(left, piece.bound) },
      { loS: midS, hiS: piece.hiS, bound: Math.min(right, piece.bound) },
    );
  }
  return Math.min(cap, worst().bound);
}
