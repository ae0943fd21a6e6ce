/**
 * Prints the results part of README's "## Performance" section from a saved
 * run: `npx tsx bench/readme.ts [results/bench.json]`. The README's tables are
 * pasted from this, so they are exactly what a run measured. (The search-effort
 * table stays in the run's own output and bench.json, to keep the README short.)
 */
import { readFile } from "node:fs/promises";
import type { BenchReport } from "./report.js";
import { largeCellTable, limitsTable, memoryLine, ratiosTable, targetsTable, timesTable } from "./table.js";

export function readmeResults(report: BenchReport): string {
  const m = report.machine;
  const day = report.createdAt.slice(0, 10);
  const lines = [
    `Latest run: \`${report.command}\`, ${day}, Node ${m.node}, ${m.cpus} x ${m.cpuModel} shared with other work (load average ${m.loadAverage[0].toFixed(1)}), ${report.totalSeconds.toFixed(0)} s in all. Cap ${report.config.plan.capMs} ms per run.`,
    "",
    "Solve time, ms: median [interquartile range]; `served` is the optimum (`>= n`: not proved, the best schedule found).",
    "",
    timesTable(report),
    "",
    "Ratios of medians from the same run (`>=`, `<=`: one side hit the cap):",
    "",
    ratiosTable(report),
    "",
    ...(report.largeCell
      ? [
          "Large cell, no batch limit (bench/large-cell.ts; exact's and greedy's times in ms as above; `greedy served`: its count and share of the optimum; exact cut short after 100 ms: its schedule, its proved bound and the gap between them):",
          "",
          largeCellTable(report),
          "",
          "Time limits: every algorithm's whole `solve()` (validation, preparation, kernel, Solution) on the large cell:",
          "",
          limitsTable(report),
          "",
        ]
      : []),
    "Targets:",
    "",
    targetsTable(report),
    "",
    memoryLine(report),
  ];
  if (report.warnings.length > 0) lines.push("", "Warnings from that run:", "", ...report.warnings.map((w) => `- ${w}`));
  else lines.push("", "Cross-checks: every served count agreed.");
  return lines.join("\n");
}

const isMain = import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("bench/readme.ts");
if (isMain) {
  const path = process.argv[2] ?? "results/bench.json";
  const report = JSON.parse(await readFile(path, "utf8")) as BenchReport;
  process.stdout.write(readmeResults(report) + "\n");
}
