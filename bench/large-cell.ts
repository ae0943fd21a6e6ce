/**
 * The "large cell, no batch limit" family of the performance issue: K users
 * 50-500 m from the server (default path loss, shadowing and Rayleigh
 * fading), 40 MHz, task sizes 100-500 kbit, deadlines 75-300 ms, and a DNN of
 * N exits with affine latency drawn per block (perSampleS 0.15-0.65 ms,
 * fixedS 1-5 ms) and no maxBatch, so the batch limit never binds and many
 * exits are in play: the hard case for `exact`.
 *
 * The users come from the scenario generator (seeded); the DNN from its own
 * seeded stream, accuracies evenly spaced between 0.55 and 0.80, and the users'
 * requirements drawn over that range, so N changes only the DNN.
 */
import { generateInstance } from "../bindings/scenarios/generate.js";
import { Random } from "../bindings/scenarios/random.js";
import { validateInstance } from "../bindings/core/validate.js";
import type { Dnn, Instance } from "../bindings/core/types.js";

export const LARGE_CELL_NAME = "large cell, no batch limit";
const FIRST_ACCURACY = 0.55;
const LAST_ACCURACY = 0.8;

/** N exits, affine latency per block, no maxBatch; the same (exits, seed) gives the same DNN. */
export function largeCellDnn(exits: number, seed: number): Dnn {
  const random = new Random(seed * 7919 + exits);
  return {
    name: `large-cell affine ${exits}-exit`,
    exits: Array.from({ length: exits }, (_, n) => ({
      accuracy: exits === 1 ? LAST_ACCURACY : FIRST_ACCURACY + ((LAST_ACCURACY - FIRST_ACCURACY) * n) / (exits - 1),
      latency: { perSampleS: random.uniform(0.15e-3, 0.65e-3), fixedS: random.uniform(1e-3, 5e-3) },
    })),
  };
}

export function largeCellInstance({ users, exits, seed }: { users: number; exits: number; seed: number }): Instance {
  const instance = generateInstance({
    users,
    seed,
    radiusM: 500,
    minDistanceM: 50,
    bandwidthHz: 40e6,
    dataBitsMin: 100e3,
    dataBitsMax: 500e3,
    deadlineSMin: 0.075,
    deadlineSMax: 0.3,
    accuracyMin: FIRST_ACCURACY,
    accuracyMax: LAST_ACCURACY,
  });
  return validateInstance({ ...instance, dnn: largeCellDnn(exits, seed) });
}
