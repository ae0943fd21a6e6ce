/**
 * The large-cell family measured over many seeds (`npm run bench:large`):
 * every seed draws its own cell, not only its own users, so the bench sees
 * the spread a user with a big cell meets.
 *
 * - K users uniform over the area of an annulus 50-500 m around the server
 *   (d^2 uniform, not d), path loss 128.1 + 37.6 log10(d / 1 km) dB,
 *   shadowing log-normal with 8 dB (odd seeds) or uniform in +-4 dB (even
 *   seeds), Rayleigh fading (|h|^2 exponential with mean 1);
 * - 40 MHz, noise -174 dBm/Hz, 0.2 W per user, task sizes 100-500 kbit,
 *   deadlines 75-300 ms;
 * - a DNN of N exits with affine latency per block (perSampleS 0.15-0.65 ms,
 *   fixedS 1-5 ms), exit accuracies rising by uneven steps (the first
 *   0.55-0.65, each next one 0.03-0.09 higher, capped at 0.95), requirements
 *   uniform between the first and the last exit's accuracy; no maxBatch, so
 *   the batch limit never binds.
 *
 * The same (K, N, seed) gives the same instance on every machine; the first
 * K users of a seed are the users of a smaller K with that seed.
 */
import { pathLossDb } from "../bindings/scenarios/generate.js";
import { Random } from "../bindings/scenarios/random.js";
import { validateInstance } from "../bindings/core/validate.js";
import type { Dnn, Instance, User } from "../bindings/core/types.js";

export const LARGE_FAMILY_NAME = "large cell over seeds";

const POWER_W = 0.2;
const NOISE_W_PER_HZ = 10 ** ((-174 - 30) / 10);
const BANDWIDTH_HZ = 40e6;

/** Odd seeds: log-normal shadowing of 8 dB; even seeds: uniform in +-4 dB. */
export function shadowingOf(seed: number): "log-normal 8 dB" | "uniform 4 dB" {
  return seed % 2 !== 0 ? "log-normal 8 dB" : "uniform 4 dB";
}

/** N exits, affine latency per block, uneven accuracy steps, no maxBatch; drawn from (exits, seed). */
export function largeFamilyDnn(exits: number, seed: number): Dnn {
  const random = new Random(seed * 104_729 + exits * 31 + 7);
  let accuracy = random.uniform(0.55, 0.65);
  return {
    name: `large-family ${exits}-exit (seed ${seed})`,
    exits: Array.from({ length: exits }, (_, n) => {
      if (n > 0) accuracy = Math.min(0.95, accuracy + random.uniform(0.03, 0.09));
      return { accuracy, latency: { perSampleS: random.uniform(0.15e-3, 0.65e-3), fixedS: random.uniform(1e-3, 5e-3) } };
    }),
  };
}

export function largeFamilyInstance({ users, exits, seed }: { users: number; exits: number; seed: number }): Instance {
  const dnn = largeFamilyDnn(exits, seed);
  const lowest = dnn.exits[0].accuracy;
  const highest = dnn.exits[dnn.exits.length - 1].accuracy;
  const logNormal = shadowingOf(seed) === "log-normal 8 dB";
  const random = new Random(seed);
  const list: User[] = [];
  for (let k = 1; k <= users; k++) {
    const distanceM = Math.sqrt(random.uniform(50 * 50, 500 * 500));
    const shadowDb = logNormal ? 8 * random.normal() : random.uniform(-4, 4);
    const fading = random.exponential();
    list.push({
      id: `u${k}`,
      dataBits: Math.round(random.uniform(100e3, 500e3)),
      powerW: POWER_W,
      channelGain: 10 ** (-(pathLossDb(distanceM) - shadowDb) / 10) * fading,
      minAccuracy: random.uniform(lowest, highest),
      deadlineS: random.uniform(0.075, 0.3),
    });
  }
  const frameS = list.reduce((m, u) => Math.max(m, u.deadlineS), 0);
  return validateInstance({ channel: { bandwidthHz: BANDWIDTH_HZ, noisePsdWPerHz: NOISE_W_PER_HZ }, dnn, users: list, ...(list.length > 0 ? { frameS } : {}) });
}
