#!/usr/bin/env node
// node scripts/mutation-recheck.mjs [--concurrency N] bindings/<folder>/<module>.ts [mutant id ...]
//
// Runs a module's survivors of its last mutation run again by hand: each is
// written into a copy of the project (node_modules linked) and the module's test
// files run by vitest in a fresh process (stopping at the first failure). A
// check of StrykerJS's verdicts (a mutant in code run at module load, say), and
// the run that sees a test file added since an incremental run kill a survivor.
// Static mutants StrykerJS ignored (`ignoreStatic`, off in stryker.config.mjs)
// are run too, so none is left out of the score. N mutants at a time, one copy
// of the project each, taking them from one queue (--concurrency N, else
// MUTATION_CONCURRENCY, else every core). The verdicts go to
// reports/mutation/<folder>-<module>.recheck.json and into the module's row of
// the table in docs/testing.md. npm run test:mutation runs this after each
// module; run it alone to recheck a module again.
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { MUTATION_MODULES } from "./mutation-modules.mjs";
import { REPORTS, recheckCandidates, recheckPath, recordedTime, recordedWhen, reportSlug, row, takeConcurrency, tally, writeTable } from "./mutation-table.mjs";

const repo = fileURLToPath(new URL("..", import.meta.url));
const SKIP = new Set(["node_modules", ".git", ".stryker-tmp", "reports"]);

/** Offset of a 1-based line and column in `text`. */
function offset(text, { line, column }) {
  let at = 0;
  for (let l = 1; l < line; l++) at = text.indexOf("\n", at) + 1;
  return at + column - 1;
}

/** The candidates to recheck (survivors and ignored static mutants), or those of them with the given ids. */
export function selectForRecheck(mutants, ids = []) {
  return recheckCandidates(mutants).filter((m) => ids.length === 0 || ids.includes(m.id));
}

/** The module's source with the mutant's replacement written in. */
export function applyMutant(original, m) {
  return original.slice(0, offset(original, m.location.start)) + m.replacement + original.slice(offset(original, m.location.end));
}

/** A copy of the project without node_modules (linked), .git, reports and the StrykerJS sandbox. */
function projectCopy() {
  const copy = mkdtempSync(join(tmpdir(), "mutation-recheck-"));
  process.once("exit", () => rmSync(copy, { recursive: true, force: true }));
  cpSync(repo, copy, { recursive: true, filter: (from) => !SKIP.has(relative(repo, from).split(/[\\/]/)[0]) });
  symlinkSync(resolve(repo, "node_modules"), join(copy, "node_modules"), "dir");
  return copy;
}

/**
 * The module's test files in a fresh vitest in `copy` (its binary run by node, not
 * through npx), stopping at the first failing test; resolves true when every test passed.
 */
function testsPass(copy, tests) {
  return new Promise((done, fail) => {
    const run = spawn(process.execPath, [join(copy, "node_modules/vitest/vitest.mjs"), "run", "--bail=1", "--reporter=dot", ...tests], {
      cwd: copy,
      stdio: "ignore",
      env: { ...process.env, PROPERTY_RUNS_SCALE: process.env.PROPERTY_RUNS_SCALE ?? "0.1" },
    });
    run.once("error", fail);
    run.once("close", (code) => done(code === 0));
  });
}

/**
 * The test files to run a mutant against: with `coveringFilesOnly`, those holding
 * the tests StrykerJS saw reach it, when it is not static and some did (every
 * test's coverage is fresh after a forced run); else all of the module's files.
 */
export function filesFor(m, moduleTests, testFiles, coveringFilesOnly) {
  if (!coveringFilesOnly || m.static || !m.coveredBy?.length) return moduleTests;
  const covering = new Set(m.coveredBy);
  const reached = Object.entries(testFiles ?? {}).filter(([, f]) => f.tests.some((t) => covering.has(t.id)));
  const names = new Set(reached.map(([file]) => file));
  const chosen = moduleTests.filter((file) => names.has(file));
  return chosen.length > 0 ? chosen : moduleTests;
}

