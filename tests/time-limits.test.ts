// Large inputs get limits, not hangs: every algorithm, cut short on a large
// instance, still returns a valid schedule and a bound it can prove.
import { describe, expect, it } from "vitest";
import { solve } from "../bindings/algorithms/solve.js";
import { generateInstance } from "../bindings/scenarios/generate.js";
import { checkSolution } from "./checker.js";
import { ALGORITHMS } from "../bindings/core/types.js";
import { largeCellInstance } from "../bench/large-cell.js";

const large = generateInstance({ users: 2000, seed: 11 });

describe("time limits on a 2000-user instance", () => {
  for (const algorithm of ALGORITHMS.filter((a) => a !== "milp")) {
    // 100 ms: every phase shares the limit (tree's first greedy too), and on a
    // loaded machine much less would leave some algorithms no time to serve anyone.
    it(`${algorithm} stops with a valid schedule and served <= upperBound`, async () => {
      const s = await solve(large, { algorithm, timeLimitMs: 100 });
      expect(checkSolution(large, s)).toEqual([]);
      expect(s.served).toBeLessThanOrEqual(s.upperBound);
      expect(s.served).toBeGreaterThan(0);
      if (s.status === "optimal") expect(s.upperBound).toBe(s.served);
    });
  }

  // The greedy inside exact shares exact's time limit (the whole solve honours it),
  // so the limit must leave it room: the greedy alone takes a few ms here.
  it("exact cut short keeps a schedule at least as good as the greedy's", async () => {
    const exact = await solve(large, { algorithm: "exact", timeLimitMs: 200 });
    const greedy = await solve(large, { algorithm: "greedy" });
    expect(exact.served).toBeGreaterThanOrEqual(greedy.served);
  });
});

/**
 * Every algorithm on both families at `users`, each engine: a valid schedule,
 * served <= upperBound, and under SANITY_FACTOR x the limit (a sanity bound only:
 * docs/performance.md reports the measured times).
 */
function largeInputSuite(users: number, limitMs: number, engines: ReadonlyArray<"wasm" | "js" | undefined>, seeds: { cell: number; scenario: number }): void {
  const SANITY_FACTOR = 10;
  const instances = {
    "large cell, affine latency, no maxBatch": largeCellInstance({ users, exits: 5, seed: seeds.cell }),
    "default scenario": generateInstance({ users, seed: seeds.scenario }),
  };
  for (const [name, instance] of Object.entries(instances)) {
    for (const engine of engines) {
      for (const algorithm of ALGORITHMS.filter((a) => a !== "milp")) {
        const where = engine === undefined ? name : `${name}, ${engine}`;
        it(`${where}: ${algorithm} returns a valid schedule, served <= upperBound, well within ${SANITY_FACTOR}x the limit`, async () => {
          const started = performance.now();
          const s = await solve(instance, { algorithm, engine, timeLimitMs: limitMs });
          const elapsedMs = performance.now() - started;
          expect(checkSolution(instance, s)).toEqual([]);
          expect(s.served).toBeLessThanOrEqual(s.upperBound);
          if (s.status === "optimal") expect(s.upperBound).toBe(s.served);
          expect(elapsedMs).toBeLessThan(SANITY_FACTOR * limitMs);
        });
      }
    }
  }
}

// Every phase of every algorithm checks the clock (pricing, sorting, the greedy
// inside exact and tree), so the whole solve ends near its limit even where
// one pass over the users is slow.
describe("time limits at 20,000 users", () => {
  largeInputSuite(20_000, 200, [undefined], { cell: 3, scenario: 12 });
});

// At 200,000 users one pass over the users (validating, preparing, copying,
// building the Solution) takes tens of ms, so the kernel's share of the limit
// leaves room for them (docs/architecture.md, "The time budget"; bench/million.ts
// measures a million). Both engines: the JS fallback runs the same kernels,
// slower, under the same clock.
describe("time limits at 200,000 users", () => {
  largeInputSuite(200_000, 300, ["wasm", "js"], { cell: 4, scenario: 13 });
});
