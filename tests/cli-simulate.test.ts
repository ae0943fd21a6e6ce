/**
 * `edge-alloc simulate`'s own code (cli/simulate.ts) in this process, the
 * command alone (runCommand: not the whole program, whose modules a mutation
 * run would load again for every mutant): the flag parsers, the defaults
 * --help states, the flags named in errors, then the runs (a few users and
 * frames, in this thread): the command the report says reproduces the run,
 * --json, the --fairness run of several alphas. The cheap checks come first:
 * a mutation run stops a mutant's tests at the first that fails.
 * simulation-cli.test.ts runs the command through the whole CLI, on threads.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Option } from "commander";
import { describe, expect, it, vi } from "vitest";
import type { CliIo } from "../bindings/cli/io.js";
import { simulateCommand } from "../bindings/cli/simulate.js";
import { fitProfile, parseLatencyCsv } from "../bindings/scenarios/profile-fit.js";
import { PROFILE_NAMES } from "../bindings/scenarios/profiles.js";
import { runCommand, usageError } from "./helpers/command-in-process.js";
import { InputError } from "../bindings/core/errors.js";

// The SVG plots are vega's rendering of a spec, held by sweep.test.ts, simulation-cli.test.ts and
// fairness.test.ts; here the spec is written as is, in a fraction of the time, and vega is never loaded
// (a mutation run pays this file again for each mutant).
vi.mock("../bindings/experiments/sweep-plot.js", async (original) => ({
  ...(await original<typeof import("../bindings/experiments/sweep-plot.js")>()),
  loadPlotting: async () => [],
  renderSvg: async (spec: Record<string, unknown>) => `<svg>${JSON.stringify(spec)}</svg>`,
}));

const scratch = mkdtempSync(join(tmpdir(), "edge-alloc-cli-simulate-"));
const SMALL = ["--users", "4", "--frames", "3", "--arrival-rate", "10", "--seed", "2", "--algorithms", "exact,greedy", "--workers", "0"];
const simulate = (args: string[]) => runCommand(simulateCommand, args);

/**
 * The alignment of each column of a table renderTable drew: "left" or "right" by where its cells
 * touch the column's extent, which the line of dashes under the header gives.
 */
function alignments(table: string[]): string[] {
  const columns = [...table[1].matchAll(/-+/g)].map((m) => [m.index, m.index + m[0].length]);
  return columns.map(([start, end]) => {
    const cells = [table[0], ...table.slice(2)].map((row) => row.padEnd(end).slice(start, end));
    if (cells.every((c) => c.endsWith(" ") === false) && cells.some((c) => c.startsWith(" "))) return "right";
    if (cells.every((c) => c.startsWith(" ") === false) && cells.some((c) => c.endsWith(" "))) return "left";
    return "either";
  });
}
const quiet: CliIo = { out: () => {}, err: () => {}, readStdin: async () => "" };
const parse = (long: string, text: string) => {
  const option = simulateCommand(quiet).options.find((o) => o.long === long) as Option & { parseArg: (v: string, p: unknown) => unknown };
  return option.parseArg(text, undefined);
};

describe("simulate's flag parsers", () => {
  it("--frame-ms takes positive numbers", () => {
    expect(parse("--frame-ms", "0.5")).toBe(0.5);
    for (const bad of ["0", "-1"]) expect(() => parse("--frame-ms", bad), bad).toThrow(`expected a positive number, got "${bad}".`);
  });

  it("--arrival-rate takes numbers >= 0", () => {
    expect(parse("--arrival-rate", "0")).toBe(0);
    expect(() => parse("--arrival-rate", "-0.5")).toThrow('expected a number >= 0, got "-0.5".');
  });

  it("--fairness takes alphas >= 0, sorted, each once", () => {
    expect(parse("--fairness", "2, 0.5,0,2")).toEqual([0, 0.5, 2]);
    expect(parse("--fairness", "10,9")).toEqual([9, 10]);
    for (const bad of ["1,", "1, ", "-1", "1,x", "Infinity"]) {
      expect(() => parse("--fairness", bad), bad).toThrow(`expected numbers >= 0 separated by commas, got "${bad}".`);
    }
  });
});