/**
 * Rechecks the module's survivors and ignored static mutants (or those with the
 * given ids), `concurrency` at a time; returns the verdicts in the report's order.
 * `coveringFilesOnly` (after a forced run): a mutant runs only the files of the
 * tests that reach it (filesFor); an incremental run's survivor keeps coverage
 * from before a test file was added, so it runs them all.
 */
export async function recheck(module, ids = [], { concurrency = 1, coveringFilesOnly = false, log = (line) => process.stdout.write(`${line}\n`) } = {}) {
  const entry = MUTATION_MODULES.find((e) => e.module === module);
  if (!entry) throw new Error(`${module} is not one of the mutated modules (scripts/mutation-modules.mjs)`);
  const report = JSON.parse(readFileSync(resolve(repo, `${REPORTS}/${reportSlug(module)}.json`), "utf8"));
  const file = report.files[module];
  const original = readFileSync(resolve(repo, module), "utf8");
  if (original !== file.source) throw new Error(`${module} changed since its mutation run: run npm run test:mutation -- ${module} first`);
  const pending = selectForRecheck(file.mutants, ids);
  const copies = [];
  const verdicts = new Map();
  let next = 0;
  const work = async (copy) => {
    while (next < pending.length) {
      const m = pending[next++];
      writeFileSync(join(copy, module), applyMutant(original, m));
      const verdict = (await testsPass(copy, filesFor(m, entry.tests, report.testFiles, coveringFilesOnly))) ? "survived" : "killed";
      verdicts.set(m.id, { id: m.id, replacement: m.replacement, line: m.location.start.line, mutator: m.mutatorName, verdict });
      const was = original.slice(offset(original, m.location.start), offset(original, m.location.end)).split("\n")[0].slice(0, 70);
      const how = m.status === "Survived" ? "survivor" : "static";
      log(`${verdict.padEnd(9)} #${m.id} (${how}) line ${m.location.start.line} ${m.mutatorName}: ${was} -> ${m.replacement.split("\n")[0].slice(0, 70)}`);
    }
  };
  try {
    for (let i = 0; i < Math.min(concurrency, pending.length); i++) copies.push(projectCopy());
    await Promise.all(copies.map(work));
  } finally {
    for (const copy of copies) rmSync(copy, { recursive: true, force: true });
  }
  const ordered = pending.map((m) => verdicts.get(m.id));
  // Given ids, their verdicts replace those of an earlier recheck of the same run.
  const earlier = ids.length > 0 && existsSync(recheckPath(module)) ? JSON.parse(readFileSync(recheckPath(module), "utf8")).mutants : [];
  const merged = [...earlier.filter((m) => !ids.includes(m.id)), ...ordered];
  writeFileSync(recheckPath(module), `${JSON.stringify({ module, mutants: merged }, null, 2)}\n`);
  return ordered;
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
  const args = process.argv.slice(2);
  const concurrency = takeConcurrency(args);
  const [name, ...ids] = args;
  if (!name || !Number.isInteger(concurrency) || concurrency < 1) {
    process.stderr.write("usage: node scripts/mutation-recheck.mjs [--concurrency N] bindings/<folder>/<module>.ts [mutant id ...]\n");
    process.exit(2);
  }
  const module = relative(repo, resolve(name)).replaceAll("\\", "/");
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(130));
  const verdicts = await recheck(module, ids, { concurrency });
  const killed = verdicts.filter((v) => v.verdict === "killed").length;
  process.stdout.write(`${killed} of ${verdicts.length} rechecked mutants killed by a plain test run\n`);
  const now = `${new Date().toISOString().slice(11, 16)} UTC`;
  const t = rewriteRow(module, `${recordedWhen(module) ?? "not recorded"}; rechecked ${now}`);
  process.stdout.write(`${module}: ${t.score.toFixed(1)}% after the recheck; row rewritten in docs/testing.md\n`);
}
