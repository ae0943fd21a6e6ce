/**
 * The benchmark's contenders: what each one runs, on which engine, and what one
 * timed run returns. Times are what the solver itself reports
 * (Solution.stats.timeMs: the kernel run including copying the problem into
 * its memory; for `milp` the whole interval search), not validation or
 * building the Solution, which are the same for every algorithm.
 */
import { solve } from "../bindings/algorithms/solve.js";
import type { Algorithm, EngineChoice, Instance } from "../bindings/core/types.js";
import { fixedTauModel, runHighsFixedTau, servedCount, type FixedTauModel } from "./fixed-tau.js";
import type { YalpsRunner } from "./yalps-runner.js";

export const CONTENDERS = ["exact-wasm", "exact-js", "tree-wasm", "greedy-wasm", "greedy-js", "milp-highs", "highs-fixed-tau", "yalps-fixed-tau"] as const;
export type Contender = (typeof CONTENDERS)[number];

export const DESCRIPTIONS: Record<Contender, string> = {
  "exact-wasm": "exact, WebAssembly engine",
  "exact-js": "exact, JS fallback (wasm2js)",
  "tree-wasm": "tree (the paper's optimal tree search), WebAssembly",
  "greedy-wasm": "greedy (the paper's heuristic), WebAssembly",
  "greedy-js": "greedy, JS fallback",
  "milp-highs": "milp: HiGHS over tau intervals (the whole algorithm, exact)",
  "highs-fixed-tau": "HiGHS on the one MILP at tau = exact's tau*",
  "yalps-fixed-tau": "YALPS (pure-JS MILP) on that same MILP",
};

/** Contenders that claim optimality: hitting the cap shows as status "feasible". */
const PROVES_OPTIMUM: ReadonlySet<Contender> = new Set(["exact-wasm", "exact-js", "tree-wasm", "milp-highs", "highs-fixed-tau", "yalps-fixed-tau"]);
/** Only these run at the largest sizes (the greedy-only Ks). */
export const LARGE_SCALE: ReadonlySet<Contender> = new Set(["greedy-wasm", "greedy-js"]);

export interface RunResult {
  timeMs: number;
  /** Tasks served; undefined if the run ended without any schedule. */
  served: number | undefined;
  /** The solver's proved bound on the optimum (Solution.upperBound), where it gives one. */
  upperBound?: number;
  /** The run finished (an optimum proved, or a heuristic done) within the cap. */
  finished: boolean;
  /** The solver's own counters (Solution.stats without timeMs: search nodes, MILP solves...). */
  counters?: Record<string, number>;
}

/** Everything the runs on one instance share; the fixed-tau model is built once, from exact's optimum. */
export class Cell {
  private model: Promise<FixedTauModel | null> | undefined;
  constructor(
    readonly instance: Instance,
    private readonly yalps: YalpsRunner,
  ) {}

  fixedTauModel(capMs: number): Promise<FixedTauModel | null> {
    this.model ??= solve(this.instance, { algorithm: "exact", engine: "wasm", timeLimitMs: capMs }).then((s) => fixedTauModel(this.instance, s.tauS));
    return this.model;
  }

  get yalpsRunner(): YalpsRunner {
    return this.yalps;
  }
}

async function viaSolve(cell: Cell, algorithm: Algorithm, engine: EngineChoice, contender: Contender, capMs: number): Promise<RunResult> {
  const solution = await solve(cell.instance, { algorithm, engine, timeLimitMs: capMs });
  const timeMs = solution.stats.timeMs;
  const stoppedEarly = PROVES_OPTIMUM.has(contender) && solution.status !== "optimal";
  const counters: Record<string, number> = {};
  for (const [key, value] of Object.entries(solution.stats)) if (key !== "timeMs" && typeof value === "number") counters[key] = value;
  return { timeMs, served: solution.served, upperBound: solution.upperBound, finished: !stoppedEarly && timeMs <= capMs, counters };
}

/** One timed run of a contender on a cell; null when it does not apply (e.g. nobody servable at tau*). */
export async function runContender(contender: Contender, cell: Cell, capMs: number): Promise<RunResult | null> {
  switch (contender) {
    case "exact-wasm":
      return viaSolve(cell, "exact", "wasm", contender, capMs);
    case "exact-js":
      return viaSolve(cell, "exact", "js", contender, capMs);
    case "tree-wasm":
      return viaSolve(cell, "tree", "wasm", contender, capMs);
    case "greedy-wasm":
      return viaSolve(cell, "greedy", "wasm", contender, capMs);
    case "greedy-js":
      return viaSolve(cell, "greedy", "js", contender, capMs);
    case "milp-highs":
      return viaSolve(cell, "milp", "wasm", contender, capMs);
    case "highs-fixed-tau": {
      const model = await cell.fixedTauModel(capMs);
      if (!model) return null;
      const run = await runHighsFixedTau(model, capMs);
      return { timeMs: run.timeMs, served: run.served, finished: run.optimal && run.timeMs <= capMs };
    }
    case "yalps-fixed-tau": {
      const model = await cell.fixedTauModel(capMs);
      if (!model) return null;
      const run = await cell.yalpsRunner.run(model.data, capMs);
      const hasValues = run.values.length > 0 && Number.isFinite(run.objective);
      return { timeMs: run.timeMs, served: hasValues ? servedCount(model, run.values) : undefined, finished: run.status === "optimal" && run.timeMs <= capMs };
    }
  }
}
