// Large inputs get limits, not hangs: every algorithm, cut short on a large
// instance, still returns a valid schedule and a bound it can prove.
import { describe, expect, it } from "vitest";
import { solve } from "../bindings/core/solve.js";
import { generateInstance } from "../bindings/scenarios/generate.js";
import { checkSolution } from "./checker.js";
import { ALGORITHMS } from "../bindings/core/types.js";

const large = generateInstance({ users: 2000, seed: 11 });

describe("time limits on a 2000-user instance", () => {
  for (const algorithm of ALGORITHMS.filter((a) => a !== "milp")) {
    it(`${algorithm} stops with a valid schedule and served <= upperBound`, async () => {
      const s = await solve(large, { algorithm, timeLimitMs: 30 });
      expect(checkSolution(large, s)).toEqual([]);
      expect(s.served).toBeLessThanOrEqual(s.upperBound);
      expect(s.served).toBeGreaterThan(0);
      if (s.status === "optimal") expect(s.upperBound).toBe(s.served);
    });
  }

  it("exact cut short keeps a schedule at least as good as the greedy's", async () => {
    const exact = await solve(large, { algorithm: "exact", timeLimitMs: 5 });
    const greedy = await solve(large, { algorithm: "greedy" });
    expect(exact.served).toBeGreaterThanOrEqual(greedy.served);
  });
});
