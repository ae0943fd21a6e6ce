/**
 * Random instances with users' weights, for the tests of the weighted
 * objective: uniform weights in [0.25, 5], and weights from a few levels (so
 * that different sets weigh the same and the band decides).
 */
import type { Instance } from "../../bindings/core/types.js";
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
