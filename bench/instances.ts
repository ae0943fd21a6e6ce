/**
 * The benchmark's instances: the default scenario of docs/model.md, seeded, with K users
 * and the N-exit DNN of profiles.ts.
 *
 * The accuracy requirements are drawn between the base profile's first and last
 * exit accuracy whatever N is, so the users (positions, channels, sizes,
 * deadlines, requirements) of a (K, seed) pair are the same for N = 2, 5 and 8:
 * only the DNN's granularity changes.
 */
import { generateInstance } from "../bindings/scenarios/generate.js";
import { getProfile } from "../bindings/scenarios/profiles.js";
import { validateInstance } from "../bindings/core/validate.js";
import type { Instance } from "../bindings/core/types.js";
import { BASE_PROFILE, benchDnn } from "./profiles.js";

export interface InstanceSpec {
  users: number;
  exits: number;
  seed: number;
}

export function benchInstance({ users, exits, seed }: InstanceSpec): Instance {
  const base = getProfile(BASE_PROFILE);
  const instance = generateInstance({
    users,
    seed,
    profile: BASE_PROFILE,
    accuracyMin: base.exits[0].accuracy,
    accuracyMax: base.exits[base.exits.length - 1].accuracy,
  });
  return validateInstance({ ...instance, dnn: benchDnn(exits) });
}
