/**
 * Instance -> the numbers the kernels work on. Runs after validation, so it
 * trusts its input. Everything here is plain arithmetic on the model of
 * docs/model.md; no solver logic.
 */
import type { BlockLatency, Instance } from "./types.js";

export interface PreparedProblem {
  /** Number of users K and of exits N. */
  K: number;
  N: number;
  bandwidthHz: number;
  /** Largest batch the server may run: min(maxBatch, last measured batch, K). */
  maxBatch: number;
  dataBits: Float64Array;
  /** Received SNR per hertz of band, p g / N0, in Hz: w^min(tau) depends on the user only through L and this. */
  snrHz: Float64Array;
  deadlineS: Float64Array;
  /** The shallowest exit accurate enough for user k (1..N); 0 when none is (or the scheme allows none). */
  minExit: Int32Array;
  /** t_n(b) for n = 1..N and b = 0..maxBatch, at index (n - 1) * (maxBatch + 1) + b. */
  blockTimeS: Float64Array;
  /** What serving user k is worth (1 when the instance gives no weight). */
  weight: Float64Array;
  /** Some user's weight differs from 1: the objective is the served weight, not the count. */
  weighted: boolean;
}

/** Whether some user's weight differs from 1 (absent = 1): only then do the algorithms see weights. */
export function hasWeights(instance: Instance): boolean {
  for (const u of instance.users) if (u.weight !== undefined && u.weight !== 1) return true;
  return false;
}

/** t(b) of one block for a batch of b tasks (b >= 0). */
export function blockLatencyS(latency: BlockLatency, batch: number): number {
  if (batch <= 0) return 0;
  if ("perSampleS" in latency) return latency.perSampleS * batch + latency.fixedS;
  const pts = latency.points;
  if (batch <= pts[0][0]) return pts[0][1];
  for (let i = 1; i < pts.length; i++) {
    const [b1, t1] = pts[i];
    if (batch <= b1) {
      const [b0, t0] = pts[i - 1];
      return t0 + ((t1 - t0) * (batch - b0)) / (b1 - b0);
    }
  }
  // Past the last point: validation keeps maxBatch within the points; extend linearly for callers that probe.
  const [bl, tl] = pts[pts.length - 1];
  const [bp, tp] = pts.length > 1 ? pts[pts.length - 2] : [0, 0];
  return tl + ((tl - tp) * (batch - bl)) / (bl - bp);
}

/** The batch limit the model imposes: maxBatch, and no more than the last measured batch of any block. */
export function batchLimit(instance: Instance): number {
  let limit = instance.dnn.maxBatch ?? Infinity;
  for (const exit of instance.dnn.exits) {
    if ("points" in exit.latency) {
      const pts = exit.latency.points;
      limit = Math.min(limit, pts[pts.length - 1][0]);
    }
  }
  return limit;
}

/** Shallowest exit n (1-based) with accuracy >= required, or 0 when none. */
export function shallowestExit(accuracies: number[], required: number): number {
  for (let n = 0; n < accuracies.length; n++) if (accuracies[n] >= required) return n + 1;
  return 0;
}

/** s = p g / N0 in Hz (the validator checks that it is a normal double, so the kernels' w^min is exact). */
export function userSnrHz(powerW: number, channelGain: number, noisePsdWPerHz: number): number {
  return (powerW * channelGain) / noisePsdWPerHz;
}

export function prepare(instance: Instance): PreparedProblem {
  const users = instance.users;
  const exits = instance.dnn.exits;
  const K = users.length;
  const N = exits.length;
  const maxBatch = Math.max(0, Math.min(batchLimit(instance), K));
  const accuracies = exits.map((e) => e.accuracy);
  const n0 = instance.channel.noisePsdWPerHz;

  // Plain loops: at a million users this runs inside the time limit (solve counts it).
  const dataBits = new Float64Array(K);
  const snrHz = new Float64Array(K);
  const deadlineS = new Float64Array(K);
  const minExit = new Int32Array(K);
  const weight = new Float64Array(K);
  let weighted = false;
  for (let k = 0; k < K; k++) {
    const u = users[k];
    const w = u.weight ?? 1;
    weight[k] = w;
    if (w !== 1) weighted = true;
    dataBits[k] = u.dataBits;
    snrHz[k] = userSnrHz(u.powerW, u.channelGain, n0);
    deadlineS[k] = u.deadlineS;
    minExit[k] = shallowestExit(accuracies, u.minAccuracy);
  }

  const stride = maxBatch + 1;
  const blockTimeS = new Float64Array(N * stride);
  exits.forEach((exit, n) => {
    const latency = exit.latency;
    if ("perSampleS" in latency) {
      // Affine: the same arithmetic as blockLatencyS, without a call per batch size.
      const { perSampleS, fixedS } = latency;
      for (let b = 1; b <= maxBatch; b++) blockTimeS[n * stride + b] = perSampleS * b + fixedS;
    } else {
      for (let b = 0; b <= maxBatch; b++) blockTimeS[n * stride + b] = blockLatencyS(latency, b);
    }
  });

  return { K, N, bandwidthHz: instance.channel.bandwidthHz, maxBatch, dataBits, snrHz, deadlineS, minExit, blockTimeS, weight, weighted };
}

/**
 * The same problem with every task forced to the final exit (the schemes
 * without early exiting): a user is servable only if exit N is accurate enough.
 */
export function finalExitOnly(problem: PreparedProblem, instance: Instance): PreparedProblem {
  const finalAccuracy = instance.dnn.exits[problem.N - 1].accuracy;
  const minExit = new Int32Array(problem.K);
  instance.users.forEach((u, k) => {
    minExit[k] = finalAccuracy >= u.minAccuracy ? problem.N : 0;
  });
  return { ...problem, minExit };
}
