// Beyond the brute force's reach (K <= 14): exact against HiGHS (milp), two
// independent roads to the optimum, on default-scenario instances of 40 users
// with the full and a halved band. Count equal, least band equal.
import { describe, it } from "vitest";
import { generateInstance } from "../bindings/scenarios/generate.js";
import { expectExactEqualsMilp } from "./helpers/exact-vs-milp.js";

describe("exact equals milp on 40-user default-scenario instances", () => {
  for (const [seed, bandwidthHz] of [
    [2, 2e7],
    [3, 1e7],
    [4, 2e7],
    [5, 1e7],
  ] as const) {
    it(`seed ${seed}, ${bandwidthHz / 1e6} MHz`, async () => {
      const instance = generateInstance({ users: 40, seed, bandwidthHz });
      await expectExactEqualsMilp(instance);
    });
  }
});
