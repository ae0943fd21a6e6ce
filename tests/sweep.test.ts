import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { cli } from "./helpers/cli-in-process.js";
import { RUN_COLUMNS, SUMMARY_COLUMNS } from "../bindings/experiments/sweep-csv.js";
import { SWEEP_NAMES, planSweep } from "../bindings/experiments/sweep-plan.js";
import { gain, summarise } from "../bindings/experiments/sweep-stats.js";
import { meanCi, studentT975 } from "../bindings/simulation/estimates.js";
import type { RunRow } from "../bindings/experiments/sweep-job.js";
import { generateInstance, scenarioParams } from "../bindings/scenarios/generate.js";
import { fitProfile, parseLatencyCsv } from "../bindings/scenarios/profile-fit.js";
import { solve } from "../bindings/algorithms/solve.js";

const repo = fileURLToPath(new URL("..", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "edge-alloc-sweep-"));

/** CSV text -> header and rows (the sweep writes no quoted fields for these sweeps). */
function readCsv(path: string) {
  const [header, ...rows] = readFileSync(path, "utf8")
    .trimEnd()
    .split("\n")
    .map((line) => line.split(","));
  return { header, rows: rows.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i]]))) };
}

/**
 * runs.csv without its solve-time column, what must be identical between reruns; and without the
 * engine, since `auto` may fall back to the (identical) JS engine if the .wasm is being rebuilt.
 */
function withoutTimes(path: string): string {
  const { header, rows } = readCsv(path);
  const kept = header.filter((h) => h !== "solve_time_ms" && h !== "engine");
  return rows.map((r) => kept.map((h) => r[h]).join(",")).join("\n");
}

// The tiny configuration: 2 points x 2 seeds x 2 algorithms.
const TINY = ["sweep", "--sweeps", "users", "--values", "10,20", "--runs", "2", "--seed", "5", "--algorithms", "exact,conventional"];

