/**
 * A whole simulation from config to folder: the algorithms on worker threads,
 * then frames.csv, summary.csv, users.csv, the SVG plots and report.md.
 */
import { cpus, loadavg } from "node:os";
import { openOutputFolder } from "./output-folder.js";
import { renderSvg } from "./sweep-plot.js";
import { framesCsv, summaryCsv, usersCsv } from "./simulation-csv.js";
import { simulationPlots } from "./simulation-plots.js";
import { simulationReport } from "./simulation-report.js";
import { collectSimulation, type SimulationConfig, type SimulationResult } from "../simulation/simulate.js";
import { runAlgorithms } from "./simulation-pool.js";

export interface SimulationRunOptions {
  config: SimulationConfig;
  outDir: string;
  workers: number;
  /** The command that reproduces the results, recorded in the report. */
  command: string;
  onProgress?: (framesDone: number, framesTotal: number) => void;
}

export interface SimulationRunResult {
  result: SimulationResult;
  /** Paths of the files written, report first. */
  files: string[];
  wallS: number;
}

/** Where solve times were measured: they depend on the machine and on what else it runs. */
function machineLine(workers: number, loadBefore: number): string {
  const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
  return `${cpus().length} x ${cpu}, Node ${process.version}, ${workers} worker thread${workers === 1 ? "" : "s"}, load average ${loadBefore.toFixed(1)} when the run started`;
}

export async function runSimulation(options: SimulationRunOptions): Promise<SimulationRunResult> {
  const { config, outDir } = options;
  const loadBefore = loadavg()[0];
  const started = performance.now();
  const runs = await runAlgorithms(config, { workers: options.workers, onProgress: options.onProgress });
  const result = collectSimulation(config, runs);
  const wallS = (performance.now() - started) / 1e3;

  const { files, write } = await openOutputFolder(outDir);
  const plots = simulationPlots(result);
  const titles = plots.map(([file, spec]): [string, string] => [file, (spec.title as { text: string }).text]);
  await write("report.md", simulationReport({ result, command: options.command, machine: machineLine(options.workers, loadBefore), plots: titles }));
  await write("frames.csv", framesCsv(result.frames));
  await write("summary.csv", summaryCsv(result));
  await write("users.csv", usersCsv(result));
  for (const [file, spec] of plots) await write(file, `${await renderSvg(spec)}\n`);
  return { result, files, wallS };
}
