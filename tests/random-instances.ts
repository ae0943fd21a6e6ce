/**
 * Seeded, deterministic random instances for the tests: mixed sizes, 1 to 8
 * exits, affine and measured-point latency, tight and loose deadlines and
 * bandwidth, an optional maxBatch, users who cannot reach any accurate exit,
 * and sometimes identical users. Deadlines and bandwidth are scaled from each
 * instance's own compute and upload needs, so optimal served counts spread
 * between none and everyone instead of piling up at either end.
 */
import type { BlockLatency, Exit, Instance, User } from "../bindings/core/types.js";
import { referenceBlockTimeS, referenceWminHz } from "./helpers/reference-model.js";

/** mulberry32: a tiny 32-bit PRNG, the same sequence on every platform. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = (seed >>> 0) ^ 0x9e3779b9;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }
  /** Integer in [low, high], both included. */
  int(low: number, high: number): number {
    return low + Math.floor(this.next() * (high - low + 1));
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
}

export type Tightness = "tight" | "loose" | "mixed";

export interface RandomInstanceOptions {
  /** Number of users, fixed or [min, max]. Default [0, 14]. */
  users?: number | [number, number];
  /** Number of exits, fixed or [min, max]. Default [1, 8]. */
  exits?: number | [number, number];
  latency?: "affine" | "points" | "mixed";
  deadlines?: Tightness;
  bandwidth?: Tightness;
  /** Probability that dnn.maxBatch is set. Default 0.3. */
  maxBatchProbability?: number;
  /** Probability that some users are copies of another. Default 0.25. */
  identicalUsersProbability?: number;
}

const NOISE_PSD_W_PER_HZ = 3.98e-21;

function count(rng: Rng, spec: number | [number, number]): number {
  return typeof spec === "number" ? spec : rng.int(spec[0], spec[1]);
}

function tightness(rng: Rng, spec: Tightness): "tight" | "loose" {
  return spec === "mixed" ? (rng.chance(0.5) ? "tight" : "loose") : spec;
}

function randomLatency(rng: Rng, kind: "affine" | "points", K: number): BlockLatency {
  const perSampleS = rng.uniform(0.1e-3, 2e-3);
  const fixedS = rng.uniform(0.5e-3, 5e-3);
  // The affine model allows zero terms: a block whose time does not grow with the batch, or no fixed cost.
  if (kind === "affine") return { perSampleS: rng.chance(0.05) ? 0 : perSampleS, fixedS: rng.chance(0.05) ? 0 : fixedS };
  // Measured points: strictly increasing batches, non-decreasing times (flat stretches allowed).
  const lastBatch = rng.chance(0.7) ? rng.int(16, 64) : rng.int(1, Math.max(1, K));
  const firstBatch = Math.min(lastBatch, rng.chance(0.8) ? 1 : rng.int(2, 3));
  const points: Array<[number, number]> = [[firstBatch, fixedS + perSampleS * firstBatch]];
  const extra = rng.int(0, 4);
  for (let i = 0; i < extra; i++) {
    const [b, t] = points[points.length - 1];
    if (b >= lastBatch) break;
    const nextBatch = i === extra - 1 ? lastBatch : rng.int(b + 1, lastBatch);
    const slope = rng.chance(0.15) ? 0 : perSampleS * rng.uniform(0.2, 2);
    points.push([nextBatch, t + slope * (nextBatch - b)]);
  }
  return { points };
}

function randomAccuracies(rng: Rng, N: number): number[] {
  const accuracies = Array.from({ length: N }, () => Math.round(rng.uniform(0.4, 0.95) * 1000) / 1000);
  if (rng.chance(0.85)) accuracies.sort((a, b) => a - b); // real DNNs improve with depth; sometimes not
  if (N > 1 && rng.chance(0.15)) accuracies[rng.int(1, N - 1)] = accuracies[0]; // equal accuracies
  return accuracies;
}

function randomChannelGain(rng: Rng): number {
  // The default scenario's cell: 20..250 m, 128.1 + 37.6 log10(d/km) dB, 8 dB shadowing, Rayleigh fading.
  const distanceM = Math.sqrt(rng.uniform(20 * 20, 250 * 250));
  const pathLossDb = 128.1 + 37.6 * Math.log10(distanceM / 1000) + 8 * rng.normal();
  const fading = -Math.log(1 - rng.next());
  return 10 ** (-pathLossDb / 10) * Math.max(fading, 1e-3);
}

