/**
 * One mixed-integer model, two MILP solvers: HiGHS (WebAssembly) and YALPS
 * (pure JS) on exactly the same model, so their times compare like for like.
 *
 * The model is the one `milp` hands HiGHS (bindings/highs/milp-model.ts) for the
 * degenerate tau interval [tau*, tau*], where tau* is the batch start of
 * `exact`'s optimal schedule: with tau fixed the problem *is* that MILP
 * (binary x_k, unary batch-size z_{n,j}, big-M deadlines, bandwidth knapsack
 * priced at w^min(tau*), objective count - band / 2W). Its optimum serves as
 * many tasks as `exact` (exact's set is feasible at tau*, and any set feasible
 * at some tau is a schedule), which the suite checks.
 * This is one MILP solve, not the whole `milp` algorithm (which searches over
 * tau intervals and solves many such models); that one is timed separately
 * through solve({ algorithm: "milp" }).
 */
import type { ModelData } from "highs";
import { loadEngine } from "../bindings/core/engine.js";
import { prepare } from "../bindings/core/prepare.js";
import { loadHighs, MODEL_STATUS, runModel } from "../bindings/highs/highs.js";
import { buildIntervalModel } from "../bindings/highs/milp-model.js";
import type { Instance } from "../bindings/core/types.js";

/** Same objective weighting and gap as bindings/highs/milp.ts, so HiGHS does here what it does inside `milp`. */
const BANDWIDTH_WEIGHT = 0.5;
const MIP_ABSOLUTE_GAP = 1e-10;

export interface FixedTauModel {
  tauS: number;
  data: ModelData;
  /** Candidate users: column i is x of user users[i]. */
  users: number[];
  columns: number;
  rows: number;
}

/** The model at tau, or null when nobody can be served at tau (e.g. exact serves nobody). */
export async function fixedTauModel(instance: Instance, tauS: number): Promise<FixedTauModel | null> {
  if (!(tauS > 0)) return null;
  const [engine, highs] = await Promise.all([loadEngine("wasm"), loadHighs()]);
  const model = buildIntervalModel(prepare(instance), engine, {
    loS: tauS,
    hiS: tauS,
    integer: true,
    bandwidthWeight: BANDWIDTH_WEIGHT,
    minCount: 0,
    noGoods: [],
    maximize: highs.constants.objectiveSense.maximize,
  });
  if (!model) return null;
  return { tauS, data: model.data, users: model.users, columns: model.data.numCols, rows: model.data.numRows };
}

/** Served tasks in a column vector: the x columns come first. */
export function servedCount(model: FixedTauModel, values: Float64Array): number {
  let served = 0;
  for (let i = 0; i < model.users.length; i++) if (values[i] > 0.5) served++;
  return served;
}

export interface MilpRun {
  optimal: boolean;
  served: number | undefined;
  timeMs: number;
}

export async function runHighsFixedTau(model: FixedTauModel, capMs: number): Promise<MilpRun> {
  const highs = await loadHighs();
  const started = performance.now();
  const run = runModel(highs, model.data, { timeLimitS: capMs / 1000, mipAbsoluteGap: MIP_ABSOLUTE_GAP });
  const timeMs = performance.now() - started;
  return { optimal: run.status === MODEL_STATUS.optimal, served: run.colValue ? servedCount(model, run.colValue) : undefined, timeMs };
}
