/**
 * A whole sweep, from plan to folder: run every job over the worker pool,
 * then write runs.csv, summary.csv, one SVG plot per sweep and report.md.
 */
import { openOutputFolder } from "./output-folder.js";
import { runJobs } from "./sweep-pool.js";
import { jobsOf, type SweepName, type SweepPlan } from "./sweep-plan.js";
import { runsCsv, summaryCsv } from "./sweep-csv.js";
import { loadPlotting, renderSvg, sweepPlotSpec } from "./sweep-plot.js";
import { scenarioLabel, sweepReport } from "./sweep-report.js";
import { summarise, type PointSummary } from "./sweep-stats.js";
import type { RunRow } from "./sweep-job.js";
import type { EarlierRun } from "./sweep-compare.js";

export interface SweepRunOptions {
  plan: SweepPlan;
  /** Folder for every output; created if missing. */
  outDir: string;
  workers: number;
  /** The command line, recorded in the report. */
  command: string;
  onProgress?: (done: number, total: number) => void;
  /** An earlier sweep the report compares against. */
  earlier?: EarlierRun;
}

export interface SweepResult {
  rows: RunRow[];
  summaries: PointSummary[];
  /** Paths of the files written, report first. */
  files: string[];
}

export async function runSweep(options: SweepRunOptions): Promise<SweepResult> {
  const { plan, outDir } = options;
  await loadPlotting(); // a missing optional plotting package stops the sweep now, not after it has run
  const jobs = jobsOf(plan);
  const rows = (await runJobs(jobs, { workers: options.workers, onProgress: options.onProgress })).flat();
  const summaries = summarise(rows);

  const { files, write } = await openOutputFolder(outDir);
  const plots: Partial<Record<SweepName, string>> = {};
  for (const sweep of plan.sweeps) {
    plots[sweep] = `${sweep}.svg`;
  }
  const engines = [...new Set(rows.map((r) => r.engine))].join(", ") || "none";
  await write("report.md", sweepReport({ plan, summaries, command: options.command, engine: engines, plots, earlier: options.earlier }));
  await write("runs.csv", runsCsv(rows));
  await write("summary.csv", summaryCsv(summaries));
  for (const sweep of plan.sweeps) {
    const spec = sweepPlotSpec(plan.definitions[sweep], summaries, { runs: plan.seeds.length, scenarioLabel: scenarioLabel(plan) });
    await write(plots[sweep]!, `${await renderSvg(spec)}\n`);
  }
  return { rows, summaries, files };
}
