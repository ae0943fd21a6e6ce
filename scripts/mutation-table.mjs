// The table of mutation scores in docs/testing.md (between the mutation
// markers), shared by scripts/mutation.mjs (after each module's StrykerJS run)
// and scripts/mutation-recheck.mjs (after survivors are run again by hand).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { MUTATION_MODULES } from "./mutation-modules.mjs";

const repo = fileURLToPath(new URL("..", import.meta.url));
const GUIDE = resolve(repo, "docs/testing.md");
export const REPORTS = "reports/mutation";
const START = "<!-- mutation:start -->";
const END = "<!-- mutation:end -->";

export const reportSlug = (module) =>
  module
    .replace(/^bindings\//, "")
    .replace(/\.ts$/, "")
    .replaceAll("/", "-");

/**
 * The runs' concurrency: `--concurrency N` or `--concurrency=N` (taken out of
 * `args`), else MUTATION_CONCURRENCY, else every core; NaN when N is missing.
 */
export function takeConcurrency(args) {
  const at = args.findIndex((a) => a === "--concurrency" || a.startsWith("--concurrency="));
  if (at < 0) return Number(process.env.MUTATION_CONCURRENCY || availableParallelism());
  return Number(args[at].includes("=") ? args.splice(at, 1)[0].slice("--concurrency=".length) : args.splice(at, 2)[1]);
}

export const recheckPath = (module) => resolve(repo, `${REPORTS}/${reportSlug(module)}.recheck.json`);

/** The module's recheck file (verdicts of scripts/mutation-recheck.mjs), if there is one. */
const readRecheck = (module) => (module && existsSync(recheckPath(module)) ? JSON.parse(readFileSync(recheckPath(module), "utf8")) : undefined);

/**
 * A mutant StrykerJS left untested because it is static (`ignoreStatic`): its
 * code runs only when the module loads, which StrykerJS's vitest runner does not
 * redo with the mutant applied. The recheck runs it in plain test runs.
 */
export const isStaticIgnored = (m) => m.status === "Ignored" && /^Static mutant/.test(m.statusReason ?? "");

/** The mutants the recheck runs in plain test runs: the survivors and the static mutants StrykerJS ignored. */
export const recheckCandidates = (mutants) => mutants.filter((m) => m.status === "Survived" || isStaticIgnored(m));

/**
 * Counts by StrykerJS status, and the score as StrykerJS defines it:
 * detected / (detected + undetected). A static mutant StrykerJS ignored counts
 * as survived until a recheck kills it, never as left out; the recheck's
 * kills (when its file belongs to this run: every rechecked id still a
 * candidate with the same replacement) move from survived to killed on recheck.
 */
export function tally(results, seconds, recheck = readRecheck(results.module)) {
  const count = (status) => results.filter((r) => r.status === status).length;
  const killed = count("Killed") + count("Timeout");
  let survived = count("Survived") + results.filter(isStaticIgnored).length;
  const noCoverage = count("NoCoverage");
  let recheckKilled;
  if (recheck) {
    const current = new Map(recheckCandidates(results).map((r) => [r.id, r.replacement]));
    if (recheck.mutants.every((m) => current.get(m.id) === m.replacement)) {
      recheckKilled = recheck.mutants.filter((m) => m.verdict === "killed").length;
      survived -= recheckKilled;
    }
  }
  const detected = killed + (recheckKilled ?? 0);
  const valid = detected + survived + noCoverage;
  return { mutants: results.length, killed, recheckKilled, survived, noCoverage, score: valid === 0 ? 100 : (100 * detected) / valid, seconds };
}

const HEADER = [
  "| module | mutants | killed + timeout | killed on recheck | survived | no coverage | score | run time | measured |",
  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
];

export function row(module, t, when) {
  const time = Number.isFinite(t.seconds) ? `${Math.round(t.seconds)} s` : (t.time ?? "not recorded");
  const recheck = t.recheckKilled === undefined ? "not run" : String(t.recheckKilled);
  return `| ${module} | ${t.mutants} | ${t.killed} | ${recheck} | ${t.survived} | ${t.noCoverage} | ${t.score.toFixed(1)}% | ${time} | ${when} |`;
}

function recordedCells(module) {
  const line = readFileSync(GUIDE, "utf8")
    .split("\n")
    .find((l) => l.startsWith(`| ${module} |`));
  return line?.split("|").map((c) => c.trim());
}

/** The run time recorded in a module's current row, to keep it when a recheck rewrites the row. */
export function recordedTime(module) {
  const cells = recordedCells(module);
  return cells?.[cells.length - 3];
}

/** When (and under what load) the module's current row was measured, without an earlier recheck's note. */
export function recordedWhen(module) {
  const cells = recordedCells(module);
  return cells?.[cells.length - 2]?.replace(/;? ?\(?rechecked.*$/, "");
}

export const header = () => HEADER.join("\n");

/**
 * Rewrites the table between the markers: new rows replace old ones, the others
 * stay, in the order of mutation-modules.mjs; `summary` replaces the line above
 * the table (undefined keeps it).
 */
export function writeTable(newRows, summary) {
  const text = readFileSync(GUIDE, "utf8");
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${GUIDE} lacks the ${START} ... ${END} markers`);
  const oldRows = new Map();
  let oldSummary = "";
  for (const line of text.slice(start, end).split("\n")) {
    const module = /^\| (bindings\/\S+) \|/.exec(line)?.[1];
    if (module) oldRows.set(module, line);
    else if (line.startsWith("Last run") || line.startsWith("Rows rewritten")) oldSummary = line;
  }
  const rows = MUTATION_MODULES.map(({ module }) => newRows.get(module) ?? oldRows.get(module)).filter(Boolean);
  const block = [START, "", summary ?? oldSummary, "", ...HEADER, ...rows, "", END].join("\n");
  writeFileSync(GUIDE, text.slice(0, start) + block + text.slice(end + END.length));
}
