/**
 * HiGHS inside the engine: `milp` (the interval search over tau, milp.ts)
 * against `exact` on seeded random instances, the LP-relaxation bound
 * (lp-bound.ts) never below a known optimum, time-limited searches returning
 * consistent bounds, and HiGHS failures surfacing as clear errors.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { Highs } from "highs";
import { solve } from "../bindings/algorithms/solve.js";
import { generateInstance } from "../bindings/scenarios/generate.js";
import { prepare } from "../bindings/core/prepare.js";
import { loadEngine } from "../bindings/core/engine.js";
import { lpUpperBound } from "../bindings/highs/lp-bound.js";
import { HighsError, loadHighs, runModel, setHighsLoaderForTests } from "../bindings/highs/highs.js";
import type { Instance, Solution } from "../bindings/core/types.js";
import { checkSolution } from "./checker.js";
import { seedRange } from "./helpers/schemes.js";
import { randomInstance } from "./random-instances.js";

/** Generous: the tests assert answers, never speed. */
const NO_LIMIT_MS = 0;
const RANDOM = seedRange(1, 110).map((seed) => ({ seed, instance: randomInstance(seed, { users: [0, 20], exits: [1, 6] }) }));

function expectValid(instance: Instance, solution: Solution, where: string): void {
  expect(checkSolution(instance, solution), where).toEqual([]);
  expect(solution.served, where).toBeLessThanOrEqual(solution.upperBound);
}

function relativeGap(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1);
}

describe("milp equals exact", () => {
  it("on 110 random instances (K <= 20, 1 to 6 exits): served count, least bandwidth, status, checker", async () => {
    let someoneServed = 0;
    for (const { seed, instance } of RANDOM) {
      const where = `seed ${seed}`;
      const exact = await solve(instance, { algorithm: "exact", engine: "wasm" });
      const milp = await solve(instance, { algorithm: "milp", engine: "wasm", timeLimitMs: NO_LIMIT_MS });
      expectValid(instance, milp, where);
      expect(milp.algorithm).toBe("milp");
      expect(milp.engine).toBe("highs");
      expect(milp.status, where).toBe("optimal");
      expect(milp.served, where).toBe(exact.served);
      expect(milp.upperBound, where).toBe(milp.served);
      // The secondary objective: among the most tasks, the least band (exact's too).
      expect(relativeGap(milp.bandwidthUsedHz, exact.bandwidthUsedHz), `${where}: ${milp.bandwidthUsedHz} vs ${exact.bandwidthUsedHz}`).toBeLessThanOrEqual(
        1e-6,
      );
      if (milp.served > 0) someoneServed++;
    }
    // The instances are not all trivial.
    expect(someoneServed).toBeGreaterThan(RANDOM.length / 2);
  });

  it("on the default scenario (60 users, 5 exits)", async () => {
    const instance = generateInstance({ seed: 1 });
    const exact = await solve(instance, { algorithm: "exact" });
    const milp = await solve(instance, { algorithm: "milp" });
    expectValid(instance, milp, "default scenario");
    expect(milp.status).toBe("optimal");
    expect(milp.served).toBe(exact.served);
    expect(relativeGap(milp.bandwidthUsedHz, exact.bandwidthUsedHz)).toBeLessThanOrEqual(1e-6);
    expect(milp.stats.milpSolves).toBeGreaterThan(0);
  });

  it("with nobody to serve", async () => {
    const instance = randomInstance(7, { users: 5, exits: 2 });
    instance.users.forEach((u) => (u.minAccuracy = 1));
    instance.dnn.exits.forEach((e) => (e.accuracy = 0.5));
    const empty: Instance = { ...instance, users: [] };
    for (const [where, case_] of [
      ["no users", empty],
      ["no exit accurate enough", instance],
    ] as const) {
      const milp = await solve(case_, { algorithm: "milp" });
      expectValid(case_, milp, where);
      expect(milp.served, where).toBe(0);
      expect(milp.status, where).toBe("optimal");
      expect(milp.upperBound, where).toBe(0);
    }
  });
});

