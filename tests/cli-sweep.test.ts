/**
 * `edge-alloc sweep`'s own code (cli/sweep.ts) in this process: the flag
 * parsers, the headline a person reads, the command the report says
 * reproduces the run, --json, --compare-with and --profile files, and the
 * defaults --help states. One seed, a few users, in this thread.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import type { Option } from "commander";
import type { CliIo } from "../bindings/cli/io.js";
import { assignmentArg, listArg, SETTABLE, sweepCommand, wholeNumberArg } from "../bindings/cli/sweep.js";
import { DEFAULT_ALGORITHMS, SWEEP_NAMES } from "../bindings/experiments/sweep-plan.js";
import { DEFAULT_SCENARIO } from "../bindings/scenarios/generate.js";
import { fitProfile, parseLatencyCsv } from "../bindings/scenarios/profile-fit.js";
import { PROFILE_NAMES } from "../bindings/scenarios/profiles.js";
import { cli } from "./helpers/cli-in-process.js";

// The SVG plots are vega's rendering of a spec, held by sweep.test.ts, simulation-cli.test.ts and
// fairness.test.ts; here the spec is written as is, in a fraction of the time, and vega is never loaded
// (a mutation run pays this file again for each mutant).
vi.mock("../bindings/experiments/sweep-plot.js", async (original) => ({
  ...(await original<typeof import("../bindings/experiments/sweep-plot.js")>()),
  loadPlotting: async () => [],
  renderSvg: async (spec: Record<string, unknown>) => `<svg>${JSON.stringify(spec)}</svg>`,
}));

const scratch = mkdtempSync(join(tmpdir(), "edge-alloc-cli-sweep-"));
const SMALL = ["sweep", "--runs", "1", "--seed", "3", "--sweeps", "users", "--values", "4", "--algorithms", "exact,conventional", "--workers", "0"];

/** A fitted profile file without a source (JSON drops the undefined key): the sweep names the file as its source. */
function profileFile(name: string): string {
  const csv = "1,1,0.004\n1,16,0.012\n2,1,0.003\n2,16,0.009\n";
  const profile = fitProfile(parseLatencyCsv(csv, "m.csv"), "m.csv", { accuracies: [0.6, 0.75], name, source: "test" });
  const file = join(scratch, `${name}-file.json`);
  writeFileSync(file, JSON.stringify({ ...profile, source: undefined }));
  return file;
}

describe("sweep's flag parsers", () => {
  it("--set takes every numeric scenario parameter but the seed", () => {
    const numeric = Object.keys(DEFAULT_SCENARIO).filter((k) => k !== "seed" && k !== "profile");
    expect(SETTABLE).toEqual([...numeric, "accuracyMin", "accuracyMax", "maxBatch", "frameS"]);
  });

  it("--set key=value collects pairs, spaces allowed around the key and the =", () => {
    expect(assignmentArg("users=5", [])).toEqual([["users", 5]]);
    expect(assignmentArg("  bandwidthHz =  1e7", [["users", 5]])).toEqual([
      ["users", 5],
      ["bandwidthHz", 1e7],
    ]);
    for (const bad of ["users", "users=", "=5", "1users=5", "users5"]) {
      expect(() => assignmentArg(bad, []), bad).toThrow(`expected key=value, got "${bad}".`);
    }
    expect(() => assignmentArg("seed=2", [])).toThrow(`unknown parameter "seed"; one of ${SETTABLE.join(", ")}.`);
    expect(() => assignmentArg("users=many", [])).toThrow('expected a number, got "many"');
    // The value runs to the end of the text: a second line is not dropped.
    expect(() => assignmentArg("users=5\n6", [])).toThrow('expected key=value, got "users=5\n6".');
  });

  it("a list flag takes known names once each, in the order given", () => {
    const parse = listArg(["a", "b", "c"] as const);
    expect(parse(" b, a,,b ")).toEqual(["b", "a"]);
    expect(() => parse("")).toThrow("expected a comma-separated list of a, b, c.");
    expect(() => parse(" , ")).toThrow("expected a comma-separated list of a, b, c.");
    expect(() => parse("a,d,e")).toThrow("expected a comma-separated list of a, b, c; unknown: d, e.");
  });

  it("a whole-number flag takes integers from its least value", () => {
    expect(wholeNumberArg(1)("1")).toBe(1);
    expect(wholeNumberArg(0)("0")).toBe(0);
    for (const bad of ["0", "1.5", "-2"]) expect(() => wholeNumberArg(1)(bad), bad).toThrow(`expected a whole number >= 1, got "${bad}".`);
  });
});

