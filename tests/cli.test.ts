import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { cli } from "./helpers/cli-in-process.js";
import { generateInstance } from "../bindings/scenarios/generate.js";
import { ALGORITHMS, type Solution } from "../bindings/core/types.js";
import { validateInstance } from "../bindings/core/validate.js";

const repo = fileURLToPath(new URL("..", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "edge-alloc-cli-"));

/** Writes `content` (a string is written as is, anything else as JSON) to a scratch file and returns its path. */
function scratchFile(name: string, content: unknown): string {
  const path = join(scratch, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

/** Runs the real command in a child process, as a person would (through tsx, from the TS sources). */
function spawnCli(args: string[], stdin = ""): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "bindings/cli/main.ts", ...args], { cwd: repo });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** A user error: exit 2, nothing on stdout, every stderr line `edge-alloc: ...`, no stack trace. */
function expectUserError(result: { code: number | null; stdout: string; stderr: string }, line: string | RegExp) {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe("");
  const lines = result.stderr.trimEnd().split("\n");
  for (const l of lines) expect(l).toMatch(/^edge-alloc: /);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  if (typeof line === "string") expect(lines).toContain(line);
  else expect(lines.some((l) => line.test(l))).toBe(true);
}

const smallInstance = generateInstance({ users: 8, seed: 4 });

