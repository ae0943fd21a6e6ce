/**
 * The mixed-integer model handed to HiGHS for one interval [lo, hi] of the
 * batch start tau (see milp.ts for how intervals are searched).
 *
 * Variables (all binary in the MIP, in [0, 1] in the LP relaxation):
 * - x_k: user k is served (only candidates: an accurate exit exists, the
 *   user can still start by lo, i.e. latest_k = T_k - sum_{n<=m_k} t_n(1) >= lo,
 *   and its price below fits in the band).
 * - z_{n,j}, j = 1..U_n: "block n runs a batch of at least j tasks", with
 *   U_n = min(maxBatch, candidates that reach block n). Then
 *     b_n = sum_j z_{n,j} = sum_{k: m_k >= n} x_k            (link rows)
 *     z_{n,j} >= z_{n,j+1}                                   (order rows)
 *   make the z's the unary code of b_n, so
 *     t_n(b_n) = sum_j z_{n,j} (t_n(j) - t_n(j-1))
 *   exactly, for any non-decreasing table t_n (affine or measured). z_{n,1}
 *   is the block's "runs at all" binary carrying its fixed cost.
 * Rows that only strengthen the LP relaxation (valid for every integer point):
 *   z_{n,1} >= x_k for every k reaching block n;
 *   z_{n,j} <= z_{n-1,j} (b_n <= b_{n-1});
 *   conflicts x_k + z_{n,j} <= 1 for the least j at which even the smallest
 *   possible compute time to k's exit (b_{n'} >= j for n' <= n, one task
 *   through k's later blocks) misses k's deadline at lo.
 *   (Measured on the default scenario near the optimal tau: LP bound 55.75 ->
 *   54.84 tasks, MIP optimum 54.54, i.e. 55 tasks.)
 * Rows besides those:
 * - deadline of user k: D_{m_k} = sum_{n<=m_k} t_n(b_n) <= T_k - lo when
 *   x_k = 1, written with the tightest valid big-M,
 *     D_{m_k} + M_k x_k <= (T_k - lo) + M_k,  M_k = Dmax_k - (T_k - lo),
 *   where Dmax_k = sum_{n<=m_k} t_n(U_n) is the most D_{m_k} can be (the row
 *   is dropped when M_k <= 0: it can never bind);
 * - bandwidth knapsack: sum_k (w_k / W) x_k <= 1 with w_k = w^min(min(hi, latest_k)),
 *   the least band k can need anywhere in the interval (w^min decreases in tau
 *   and k is only served at tau <= latest_k);
 * - optionally sum_k x_k >= minCount (prune intervals that cannot beat an
 *   incumbent) and no-good cuts sum_{k in S} x_k <= |S| - 1 for sets S known
 *   to hold no schedule of the interval (infeasible at every tau, or
 *   tau(S) <= lo); nor then does any superset, as tau only falls and the
 *   band only grows when users join.
 * Objective: maximise countWeight * sum_k x_k - bandwidthWeight * sum_k (w_k / W) x_k.
 * With weights 1 and 1/2 the band term lies in [0, 1/2], so one more task
 * always wins: count first, then least (interval-optimistic) band, in one
 * MIP solve. LP relaxations use (1, 0) for a count bound and (0, 1) for the
 * least band at a given count.
 * Times are in milliseconds inside the model to keep coefficients near 1
 * (another unit when the deadlines are extreme: timeUnitsPerS).
 */
import type { ModelData, ObjectiveSense } from "highs";
import type { PreparedProblem } from "../core/prepare.js";
import type { Engine } from "../core/engine.js";

const MS_PER_S = 1000;

/**
 * Model time units per second: milliseconds, unless the deadlines are so long
 * (1e148 s) or short that millisecond coefficients would leave the range HiGHS
 * takes as finite (it reads |x| >= 1e20 as infinite and refuses the model);
 * then the longest deadline is 1000 units. Ordinary instances keep milliseconds.
 */
function timeUnitsPerS(problem: PreparedProblem): number {
  let longestS = 0;
  for (let k = 0; k < problem.K; k++) longestS = Math.max(longestS, problem.deadlineS[k]);
  const longestMs = longestS * MS_PER_S;
  if (longestS === 0 || (longestMs >= 1e-3 && longestMs <= 1e9)) return MS_PER_S;
  const units = 1000 / longestS;
  return Number.isFinite(units) ? units : MS_PER_S;
}