describe("edge-alloc sweep in this process", () => {
  it("prints the headline at the base point and writes a report naming the command", async () => {
    const out = join(scratch, "plain");
    const { code, stdout, stderr } = await cli([...SMALL, "--values", "4,60", "--out", out]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const [title, header, rule, ...rest] = stdout.split("\n");
    expect(title).toBe("K = 60 (the default scenario), 1 runs:");
    expect(header).toMatch(/^algorithm\s+tasks\/s \(95% CI\)\s+served\s+vs conventional$/);
    expect(rule).toMatch(/^-+/);
    expect(rest[0]).toMatch(/^exact\s+\d+\.\d ± \d+\.\d\s+\d+\.\d\s+\d+\.\d\dx$/);
    expect(rest[1]).toMatch(/^conventional\s+\d+\.\d ± \d+\.\d\s+\d+\.\d\s+1\.00x$/);
    // The algorithm column is left-aligned, the numbers right-aligned: every line as long as the header,
    // and each number ends where its header does.
    for (const line of [rule, rest[0], rest[1]]) expect(line.length).toBe(header.length);
    for (const column of ["tasks/s (95% CI)", "served", "vs conventional"]) {
      const end = header.indexOf(column) + column.length;
      for (const line of [rest[0], rest[1]]) expect(line[end - 1]).not.toBe(" ");
    }
    expect(rest[0].startsWith("exact ")).toBe(true);
    expect(rest.slice(2)).toEqual(["", `wrote ${["report.md", "runs.csv", "summary.csv", "users.svg"].map((f) => join(out, f)).join(", ")}`, ""]);
    const report = readFileSync(join(out, "report.md"), "utf8");
    expect(report).toContain("Produced by `edge-alloc sweep --runs 1 --seed 3 --sweeps users --values 4,60 --algorithms exact,conventional`: ");
    // Without the base value among the points, the headline is the first point's; without conventional, no gain.
    const first = await cli([...SMALL, "--algorithms", "exact", "--out", join(scratch, "first")]);
    expect(first.stdout.split("\n")[0]).toBe("K = 4, 1 runs:");
    expect(first.stdout.split("\n")[3]).toMatch(/^exact\s+\d+\.\d ± \d+\.\d\s+\d+\.\d\s*$/);
  });

  it("names every flag that decides the results in the report, and --json prints the summaries", async () => {
    const earlier = join(scratch, "earlier");
    expect((await cli([...SMALL, "--out", earlier])).code).toBe(0);
    const file = profileFile("mine");
    const out = join(scratch, "all-flags");
    const args = [...SMALL, "--profile", file, "--set", "bandwidthHz=20000000", "--set", "deadlineScale=2", "--engine", "js"];
    const run = await cli([...args, "--time-limit-ms", "5000", "--compare-with", join(earlier, "summary.csv"), "--json", "--out", out]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const report = readFileSync(join(out, "report.md"), "utf8");
    expect(report).toContain(
      `Produced by \`edge-alloc sweep --runs 1 --seed 3 --profile ${file} --set bandwidthHz=20000000 --set deadlineScale=2 --sweeps users --values 4 --algorithms exact,conventional --engine js --time-limit-ms 5000 --compare-with ${join(earlier, "summary.csv")}\`: `,
    );
    expect(report).toContain(`DNN profile \`mine\`: profile file ${file}`);
    const json = JSON.parse(run.stdout) as { files: string[]; summary: Array<Record<string, unknown>> };
    expect(json.files).toContain(join(out, "report.md"));
    expect(json.summary.length).toBe(2);
    for (const s of json.summary) {
      expect(s).toMatchObject({ sweep: "users", algorithm: expect.any(String) });
      expect(s).toHaveProperty("throughput");
      expect(s).not.toHaveProperty("servedBySeed");
    }
  });

  it("sweeps around a preset profile named by --profile", async () => {
    const preset = PROFILE_NAMES.find((n) => n !== DEFAULT_SCENARIO.profile) as string;
    const out = join(scratch, "preset");
    const { code, stdout, stderr } = await cli([...SMALL, "--values", "4,60", "--profile", preset, "--out", out]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toBe("K = 60 (the base scenario), 1 runs:");
    const report = readFileSync(join(out, "report.md"), "utf8");
    expect(report).toContain(`\`edge-alloc sweep --runs 1 --seed 3 --profile ${preset} --sweeps users --values 4,60`);
    expect(report).toContain(preset);
  });

  it("refuses a profile file named like a preset, and an --compare-with it cannot read, exit 2", async () => {
    const named = profileFile(PROFILE_NAMES[0]);
    const clash = await cli([...SMALL, "--profile", named, "--out", join(scratch, "never")]);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toBe(`edge-alloc: --profile: ${named} is named "${PROFILE_NAMES[0]}", the name of a preset; give it another name\n`);
    const missing = join(scratch, "no-summary.csv");
    const compare = await cli([...SMALL, "--compare-with", missing, "--out", join(scratch, "never")]);
    expect(compare.code).toBe(2);
    expect(compare.stderr).toMatch(new RegExp(`^edge-alloc: --compare-with: cannot use ${missing}: ENOENT`));
    const notCsv = join(scratch, "not-a-summary.csv");
    writeFileSync(notCsv, "a,b\n1,2\n");
    const wrong = await cli([...SMALL, "--compare-with", notCsv, "--out", join(scratch, "never")]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(new RegExp(`^edge-alloc: --compare-with: cannot use ${notCsv}: \\S`));
  });

  it("names the flag a bad value came from", async () => {
    const cases: Array<[string[], string]> = [
      [["--set", "users=-3"], "edge-alloc: --set: users: must be a whole number >= 0, got -3\n"],
      [["--sweeps", "users", "--values", "-5"], "edge-alloc: --values: users: must be a whole number >= 0, got -5\n"],
      [["--sweeps", "users", "--values", " "], 'edge-alloc: --values: expected numbers for sweep users, got " "\n'],
      [["--set", "bandwidthHz=1e7", "--sweeps", "users", "--values", "-5"], "edge-alloc: --values: users: must be a whole number >= 0, got -5\n"],
      [["--set", "users=-3", "--sweeps", "users", "--values", "5"], "edge-alloc: --set: users: must be a whole number >= 0, got -3\n"],
      [["--profile", "no-such.json"], `edge-alloc: --profile: unknown profile "no-such.json": neither a preset (${PROFILE_NAMES.join(", ")}) nor a file\n`],
      [["--sweeps", "users,bandwidth", "--values", "5"], "edge-alloc: --values: replaces the values of one sweep; pick one with --sweeps (2 selected)\n"],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await cli(["sweep", "--runs", "1", "--workers", "0", ...args, "--out", join(scratch, "never")]);
      expect(code, args.join(" ")).toBe(2);
      expect(stderr).toBe(message);
    }
  });

  it("runs every sweep and the paper's algorithms unless told otherwise", () => {
    const quiet: CliIo = { out: () => {}, err: () => {}, readStdin: async () => "" };
    const option = (long: string) => sweepCommand(quiet).options.find((o) => o.long === long) as Option;
    expect(option("--sweeps").defaultValue).toEqual([...SWEEP_NAMES]);
    expect(option("--algorithms").defaultValue).toEqual([...DEFAULT_ALGORITHMS]);
    expect(option("--set").defaultValue).toEqual([]);
  });

  it("takes profile names as the values of the profile sweep", async () => {
    const { code, stderr } = await cli([
      "sweep",
      "--runs",
      "1",
      "--workers",
      "0",
      "--sweeps",
      "profile",
      "--values",
      "resnet9",
      "--out",
      join(scratch, "never"),
    ]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^edge-alloc: --values: profile: unknown DNN profile "resnet9"/);
  });

  it("states its defaults in --help", async () => {
    const { code, stdout } = await cli(["sweep", "--help"]);
    expect(code).toBe(0);
    const text = stdout.replace(/\s+/g, " ");
    for (const expected of [
      "seeded instances per point (default: 100)",
      "every point (default: 1)",
      "(default: all)",
      "(default: exact,greedy,no-early-exit,no-batching,conventional)",
      `(${SETTABLE.join(", ")}; SI units) (default: none)`,
      'plots and report (default: "results/experiments")',
      "run in this thread) (default: one per core)",
      '(choices: "auto", "wasm", "js", default: "auto")',
      "results depend on the machine) (default: 0)",
    ]) {
      expect(text).toContain(expected);
    }
  });
});
