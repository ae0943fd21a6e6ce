/**
 * The suite's tables as docs/performance.md shows them (between the
 * `bench:suite` markers), each with the run's command, date, machine and load
 * in the line above it. `npm run bench` writes them after every run;
 * `npx tsx bench/docs-tables.ts [results/bench.json]` writes them again from a
 * saved run. The search-effort table stays in the run's own output and
 * bench.json.
 */
import { readFile } from "node:fs/promises";
import type { BenchReport } from "./report.js";
import { machineLine, writeSection } from "./docs-page.js";
import { largeCellTable, limitsTable, memoryLine, ratiosTable, targetsTable, timesTable } from "./table.js";

export function suiteSection(report: BenchReport): string {
  const stamp = machineLine(report.command, report.createdAt, report.machine);
  const table = (caption: string, body: string) => [caption, "", stamp, "", body, ""];
  const lines = [
    ...table(
      `Solve time, ms: median [interquartile range]; \`served\` is the optimum (\`>= n\`: not proved, the best schedule found). Cap ${report.config.plan.capMs} ms per run; the whole run took ${report.totalSeconds.toFixed(0)} s.`,
      timesTable(report),
    ),
    ...table("Ratios of medians from the same run (`>=`, `<=`: one side hit the cap):", ratiosTable(report)),
    ...(report.largeCell
      ? [
          ...table(
            "Large cell, no batch limit (`bench/large-cell.ts`; exact's and greedy's times in ms as above; `greedy served`: its count and share of the optimum; exact cut short after 100 ms: its schedule, its proved bound and the gap between them):",
            largeCellTable(report),
          ),
          ...table("Time limits: every algorithm's whole `solve()` (validation, preparation, kernel, Solution) on the large cell:", limitsTable(report)),
        ]
      : []),
    ...table("Targets:", targetsTable(report)),
    memoryLine(report),
  ];
  if (report.warnings.length > 0) lines.push("", "Warnings from that run:", "", ...report.warnings.map((w) => `- ${w}`));
  else lines.push("", "Cross-checks: every served count agreed.");
  return lines.join("\n");
}

const isMain = import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("bench/docs-tables.ts");
if (isMain) {
  const path = process.argv[2] ?? "results/bench.json";
  const report = JSON.parse(await readFile(path, "utf8")) as BenchReport;
  process.stdout.write(`Wrote the tables of ${path} into ${await writeSection("suite", suiteSection(report))}\n`);
}