/** t_n(b) from the prepared table (n 1-based). */
export function blockTimeS(problem: PreparedProblem, n: number, b: number): number {
  return problem.blockTimeS[(n - 1) * (problem.maxBatch + 1) + b];
}

/** Latest batch start of user k if it ran alone (the most slack it can ever have); -Infinity if no exit fits. */
export function latestStartS(problem: PreparedProblem, k: number): number {
  const exit = problem.minExit[k];
  if (exit === 0 || problem.maxBatch < 1) return -Infinity;
  let d = 0;
  for (let n = 1; n <= exit; n++) d += blockTimeS(problem, n, 1);
  return problem.deadlineS[k] - d;
}

/** Users who could be served alone with the whole band (the kernels' `servable`). */
export function servableUsers(problem: PreparedProblem, engine: Engine): boolean[] {
  return Array.from({ length: problem.K }, (_, k) => {
    const latest = latestStartS(problem, k);
    return latest > 0 && engine.wminHz(problem.dataBits[k], problem.snrHz[k], latest) <= problem.bandwidthHz;
  });
}

/** The first intervals: (0, max latest start] cut at quantiles of the users' latest starts. */
export function initialIntervals(problem: PreparedProblem, servable: boolean[], pieces: number): Array<[number, number]> {
  const starts: number[] = [];
  for (let k = 0; k < problem.K; k++) if (servable[k]) starts.push(latestStartS(problem, k));
  if (starts.length === 0) return [];
  starts.sort((a, b) => a - b);
  const cuts = [0];
  const count = Math.min(pieces, starts.length);
  for (let i = 1; i <= count; i++) {
    const cut = starts[Math.ceil((i * starts.length) / count) - 1];
    if (cut > cuts[cuts.length - 1]) cuts.push(cut);
  }
  return cuts.slice(1).map((hi, i) => [cuts[i], hi]);
}

export interface IntervalModelInput {
  loS: number;
  hiS: number;
  integer: boolean;
  /** Objective: countWeight * sum x_k - bandwidthWeight * sum (w_k / W) x_k, maximised. countWeight defaults to 1. */
  countWeight?: number;
  bandwidthWeight: number;
  minCount: number;
  /** What each user is worth (the users' weights, indexed by user): the objective's count and minCount's sum weigh users by it. Default 1 each. */
  values?: Float64Array;
  /** Sets (user indices) that hold no schedule of the interval; their supersets are excluded with them. */
  noGoods: readonly (readonly number[])[];
  /** highs.constants.objectiveSense.maximize (a branded constant of the loaded runtime). */
  maximize: ObjectiveSense;
}

export interface IntervalModel {
  data: ModelData;
  /** Candidate users, in column order: x of users[i] is column i. */
  users: number[];
  /** Normalised price w_k / W of each candidate, in column order. */
  price: Float64Array;
}

/** Row-wise sparse rows for ModelData. */
class Rows {
  starts: number[] = [0];
  indices: number[] = [];
  values: number[] = [];
  lower: number[] = [];
  upper: number[] = [];
  add(cols: number[], vals: number[], lower: number, upper: number): void {
    this.indices.push(...cols);
    this.values.push(...vals);
    this.starts.push(this.indices.length);
    this.lower.push(lower);
    this.upper.push(upper);
  }
}

