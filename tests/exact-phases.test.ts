/**
 * exact's two-phase search (prove the count, then the least band among sets of
 * exactly that count, with band and deadline tightening) against independent
 * references. On small problems exact normally finishes in one search, so the
 * kernel is told to go to two phases at once and the brute force checks that
 * path on the same instances as tests/algorithms.test.ts; and on the large
 * cell without batch limit, where the two phases take over by themselves,
 * exact equals milp (HiGHS) in count and least band.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Engine, type KernelExports } from "../bindings/core/engine.js";
import { stopAfterMs } from "../bindings/core/budget.js";
import { prepare } from "../bindings/core/prepare.js";
import { buildSolution } from "../bindings/core/solution.js";
import { solve } from "../bindings/algorithms/solve.js";
import { largeCellInstance } from "../bench/large-cell.js";
import { bruteForce } from "./bruteforce.js";
import { checkSolution } from "./checker.js";
import { expectExactEqualsMilp } from "./helpers/exact-vs-milp.js";
import { sameBandwidth, seedRange } from "./helpers/schemes.js";
import { randomInstance, type RandomInstanceOptions } from "./random-instances.js";

type PhasedKernels = KernelExports & { exactOneSearchNodes(nodes: number): void };

/** Own instance of the WebAssembly kernels, so the switch does not touch the shared engine. */
async function twoPhaseEngine(): Promise<Engine> {
  const bytes = readFileSync(new URL("../build/kernels.wasm", import.meta.url));
  const { instance } = await WebAssembly.instantiate(bytes, { env: { nowMs: () => performance.now() } });
  const kernels = instance.exports as unknown as PhasedKernels;
  kernels.exactOneSearchNodes(0);
  return new Engine("wasm", kernels);
}

const cases = (seeds: number[], options: RandomInstanceOptions = {}) => seeds.map((seed) => ({ seed, options, instance: randomInstance(seed, options) }));

describe("exact in two phases from the first node equals the brute force", () => {
  const small = [
    ...cases(seedRange(1, 250)),
    ...cases(seedRange(1001, 1060), { users: [10, 14], exits: [3, 8], deadlines: "tight" }),
    ...cases(seedRange(2001, 2030), { users: [12, 14], latency: "points", bandwidth: "tight" }),
  ];

  it("served count, least bandwidth, status optimal, valid schedule", async () => {
    const engine = await twoPhaseEngine();
    for (const { seed, options, instance } of small) {
      const where = `seed ${seed} ${JSON.stringify(options)}`;
      const problem = prepare(instance);
      const raw = engine.run(problem, "exact", Infinity);
      const solution = buildSolution(instance, problem, raw, { algorithm: "exact", engine: "wasm", sequential: false, timeMs: 0 });
      const reference = bruteForce(instance);
      expect(checkSolution(instance, solution), where).toEqual([]);
      expect(solution.served, where).toBe(reference.served);
      expect(
        sameBandwidth(solution.bandwidthUsedHz, reference.totalBandwidthHz),
        `${where}: ${solution.bandwidthUsedHz} vs ${reference.totalBandwidthHz}`,
      ).toBe(true);
      expect(solution.status, where).toBe("optimal");
    }
  });
});

describe("exact cut short in two phases still proves its bound", () => {
  // Where the cut falls depends on the machine; whatever it cuts, the bound must hold.
  it("brute-force instances, limits of 0.02-0.5 ms: served <= optimum <= upperBound", async () => {
    const engine = await twoPhaseEngine();
    const instances = cases(seedRange(1001, 1060), { users: [10, 14], exits: [3, 8], deadlines: "tight" });
    for (const { seed, instance } of instances) {
      const optimum = bruteForce(instance).served;
      for (const limitMs of [0.02, 0.1, 0.5]) {
        const raw = engine.run(prepare(instance), "exact", stopAfterMs(limitMs));
        const served = [...raw.served].reduce((a, b) => a + b, 0);
        expect(served, `seed ${seed}, ${limitMs} ms`).toBeLessThanOrEqual(optimum);
        expect(raw.upperBound, `seed ${seed}, ${limitMs} ms`).toBeGreaterThanOrEqual(optimum);
      }
    }
  });

  it("large cell (130 users, 2 exits; 1000 users, 8 exits), limits of 1-50 ms: upperBound >= the optimum", async () => {
    for (const [users, exits, seed, optimum] of [
      [130, 2, 9, 90],
      [1000, 8, 1, 135],
    ] as const) {
      const instance = largeCellInstance({ users, exits, seed });
      for (const timeLimitMs of [1, 5, 20, 50]) {
        const s = await solve(instance, { algorithm: "exact", timeLimitMs });
        expect(checkSolution(instance, s)).toEqual([]);
        expect(s.served).toBeLessThanOrEqual(optimum);
        expect(s.upperBound, `K=${users} N=${exits} ${timeLimitMs} ms`).toBeGreaterThanOrEqual(optimum);
      }
    }
  });
});

describe("exact equals milp on the large cell without batch limit", () => {
  // Chosen so that exact needs more than its single search (two phases), and milp finishes in seconds.
  const instances: Array<[users: number, exits: number, seed: number]> = [
    [130, 2, 9],
    [150, 2, 5],
    [45, 3, 22],
    [70, 3, 23],
    [40, 8, 21],
  ];
  for (const [users, exits, seed] of instances) {
    it(`K=${users}, N=${exits}, seed ${seed}`, async () => {
      const instance = largeCellInstance({ users, exits, seed });
      await expectExactEqualsMilp(instance);
    }, 120_000);
  }
});
