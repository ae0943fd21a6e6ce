/**
 * The reference solver is itself checked: on hand-made instances with known
 * answers, against a plain enumeration without pruning, and against an
 * enumeration over every exit choice (docs/model.md's "shallowest exit is w.l.o.g.").
 */
import { describe, expect, it } from "vitest";
import type { Instance } from "../bindings/core/types.js";
import { bruteForce, bruteForceContext, evaluateSet, type BruteForceOptions } from "./bruteforce.js";
import { referenceRateBps, referenceWminHz } from "./helpers/reference-model.js";
import { validateInstance } from "../bindings/core/validate.js";
import { randomInstance } from "./random-instances.js";

function user(id: string, channelGain: number, minAccuracy: number, deadlineS: number) {
  return { id, dataBits: 1e5, powerW: 1, channelGain, minAccuracy, deadlineS };
}

/** Serves everyone it can by compute alone: b = 3 would take 31 ms, past the 30 ms deadline. */
const computeBound: Instance = {
  channel: { bandwidthHz: 1e7, noisePsdWPerHz: 1e-20 },
  dnn: { exits: [{ accuracy: 0.7, latency: { perSampleS: 0.01, fixedS: 0.001 } }] },
  users: [user("a", 1e-9, 0.5, 0.03), user("b", 2e-9, 0.5, 0.03), user("c", 4e-9, 0.5, 0.03), user("d", 3e-9, 0.5, 0.03)],
};

/** Early exiting lets all three in; running everyone to exit 2 fits only one. */
const earlyExitHelps: Instance = {
  channel: { bandwidthHz: 1e7, noisePsdWPerHz: 1e-20 },
  dnn: {
    exits: [
      { accuracy: 0.6, latency: { perSampleS: 0.01, fixedS: 0.001 } },
      { accuracy: 0.8, latency: { perSampleS: 0.01, fixedS: 0.001 } },
    ],
  },
  users: [user("a1", 1e-9, 0.5, 0.035), user("a2", 1e-9, 0.5, 0.035), user("b", 1e-9, 0.7, 0.05)],
};

/** The optimum by plain enumeration of every set, no pruning. */
function plainOptimum(instance: Instance, options: BruteForceOptions): { served: number; bandwidthHz: number } {
  const context = bruteForceContext(instance, options);
  const K = instance.users.length;
  let best = { served: 0, bandwidthHz: 0 };
  for (let mask = 1; mask < 1 << K; mask++) {
    const members = [...Array(K).keys()].filter((k) => mask & (1 << k));
    const evaluation = evaluateSet(context, members);
    if (!evaluation) continue;
    if (members.length > best.served || (members.length === best.served && evaluation.totalBandwidthHz < best.bandwidthHz)) {
      best = { served: members.length, bandwidthHz: evaluation.totalBandwidthHz };
    }
  }
  return best;
}

describe("reference w^min", () => {
  it("is the least double whose rate carries L/tau, Infinity past the unlimited-band rate", () => {
    for (const snrHz of [1e3, 1e7, 1e11, 1e14]) {
      for (const c of [1e-6, 0.01, 0.5, 0.9, 0.999]) {
        const tauS = 0.01;
        const dataBits = (c * snrHz * tauS) / Math.LN2;
        const w = referenceWminHz(dataBits, snrHz, tauS);
        expect(referenceRateBps(w, snrHz)).toBeGreaterThanOrEqual(dataBits / tauS);
        const below = w * (1 - Number.EPSILON);
        expect(referenceRateBps(below, snrHz)).toBeLessThan(dataBits / tauS);
      }
      expect(referenceWminHz((snrHz * 0.01) / Math.LN2, snrHz, 0.01)).toBe(Infinity);
      expect(referenceWminHz(1e5, snrHz, 0)).toBe(Infinity);
    }
  });
});

