/**
 * The model of docs/model.md written a second time, as plainly as
 * possible, for the tests: block latency, the uplink rate, and w^min(tau) by
 * bisection. Deliberately shares no code with bindings/ or assembly/, so a bug
 * in the kernels cannot hide behind the same bug here.
 */
import type { BlockLatency, Instance } from "../../bindings/core/types.js";

/** t(b) in seconds; NaN when b is past the last measured point (outside the model). */
export function referenceBlockTimeS(latency: BlockLatency, batch: number): number {
  if (batch === 0) return 0;
  if ("perSampleS" in latency) return latency.perSampleS * batch + latency.fixedS;
  const points = latency.points;
  if (batch <= points[0][0]) return points[0][1];
  for (let i = 1; i < points.length; i++) {
    const [b0, t0] = points[i - 1];
    const [b1, t1] = points[i];
    if (batch <= b1) return t0 + ((t1 - t0) * (batch - b0)) / (b1 - b0);
  }
  return NaN;
}

/** Largest batch the model allows: maxBatch and the last measured batch of every block (Infinity if neither). */
export function referenceBatchLimit(instance: Instance): number {
  let limit = instance.dnn.maxBatch ?? Infinity;
  for (const exit of instance.dnn.exits) {
    if ("points" in exit.latency) limit = Math.min(limit, exit.latency.points[exit.latency.points.length - 1][0]);
  }
  return limit;
}

/** s = p g / N0 in Hz. */
export function referenceSnrHz(instance: Instance, userIndex: number): number {
  const user = instance.users[userIndex];
  return (user.powerW * user.channelGain) / instance.channel.noisePsdWPerHz;
}

/** r(w) = w log2(1 + s / w), bit/s. */
export function referenceRateBps(bandwidthHz: number, snrHz: number): number {
  const x = snrHz / bandwidthHz;
  // When s/w overflows (a band of ~1e-300 Hz), 1 + x and x agree to every digit: log1p(x) = ln s - ln w.
  return (bandwidthHz * (Number.isFinite(x) ? Math.log1p(x) : Math.log(snrHz) - Math.log(bandwidthHz))) / Math.LN2;
}

/**
 * w^min: the least w with w log2(1 + s/w) >= L/tau, by bisection down to
 * adjacent doubles. Infinity when L/tau >= s/ln2 (more than the rate an
 * unlimited band gives) or tau <= 0.
 */
export function referenceWminHz(dataBits: number, snrHz: number, tauS: number): number {
  if (!(tauS > 0)) return Infinity;
  const neededBps = dataBits / tauS;
  if (neededBps >= snrHz / Math.LN2) return Infinity;
  const enough = (w: number) => referenceRateBps(w, snrHz) >= neededBps;
  // Any positive start works: double until the rate suffices (a rate that underflowed to 0 needs the least band there is).
  let high = neededBps > 0 ? neededBps : Number.MIN_VALUE;
  while (!enough(high)) {
    high *= 2;
    if (!Number.isFinite(high)) return Infinity;
  }
  let low = 0;
  for (;;) {
    const mid = low + (high - low) / 2;
    if (mid <= low || mid >= high) return high;
    if (enough(mid)) high = mid;
    else low = mid;
  }
}

/** m_k: shallowest allowed exit (1-based) accurate enough for the user, 0 if none. */
export function referenceShallowestExit(instance: Instance, userIndex: number, finalExitOnly = false): number {
  const exits = instance.dnn.exits;
  const required = instance.users[userIndex].minAccuracy;
  const first = finalExitOnly ? exits.length - 1 : 0;
  for (let n = first; n < exits.length; n++) if (exits[n].accuracy >= required) return n + 1;
  return 0;
}

/** Frame length for throughput: frameS, else the largest deadline (undefined with no users). */
export function referenceFrameS(instance: Instance): number | undefined {
  if (instance.frameS !== undefined) return instance.frameS;
  if (instance.users.length === 0) return undefined;
  return Math.max(...instance.users.map((u) => u.deadlineS));
}