describe("edge-alloc generate", () => {
  it("prints the default scenario (60 users) as valid JSON", async () => {
    const { code, stdout, stderr } = await cli(["generate"]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    const instance = JSON.parse(stdout);
    expect(validateInstance(instance)).toEqual(instance);
    expect(instance.users).toHaveLength(60);
    expect(instance).toEqual(generateInstance({}));
  });

  it("maps every flag onto its scenario parameter (negative values too)", async () => {
    const args = [
      "generate",
      "--users",
      "7",
      "--seed",
      "3",
      "--radius-m",
      "120",
      "--min-distance-m",
      "30",
      "--power-dbm",
      "-5",
      "--noise-dbm-per-hz",
      "-170",
      "--bandwidth-hz",
      "1e6",
      "--shadowing-db",
      "4",
      "--data-bits-min",
      "5000",
      "--data-bits-max",
      "6000",
      "--deadline-min-s",
      "0.2",
      "--deadline-max-s",
      "0.25",
      "--deadline-scale",
      "2",
      "--accuracy-min",
      "0.7",
      "--accuracy-max",
      "0.75",
      "--profile",
      "resnet50-a100-trt-fp16",
      "--max-batch",
      "64",
      "--frame-s",
      "0.8",
    ];
    const { code, stdout } = await cli(args);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(
      generateInstance({
        users: 7,
        seed: 3,
        radiusM: 120,
        minDistanceM: 30,
        powerDbm: -5,
        noiseDbmPerHz: -170,
        bandwidthHz: 1e6,
        shadowingDb: 4,
        dataBitsMin: 5000,
        dataBitsMax: 6000,
        deadlineSMin: 0.2,
        deadlineSMax: 0.25,
        deadlineScale: 2,
        accuracyMin: 0.7,
        accuracyMax: 0.75,
        profile: "resnet50-a100-trt-fp16",
        maxBatch: 64,
        frameS: 0.8,
      }),
    );
  });

  it("is deterministic and keeps latency points on one line", async () => {
    const a = await cli(["generate", "--users", "5", "--seed", "9"]);
    const b = await cli(["generate", "--users", "5", "--seed", "9"]);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toContain("[32, 0.02286]");
  });

  it("writes to --out instead of stdout", async () => {
    const out = join(scratch, "out.json");
    const { code, stdout } = await cli(["generate", "--users", "3", "--out", out]);
    expect(code).toBe(0);
    expect(stdout).toBe("");
    expect(JSON.parse(readFileSync(out, "utf8")).users).toHaveLength(3);
  });

  it("lists every flag in --help and exits 0", async () => {
    const { code, stdout } = await cli(["generate", "--help"]);
    expect(code).toBe(0);
    for (const flag of [
      "--users",
      "--seed",
      "--radius-m",
      "--min-distance-m",
      "--power-dbm",
      "--noise-dbm-per-hz",
      "--bandwidth-hz",
      "--shadowing-db",
      "--data-bits-min",
      "--data-bits-max",
      "--deadline-min-s",
      "--deadline-max-s",
      "--deadline-scale",
      "--accuracy-min",
      "--accuracy-max",
      "--profile",
      "--max-batch",
      "--frame-s",
      "--out",
    ]) {
      expect(stdout).toContain(flag);
    }
  });

  it.each([
    [["--users", "-1"], "edge-alloc: --users: must be a whole number >= 0, got -1"],
    [["--users", "abc"], /^edge-alloc: option '--users <K>' argument 'abc' is invalid/],
    [["--seed", "1.5"], "edge-alloc: --seed: must be an integer, got 1.5"],
    [["--radius-m", "10"], "edge-alloc: --radius-m: must be more than minDistanceM (20), got 10"],
    [["--profile", "nope"], /^edge-alloc: --profile: unknown DNN profile "nope" \(known: msdnet5-edge-like/],
    [["--max-batch", "500"], /^edge-alloc: --max-batch: must be at most the last measured batch/],
    [["--bogus"], "edge-alloc: unknown option '--bogus'"],
    [["--out", join(scratch, "no-such-dir", "x.json")], /^edge-alloc: cannot write .*x\.json: no such file$/],
  ])("refuses %j with one line and exit 2", async (args, line) => {
    expectUserError(await cli(["generate", ...(args as string[])]), line);
  });
});

describe("edge-alloc solve, bad input", () => {
  it.each([
    ["a missing file", [join(scratch, "missing.json")], /^edge-alloc: cannot read .*missing\.json: no such file$/],
    ["a directory", [scratch], /^edge-alloc: cannot read .*: it is a directory$/],
    [
      "an unknown algorithm",
      ["x.json", "--algorithm", "best"],
      /^edge-alloc: option '--algorithm <name>' argument 'best' is invalid\. Allowed choices are exact, tree/,
    ],
    ["an unknown engine", ["x.json", "--engine", "gpu"], /^edge-alloc: option '--engine <engine>' argument 'gpu' is invalid/],
    [
      "a negative time limit",
      ["x.json", "--time-limit-ms", "-5"],
      /^edge-alloc: option '--time-limit-ms <ms>' argument '-5' is invalid\. expected a number of milliseconds >= 0/,
    ],
    ["no file", [], "edge-alloc: missing required argument 'file'"],
    ["two files", ["a.json", "b.json"], /^edge-alloc: too many arguments/],
  ])("refuses %s", async (_label, args, line) => {
    expectUserError(await cli(["solve", ...(args as string[])]), line);
  });

  it("names the file of truncated JSON", async () => {
    const text = JSON.stringify(smallInstance);
    const file = scratchFile("truncated.json", text.slice(0, 200));
    expectUserError(await cli(["solve", file]), new RegExp(`^edge-alloc: ${file.replace(/[.\\/]/g, "\\$&")}: not valid JSON \\(.+\\)$`));
  });

  it("says standard input for bad JSON on stdin", async () => {
    expectUserError(await cli(["solve", "-"], "{ not json"), /^edge-alloc: standard input: not valid JSON/);
  });

  it("prints one line per instance issue, naming the path", async () => {
    const bad = structuredClone(smallInstance) as any;
    bad.users[3].deadlineS = -0.1;
    bad.users[5].id = "u1";
    const result = await cli(["solve", scratchFile("bad.json", bad)]);
    expectUserError(result, "edge-alloc: users[3].deadlineS: must be a positive number, got -0.1");
    expect(result.stderr.trimEnd().split("\n")).toEqual([
      "edge-alloc: users[3].deadlineS: must be a positive number, got -0.1",
      'edge-alloc: users[5].id: duplicate id "u1" (also users[0])',
    ]);
  });

  it("lists the algorithms and engines in --help", async () => {
    const { code, stdout } = await cli(["solve", "--help"]);
    expect(code).toBe(0);
    for (const name of [...ALGORITHMS, "auto", "wasm", "js", "--time-limit-ms", "--json"]) expect(stdout).toContain(name);
  });

  it("exits 2 with usage when no command is given", async () => {
    const { code, stderr } = await cli([]);
    expect(code).toBe(2);
    expect(stderr).toContain("Usage: edge-alloc");
  });
});

describe("edge-alloc solve", () => {
  const file = scratchFile("small.json", smallInstance);

  it("prints exactly one Solution object with --json", async () => {
    const { code, stdout, stderr } = await cli(["solve", file, "--json", "--algorithm", "exact", "--engine", "js"]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    const solution = JSON.parse(stdout) as Solution;
    expect(solution.algorithm).toBe("exact");
    expect(solution.engine).toBe("js");
    expect(solution.users.map((u) => u.id)).toEqual(smallInstance.users.map((u) => u.id));
    expect(solution.served).toBe(solution.users.filter((u) => u.served).length);
  });

  it("prints the summary, the block timeline and one row per user without --json", async () => {
    const { code, stdout } = await cli(["solve", file, "--algorithm", "greedy", "--time-limit-ms", "500"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^algorithm\s+greedy$/m);
    expect(stdout).toMatch(/^served\s+\d+ of 8 users \(upper bound \d+\)$/m);
    expect(stdout).toContain("\nBlocks\nblock  batch  start ms  end ms");
    for (const user of smallInstance.users) expect(stdout).toMatch(new RegExp(`^${user.id}\\s+(yes|no)\\s`, "m"));
  });

  it("reads the instance from stdin with -", async () => {
    const { code, stdout } = await cli(["solve", "-", "--json"], JSON.stringify(smallInstance));
    expect(code).toBe(0);
    expect(JSON.parse(stdout).users).toHaveLength(8);
  });
});

describe("edge-alloc as a process", () => {
  it("generates, then solves from stdin with --json (exit 0)", async () => {
    const generated = await spawnCli(["generate", "--users", "6", "--seed", "2"]);
    expect(generated.code).toBe(0);
    const solved = await spawnCli(["solve", "-", "--json"], generated.stdout);
    expect(solved.stderr).toBe("");
    expect(solved.code).toBe(0);
    expect(JSON.parse(solved.stdout).users).toHaveLength(6);
  });

  it("exits 2 with one line and no stack trace for a bad instance and for truncated JSON", async () => {
    const bad = structuredClone(smallInstance) as any;
    bad.dnn.exits[2].accuracy = 1.2;
    expectUserError(await spawnCli(["solve", scratchFile("bad-accuracy.json", bad)]), "edge-alloc: dnn.exits[2].accuracy: must be in [0, 1], got 1.2");
    const truncated = await spawnCli(["solve", "-"], JSON.stringify(smallInstance).slice(0, 100));
    expectUserError(truncated, /^edge-alloc: standard input: not valid JSON/);
    expect(truncated.stderr.trimEnd().split("\n")).toHaveLength(1);
  });
});