describe("edge-alloc sweep on a tiny configuration (worker threads)", () => {
  const out = join(scratch, "workers");
  let result: Awaited<ReturnType<typeof cli>>;
  beforeAll(async () => {
    result = await cli([...TINY, "--workers", "2", "--out", out]);
  });

  it("exits 0 and names the files it wrote", () => {
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    for (const name of ["report.md", "runs.csv", "summary.csv", "users.svg"]) {
      expect(result.stdout).toContain(join(out, name));
      expect(existsSync(join(out, name))).toBe(true);
    }
  });

  it("writes one runs.csv row per point, seed and algorithm, with the documented columns", () => {
    const { header, rows } = readCsv(join(out, "runs.csv"));
    expect(header).toEqual([...RUN_COLUMNS]);
    expect(rows).toHaveLength(2 * 2 * 2);
    expect(new Set(rows.map((r) => r.value))).toEqual(new Set(["10", "20"]));
    expect(new Set(rows.map((r) => r.seed))).toEqual(new Set(["5", "6"]));
    expect(new Set(rows.map((r) => r.algorithm))).toEqual(new Set(["exact", "conventional"]));
    for (const r of rows) {
      expect(r.sweep).toBe("users");
      expect(r.parameter).toBe("users");
      expect(Number(r.users)).toBe(Number(r.value));
      expect(Number(r.served)).toBeLessThanOrEqual(Number(r.users));
      expect(Number(r.throughput_per_s)).toBeCloseTo(Number(r.served) / Number(r.frame_s), 9);
      expect(Number(r.solve_time_ms)).toBeGreaterThanOrEqual(0);
    }
  });

  it("serves, per seed, exactly what solve() serves on the same generated instance", async () => {
    const { rows } = readCsv(join(out, "runs.csv"));
    for (const r of rows) {
      const instance = generateInstance({ users: Number(r.value), seed: Number(r.seed) });
      const solution = await solve(instance, { algorithm: r.algorithm as "exact" | "conventional" });
      expect(Number(r.served), `${r.algorithm} K=${r.value} seed ${r.seed}`).toBe(solution.served);
      expect(Number(r.bandwidth_used_hz)).toBe(solution.bandwidthUsedHz);
    }
  });

  it("summarises each point and algorithm: mean and 95% interval of the runs", () => {
    const { header, rows } = readCsv(join(out, "summary.csv"));
    expect(header).toEqual([...SUMMARY_COLUMNS]);
    expect(rows).toHaveLength(2 * 2);
    const runs = readCsv(join(out, "runs.csv")).rows;
    for (const s of rows) {
      const mine = runs.filter((r) => r.value === s.value && r.algorithm === s.algorithm).map((r) => Number(r.throughput_per_s));
      const expected = meanCi(mine);
      expect(Number(s.runs)).toBe(2);
      expect(Number(s.throughput_per_s_mean)).toBeCloseTo(expected.mean, 9);
      expect(Number(s.throughput_per_s_ci95)).toBeCloseTo(expected.ci95, 9);
      expect(Number(s.throughput_per_s_ci95_low)).toBeLessThanOrEqual(Number(s.throughput_per_s_mean));
    }
  });

  it("draws a well-formed SVG with one line (and one band) per algorithm, in the algorithm's colour", () => {
    const svg = readFileSync(join(out, "users.svg"), "utf8");
    expect(XMLValidator.validate(svg)).toBe(true);
    const tree = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(svg);
    expect(tree.svg).toBeDefined();
    const groups: Array<Record<string, unknown>> = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === "object") {
        const element = node as Record<string, unknown>;
        if (typeof element.class === "string") groups.push(element);
        Object.values(element).forEach(walk);
      }
    };
    walk(tree.svg);
    const lines = groups.filter((g) => (g.class as string).startsWith("mark-line role-mark"));
    const bands = groups.filter((g) => (g.class as string).startsWith("mark-area role-mark"));
    expect(lines).toHaveLength(2);
    expect(bands).toHaveLength(2);
    const strokes = lines.map((g) => (g.path as { stroke: string; d: string }).stroke);
    expect(new Set(strokes).size).toBe(2);
    for (const g of lines) expect((g.path as { d: string }).d).toMatch(/^M[\d.,-]+L/);
    expect(svg).toContain("number of users K");
  });

  it("writes a report stating the scenario, the runs and the gains over conventional", () => {
    const report = readFileSync(join(out, "report.md"), "utf8");
    expect(report).toContain("2 seeded runs per point (seeds 5 to 6");
    expect(report).toContain("## Scenario");
    expect(report).toContain("128.1 + 37.6 log10(d / 1 km)");
    expect(report).toContain('## Does the "double" hold?');
    expect(report).toMatch(/\*\*exact over conventional \(neither batching nor early exiting\)\*\*: [\d.]+x/);
    expect(report).toContain("![throughput against number of users K](users.svg)");
    expect(report).toContain("edge-alloc sweep --runs 2 --seed 5 --sweeps users --values 10,20 --algorithms exact,conventional");
    // At K = 10 every scheme serves everyone in these seeds' cells: the report must not call that a double.
    const runs = readCsv(join(out, "runs.csv")).rows.filter((r) => r.value === "10");
    if (runs.every((r) => r.served === runs[0].served)) expect(report).toMatch(/not double\*\* at K = 10 \(1\.00x\)|never double/);
  });

  it("gives the same CSV, solve times aside, when rerun in one thread", async () => {
    const again = join(scratch, "in-thread");
    const rerun = await cli([...TINY, "--workers", "0", "--out", again]);
    expect(rerun.code).toBe(0);
    expect(withoutTimes(join(again, "runs.csv"))).toBe(withoutTimes(join(out, "runs.csv")));
  });
});

describe("edge-alloc sweep from the built dist/ (JavaScript worker)", () => {
  const built = join(repo, "dist/bindings/experiments/sweep-worker.js");
  // npm test builds dist/ first; a bare `vitest run` before any build has nothing to run here.
  it.skipIf(!existsSync(built))("runs its worker threads as plain JS and matches the TS run", async () => {
    const out = join(scratch, "dist");
    const child = spawn(process.execPath, ["dist/bindings/cli/main.js", ...TINY, "--workers", "2", "--out", out], { cwd: repo });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const code = await new Promise((resolve) => child.on("close", resolve));
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const reference = join(scratch, "reference");
    expect((await cli([...TINY, "--workers", "0", "--out", reference])).code).toBe(0);
    expect(withoutTimes(join(out, "runs.csv"))).toBe(withoutTimes(join(reference, "runs.csv")));
  });
});

