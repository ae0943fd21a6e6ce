#!/usr/bin/env node
// npm run test:mutation [-- [--concurrency N] [module.ts ...]]
//
// Mutation testing with StrykerJS: one run per module (its own mutants against
// its own tests, see mutation-modules.mjs), HTML and JSON reports in
// reports/mutation/, and the table of scores in docs/testing.md between the
// mutation markers. Given modules, runs and rewrites only those rows.
// Concurrency: --concurrency N, else MUTATION_CONCURRENCY, else every core.
// --from-reports: no mutation run; the rows again from the JSON reports in
// reports/mutation/ (after a run cut short; their run times are not recorded there).
// Survivors are then run again in plain test runs (scripts/mutation-recheck.mjs, same
// concurrency; --no-recheck skips it), as are static mutants should StrykerJS ignore them.
// Incremental: each module keeps StrykerJS's incremental file in reports/mutation/,
// and a later run tests again only the mutants whose code or covering tests
// changed; --force tests every mutant (and so measures the full run time).
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Stryker } from "@stryker-mutator/core";
import { MUTATION_MODULES } from "./mutation-modules.mjs";
import { recheck } from "./mutation-recheck.mjs";
import { REPORTS, header, recheckCandidates, recheckPath, recordedTime, reportSlug, row, takeConcurrency, tally, writeTable } from "./mutation-table.mjs";

const repo = fileURLToPath(new URL("..", import.meta.url));

function usage(message) {
  process.stderr.write(
    `test:mutation: ${message}\nusage: npm run test:mutation -- [--concurrency N] [--force] [--no-recheck] [--from-reports] [bindings/<folder>/<module>.ts ...]\n`,
  );
  process.exit(2);
}

function parseArgs(argv) {
  const concurrency = takeConcurrency(argv);
  let fromReports = false;
  let force = false;
  let recheckSurvivors = true;
  const names = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--from-reports") fromReports = true;
    else if (argv[i] === "--force") force = true;
    else if (argv[i] === "--no-recheck") recheckSurvivors = false;
    else if (argv[i].startsWith("-")) usage(`unknown flag ${argv[i]}`);
    else names.push(relative(repo, resolve(argv[i])).replaceAll("\\", "/"));
  }
  if (!Number.isInteger(concurrency) || concurrency < 1) usage("--concurrency must be a whole number >= 1");
  const known = new Map(MUTATION_MODULES.map((entry) => [entry.module, entry]));
  for (const name of names) if (!known.has(name)) usage(`${name} is not one of the mutated modules (scripts/mutation-modules.mjs)`);
  return { concurrency, fromReports, force, recheckSurvivors, modules: names.length > 0 ? names.map((name) => known.get(name)) : MUTATION_MODULES };
}

async function mutate(entry, concurrency, force, recheckSurvivors) {
  const slug = reportSlug(entry.module);
  const testFiles = entry.tests.filter((file) => existsSync(resolve(repo, file)));
  const started = performance.now();
  // The module's test files go to vitest's configuration (see mutation-vitest.config.mjs), read in StrykerJS's runners.
  process.env.MUTATION_TEST_FILES = testFiles.join(",");
  const stryker = new Stryker({
    configFile: "stryker.config.mjs",
    mutate: [entry.module],
    concurrency,
    incremental: true,
    incrementalFile: `${REPORTS}/${slug}.incremental.json`,
    force,
    htmlReporter: { fileName: `${REPORTS}/${slug}.html` },
    jsonReporter: { fileName: `${REPORTS}/${slug}.json` },
  });
  rmSync(recheckPath(entry.module), { force: true });
  const results = Object.assign(await stryker.runMutationTest(), { module: entry.module });
  const candidates = recheckCandidates(results);
  if (recheckSurvivors && candidates.length > 0) {
    const statics = candidates.filter((r) => r.status !== "Survived").length;
    process.stdout.write(`\nrechecking ${entry.module} in plain test runs: ${candidates.length - statics} survivors, ${statics} static mutants\n`);
    await recheck(entry.module, [], { concurrency, coveringFilesOnly: force });
  }
  return tally(results, (performance.now() - started) / 1000);
}

const today = () => `${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`;

function machine(concurrency, force) {
  const [one, five] = loadavg();
  const mode = force ? "every mutant tested" : "incremental: mutants whose code and tests did not change keep their earlier result";
  return `${cpus()[0]?.model.trim() ?? "unknown CPU"}, ${availableParallelism()} cores, load average ${one.toFixed(2)} / ${five.toFixed(2)} (1 / 5 min) at the start, concurrency ${concurrency}, ${mode}`;
}

const { concurrency, fromReports, force, recheckSurvivors, modules } = parseArgs(process.argv.slice(2));
process.chdir(repo);
// A module-level mutant runs every test of its module's set: the property tests' runs
// (validate-fast-path: 1,000 in 2 s) cut to a tenth, unless the caller sets the scale.
process.env.PROPERTY_RUNS_SCALE ??= "0.1";
if (fromReports) {
  const rows = new Map();
  for (const { module } of modules) {
    const path = `${REPORTS}/${reportSlug(module)}.json`;
    if (!existsSync(path)) continue;
    const report = JSON.parse(readFileSync(path, "utf8"));
    const when = `${statSync(path).mtime.toISOString().slice(0, 16).replace("T", " ")} UTC`;
    const results = Object.assign([...(report.files[module]?.mutants ?? [])], { module });
    // The run time is not in the report: the one in the module's current row is kept.
    rows.set(module, row(module, { ...tally(results, Number.NaN), time: recordedTime(module) }, when));
  }
  const cpu = `${cpus()[0]?.model.trim() ?? "unknown CPU"}, ${availableParallelism()} cores`;
  writeTable(
    rows,
    `Rows rewritten ${today()} from the JSON reports of earlier runs (${rows.size} modules, dates in the last column) on this machine, ${cpu}; the run times are those of the rows they replace, the load of each run is not in the reports.`,
  );
  process.stdout.write(`${[...rows.values()].join("\n")}\n`);
  process.exit(0);
}
mkdirSync(REPORTS, { recursive: true });
const host = machine(concurrency, force);
const started = performance.now();
const newRows = new Map();
const scores = [];
const minutes = () => (performance.now() - started) / 60_000;
// The table is rewritten after every module, so an interrupted run keeps the rows it finished.
for (const entry of modules) {
  process.stdout.write(`\n== mutating ${entry.module} (${modules.indexOf(entry) + 1} of ${modules.length})\n`);
  const load = loadavg()[0].toFixed(1);
  const t = await mutate(entry, concurrency, force, recheckSurvivors);
  // Each row says when it ran and under what load (1-minute average at its start): rows come from different runs.
  newRows.set(entry.module, row(entry.module, t, `${today()}, load ${load}`));
  scores.push([entry.module, t]);
  const done = newRows.size === modules.length;
  const scope =
    modules.length === MUTATION_MODULES.length && done
      ? "every module"
      : `${newRows.size} of ${MUTATION_MODULES.length} modules (the other rows are from earlier runs)`;
  writeTable(newRows, `Last run ${today()}: ${scope} in ${minutes().toFixed(1)} min on ${host}.`);
}

process.stdout.write(
  `\n${header()}\n${[...newRows.values()].join("\n")}\n\n${modules.length} module(s) in ${minutes().toFixed(1)} min; table written to docs/testing.md\n`,
);
const below = scores.filter(([, t]) => t.score < 90);
if (below.length > 0) {
  process.stdout.write(`below 90%: ${below.map(([m, t]) => `${m} (${t.score.toFixed(1)}%)`).join(", ")}\n`);
  process.exitCode = 1;
}
