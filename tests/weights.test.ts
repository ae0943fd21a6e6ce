/**
 * Users' weights: the objective becomes the most served weight, then the least
 * band. The optimal algorithms equal a brute force over every subset (served
 * weight, then least band) on small random instances with random weights in
 * [0.25, 5], on both engines; the heuristics stay close; weights of 1 give the
 * very schedules of no weights; an algorithm that cannot honour weights
 * refuses them, naming itself.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Engine, type KernelExports } from "../bindings/core/engine.js";
import { prepare } from "../bindings/core/prepare.js";
import { buildSolution } from "../bindings/core/solution.js";
import { solve } from "../bindings/algorithms/solve.js";
import { InputError, InstanceError } from "../bindings/core/errors.js";
import { validateInstance } from "../bindings/core/validate.js";
import { formatSummary } from "../bindings/cli/format.js";
import type { Algorithm, EngineChoice, Instance, Solution } from "../bindings/core/types.js";
import { bruteForce, type BruteForceResult } from "./bruteforce.js";
import { checkSolution } from "./checker.js";
import { sameBandwidth, seedRange } from "./helpers/schemes.js";
import { levelInstance, sameWeight, servedWeight, weightedInstance } from "./helpers/weighted-instances.js";
import { randomInstance } from "./random-instances.js";

const TIME_LIMIT_MS = 60_000;

interface Case {
  label: string;
  instance: Instance;
}

const SMALL: Case[] = [
  ...seedRange(1, 120).map((seed) => ({ label: `weights seed ${seed}`, instance: weightedInstance(seed) })),
  ...seedRange(1001, 1030).map((seed) => ({
    label: `weights seed ${seed} hard`,
    instance: weightedInstance(seed, { users: [10, 12], exits: [2, 6], deadlines: "tight", bandwidth: "tight" }),
  })),
  ...seedRange(2001, 2040).map((seed) => ({ label: `levels seed ${seed}`, instance: levelInstance(seed, { users: [6, 12] }) })),
];

function run(instance: Instance, algorithm: Algorithm, engine: EngineChoice = "wasm", timeLimitMs = TIME_LIMIT_MS): Promise<Solution> {
  return solve(instance, { algorithm, engine, timeLimitMs });
}

function expectOptimalInWeight(c: Case, solution: Solution, reference: BruteForceResult): void {
  const where = `${solution.algorithm} ${c.label}`;
  expect(checkSolution(c.instance, solution), where).toEqual([]);
  expect(sameWeight(solution.objective, servedWeight(c.instance, solution)), `${where}: objective is the served weight`).toBe(true);
  expect(sameWeight(solution.objective, reference.weight), `${where}: weight ${solution.objective} vs ${reference.weight}`).toBe(true);
  expect(
    sameBandwidth(solution.bandwidthUsedHz, reference.totalBandwidthHz),
    `${where}: bandwidth ${solution.bandwidthUsedHz} vs ${reference.totalBandwidthHz}`,
  ).toBe(true);
  expect(solution.status, where).toBe("optimal");
  expect(solution.upperBound, where).toBeGreaterThanOrEqual(solution.objective);
  expect(solution.upperBound, where).toBeLessThanOrEqual(reference.weight * (1 + 1e-9));
}

describe("exact with weights equals the brute force in served weight, then least band", () => {
  for (const engine of ["wasm", "js"] as const) {
    it(`on ${engine}`, async () => {
      for (const c of SMALL) expectOptimalInWeight(c, await run(c.instance, "exact", engine), bruteForce(c.instance));
    });
  }

  it("with the relaxation's knapsack search off (leaves by their own search, nodes split on LP bounds)", async () => {
    const bytes = readFileSync(new URL("../build/kernels.wasm", import.meta.url));
    const { instance } = await WebAssembly.instantiate(bytes, { env: { nowMs: () => performance.now() } });
    const kernels = instance.exports as unknown as KernelExports & { exactCapsSearchSteps(steps: number): void };
    kernels.exactCapsSearchSteps(0);
    const engine = new Engine("wasm", kernels);
    for (const c of SMALL) {
      const problem = prepare(c.instance);
      const raw = engine.run(problem, "exact", Infinity);
      const solution = buildSolution(c.instance, problem, raw, { algorithm: "exact", engine: "wasm", sequential: false, timeMs: 0 });
      expectOptimalInWeight(c, solution, bruteForce(c.instance));
    }
  });

  it("no-early-exit (exact on the final-exit problem) equals the brute force of its scheme", async () => {
    for (const c of SMALL) expectOptimalInWeight(c, await run(c.instance, "no-early-exit"), bruteForce(c.instance, { finalExitOnly: true }));
  });

  it("milp (HiGHS) equals the brute force too (K <= 10)", async () => {
    const small = SMALL.filter((c) => c.instance.users.length <= 10);
    expect(small.length).toBe(138);
    for (const c of small) expectOptimalInWeight(c, await run(c.instance, "milp"), bruteForce(c.instance));
  });

  it("cut short, its bound still bounds the optimum's weight", async () => {
    for (const c of SMALL.slice(0, 60)) {
      const solution = await run(c.instance, "exact", "wasm", 1e-9);
      const reference = bruteForce(c.instance);
      expect(checkSolution(c.instance, solution), c.label).toEqual([]);
      expect(solution.objective, c.label).toBeLessThanOrEqual(reference.weight * (1 + 1e-9));
      expect(solution.upperBound, c.label).toBeGreaterThanOrEqual(reference.weight * (1 - 1e-9));
    }
  });
});

describe("bsp with weights", () => {
  it("is feasible, never above the optimum's weight, with a true bound", async () => {
    let ratioSum = 0;
    let counted = 0;
    for (const c of SMALL) {
      const bsp = await run(c.instance, "bsp");
      expect(checkSolution(c.instance, bsp), c.label).toEqual([]);
      const optimum = bruteForce(c.instance).weight;
      expect(bsp.objective, c.label).toBeLessThanOrEqual(optimum * (1 + 1e-9));
      expect(bsp.upperBound, c.label).toBeGreaterThanOrEqual(optimum * (1 - 1e-9));
      if (optimum > 0) {
        ratioSum += bsp.objective / optimum;
        counted++;
      }
    }
    console.log(`bsp / optimum in weight: average ${(ratioSum / counted).toFixed(4)} over ${counted} instances`);
  });
});

describe("greedy with weights", () => {
  it("is feasible, never above the optimum's weight, and at least 90% of it on average", async () => {
    let ratioSum = 0;
    let counted = 0;
    let lowest = 1;
    for (const c of SMALL) {
      const greedy = await run(c.instance, "greedy");
      expect(checkSolution(c.instance, greedy), c.label).toEqual([]);
      const optimum = bruteForce(c.instance).weight;
      expect(greedy.objective, c.label).toBeLessThanOrEqual(optimum * (1 + 1e-9));
      expect(greedy.upperBound, c.label).toBeGreaterThanOrEqual(optimum * (1 - 1e-9));
      if (optimum > 0) {
        ratioSum += greedy.objective / optimum;
        lowest = Math.min(lowest, greedy.objective / optimum);
        counted++;
      }
    }
    const average = ratioSum / counted;
    console.log(`greedy / optimum in weight: average ${average.toFixed(4)}, lowest ${lowest.toFixed(4)} over ${counted} instances`);
    expect(average).toBeGreaterThanOrEqual(0.9);
  });
});

describe("validation", () => {
  it("names each bad weight by its user", () => {
    const base = randomInstance(5, { users: 6 });
    const bad = [0, -1, Infinity, Number.NaN, "2", null];
    const instance = { ...base, users: base.users.map((u, k) => (k < bad.length ? { ...u, weight: bad[k] } : u)) };
    let issues: string[] = [];
    try {
      validateInstance(instance);
    } catch (error) {
      expect(error).toBeInstanceOf(InstanceError);
      issues = (error as InstanceError).issues.map((i) => `${i.path}: ${i.message}`);
    }
    expect(issues).toEqual([
      "users[0].weight: must be a positive finite number, got 0",
      "users[1].weight: must be a positive finite number, got -1",
      "users[2].weight: must be a positive finite number, got Infinity",
      "users[3].weight: must be a positive finite number, got NaN",
      'users[4].weight: must be a positive finite number, got "2"',
      "users[5].weight: must be a positive finite number, got null",
    ]);
  });

  it("keeps a good weight and leaves an absent one absent", () => {
    const base = randomInstance(5, { users: 2 });
    const checked = validateInstance({ ...base, users: [{ ...base.users[0], weight: 2.5 }, base.users[1]] });
    expect(checked.users[0].weight).toBe(2.5);
    expect("weight" in checked.users[1]).toBe(false);
  });
});

describe("edge-alloc solve's summary", () => {
  it("shows the served weight and its bound with weights, and the count's bound without", async () => {
    const c = SMALL.find((x) => x.instance.users.length >= 8)!;
    const solution = await run(c.instance, "exact");
    const text = formatSummary(solution, c.instance);
    expect(text).toMatch(new RegExp(`^served +${solution.served} of ${c.instance.users.length} users$`, "m"));
    expect(text).toMatch(new RegExp(`^weight +${Number(solution.objective.toPrecision(6))} \\(upper bound `, "m"));
    const plain = randomInstance(4, { users: 8 });
    expect(formatSummary(await run(plain, "exact"), plain)).toMatch(/^served +\d+ of 8 users \(upper bound \d+\)$/m);
  });
});

describe("weights of 1", () => {
  it("give byte-identical Solutions to no weights (but for the time taken)", async () => {
    for (const seed of seedRange(1, 40)) {
      const plain = randomInstance(seed);
      const ones = { ...plain, users: plain.users.map((u) => ({ ...u, weight: 1 })) };
      for (const algorithm of ["exact", "greedy", "bsp", "tree", "no-early-exit", "no-batching", "conventional"] as const) {
        const a = await run(plain, algorithm);
        const b = await run(ones, algorithm);
        a.stats.timeMs = 0;
        b.stats.timeMs = 0;
        expect(JSON.stringify(b), `${algorithm} seed ${seed}`).toBe(JSON.stringify(a));
        expect(a.objective).toBe(a.served);
      }
    }
  });
});

describe("algorithms that cannot honour weights refuse them", () => {
  for (const algorithm of ["tree"] as const) {
    it(`${algorithm} throws an InputError naming ${algorithm}`, async () => {
      const instance = weightedInstance(3, { users: 5 });
      await expect(run(instance, algorithm)).rejects.toThrow(InputError);
      await expect(run(instance, algorithm)).rejects.toThrow(new RegExp(`^algorithm: ${algorithm} does not take users' weights`));
    });
  }
});
