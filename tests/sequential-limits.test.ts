/**
 * Time limits of the sequential schemes (no-batching, conventional) on a large
 * input (issue 11, item 4): with 100,000 generated users, affine latency and
 * no batch limit, the exact kernel cut short at any phase (sorting, the first
 * schedules, pricing an interval, a knapsack) still returns a valid schedule
 * under a proved bound, and says it is only feasible unless the bound is met.
 * The limits are chosen to stop it in different phases; the only timing
 * assertion is a sanity bound of 10x the limit (plus the preparation outside
 * the sequential kernel), which the kernel broke before it watched the clock
 * in every phase.
 */
import { describe, expect, it } from "vitest";
import { solve } from "../bindings/algorithms/solve.js";
import type { Instance } from "../bindings/core/types.js";
import { generateInstance } from "../bindings/scenarios/generate.js";
import { checkSolution } from "./checker.js";

/** The generated scenario with each measured block replaced by the line through its first and last points, and no maxBatch. */
function affineUnlimited(instance: Instance): Instance {
  const { maxBatch: _dropped, ...dnn } = instance.dnn;
  return {
    ...instance,
    dnn: {
      ...dnn,
      exits: dnn.exits.map((exit) => {
        if (!("points" in exit.latency)) return exit;
        const points = exit.latency.points;
        const [b0, t0] = points[0];
        const [b1, t1] = points[points.length - 1];
        const perSampleS = (t1 - t0) / (b1 - b0);
        return { ...exit, latency: { perSampleS, fixedS: Math.max(0, t0 - perSampleS * b0) } };
      }),
    },
  };
}

const USERS = 100_000;
const large = affineUnlimited(generateInstance({ users: USERS, seed: 7 }));
/** 1 ms stops in the first phases; 30 and 150 ms stop in the first schedules or the search. */
const LIMITS_MS = [1, 30, 150];

describe(`sequential schemes cut short on ${USERS.toLocaleString("en")} users`, () => {
  it("the instance has no batch limit and affine blocks", () => {
    expect(large.dnn.maxBatch).toBeUndefined();
    expect(large.dnn.exits.every((e) => "perSampleS" in e.latency)).toBe(true);
  });

  for (const algorithm of ["no-batching", "conventional"] as const) {
    for (const engine of ["wasm", "js"] as const) {
      for (const timeLimitMs of LIMITS_MS) {
        it(`${algorithm}, ${engine}, ${timeLimitMs} ms: a valid schedule, served <= upperBound`, { timeout: 60_000 }, async () => {
          const s = await solve(large, { algorithm, engine, timeLimitMs });
          expect(checkSolution(large, s)).toEqual([]);
          expect(s.served).toBeLessThanOrEqual(s.upperBound);
          // Cut short, the search cannot claim more than it proved.
          if (s.served < s.upperBound) expect(s.status).toBe("feasible");
          else expect(s.status).toBe("optimal");
          // Sanity only: 10x the limit, plus a second for the bounds computed around the kernel.
          expect(s.stats.timeMs).toBeLessThan(10 * timeLimitMs + 1000);
        });
      }
    }
  }
});
