/**
 * `npm run bench`: run the suite, print the tables, write results/bench.json
 * and results/bench.svg, and the tables into docs/performance.md (unless
 * --no-docs). Flags: see config.ts (`npm run bench -- --help`).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseConfig, USAGE } from "./config.js";
import { runSuite } from "./suite.js";
import { renderReport } from "./table.js";
import { renderSvg } from "./plot.js";
import type { CellResult } from "./report.js";
import { formatMs } from "./table.js";
import { suiteSection } from "./docs-tables.js";
import { writeSection } from "./docs-page.js";

function progress(cell: CellResult): void {
  const what = cell.state === "ok" ? `${formatMs(cell.summary!.median)} ms median of ${cell.summary!.count}` : cell.state;
  process.stderr.write(`  N=${cell.exits} K=${cell.users} ${cell.contender}: ${what}${cell.served !== undefined ? `, served ${cell.served}` : ""}\n`);
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  let config: ReturnType<typeof parseConfig>;
  try {
    config = parseConfig(argv);
  } catch (error) {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (config.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const command = ["npm run bench", ...(argv.length > 0 ? ["--", ...argv] : [])].join(" ");
  const { help: _help, writeDocs, ...suiteConfig } = config;
  const report = await runSuite(suiteConfig, command, { onCell: progress, onWarning: (w) => process.stderr.write(`WARNING ${w}\n`) });
  process.stdout.write(`${renderReport(report)}\n`);
  await mkdir(config.outDir, { recursive: true });
  const jsonPath = join(config.outDir, "bench.json");
  const svgPath = join(config.outDir, "bench.svg");
  await writeFile(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(svgPath, await renderSvg(report));
  process.stdout.write(`\nWrote ${jsonPath} and ${svgPath}\n`);
  if (writeDocs) process.stdout.write(`Wrote the tables into ${await writeSection("suite", suiteSection(report))}\n`);
  return 0;
}

process.exitCode = await main();
