/**
 * The "large cell, no batch limit" part of the benchmark (large-cell.ts):
 * exact on both engines and greedy for K = 100..5000, N = 2, 5, 8; one run
 * of exact with a 100 ms limit per (N, K >= 1000), to show how tight the
 * proved bound is when the search is cut short; and the time-limit check:
 * every algorithm's whole solve() (validation, preparation, kernel, Solution)
 * on 20,000 users of this family with a 200 ms limit.
 */
import { solve } from "../bindings/algorithms/solve.js";
import { ALGORITHMS, type Algorithm } from "../bindings/core/types.js";
import { largeCellInstance } from "./large-cell.js";
import { measure, type RepetitionPlan } from "./measure.js";
import { Cell, runContender, type Contender } from "./runners.js";
import type { YalpsRunner } from "./yalps-runner.js";
import type { CellResult } from "./report.js";
import { crossCheck } from "./checks.js";

export const LARGE_CELL_CONTENDERS: readonly Contender[] = ["exact-wasm", "exact-js", "greedy-wasm"];
/** The cut-short run: its limit, and the smallest K it is run at. */
export const CUT_SHORT_MS = 100;
const CUT_SHORT_FROM_USERS = 1000;

export interface CutShortRun {
  users: number;
  exits: number;
  limitMs: number;
  served: number;
  upperBound: number;
  status: "optimal" | "feasible";
  /** (upperBound - served) / served: how far the proved bound may lie above the schedule. */
  gap: number;
}

export interface LimitRun {
  algorithm: Algorithm;
  users: number;
  limitMs: number;
  /** The whole solve(), validation included. */
  wallMs: number;
  served: number;
  upperBound: number;
}

export interface LargeCellReport {
  cells: CellResult[];
  cutShort: CutShortRun[];
  limits: LimitRun[];
}

export interface LargeCellConfig {
  users: number[];
  exits: number[];
  seed: number;
  plan: RepetitionPlan;
  /** K of the time-limit check (0: skip) and its limit. */
  limitCheck: { users: number; limitMs: number };
}

export async function runLargeCell(
  config: LargeCellConfig,
  yalps: YalpsRunner,
  onCell?: (cell: CellResult) => void,
  warn?: (warning: string) => void,
): Promise<LargeCellReport> {
  const cells: CellResult[] = [];
  const cutShort: CutShortRun[] = [];
  for (const exits of config.exits) {
    const cappedAt = new Map<Contender, number>();
    for (const users of [...config.users].sort((a, b) => a - b)) {
      const instance = largeCellInstance({ users, exits, seed: config.seed });
      const cell = new Cell(instance, yalps);
      const here: CellResult[] = [];
      for (const contender of LARGE_CELL_CONTENDERS) {
        const earlier = cappedAt.get(contender);
        let result: CellResult;
        if (earlier !== undefined) {
          result = { contender, users, exits, family: "large-cell", state: "capped-earlier", cappedAtUsers: earlier };
        } else {
          const m = await measure(() => runContender(contender, cell, config.plan.capMs), config.plan);
          const extra = {
            ...("counters" in m && m.counters ? { counters: m.counters } : {}),
            ...("upperBound" in m && m.upperBound !== undefined ? { upperBound: m.upperBound } : {}),
          };
          if (m.state === "ok") result = { contender, users, exits, family: "large-cell", state: "ok", summary: m.summary, served: m.served, ...extra };
          else if (m.state === "capped") {
            result = { contender, users, exits, family: "large-cell", state: "capped", served: m.served, ...extra };
            cappedAt.set(contender, users);
          } else if (m.state === "error") result = { contender, users, exits, family: "large-cell", state: "error", error: m.message };
          else result = { contender, users, exits, family: "large-cell", state: "not-applicable" };
        }
        here.push(result);
        onCell?.(result);
      }
      for (const w of crossCheck(here)) warn?.(`large cell ${w}`);
      cells.push(...here);
      if (users >= CUT_SHORT_FROM_USERS) {
        await solve(instance, { algorithm: "exact", engine: "wasm", timeLimitMs: CUT_SHORT_MS }); // warm-up
        const s = await solve(instance, { algorithm: "exact", engine: "wasm", timeLimitMs: CUT_SHORT_MS });
        cutShort.push({
          users,
          exits,
          limitMs: CUT_SHORT_MS,
          served: s.served,
          upperBound: s.upperBound,
          status: s.status,
          gap: s.served > 0 ? (s.upperBound - s.served) / s.served : Infinity,
        });
      }
    }
  }
  const limits: LimitRun[] = [];
  if (config.limitCheck.users > 0) {
    const instance = largeCellInstance({ users: config.limitCheck.users, exits: 5, seed: config.seed });
    for (const algorithm of ALGORITHMS.filter((a) => a !== "milp")) {
      await solve(instance, { algorithm, engine: "wasm", timeLimitMs: config.limitCheck.limitMs }); // warm-up
      const started = performance.now();
      const s = await solve(instance, { algorithm, engine: "wasm", timeLimitMs: config.limitCheck.limitMs });
      limits.push({
        algorithm,
        users: config.limitCheck.users,
        limitMs: config.limitCheck.limitMs,
        wallMs: performance.now() - started,
        served: s.served,
        upperBound: s.upperBound,
      });
    }
  }
  return { cells, cutShort, limits };
}
