/**
 * simulate's fair online policy: each frame's instance carries the users'
 * fairness weights (r + floor)^-alpha, none at alpha 0; runs are deterministic
 * for a seed; a higher alpha moves completions towards the weakest users;
 * static weights multiply; bad options are named.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "./helpers/cli-in-process.js";
import { InputError } from "../bindings/core/errors.js";
import type { Instance } from "../bindings/core/types.js";
import { FAIRNESS_FLOOR_PER_S, frameWeights } from "../bindings/simulation/frames.js";
import { simulate } from "../bindings/simulation/simulate.js";
import { checkSolution } from "./checker.js";

const BASE = { users: 30, frames: 80, algorithms: ["exact" as const], scenario: { bandwidthHz: 2e6 }, engine: "wasm" as const };

describe("simulate --fairness", () => {
  it("alpha 0 gives the instances no weights; alpha 1 gives each task its user's weight, every schedule valid", async () => {
    const plain: Instance[] = [];
    await simulate({ ...BASE, frames: 10, onFrame: ({ instance }) => plain.push(instance) });
    expect(plain.every((i) => i.users.every((u) => u.weight === undefined))).toBe(true);
    let weighted = 0;
    await simulate({
      ...BASE,
      frames: 20,
      fairness: 1,
      onFrame: ({ instance, solution }) => {
        expect(checkSolution(instance, solution)).toEqual([]);
        for (const u of instance.users) {
          expect(u.weight).toBeGreaterThan(0);
          expect(u.weight).toBeLessThanOrEqual(1 / FAIRNESS_FLOOR_PER_S);
          weighted++;
        }
      },
    });
    expect(weighted).toBeGreaterThan(0);
  });

  it("is deterministic for a seed", async () => {
    const a = await simulate({ ...BASE, fairness: 1 });
    const b = await simulate({ ...BASE, fairness: 1 });
    expect(b.runs[0].outcomes.map((o) => o.fate)).toEqual(a.runs[0].outcomes.map((o) => o.fate));
    expect(b.summaries[0].jainFairness).toBe(a.summaries[0].jainFairness);
  });

  it("raises the weakest quarter's completion and Jain's index over alpha 0", async () => {
    const [max, fair] = [await simulate(BASE), await simulate({ ...BASE, fairness: 2 })];
    expect(fair.summaries[0].weakestQuarterCompletion).toBeGreaterThan(max.summaries[0].weakestQuarterCompletion);
    expect(fair.summaries[0].jainFairness).toBeGreaterThan(max.summaries[0].jainFairness);
  });

  it("weights: (r + floor)^-alpha times the static weight", () => {
    const setup = { fairness: 2, userWeights: [1, 3] } as unknown as Parameters<typeof frameWeights>[0];
    const w = frameWeights(setup, new Float64Array([0.9, 4.9]))!;
    expect(w[0]).toBeCloseTo(1, 12);
    expect(w[1]).toBeCloseTo(3 / 25, 12);
    expect(frameWeights({ fairness: 0 } as unknown as Parameters<typeof frameWeights>[0], new Float64Array(2))).toBeUndefined();
  });

  it("names bad options: a negative alpha, static weights of the wrong length, algorithms that refuse weights", async () => {
    await expect(simulate({ ...BASE, fairness: -1 })).rejects.toThrow(/fairness: must be a finite number >= 0, got -1/);
    await expect(simulate({ ...BASE, userWeights: [1, 2] })).rejects.toThrow(/userWeights: must give one weight per user \(30\), got 2/);
    await expect(simulate({ ...BASE, fairness: 1, algorithms: ["exact", "tree"] })).rejects.toThrow(InputError);
    await expect(simulate({ ...BASE, fairness: 1, algorithms: ["exact", "tree"] })).rejects.toThrow(/not tree/);
  });
});

describe("edge-alloc simulate --fairness", () => {
  it("runs alpha 0 and each alpha asked, each in its folder, and writes fairness.md, .csv and .svg", async () => {
    const out = mkdtempSync(join(tmpdir(), "edge-alloc-fairness-"));
    const args = ["simulate", "--users", "10", "--frames", "20", "--arrival-rate", "12", "--algorithms", "exact,greedy", "--workers", "0"];
    const { code, stdout, stderr } = await cli([...args, "--fairness", "1", "--out", out]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^alpha +algorithm +throughput/);
    for (const name of ["fairness.md", "fairness.csv", "fairness.svg", "alpha-0/report.md", "alpha-1/report.md"])
      expect(existsSync(join(out, name)), name).toBe(true);
    const csv = readFileSync(join(out, "fairness.csv"), "utf8").trimEnd().split("\n");
    expect(csv).toHaveLength(5);
    expect(csv[1]).toMatch(/^0,exact,/);
    expect(readFileSync(join(out, "fairness.md"), "utf8")).toContain("--fairness 1");
    expect(readFileSync(join(out, "alpha-1/report.md"), "utf8")).toContain("Fairness alpha = 1");
    // The plot is vega's rendering, with the run's settings under its title.
    const svg = readFileSync(join(out, "fairness.svg"), "utf8");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    expect(svg).toContain("10 users, 12 tasks/s each, frame 100 ms, 20 frames, seed 1");
  });

  it("names a bad alpha and algorithms that refuse weights", async () => {
    const bad = await cli(["simulate", "--fairness", "1,-2"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--fairness/);
    const refused = await cli(["simulate", "--frames", "5", "--fairness", "1", "--algorithms", "exact,tree", "--out", mkdtempSync(join(tmpdir(), "f-"))]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--algorithms: .*not tree/);
  });
});