describe("bounds under a time limit", () => {
  it("milp stopped early returns a valid schedule and a bound no lower than the optimum", async () => {
    const instance = generateInstance({ seed: 1 });
    const optimum = (await solve(instance, { algorithm: "exact" })).served;
    const milp = await solve(instance, { algorithm: "milp", timeLimitMs: 30 });
    expectValid(instance, milp, "milp @30ms");
    expect(["optimal", "feasible"]).toContain(milp.status);
    expect(milp.upperBound).toBeGreaterThanOrEqual(optimum);
    if (milp.status === "optimal") expect(milp.served).toBe(optimum);
  });

  it("exact on 1000 users with 20 ms: feasible or optimal, served <= upperBound", async () => {
    const instance = generateInstance({ users: 1000, seed: 3 });
    const solution = await solve(instance, { algorithm: "exact", timeLimitMs: 20 });
    expectValid(instance, solution, "1000 users");
    expect(["optimal", "feasible"]).toContain(solution.status);
    expect(solution.served).toBeGreaterThan(0);
  });

  // 100 ms: the LP gets a quarter of the limit and is skipped below 25 ms (solve.ts), so the whole solve stays near its limit.
  it("tree stopped after 100 ms takes the LP bound, which stays at or above the optimum", async () => {
    const instance = generateInstance({ users: 200, seed: 1 });
    const optimum = (await solve(instance, { algorithm: "exact" })).served;
    const tree = await solve(instance, { algorithm: "tree", timeLimitMs: 100 });
    expectValid(instance, tree, "tree @100ms");
    expect(tree.status).toBe("feasible"); // 200 users: tree needs far more than 1 ms
    expect(tree.upperBound).toBeGreaterThanOrEqual(optimum);
    // Not proved optimal, so its own bound was above its count and the LP was asked; the Solution carries the smaller.
    expect(tree.stats.lpUpperBound).toBeGreaterThanOrEqual(optimum);
    expect(tree.upperBound).toBeLessThanOrEqual(tree.stats.lpUpperBound!);
  });

  it("lpUpperBound is never below the optimum, with and without a target, and tightens the root bound", async () => {
    const engine = await loadEngine("wasm");
    let tighterThanKernel = 0;
    for (const { seed, instance } of RANDOM.slice(0, 40)) {
      const problem = prepare(instance);
      const optimum = engine.run(problem, "exact", Infinity);
      const served = [...optimum.served].reduce((a, b) => a + b, 0);
      const kernelBound = engine.run(problem, "greedy", Infinity).upperBound;
      const free = await lpUpperBound(instance, problem, engine, 0);
      const targeted = await lpUpperBound(instance, problem, engine, 0, served);
      expect(free, `seed ${seed}`).toBeGreaterThanOrEqual(served);
      expect(targeted, `seed ${seed}`).toBeGreaterThanOrEqual(served);
      if (free < kernelBound) tighterThanKernel++;
    }
    // Not a vacuous bound: on some instances it beats the kernels' bandwidth relaxation.
    expect(tighterThanKernel).toBeGreaterThan(0);
  });

  it("lpUpperBound proves the default scenario's optimum (55) given it as target", async () => {
    const instance = generateInstance({ seed: 1 });
    const engine = await loadEngine("wasm");
    const problem = prepare(instance);
    expect(await lpUpperBound(instance, problem, engine, 0, 55)).toBe(55);
    expect(await lpUpperBound(instance, problem, engine, 0)).toBeGreaterThanOrEqual(55);
  });
});

describe("HiGHS failures are clear errors, never a schedule", () => {
  afterEach(() => setHighsLoaderForTests(undefined));

  it("a load failure rejects milp with a HighsError naming HiGHS", async () => {
    setHighsLoaderForTests(async () => {
      throw new Error("highs.wasm: 404 Not Found");
    });
    const attempt = solve(generateInstance({ users: 10, seed: 2 }), { algorithm: "milp" });
    await expect(attempt).rejects.toThrow(HighsError);
    await expect(solve(generateInstance({ users: 10, seed: 2 }), { algorithm: "milp" })).rejects.toThrow(/HiGHS failed to load: highs\.wasm: 404/);
  });

  it("a load failure is not cached: the next call loads HiGHS again", async () => {
    setHighsLoaderForTests(async () => {
      throw new Error("transient");
    });
    await expect(loadHighs()).rejects.toThrow(/HiGHS failed to load/);
    setHighsLoaderForTests(undefined);
    const milp = await solve(generateInstance({ users: 10, seed: 2 }), { algorithm: "milp" });
    expect(milp.status).toBe("optimal");
  });

  it("a solve status other than optimal, infeasible or time limit rejects milp naming the status", async () => {
    const real = await loadHighs();
    // The real runtime, but every run reports HiGHS's "iteration limit" (14).
    const broken = new Proxy(real, {
      get(target, key, receiver) {
        if (key !== "withModel") return Reflect.get(target, key, receiver);
        return (model: never, operation: (m: unknown) => unknown) =>
          target.withModel(model, (m) => operation(new Proxy(m, { get: (t, k, r) => (k === "run" ? () => ({ modelStatus: 14 }) : Reflect.get(t, k, r)) })));
      },
    }) as Highs;
    setHighsLoaderForTests(async () => async () => broken);
    await expect(solve(generateInstance({ users: 10, seed: 2 }), { algorithm: "milp" })).rejects.toThrow(/HiGHS ended with status "iteration limit"/);
  });

  it("a native error while solving becomes a HighsError", async () => {
    const highs = await loadHighs();
    const malformed = {
      numCols: 2,
      numRows: 1,
      colCost: [1, 1],
      colLower: [0, 0],
      colUpper: [1, 1],
      rowLower: [0],
      rowUpper: [1],
      matrix: { format: "csr" as const, numRows: 1, numCols: 2, starts: [0, 2], indices: [0, 5], values: [1, 1] },
    };
    expect(() => runModel(highs, malformed, { timeLimitS: 1 })).toThrow(HighsError);
  });

  it("a time-limited tree keeps its own bound when HiGHS cannot load, and says so", async () => {
    setHighsLoaderForTests(async () => {
      throw new Error("offline");
    });
    const instance = generateInstance({ users: 200, seed: 1 });
    const tree = await solve(instance, { algorithm: "tree", timeLimitMs: 100 });
    expectValid(instance, tree, "tree without HiGHS");
    expect(tree.status).toBe("feasible");
    expect(tree.stats.lpBoundFailed).toBe(1);
    expect(tree.stats.lpUpperBound).toBeUndefined();
  });
});
