/**
 * Random instances with users' weights, for the tests of the weighted
 * objective: uniform weights in [0.25, 5], and weights from a few levels (so
 * that different sets weigh the same and the band decides), and what a
 * solution serves in weight.
 */
import type { Instance, Solution } from "../../bindings/core/types.js";
import { Rng, randomInstance, type RandomInstanceOptions } from "../random-instances.js";

/** A random instance with every user given a weight uniform in [0.25, 5] (seeded). */
export function weightedInstance(seed: number, options: RandomInstanceOptions = {}): Instance {
  const instance = randomInstance(seed, options);
  const rng = new Rng(seed * 7919 + 17);
  return { ...instance, users: instance.users.map((u) => ({ ...u, weight: rng.uniform(0.25, 5) })) };
}

/** Weights from the levels 1, 2 and 5: equal weights of different sets, so the band decides ties. */
export function levelInstance(seed: number, options: RandomInstanceOptions = {}): Instance {
  const instance = randomInstance(seed, options);
  const rng = new Rng(seed * 104729 + 3);
  return { ...instance, users: instance.users.map((u) => ({ ...u, weight: [1, 2, 5][rng.int(0, 2)] })) };
}

/** The weight a solution serves (absent weights count 1). */
export function servedWeight(instance: Instance, solution: Solution): number {
  let total = 0;
  solution.users.forEach((u, k) => {
    if (u.served) total += instance.users[k].weight ?? 1;
  });
  return total;
}

/** Equal weights up to a relative 1e-9 (sums in another order round differently). */
export function sameWeight(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}