describe("sweep statistics", () => {
  it("uses Student's t for small samples and tends to the normal quantile", () => {
    expect(studentT975(1)).toBeCloseTo(12.706, 3);
    expect(studentT975(10)).toBeCloseTo(2.228, 3);
    expect(studentT975(30)).toBeCloseTo(2.042, 3);
    expect(studentT975(60)).toBeCloseTo(2.0003, 3);
    expect(studentT975(120)).toBeCloseTo(1.9799, 3);
    expect(studentT975(1e6)).toBeCloseTo(1.96, 3);
  });

  it("computes mean and confidence half-width", () => {
    const { mean, ci95, n } = meanCi([1, 2, 3, 4]);
    expect(n).toBe(4);
    expect(mean).toBe(2.5);
    // sd = sqrt(5/3), t(3) = 3.182
    expect(ci95).toBeCloseTo((3.182 * Math.sqrt(5 / 3)) / 2, 9);
    expect(meanCi([7]).ci95).toBe(0);
  });

  it("compares schemes run by run: ratio of mean throughput and share of doubled runs", () => {
    const row = (algorithm: "exact" | "conventional", seed: number, served: number): RunRow => ({
      sweep: "users",
      pointIndex: 0,
      value: 60,
      seed,
      algorithm,
      users: 60,
      served,
      upperBound: served,
      status: "optimal",
      engine: "wasm",
      throughputPerS: served / 0.3,
      bandwidthUsedHz: 1e6,
      frameS: 0.3,
      solveTimeMs: 1,
    });
    const [exact, conventional] = summarise([row("exact", 1, 30), row("exact", 2, 20), row("conventional", 1, 10), row("conventional", 2, 15)]);
    const g = gain(exact, conventional);
    expect(g.ratio).toBeCloseTo(50 / 25, 12);
    expect(g.doubledShare).toBe(0.5);
  });
});