describe("simulate's help and the flags named in errors", () => {
  it("states its defaults in --help", async () => {
    const { error, stdout } = await simulate(["--help"]);
    expect(usageError({ error, stdout, stderr: "" })).toBe("(outputHelp)");
    const text = stdout.replace(/\s+/g, " ");
    for (const expected of [
      "--users <n> users in the cell (at most 10,000) (default: 60)",
      "frames to simulate (at most 100,000, and users x rate x frames x frame length at most 500,000 tasks)",
      "per second (at most 1,000, and users x rate x frame length at most 10,000 tasks a frame)",
      "frame length F in ms (default: 100)",
      '(choices: "defer", "drop", default: "defer")',
      "(default: exact,greedy,no-early-exit,no-batching,conventional)",
      "(default: none)",
      'plots and report (default: "results/simulation")',
      "(0: run in this thread) (default: one per core)",
      '(choices: "auto", "wasm", "js", default: "auto")',
      "depend on the machine) (default: 0)",
      "(tree does not take weights) (default: 0)",
      "algorithms to compare (exact, tree, greedy, bsp, milp, no-early-exit, no-batching, conventional)",
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toMatch(/change a scenario parameter, repeatable \([^)]*\busers\b/);
    expect(text).not.toMatch(/change a scenario parameter, repeatable \([^)]*\bframeS\b/);
    expect(text).toMatch(/change a scenario parameter, repeatable \([^)]*\bbandwidthHz\b/);
  });
  it("describes itself and every flag, and defaults to every algorithm but tree and to alpha 0", () => {
    const command = simulateCommand(quiet);
    expect(command.name()).toBe("simulate");
    const defaultOf = (long: string) => command.options.find((o) => o.long === long)?.defaultValue;
    expect(defaultOf("--algorithms")).toEqual(["exact", "greedy", "no-early-exit", "no-batching", "conventional"]);
    expect(defaultOf("--fairness")).toEqual([0]);
    expect(command.description()).toMatch(/^online operation: many frames of one cell/);
    for (const o of command.options) expect(o.description, o.long).not.toBe("");
  });

  it("names the flag each bad value came from", async () => {
    const cases: Array<[string[], string]> = [
      [["--set", "users=5"], "--set: users: use --users to set it"],
      [["--set", "frameS=0.1"], "--set: frameS: use --frame-ms to set it"],
      [["--profile", "nope"], `--profile: unknown profile "nope": neither a preset (${PROFILE_NAMES.join(", ")}) nor a file`],
      [["--set", "bandwidthHz=-1"], "--set: bandwidthHz: must be a positive number, got -1"],
      [["--frames", "200000"], "--frames: must be at most 100,000 (a run keeps every task it draws), got 200000"],
      [["--users", "1e6"], "--users: must be at most 10,000 (a frame's solve grows with the users), got 1000000"],
      [["--arrival-rate", "1e6"], "--arrival-rate: must be at most 1,000 (tasks per user per second), got 1000000"],
      [["--fairness", "1", "--algorithms", "exact,tree"], ""],
    ];
    for (const [args, message] of cases) {
      const { error, stdout } = await simulate([...SMALL, ...args, "--out", join(scratch, "never")]);
      expect(error, args.join(" ")).toBeInstanceOf(InputError);
      expect(stdout).toBe("");
      if (message) expect((error as Error).message).toBe(message);
      else expect((error as Error).message).toMatch(/^--algorithms: .*not tree$/m);
    }
    const blocker = join(scratch, "a-file");
    writeFileSync(blocker, "");
    const blocked = await simulate([...SMALL, "--out", join(blocker, "sub")]);
    expect((blocked.error as Error).message).toMatch(/^--out: cannot create folder/);
  });
});

describe("edge-alloc simulate runs, in this thread", () => {
  it("sets the preset named by --profile", async () => {
    const preset = PROFILE_NAMES.at(-1) as string;
    const out = join(scratch, "preset");
    const { error, stderr } = await simulate([...SMALL, "--profile", preset, "--out", out]);
    expect(stderr).toBe("");
    expect(error).toBeUndefined();
    const report = readFileSync(join(out, "report.md"), "utf8");
    expect(report).toContain(`--profile ${preset} --algorithms`);
    // The cell ran on the preset's DNN, not the default scenario's.
    expect(report).toContain(`; DNN \`${preset}\``);
  });

  it("prints the headline and writes a report naming the command", async () => {
    const out = join(scratch, "plain");
    const { error, stdout, stderr } = await simulate([...SMALL, "--out", out]);
    expect(stderr).toBe("");
    expect(error).toBeUndefined();
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^algorithm\s/);
    expect(lines[2]).toMatch(/^exact\s/);
    expect(lines[3]).toMatch(/^greedy\s/);
    expect(alignments(lines.slice(0, 4))).toEqual(["left", ...Array(7).fill("right")]);
    const written = ["report.md", "frames.csv", "summary.csv", "users.csv"].map((f) => join(out, f)).join(", ");
    expect(lines.at(-1)).toMatch(new RegExp(`^simulated in \\d+\\.\\d s; wrote ${written}, `));
    expect(readFileSync(join(out, "report.md"), "utf8")).toContain(
      "Reproduce with `edge-alloc simulate --users 4 --frames 3 --frame-ms 100 --arrival-rate 10 --policy defer --seed 2 --algorithms exact,greedy` ",
    );
    // --workers 0: the algorithms ran in this thread, as the report's machine line says.
    expect(readFileSync(join(out, "report.md"), "utf8")).toMatch(/, 0 worker threads, load average/);
  });

  it("names every flag that decides the results in the report, and --json prints the summaries", async () => {
    const csv = "1,1,0.004\n1,16,0.012\n2,1,0.003\n2,16,0.009\n";
    const file = join(scratch, "mine.json");
    writeFileSync(file, JSON.stringify(fitProfile(parseLatencyCsv(csv, "m.csv"), "m.csv", { accuracies: [0.6, 0.75], name: "mine", source: "test" })));
    const out = join(scratch, "all-flags");
    const extra = ["--frame-ms", "200", "--policy", "drop", "--profile", file, "--set", "bandwidthHz=10000000", "--engine", "js", "--time-limit-ms", "500"];
    const { error, stdout, stderr } = await simulate([...SMALL, ...extra, "--json", "--out", out]);
    expect(stderr).toBe("");
    expect(error).toBeUndefined();
    const json = JSON.parse(stdout) as { files: string[]; wallS: number; summary: Array<{ algorithm: string }> };
    expect(json.files).toContain(join(out, "report.md"));
    expect(json.wallS).toBeGreaterThan(0);
    expect(json.summary.map((s) => s.algorithm)).toEqual(["exact", "greedy"]);
    expect(readFileSync(join(out, "report.md"), "utf8")).toContain(
      `Reproduce with \`edge-alloc simulate --users 4 --frames 3 --frame-ms 200 --arrival-rate 10 --policy drop --seed 2 --profile ${file} --set bandwidthHz=10000000 --algorithms exact,greedy --engine js --time-limit-ms 500\` `,
    );
  });

  it("runs each alpha and alpha 0 with --fairness, and names them in fairness.md", async () => {
    const out = join(scratch, "fair");
    const { error, stdout, stderr } = await simulate([
      ...SMALL,
      "--fairness",
      "2,1",
      "--set",
      "deadlineScale=2",
      "--set",
      "bandwidthHz=20000000",
      "--out",
      out,
    ]);
    expect(stderr).toBe("");
    expect(error).toBeUndefined();
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^alpha\s+algorithm\s/);
    expect(
      lines
        .slice(2)
        .filter((l) => /^\s*\d/.test(l))
        .map((l) => l.trim().split(/\s+/).slice(0, 2).join(" ")),
    ).toEqual(["0 exact", "0 greedy", "1 exact", "1 greedy", "2 exact", "2 greedy"]);
    expect(alignments(lines.slice(0, 8))).toEqual(["right", "left", ...Array(6).fill("right")]);
    expect(lines.at(-1)).toMatch(new RegExp(`^simulated in \\d+\\.\\d s; wrote \\d+ files, ${join(out, "fairness.md")} first$`));
    const md = readFileSync(join(out, "fairness.md"), "utf8");
    expect(md).toContain(
      "Reproduce: `edge-alloc simulate --users 4 --frames 3 --frame-ms 100 --arrival-rate 10 --policy defer --seed 2 --set deadlineScale=2 --set bandwidthHz=20000000 --algorithms exact,greedy --fairness 1,2`",
    );
    expect(md).toContain("](fairness.svg)");
    expect(readFileSync(join(out, "fairness.svg"), "utf8")).toContain(
      "4 users, 10 tasks/s each, frame 100 ms, 3 frames, seed 2, deadlineScale = 2, bandwidthHz = 20000000",
    );
    for (const alpha of ["0", "1", "2"]) expect(readFileSync(join(out, `alpha-${alpha}`, "report.md"), "utf8")).toContain("Reproduce with");
    const json = await simulate([...SMALL, "--fairness", "0,1", "--json", "--out", join(scratch, "fair-json")]);
    expect(json.error).toBeUndefined();
    const parsed = JSON.parse(json.stdout) as { files: string[]; wallS: number; fairness: Array<{ alpha: number }> };
    expect(parsed.files[0]).toBe(join(scratch, "fair-json", "fairness.md"));
    expect([...new Set(parsed.fairness.map((r) => r.alpha))]).toEqual([0, 1]);
    // Every file it names was written; alpha 0 given among others still names --fairness.
    for (const f of parsed.files) expect(existsSync(f), f).toBe(true);
    expect(readFileSync(join(scratch, "fair-json", "fairness.md"), "utf8")).toContain("--algorithms exact,greedy --fairness 0,1`");
  });
});
