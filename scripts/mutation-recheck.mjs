#!/usr/bin/env node
// node scripts/mutation-recheck.mjs bindings/<folder>/<module>.ts [mutant id ...]
//
// Runs each survivor of the module's last mutation run again by hand: in a
// copy of the project (node_modules linked), the mutant's replacement written
// into the module, the module's test files run by vitest in a fresh process. StrykerJS's vitest runner
// can call a mutant survived when it breaks a test file's setup or module-level
// code; this says which survivors a plain test run kills.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { MUTATION_MODULES } from "./mutation-modules.mjs";

const repo = fileURLToPath(new URL("..", import.meta.url));
const [name, ...ids] = process.argv.slice(2);
if (!name) {
  process.stderr.write("usage: node scripts/mutation-recheck.mjs bindings/<folder>/<module>.ts [mutant id ...]\n");
  process.exit(2);
}
const module = relative(repo, resolve(name)).replaceAll("\\", "/");
const entry = MUTATION_MODULES.find((e) => e.module === module);
if (!entry) {
  process.stderr.write(`${module} is not one of the mutated modules (scripts/mutation-modules.mjs)\n`);
  process.exit(2);
}
const slug = module
  .replace(/^bindings\//, "")
  .replace(/\.ts$/, "")
  .replaceAll("/", "-");
const report = JSON.parse(readFileSync(resolve(repo, `reports/mutation/${slug}.json`), "utf8"));
const file = report.files[module];
const survivors = file.mutants.filter((m) => m.status === "Survived" && (ids.length === 0 || ids.includes(m.id)));
const original = readFileSync(resolve(repo, module), "utf8");
if (original !== file.source) {
  process.stderr.write(`${module} changed since its mutation run: run npm run test:mutation -- ${module} first\n`);
  process.exit(2);
}
const SKIP = new Set(["node_modules", ".git", ".stryker-tmp", "reports"]);
const copy = mkdtempSync(join(tmpdir(), "mutation-recheck-"));
cpSync(repo, copy, { recursive: true, filter: (from) => !SKIP.has(relative(repo, from).split(/[\\/]/)[0]) });
symlinkSync(resolve(repo, "node_modules"), join(copy, "node_modules"), "dir");
const path = join(copy, module);

/** Offset of a 1-based line and column in `text`. */
function offset(text, { line, column }) {
  let at = 0;
  for (let l = 1; l < line; l++) at = text.indexOf("\n", at) + 1;
  return at + column - 1;
}

const restore = () => rmSync(copy, { recursive: true, force: true });
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    restore();
    process.exit(130);
  });
}
let killed = 0;
try {
  for (const m of survivors) {
    const start = offset(original, m.location.start);
    const end = offset(original, m.location.end);
    writeFileSync(path, original.slice(0, start) + m.replacement + original.slice(end));
    const run = spawnSync("npx", ["vitest", "run", "--reporter=dot", ...entry.tests], {
      cwd: copy,
      encoding: "utf8",
      env: { ...process.env, PROPERTY_RUNS_SCALE: process.env.PROPERTY_RUNS_SCALE ?? "0.1" },
    });
    const verdict = run.status === 0 ? "survives" : "killed";
    if (run.status !== 0) killed++;
    const was = original.slice(start, end).split("\n")[0].slice(0, 70);
    process.stdout.write(
      `${verdict.padEnd(9)} #${m.id} line ${m.location.start.line} ${m.mutatorName}: ${was} -> ${m.replacement.split("\n")[0].slice(0, 70)}\n`,
    );
  }
} finally {
  restore();
}
process.stdout.write(`${killed} of ${survivors.length} survivors killed by a plain test run\n`);