describe("sweep plan and flags", () => {
  it("varies one parameter at a time and includes the default scenario in every sweep", () => {
    const plan = planSweep({ runs: 3, firstSeed: 1 });
    expect(plan.base.changed).toEqual([]);
    for (const name of SWEEP_NAMES) expect(plan.definitions[name].values).toContain(plan.definitions[name].baseValue);
    expect(plan.points).toHaveLength(SWEEP_NAMES.reduce((n, s) => n + plan.definitions[s].values.length, 0));
    expect(plan.seeds).toEqual([1, 2, 3]);
    const bandwidth = plan.points.find((p) => p.sweep === "bandwidth" && p.value === 5)!;
    const { seed: _seed, ...defaults } = scenarioParams();
    void _seed;
    expect(bandwidth.scenario).toEqual({ ...defaults, bandwidthHz: 5e6 });
  });

  it("sweeps around a changed base, adding the base value to a sweep that lacks it", () => {
    const plan = planSweep({ runs: 1, firstSeed: 1, base: { users: 80, bandwidthHz: 12e6 } });
    expect(plan.base.changed).toEqual(["users", "bandwidthHz"]);
    expect(plan.definitions.bandwidth.values).toEqual([5, 10, 12, 15, 20, 25, 30, 35, 40]);
    expect(plan.definitions.bandwidth.baseValue).toBe(12);
    const users30 = plan.points.find((p) => p.sweep === "users" && p.value === 30)!;
    expect(users30.scenario).toMatchObject({ users: 30, bandwidthHz: 12e6 });
    const bandwidth20 = plan.points.find((p) => p.sweep === "bandwidth" && p.value === 20)!;
    expect(bandwidth20.scenario).toMatchObject({ users: 80, bandwidthHz: 20e6 });
  });

  it("refuses bad flags with one line and exit 2", async () => {
    const cases: Array<[string[], RegExp]> = [
      [["sweep", "--sweeps", "users,nope"], /unknown: nope/],
      [["sweep", "--algorithms", "exact,fastest"], /unknown: fastest/],
      [["sweep", "--runs", "0"], /whole number >= 1/],
      [["sweep", "--values", "10,20"], /--values: replaces the values of one sweep/],
      [["sweep", "--sweeps", "users", "--values", "10,ten"], /--values: expected numbers for sweep users, got "ten"/],
      [["sweep", "--sweeps", "users", "--values", "-5"], /--values: users: must be a whole number >= 0, got -5/],
      [["sweep", "--sweeps", "profile", "--values", "resnet9"], /unknown DNN profile "resnet9"/],
      [["sweep", "--set", "bandwidth=5"], /unknown parameter "bandwidth"/],
      [["sweep", "--set", "users=-3"], /--set: users: must be a whole number >= 0, got -3/],
      [
        ["sweep", "--sweeps", "users", "--set", "accuracyMin=0.9"],
        /^edge-alloc: --set: accuracyMin: must be at most accuracyMax, which is 0\.724 by default .*\[0\.9, 0\.724\] is empty\n$/,
      ],
      [["sweep", "--profile", "no-such-profile.json"], /--profile: unknown profile "no-such-profile.json": neither a preset/],
    ];
    for (const [args, message] of cases) {
      const result = await cli([...args, "--out", join(scratch, "never")]);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(/^edge-alloc: /);
      expect(result.stderr).toMatch(message);
    }
    expect(existsSync(join(scratch, "never"))).toBe(false);
  });

  it("refuses an --out that cannot be a folder before solving anything", async () => {
    const file = join(scratch, "a-file");
    writeFileSync(file, "");
    const result = await cli(["sweep", "--runs", "1", "--sweeps", "users", "--values", "10", "--out", file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`edge-alloc: --out: cannot create folder ${file}: a file of that name is in the way\n`);
  });
});

describe("edge-alloc sweep around your own profile and parameters", () => {
  it("draws users for the profile file's accuracies and solves with its latencies", async () => {
    // A 2-exit profile as `profile fit` writes it.
    const csv = "1,1,0.004\n1,16,0.012\n1,64,0.04\n2,1,0.003\n2,16,0.009\n2,64,0.03\n";
    const profile = fitProfile(parseLatencyCsv(csv, "mine.csv"), "mine.csv", { accuracies: [0.6, 0.75], name: "my-gpu", source: "test" });
    const file = join(scratch, "my-gpu.json");
    writeFileSync(file, JSON.stringify(profile));
    const out = join(scratch, "custom");
    const args = [
      "sweep",
      "--profile",
      file,
      "--set",
      "bandwidthHz=1e7",
      "--set",
      "users=12",
      "--sweeps",
      "bandwidth",
      "--values",
      "10",
      "--runs",
      "2",
      "--algorithms",
      "exact,no-early-exit",
      "--workers",
      "0",
      "--out",
      out,
    ];
    const result = await cli(args);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const { rows } = readCsv(join(out, "runs.csv"));
    expect(rows).toHaveLength(4);
    for (const r of rows) {
      const drawn = generateInstance({ users: 12, seed: Number(r.seed), bandwidthHz: 1e7, accuracyMin: 0.6, accuracyMax: 0.75 });
      const solution = await solve({ ...drawn, dnn: profile }, { algorithm: r.algorithm as "exact" | "no-early-exit" });
      expect(Number(r.served)).toBe(solution.served);
    }
    const report = readFileSync(join(out, "report.md"), "utf8");
    expect(report).toContain("At the base scenario (K = 12, W = 10 MHz, profile my-gpu)");
    expect(report).toContain("| bandwidth W | 10 MHz (default: bandwidthHz 20000000) |");
    expect(report).toContain(`--profile ${file} --set bandwidthHz=10000000 --set users=12 --sweeps bandwidth --values 10`);
  });
});
