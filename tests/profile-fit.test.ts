import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "./helpers/cli-in-process.js";
import { InputError } from "../bindings/core/errors.js";
import { generateInstance } from "../bindings/scenarios/generate.js";
import { blockLatencyS } from "../bindings/core/prepare.js";
import { fitAffine, fitProfile, parseLatencyCsv } from "../bindings/scenarios/profile-fit.js";
import { PROFILES } from "../bindings/scenarios/profiles.js";
import { solve } from "../bindings/algorithms/solve.js";
import { validateInstance } from "../bindings/core/validate.js";
import { checkSolution } from "./checker.js";
import { issueLines } from "./helpers/issue-lines.js";

const scratch = mkdtempSync(join(tmpdir(), "edge-alloc-profile-"));

function scratchFile(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

/** Error lines of an InputError thrown by `run`. */
const issuesOf = (run: () => unknown): string[] => issueLines(run, InputError);

// Two blocks measured on an affine law, t(b) = 0.4 ms * b + 2.6 ms and 0.25 ms * b + 1 ms.
const LAW = [
  { perSampleS: 0.0004, fixedS: 0.0026 },
  { perSampleS: 0.00025, fixedS: 0.001 },
];
const BATCHES = [1, 2, 4, 8, 16, 32, 64];
const affineCsv = ["block,batch,seconds", ...LAW.flatMap((law, n) => BATCHES.map((b) => `${n + 1},${b},${law.perSampleS * b + law.fixedS}`))].join("\n");

describe("least-squares affine fit", () => {
  it("recovers a known affine law from exact points, with zero residual", () => {
    const fit = fitAffine(
      BATCHES,
      BATCHES.map((b) => 0.0004 * b + 0.0026),
    );
    expect(fit.perSampleS).toBeCloseTo(0.0004, 12);
    expect(fit.fixedS).toBeCloseTo(0.0026, 12);
    expect(fit.maxResidualS).toBe(0);
    expect(fit.rmsResidualS).toBe(0);
    expect(fit.samples).toBe(BATCHES.length);
  });

  it("recovers it from noisy repeats and reports the residuals it leaves", () => {
    const xs: number[] = [];
    const ys: number[] = [];
    const noise = [0.00002, -0.00002]; // each batch measured twice, symmetric error: the fit is still exact
    for (const b of BATCHES) for (const e of noise) xs.push(b), ys.push(0.0004 * b + 0.0026 + e);
    const fit = fitAffine(xs, ys);
    expect(fit.perSampleS).toBeCloseTo(0.0004, 12);
    expect(fit.fixedS).toBeCloseTo(0.0026, 12);
    expect(fit.maxResidualS).toBeCloseTo(0.00002, 12);
    expect(fit.rmsResidualS).toBeCloseTo(0.00002, 12);
  });

  it("keeps both coefficients >= 0 as the model requires (a convex curve would want a negative fixed time)", () => {
    const xs = [1, 2, 4, 8];
    const ys = xs.map((x) => 0.0001 * x * x);
    const fit = fitAffine(xs, ys);
    expect(fit.fixedS).toBe(0);
    // Through the origin: slope = sum(xy) / sum(x^2).
    const slope = xs.reduce((s, x, i) => s + x * ys[i], 0) / xs.reduce((s, x) => s + x * x, 0);
    expect(fit.perSampleS).toBeCloseTo(slope, 15);
    expect(fit.perSampleS).toBeGreaterThan(0);
  });
});

describe("measured latency CSV to profile", () => {
  it("turns block,batch,seconds rows into measured points and a fit per block, valid as an instance's DNN", () => {
    const rows = parseLatencyCsv(affineCsv, "gpu.csv");
    const profile = fitProfile(rows, "gpu.csv", { accuracies: [0.6, 0.7], name: "gpu", source: "bench" });
    expect(profile.kind).toBe("measured, 2 exits");
    expect(profile.maxBatch).toBe(64);
    profile.exits.forEach((exit, n) => {
      expect(exit.accuracy).toBe([0.6, 0.7][n]);
      expect("points" in exit.latency && exit.latency.points.map(([b]) => b)).toEqual(BATCHES);
      expect(exit.fit!.perSampleS).toBeCloseTo(LAW[n].perSampleS, 12);
      expect(exit.fit!.fixedS).toBeCloseTo(LAW[n].fixedS, 12);
      expect(exit.fit!.maxResidualS).toBeLessThan(1e-12);
    });
    expect(() => validateInstance({ channel: { bandwidthHz: 1e7, noisePsdWPerHz: 4e-21 }, dnn: profile, users: [] })).not.toThrow();
  });

  it("writes the fit as the latency when asked, and the result solves like any DNN", async () => {
    const rows = parseLatencyCsv(affineCsv, "gpu.csv");
    const profile = fitProfile(rows, "gpu.csv", { accuracies: [0.6, 0.7], name: "gpu", source: "bench", latency: "affine" });
    expect(profile.exits[0].latency).toEqual({ perSampleS: profile.exits[0].fit!.perSampleS, fixedS: profile.exits[0].fit!.fixedS });
    const instance = { ...generateInstance({ users: 12, seed: 3, accuracyMin: 0.55, accuracyMax: 0.7 }), dnn: profile };
    const solution = await solve(instance, { algorithm: "exact" });
    expect(solution.served).toBeGreaterThan(0);
    expect(checkSolution(validateInstance(instance), solution)).toEqual([]);
  });

  it("reads columns in any order after a header, skips comments and blank lines, averages repeats", () => {
    const text = "# measured on my GPU\nseconds,block,batch\n\n0.002,1,1\n0.004,1,8\n0.006,1,8\n";
    const rows = parseLatencyCsv(text, "x.csv");
    expect(rows.map((r) => [r.line, r.block, r.batch, r.seconds])).toEqual([
      [4, 1, 1, 0.002],
      [5, 1, 8, 0.004],
      [6, 1, 8, 0.006],
    ]);
    const profile = fitProfile(rows, "x.csv", { accuracies: [0.7], name: "x", source: "x" });
    expect(profile.exits[0].latency).toEqual({
      points: [
        [1, 0.002],
        [8, 0.005],
      ],
    });
  });

  it("rejects bad rows, naming the file and line", () => {
    expect(issuesOf(() => parseLatencyCsv("1,1,0.003\n1,8,-1\n1,x,0.004\n1,16\n", "bad.csv"))).toEqual([
      'bad.csv:2: seconds must be a positive number, got "-1"',
      'bad.csv:3: batch must be a whole number >= 1, got "x"',
      "bad.csv:4: expected 3 comma-separated values, got 2",
    ]);
    expect(issuesOf(() => parseLatencyCsv("block,batch,ms\n1,1,3\n", "ms.csv"))).toEqual([
      "ms.csv:1: header must name the columns block, batch, seconds; missing seconds (times in seconds)",
    ]);
    expect(issuesOf(() => parseLatencyCsv("# nothing\n\n", "empty.csv"))[0]).toMatch(/^empty\.csv: no measurements/);
  });

  it("rejects a latency that falls as the batch grows, naming both lines", () => {
    const rows = parseLatencyCsv("1,1,0.003\n1,8,0.005\n2,1,0.002\n2,8,0.0015\n", "fall.csv");
    expect(issuesOf(() => fitProfile(rows, "fall.csv", { accuracies: [0.6, 0.7], name: "f", source: "f" }))).toEqual([
      "fall.csv:4: block 2: t(8) = 0.0015 s is less than t(1) = 0.002 s (line 3); latency must not decrease as the batch grows",
    ]);
  });

  it("rejects a missing block, a wrong number of accuracies and a maxBatch past the measurements", () => {
    const gap = parseLatencyCsv("1,1,0.003\n3,1,0.002\n", "gap.csv");
    expect(issuesOf(() => fitProfile(gap, "gap.csv", { accuracies: [0.5, 0.6, 0.7], name: "g", source: "g" }))).toEqual([
      "gap.csv: no rows for block 2 (blocks run 1..3, one per exit)",
    ]);
    const rows = parseLatencyCsv(affineCsv, "gpu.csv");
    expect(issuesOf(() => fitProfile(rows, "gpu.csv", { accuracies: [0.6], name: "g", source: "g" }))).toEqual([
      "--accuracies: give one accuracy per block: 2 blocks measured, 1 accuracies given",
    ]);
    expect(issuesOf(() => fitProfile(rows, "gpu.csv", { accuracies: [0.6, 0.7], name: "g", source: "g", maxBatch: 65 }))).toEqual([
      "--max-batch: must be at most the last measured batch (64), got 65",
    ]);
  });
});

describe("edge-alloc profile", () => {
  it("fit writes the profile file and prints the fit; show reads it back", async () => {
    const csv = scratchFile("gpu.csv", affineCsv);
    const out = join(scratch, "gpu.json");
    const fitted = await cli(["profile", "fit", csv, "--accuracies", "0.6,0.7", "--out", out]);
    expect(fitted.stderr).toBe("");
    expect(fitted.code).toBe(0);
    expect(fitted.stdout).toContain("Affine fit");
    const profile = JSON.parse(readFileSync(out, "utf8"));
    expect(profile.name).toBe("gpu");
    expect(profile.exits[1].fit.perSampleS).toBeCloseTo(0.00025, 12);
    const shown = await cli(["profile", "show", out]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^\s+2\s+0\.7\s+measured\s+1\.250\s+3\.000\s+9\.000\s+17\.000$/m);
  });

  it("fit without --out prints the profile JSON only", async () => {
    const csv = scratchFile("gpu2.csv", affineCsv);
    const result = await cli(["profile", "fit", csv, "--accuracies", "0.6,0.7", "--name", "my-gpu"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).name).toBe("my-gpu");
  });

  it("fit refuses bad input with the CSV line and exit 2, and asks for the accuracies", async () => {
    const bad = await cli(["profile", "fit", scratchFile("bad.csv", "1,1,0.003\n1,8,zero\n"), "--accuracies", "0.6"]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toBe(`edge-alloc: ${join(scratch, "bad.csv")}:2: seconds must be a positive number, got "zero"\n`);
    const noAccuracies = await cli(["profile", "fit", scratchFile("ok.csv", affineCsv)]);
    expect(noAccuracies.code).toBe(2);
    expect(noAccuracies.stderr).toMatch(/--accuracies: is required: one accuracy per block, block 1 first \(2 blocks in/);
    const outOfRange = await cli(["profile", "fit", scratchFile("ok2.csv", affineCsv), "--accuracies", "0.6,1.5"]);
    expect(outOfRange.code).toBe(2);
    expect(outOfRange.stderr).toMatch(/accuracies must lie in \[0, 1\], got "1\.5"/);
  });

  it("show prints a preset with its per-block latency in ms at 1, 8, 32, 64 and maxBatch", async () => {
    const result = await cli(["profile", "show", "msdnet5-edge-like"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^maxBatch\s+100$/m);
    expect(result.stdout).toMatch(/^kind\s+derived, 5 exits$/m);
    expect(result.stdout).toContain("source    Illustrative 5-exit profile.");
    const header = result.stdout.split("\n").find((l) => l.startsWith("block"))!;
    expect(header.split(/\s{2,}/)).toEqual(["block", "accuracy", "latency", "t(1) ms", "t(8) ms", "t(32) ms", "t(64) ms", "t(100) ms"]);
    const exits = PROFILES["msdnet5-edge-like"].exits;
    exits.forEach((exit, n) => {
      const cells = [1, 8, 32, 64, 100].map((b) => (blockLatencyS(exit.latency, b) * 1e3).toFixed(3));
      expect(result.stdout).toMatch(new RegExp(`^\\s+${n + 1}\\s+${exit.accuracy}\\s+measured\\s+${cells.join("\\s+")}$`, "m"));
    });
    const a100 = await cli(["profile", "show", "resnet50-a100-trt-fp16"]);
    expect(a100.stdout).toMatch(/t\(128\) ms/);
  });

  it("show names the presets when the name is unknown", async () => {
    const result = await cli(["profile", "show", "resnet9"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'edge-alloc: unknown profile "resnet9": neither a preset (msdnet5-edge-like, resnet50-a100-trt-fp16, resnet50-t4-trt-fp16) nor a file\n',
    );
  });
});
