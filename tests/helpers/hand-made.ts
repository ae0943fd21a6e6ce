// Small hand-made instances for the edge-case tests and the fingerprint set:
// one default user (s = p g / N0 = 1e11 Hz) varied by overrides, two exits.
import type { Exit, Instance, User } from "../../bindings/core/types.js";

export const NOISE_PSD = 1e-20;

export function user(id: string, overrides: Partial<User> = {}): User {
  return { id, dataBits: 1e5, powerW: 1, channelGain: 1e-9, minAccuracy: 0.5, deadlineS: 0.1, ...overrides };
}

export const TWO_EXITS: Exit[] = [
  { accuracy: 0.6, latency: { perSampleS: 0.002, fixedS: 0.001 } },
  { accuracy: 0.8, latency: { perSampleS: 0.002, fixedS: 0.001 } },
];

/** A 10 MHz cell with `users` and the two exits unless overridden. */
export function handMade(users: User[], overrides: Partial<Instance> = {}, exits: Exit[] = TWO_EXITS): Instance {
  return { channel: { bandwidthHz: 1e7, noisePsdWPerHz: NOISE_PSD }, dnn: { exits }, users, ...overrides };
}