describe("brute force", () => {
  it("hand-made compute-bound instance: two users, the two best channels", () => {
    const result = bruteForce(computeBound);
    expect(result.served).toBe(2);
    expect(result.set).toEqual([2, 3]);
    expect(result.evaluation!.tauS).toBeCloseTo(0.009, 12);
  });

  it("hand-made early-exit instance: 3 with early exits, 1 without", () => {
    expect(bruteForce(earlyExitHelps).served).toBe(3);
    expect(bruteForce(earlyExitHelps).exit).toEqual([1, 1, 2]);
    expect(bruteForce(earlyExitHelps, { finalExitOnly: true }).served).toBe(1);
    // Sequential, in deadline order a1, a2, b: runs of 11, 11 and 22 ms end 11, 22, 44 ms after tau.
    const sequential = bruteForce(earlyExitHelps, { sequential: true });
    expect(sequential.served).toBe(3);
    expect(sequential.evaluation!.runOrder).toEqual([0, 1, 2]);
    expect(sequential.evaluation!.tauS).toBeCloseTo(Math.min(0.035 - 0.022, 0.05 - 0.044), 12);
  });

  it("pruned enumeration equals plain enumeration", () => {
    for (let seed = 1; seed <= 60; seed++) {
      const instance = randomInstance(seed, { users: [0, 9] });
      for (const options of [{}, { finalExitOnly: true }, { sequential: true }]) {
        const pruned = bruteForce(instance, options);
        const plain = plainOptimum(instance, options);
        expect(pruned.served, `seed ${seed}`).toBe(plain.served);
        expect(pruned.totalBandwidthHz, `seed ${seed}`).toBe(plain.bandwidthHz);
      }
    }
  });

  it("the optimum's subsets stay feasible (downward closed)", () => {
    for (let seed = 1; seed <= 60; seed++) {
      const instance = randomInstance(seed);
      const result = bruteForce(instance);
      const context = bruteForceContext(instance);
      for (const k of result.set) {
        expect(
          evaluateSet(
            context,
            result.set.filter((j) => j !== k),
          ),
          `seed ${seed}`,
        ).not.toBeNull();
      }
    }
  });

  it("the shallowest accurate exit is as good as any exit choice", () => {
    for (let seed = 1; seed <= 40; seed++) {
      const instance = randomInstance(seed, { users: [1, 5], exits: [2, 3] });
      const context = bruteForceContext(instance);
      const K = instance.users.length;
      const N = instance.dnn.exits.length;
      let best = { served: 0, bandwidthHz: 0 };
      // Every exit assignment: 0 = not served, else any exit accurate enough for the user.
      for (let code = 0; code < (N + 1) ** K; code++) {
        const exit: number[] = [];
        let rest = code;
        for (let k = 0; k < K; k++, rest = Math.floor(rest / (N + 1))) exit.push(rest % (N + 1));
        if (exit.some((e, k) => e > 0 && instance.dnn.exits[e - 1].accuracy < instance.users[k].minAccuracy)) continue;
        const members = exit.flatMap((e, k) => (e > 0 ? [k] : []));
        const evaluation = evaluateSet({ ...context, exit }, members);
        if (!evaluation) continue;
        if (members.length > best.served || (members.length === best.served && evaluation.totalBandwidthHz < best.bandwidthHz)) {
          best = { served: members.length, bandwidthHz: evaluation.totalBandwidthHz };
        }
      }
      const result = bruteForce(instance);
      expect(result.served, `seed ${seed}`).toBe(best.served);
      expect(result.totalBandwidthHz, `seed ${seed}`).toBe(best.bandwidthHz);
    }
  });
});

describe("random instances", () => {
  it("are valid, deterministic per seed, and varied", () => {
    const shapes = new Set<string>();
    for (let seed = 1; seed <= 400; seed++) {
      const instance = randomInstance(seed, seed % 2 ? {} : { users: [15, 60] });
      expect(() => validateInstance(instance), `seed ${seed}`).not.toThrow();
      expect(randomInstance(seed, seed % 2 ? {} : { users: [15, 60] })).toEqual(instance);
      const kinds = instance.dnn.exits.map((e) => ("points" in e.latency ? "p" : "a")).join("");
      shapes.add(`${instance.users.length}:${kinds}:${instance.dnn.maxBatch !== undefined}`);
    }
    expect(shapes.size).toBeGreaterThan(300);
  });

  it("have optimum served counts spread between none and everyone", () => {
    let none = 0;
    let everyone = 0;
    let between = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const instance = randomInstance(seed, { users: [4, 12] });
      const served = bruteForce(instance).served;
      if (served === 0) none++;
      else if (served === instance.users.length) everyone++;
      else between++;
    }
    expect(none).toBeGreaterThan(0);
    expect(everyone).toBeGreaterThan(0);
    expect(between).toBeGreaterThan(120);
  });
});
