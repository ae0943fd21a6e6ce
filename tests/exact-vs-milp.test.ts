// Beyond the brute force's reach (K <= 14): exact against HiGHS (milp), two
// independent roads to the optimum, on default-scenario instances of 40 users
// with the full and a halved band. Count equal, least band equal.
import { describe, expect, it } from "vitest";
import { solve } from "../bindings/core/solve.js";
import { generateInstance } from "../bindings/scenarios/generate.js";
import { checkSolution } from "./checker.js";

describe("exact equals milp on 40-user default-scenario instances", () => {
  for (const [seed, bandwidthHz] of [[2, 2e7], [3, 1e7], [4, 2e7], [5, 1e7]] as const) {
    it(`seed ${seed}, ${bandwidthHz / 1e6} MHz`, async () => {
      const instance = generateInstance({ users: 40, seed, bandwidthHz });
      const exact = await solve(instance, { algorithm: "exact", timeLimitMs: 0 });
      const milp = await solve(instance, { algorithm: "milp", timeLimitMs: 0 });
      expect(exact.status).toBe("optimal");
      expect(milp.status).toBe("optimal");
      expect(exact.served).toBe(milp.served);
      expect(Math.abs(exact.bandwidthUsedHz - milp.bandwidthUsedHz) / milp.bandwidthUsedHz).toBeLessThan(1e-6);
      expect(checkSolution(instance, exact)).toEqual([]);
      expect(checkSolution(instance, milp)).toEqual([]);
    });
  }
});
