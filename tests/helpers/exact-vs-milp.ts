/**
 * Two independent roads to the optimum: exact and HiGHS (milp), both with no
 * time limit, must prove the same count and the same least band, and both
 * schedules must pass the checker.
 */
import { expect } from "vitest";
import type { Instance } from "../../bindings/core/types.js";
import { solve } from "../../bindings/algorithms/solve.js";
import { checkSolution } from "../checker.js";

export async function expectExactEqualsMilp(instance: Instance): Promise<void> {
  const exact = await solve(instance, { algorithm: "exact", timeLimitMs: 0 });
  const milp = await solve(instance, { algorithm: "milp", timeLimitMs: 0 });
  expect(exact.status).toBe("optimal");
  expect(milp.status).toBe("optimal");
  expect(exact.served).toBe(milp.served);
  expect(Math.abs(exact.bandwidthUsedHz - milp.bandwidthUsedHz) / milp.bandwidthUsedHz).toBeLessThan(1e-6);
  expect(checkSolution(instance, exact)).toEqual([]);
  expect(checkSolution(instance, milp)).toEqual([]);
}