/** The interval model, or null when no user can be served anywhere in [lo, hi]. */
export function buildIntervalModel(problem: PreparedProblem, engine: Engine, input: IntervalModelInput): IntervalModel | null {
  const { K, N, maxBatch, bandwidthHz } = problem;
  const { loS, hiS } = input;
  const users: number[] = [];
  const prices: number[] = [];
  for (let k = 0; k < K; k++) {
    const latest = latestStartS(problem, k);
    if (!(latest > 0) || latest < loS) continue;
    const w = engine.wminHz(problem.dataBits[k], problem.snrHz[k], Math.min(hiS, latest));
    if (!(w <= bandwidthHz)) continue;
    users.push(k);
    prices.push(w / bandwidthHz);
  }
  if (users.length === 0 || maxBatch < 1) return null;
  const column = new Map<number, number>();
  users.forEach((k, i) => column.set(k, i));

  // z columns: zStart[n] is the column of z_{n,1}; U[n] of them.
  const reach: number[][] = Array.from({ length: N + 1 }, () => []);
  users.forEach((k, i) => {
    for (let n = 1; n <= problem.minExit[k]; n++) reach[n].push(i);
  });
  const U = new Array<number>(N + 1).fill(0);
  const zStart = new Array<number>(N + 1).fill(0);
  let numCols = users.length;
  for (let n = 1; n <= N; n++) {
    U[n] = Math.min(maxBatch, reach[n].length);
    zStart[n] = numCols;
    numCols += U[n];
  }
  const unitsPerS = timeUnitsPerS(problem);
  const deltaMs = (n: number, j: number) => (blockTimeS(problem, n, j) - blockTimeS(problem, n, j - 1)) * unitsPerS;

  const rows = new Rows();
  for (let n = 1; n <= N; n++) {
    if (U[n] === 0) continue;
    const cols: number[] = [];
    const vals: number[] = [];
    for (let j = 0; j < U[n]; j++) {
      cols.push(zStart[n] + j);
      vals.push(1);
    }
    for (const i of reach[n]) {
      cols.push(i);
      vals.push(-1);
    }
    rows.add(cols, vals, 0, 0);
    for (let j = 1; j < U[n]; j++) rows.add([zStart[n] + j - 1, zStart[n] + j], [1, -1], 0, Infinity);
    for (const i of reach[n]) rows.add([zStart[n], i], [1, -1], 0, Infinity);
  }
  // b_n <= b_{n-1}: whoever reaches block n ran block n - 1.
  for (let n = 2; n <= N; n++) for (let j = 0; j < U[n]; j++) rows.add([zStart[n - 1] + j, zStart[n] + j], [1, -1], 0, Infinity);
  // Conflicts: serving k rules out b_n >= j when even the smallest compute time with b_n >= j misses k's deadline
  // (b_{n'} >= j for n' < n, at least 1 task through k's later blocks).
  users.forEach((k, i) => {
    const exit = problem.minExit[k];
    const slackS = problem.deadlineS[k] - loS;
    for (let n = 1; n <= exit; n++) {
      let tail = 0;
      for (let m = n + 1; m <= exit; m++) tail += blockTimeS(problem, m, 1);
      for (let j = 1; j <= U[n]; j++) {
        let head = 0;
        for (let m = 1; m <= n; m++) head += blockTimeS(problem, m, j);
        if (head + tail > slackS) {
          rows.add([i, zStart[n] + j - 1], [1, 1], -Infinity, 1);
          break;
        }
      }
    }
  });
  users.forEach((k, i) => {
    const exit = problem.minExit[k];
    const slackMs = (problem.deadlineS[k] - loS) * unitsPerS;
    const cols: number[] = [];
    const vals: number[] = [];
    let dMaxMs = 0;
    for (let n = 1; n <= exit; n++) {
      for (let j = 1; j <= U[n]; j++) {
        const d = deltaMs(n, j);
        dMaxMs += d;
        if (d !== 0) {
          cols.push(zStart[n] + j - 1);
          vals.push(d);
        }
      }
    }
    const bigM = dMaxMs - slackMs;
    if (!(bigM > 0)) return;
    cols.push(i);
    vals.push(bigM);
    rows.add(cols, vals, -Infinity, slackMs + bigM);
  });
  rows.add(
    users.map((_, i) => i),
    prices,
    -Infinity,
    1,
  );
  const value = (k: number) => input.values?.[k] ?? 1;
  if (input.minCount > 0)
    rows.add(
      users.map((_, i) => i),
      users.map((k) => value(k)),
      input.minCount,
      Infinity,
    );
  for (const set of input.noGoods) {
    const cols = set.map((k) => column.get(k)).filter((c): c is number => c !== undefined);
    if (cols.length === set.length)
      rows.add(
        cols,
        cols.map(() => 1),
        -Infinity,
        cols.length - 1,
      );
  }

  const colCost = new Float64Array(numCols);
  const countWeight = input.countWeight ?? 1;
  users.forEach((k, i) => (colCost[i] = countWeight * value(k) - input.bandwidthWeight * prices[i]));
  const data: ModelData = {
    numCols,
    numRows: rows.lower.length,
    sense: input.maximize,
    colCost,
    colLower: new Float64Array(numCols),
    colUpper: new Float64Array(numCols).fill(1),
    rowLower: Float64Array.from(rows.lower),
    rowUpper: Float64Array.from(rows.upper),
    matrix: {
      format: "csr",
      numRows: rows.lower.length,
      numCols,
      starts: Int32Array.from(rows.starts),
      indices: Int32Array.from(rows.indices),
      values: Float64Array.from(rows.values),
    },
    ...(input.integer ? { integrality: new Int32Array(numCols).fill(1) } : {}),
  };
  return { data, users, price: Float64Array.from(prices) };
}
