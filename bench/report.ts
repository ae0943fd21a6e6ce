/** The shape of a benchmark run's results: what bench.json holds and every output is made from. */
import type { Contender } from "./runners.js";
import type { Summary } from "./stats.js";
import type { BenchConfig } from "./config.js";
import type { MemoryReport } from "./memory.js";
import type { KernelBuild } from "./kernel-files.js";
import type { LargeCellReport } from "./large-cell-suite.js";

export interface CellResult {
  contender: Contender;
  users: number;
  exits: number;
  /** The instance family: the default scenario (absent) or the large cell without batch limit. */
  family?: "large-cell";
  /**
   * ok: timed (summary over the counted runs);
   * capped: a run hit the cap (served = what it had found by then);
   * capped-earlier: not run, because this contender already hit the cap at a smaller K (same N);
   * not-applicable: nothing to run (e.g. the fixed-tau model when exact serves nobody);
   * error: the solver threw (message in `error`).
   */
  state: "ok" | "capped" | "capped-earlier" | "not-applicable" | "error";
  error?: string;
  summary?: Summary;
  served?: number;
  /** The solver's proved bound on the optimum (from one run), where it gives one. */
  upperBound?: number;
  /** The solver's counters from one run (search nodes, MILP solves...): the work behind the time. */
  counters?: Record<string, number>;
  /** For capped-earlier: the K where the cap was hit. */
  cappedAtUsers?: number;
}

/**
 * A ratio of medians (numerator / denominator) from the same run. When one side
 * hit the cap the ratio is only bounded: `bound: "at-least"` when the numerator
 * hit it (value = cap / denominator), `"at-most"` when the denominator did
 * (value = numerator / cap).
 */
export interface Ratio {
  users: number;
  exits: number;
  name: string;
  value: number;
  bound: "exact" | "at-least" | "at-most";
}

export interface TargetResult {
  description: string;
  measured: string;
  met: boolean | undefined;
  /** "meets by 3.1x", "misses by 40%", or why it could not be measured. */
  margin: string;
}

export interface BenchReport {
  createdAt: string;
  machine: { node: string; platform: string; cpus: number; cpuModel: string; loadAverage: number[] };
  config: Omit<BenchConfig, "outDir">;
  command: string;
  /** The kernel files both engines were loaded from. */
  kernels: KernelBuild;
  cells: CellResult[];
  ratios: Ratio[];
  /** The "large cell, no batch limit" family (absent in runs from before it existed). */
  largeCell?: LargeCellReport;
  warnings: string[];
  memory: MemoryReport | undefined;
  targets: TargetResult[];
  totalSeconds: number;
}