function shallowestExit(accuracies: number[], required: number): number {
  const n = accuracies.findIndex((a) => a >= required);
  return n + 1;
}

export function randomInstance(seed: number, options: RandomInstanceOptions = {}): Instance {
  const rng = new Rng(seed);
  const K = count(rng, options.users ?? [0, 14]);
  const N = count(rng, options.exits ?? [1, 8]);
  const latencyKind = options.latency ?? "mixed";

  const accuracies = randomAccuracies(rng, N);
  const exits: Exit[] = accuracies.map((accuracy) => {
    const kind = latencyKind === "mixed" ? (rng.chance(0.5) ? "affine" : "points") : latencyKind;
    return { accuracy, latency: randomLatency(rng, kind, K) };
  });
  let pointsLimit = Infinity;
  for (const e of exits) if ("points" in e.latency) pointsLimit = Math.min(pointsLimit, e.latency.points[e.latency.points.length - 1][0]);
  let maxBatch: number | undefined;
  if (rng.chance(options.maxBatchProbability ?? 0.3)) maxBatch = Math.min(pointsLimit, rng.int(1, Math.max(1, K)));
  const batchLimit = Math.min(pointsLimit, maxBatch ?? Infinity, Math.max(K, 1));

  const lowestAccuracy = Math.min(...accuracies);
  const highestAccuracy = Math.max(...accuracies);
  const users: User[] = [];
  for (let k = 0; k < K; k++) {
    users.push({
      id: `u${k + 1}`,
      dataBits: Math.round(rng.uniform(1e5, 3e5)),
      powerW: rng.chance(0.7) ? 0.2 : rng.uniform(0.05, 0.5),
      channelGain: randomChannelGain(rng),
      minAccuracy: Math.min(1, Math.max(0, rng.uniform(lowestAccuracy - 0.05, highestAccuracy + 0.03))),
      deadlineS: 0, // set below, once the compute time is known
    });
  }
  if (K > 1 && rng.chance(options.identicalUsersProbability ?? 0.25)) {
    const original = users[rng.int(0, K - 1)];
    const copies = rng.int(1, K - 1);
    for (let c = 0; c < copies; c++) {
      const k = rng.int(0, K - 1);
      users[k] = { ...original, id: users[k].id };
    }
  }

  // Deadlines: the user's own compute at a reference batch, plus an upload allowance around a target tau.
  const deadlineKind = tightness(rng, options.deadlines ?? "mixed");
  const referenceBatch = rng.int(1, Math.max(1, Math.min(K, batchLimit)));
  const targetTauS = rng.uniform(0.005, 0.05);
  const sharedDeadline = rng.chance(0.2); // everyone with the same slack, a common case in practice
  for (const user of users) {
    const exit = shallowestExit(accuracies, user.minAccuracy) || N;
    let computeS = 0;
    for (let n = 0; n < exit; n++) computeS += referenceBlockTimeS(exits[n].latency, referenceBatch);
    const slack = sharedDeadline ? 1 : deadlineKind === "tight" ? rng.uniform(0.3, 1.1) : rng.uniform(0.9, 2.5);
    user.deadlineS = computeS * (deadlineKind === "tight" ? rng.uniform(0.7, 1.1) : rng.uniform(1, 1.5)) + targetTauS * slack;
  }

  // Bandwidth: a fraction of what every attainable user would need at the target tau.
  const bandwidthKind = tightness(rng, options.bandwidth ?? "mixed");
  let neededHz = 0;
  for (const user of users) {
    if (shallowestExit(accuracies, user.minAccuracy) === 0) continue;
    const w = referenceWminHz(user.dataBits, (user.powerW * user.channelGain) / NOISE_PSD_W_PER_HZ, targetTauS);
    if (Number.isFinite(w)) neededHz += Math.min(w, 5e7);
  }
  const fraction = bandwidthKind === "tight" ? rng.uniform(0.1, 0.7) : rng.uniform(0.7, 2);
  const bandwidthHz = neededHz > 0 ? neededHz * fraction : 1e7;

  const instance: Instance = { channel: { bandwidthHz, noisePsdWPerHz: NOISE_PSD_W_PER_HZ }, dnn: { name: `random-${seed}`, exits }, users };
  if (maxBatch !== undefined) instance.dnn.maxBatch = maxBatch;
  if (rng.chance(0.2) && K > 0) instance.frameS = Math.max(...users.map((u) => u.deadlineS)) * rng.uniform(1, 2);
  return instance;
}
