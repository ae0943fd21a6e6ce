#!/usr/bin/env node
// node scripts/mutation-recheck.mjs bindings/<folder>/<module>.ts [mutant id ...]
//
// Runs each survivor of the module's last mutation run again by hand: in a
// copy of the project (node_modules linked), the mutant's replacement written
// into the module, the module's test files run by vitest in a fresh process
// (stopping at the first failure). StrykerJS's vitest runner does not apply a
// mutant in code that runs when the module loads (a schema built at load, a
// constant): it runs every test and calls it survived. The verdicts go to
// reports/mutation/<folder>-<module>.recheck.json and into the module's row of
// the table in docs/testing.md. npm run test:mutation runs this after each
// module; run it alone to recheck a module again.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { MUTATION_MODULES } from "./mutation-modules.mjs";
import { REPORTS, recheckPath, recordedTime, recordedWhen, reportSlug, row, tally, writeTable } from "./mutation-table.mjs";

const repo = fileURLToPath(new URL("..", import.meta.url));
const SKIP = new Set(["node_modules", ".git", ".stryker-tmp", "reports"]);

/** Offset of a 1-based line and column in `text`. */
function offset(text, { line, column }) {
  let at = 0;
  for (let l = 1; l < line; l++) at = text.indexOf("\n", at) + 1;
  return at + column - 1;
}

/** Rechecks the module's survivors (or those with the given ids); returns the verdicts. */
export function recheck(module, ids = [], log = (line) => process.stdout.write(`${line}\n`)) {
  const entry = MUTATION_MODULES.find((e) => e.module === module);
  if (!entry) throw new Error(`${module} is not one of the mutated modules (scripts/mutation-modules.mjs)`);
  const report = JSON.parse(readFileSync(resolve(repo, `${REPORTS}/${reportSlug(module)}.json`), "utf8"));
  const file = report.files[module];
  const original = readFileSync(resolve(repo, module), "utf8");
  if (original !== file.source) throw new Error(`${module} changed since its mutation run: run npm run test:mutation -- ${module} first`);
  const survivors = file.mutants.filter((m) => m.status === "Survived" && (ids.length === 0 || ids.includes(m.id)));
  const copy = mkdtempSync(join(tmpdir(), "mutation-recheck-"));
  const cleanUp = () => rmSync(copy, { recursive: true, force: true });
  process.once("exit", cleanUp);
  cpSync(repo, copy, { recursive: true, filter: (from) => !SKIP.has(relative(repo, from).split(/[\\/]/)[0]) });
  symlinkSync(resolve(repo, "node_modules"), join(copy, "node_modules"), "dir");
  const verdicts = [];
  try {
    for (const m of survivors) {
      const start = offset(original, m.location.start);
      const end = offset(original, m.location.end);
      writeFileSync(join(copy, module), original.slice(0, start) + m.replacement + original.slice(end));
      const run = spawnSync("npx", ["vitest", "run", "--bail=1", "--reporter=dot", ...entry.tests], {
        cwd: copy,
        encoding: "utf8",
        env: { ...process.env, PROPERTY_RUNS_SCALE: process.env.PROPERTY_RUNS_SCALE ?? "0.1" },
      });
      const verdict = run.status === 0 ? "survived" : "killed";
      verdicts.push({ id: m.id, replacement: m.replacement, line: m.location.start.line, mutator: m.mutatorName, verdict });
      const was = original.slice(start, end).split("\n")[0].slice(0, 70);
      log(`${verdict.padEnd(9)} #${m.id} line ${m.location.start.line} ${m.mutatorName}: ${was} -> ${m.replacement.split("\n")[0].slice(0, 70)}`);
    }
  } finally {
    cleanUp();
  }
  // Given ids, their verdicts replace those of an earlier recheck of the same run.
  const earlier = ids.length > 0 && existsSync(recheckPath(module)) ? JSON.parse(readFileSync(recheckPath(module), "utf8")).mutants : [];
  const merged = [...earlier.filter((m) => !ids.includes(m.id)), ...verdicts];
  writeFileSync(recheckPath(module), `${JSON.stringify({ module, mutants: merged }, null, 2)}\n`);
  return verdicts;
}

/** The module's row again, with the recheck's kills, its run time kept. */
export function rewriteRow(module, when) {
  const report = JSON.parse(readFileSync(resolve(repo, `${REPORTS}/${reportSlug(module)}.json`), "utf8"));
  const results = Object.assign([...report.files[module].mutants], { module });
  const t = { ...tally(results, Number.NaN), time: recordedTime(module) };
  writeTable(new Map([[module, row(module, t, when)]]));
  return t;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [name, ...ids] = process.argv.slice(2);
  if (!name) {
    process.stderr.write("usage: node scripts/mutation-recheck.mjs bindings/<folder>/<module>.ts [mutant id ...]\n");
    process.exit(2);
  }
  const module = relative(repo, resolve(name)).replaceAll("\\", "/");
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(130));
  const verdicts = recheck(module, ids);
  const killed = verdicts.filter((v) => v.verdict === "killed").length;
  process.stdout.write(`${killed} of ${verdicts.length} survivors killed by a plain test run\n`);
  {
    const now = `${new Date().toISOString().slice(11, 16)} UTC`;
    const t = rewriteRow(module, `${recordedWhen(module) ?? "not recorded"}; rechecked ${now}`);
    process.stdout.write(`${module}: ${t.score.toFixed(1)}% after the recheck; row rewritten in docs/testing.md\n`);
  }
}
