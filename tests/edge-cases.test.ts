/**
 * Hand-built edge cases, on both engines and every kernel algorithm: no users,
 * one user (served, and unserved for each reason), nobody servable, everybody
 * servable, a binding maxBatch or measured-point limit, a single exit,
 * identical users, and accuracy requirements exactly at an exit's accuracy.
 */
import { describe, expect, it } from "vitest";
import { solve } from "../bindings/algorithms/solve.js";
import type { Algorithm, Exit, Instance, Solution } from "../bindings/core/types.js";
import { bruteForce } from "./bruteforce.js";
import { checkSolution } from "./checker.js";
import { referenceBlockTimeS, referenceWminHz } from "./helpers/reference-model.js";
import { KERNEL_ALGORITHMS, sameBandwidth, schemeOf } from "./helpers/schemes.js";
import { handMade, NOISE_PSD, TWO_EXITS, user } from "./helpers/hand-made.js";

const ENGINES = ["wasm", "js"] as const;

/** Run every kernel algorithm on both engines; each Solution must pass the checker. */
async function solveAll(instance: Instance): Promise<Map<Algorithm, Solution>> {
  const results = new Map<Algorithm, Solution>();
  for (const algorithm of KERNEL_ALGORITHMS) {
    for (const engine of ENGINES) {
      const solution = await solve(instance, { algorithm, engine });
      expect(checkSolution(instance, solution), `${algorithm} on ${engine}`).toEqual([]);
      if (engine === "wasm") results.set(algorithm, solution);
    }
  }
  return results;
}

function reasons(solution: Solution): Array<string | undefined> {
  return solution.users.map((u) => u.reason);
}

describe("edge cases", () => {
  it("no users: nothing served, tau 0, no blocks, every algorithm", async () => {
    for (const instance of [handMade([]), handMade([], { frameS: 0.2 })]) {
      for (const [algorithm, solution] of await solveAll(instance)) {
        expect(solution, algorithm).toMatchObject({ served: 0, upperBound: 0, tauS: 0, bandwidthUsedHz: 0, throughputPerS: 0, blocks: [], users: [] });
      }
    }
  });

  it("one servable user: served at its shallowest accurate exit with exactly w^min(tau)", async () => {
    const instance = handMade([user("only", { minAccuracy: 0.7, deadlineS: 0.05 })]);
    const expectedTauS = 0.05 - referenceBlockTimeS(TWO_EXITS[0].latency, 1) - referenceBlockTimeS(TWO_EXITS[1].latency, 1);
    for (const [algorithm, solution] of await solveAll(instance)) {
      expect(solution.served, algorithm).toBe(1);
      expect(solution.users[0].exit, algorithm).toBe(2);
      expect(solution.tauS, algorithm).toBeCloseTo(expectedTauS, 12);
      const reference = referenceWminHz(1e5, 1e11, expectedTauS);
      expect(Math.abs(solution.bandwidthUsedHz - reference) / reference, algorithm).toBeLessThanOrEqual(1e-9);
    }
  });

  it("one user, unserved for each reason", async () => {
    const unattainable = handMade([user("picky", { minAccuracy: 0.9 })]);
    const tooLate = handMade([user("late", { deadlineS: 0.002 })]); // compute alone takes 3 ms
    const tooLittleBand = handMade([user("thin")], { channel: { bandwidthHz: 1e3, noisePsdWPerHz: NOISE_PSD } });
    const weakChannel = handMade([user("far", { channelGain: 1e-17 })]); // s/ln2 = 1.4 kbit/s, far below 1e5 bit / 0.1 s
    const cases: Array<[Instance, string]> = [
      [unattainable, "accuracy-unattainable"],
      [tooLate, "unreachable"],
      [tooLittleBand, "unreachable"],
      [weakChannel, "unreachable"],
    ];
    for (const [instance, reason] of cases) {
      for (const [algorithm, solution] of await solveAll(instance)) {
        expect(solution.served, `${algorithm} ${reason}`).toBe(0);
        expect(reasons(solution), `${algorithm} ${instance.users[0].id}`).toEqual([reason]);
        expect(solution.upperBound, algorithm).toBe(0);
      }
    }
  });

  it("final-exit schemes judge accuracy at the last exit only", async () => {
    // Exit 1 is more accurate than exit 2: early-exit schemes serve at exit 1, the others cannot serve at all.
    const exits: Exit[] = [
      { accuracy: 0.8, latency: { perSampleS: 0.002, fixedS: 0.001 } },
      { accuracy: 0.6, latency: { perSampleS: 0.002, fixedS: 0.001 } },
    ];
    const instance = handMade([user("a", { minAccuracy: 0.7 }), user("b", { minAccuracy: 0.7 })], {}, exits);
    for (const [algorithm, solution] of await solveAll(instance)) {
      const finalOnly = schemeOf(algorithm).finalExitOnly ?? false;
      expect(solution.served, algorithm).toBe(finalOnly ? 0 : 2);
      if (finalOnly) expect(reasons(solution), algorithm).toEqual(["accuracy-unattainable", "accuracy-unattainable"]);
      else
        expect(
          solution.users.map((u) => u.exit),
          algorithm,
        ).toEqual([1, 1]);
    }
  });

  it("requirements exactly at an exit's accuracy are met by that exit", async () => {
    const instance = handMade([user("zero", { minAccuracy: 0 }), user("at1", { minAccuracy: 0.6 }), user("at2", { minAccuracy: 0.8 })]);
    const exact = (await solveAll(instance)).get("exact")!;
    expect(exact.users.map((u) => u.exit)).toEqual([1, 1, 2]);
  });

  it("nobody servable: a mix of reasons, every algorithm serves none", async () => {
    const instance = handMade([
      user("picky", { minAccuracy: 0.95 }),
      user("late", { deadlineS: 0.0025 }),
      user("far", { channelGain: 1e-17 }),
      user("picky2", { minAccuracy: 0.81, deadlineS: 0.001 }),
    ]);
    for (const [algorithm, solution] of await solveAll(instance)) {
      expect(solution.served, algorithm).toBe(0);
      expect(solution.upperBound, algorithm).toBe(0);
      expect(reasons(solution), algorithm).toEqual(["accuracy-unattainable", "unreachable", "unreachable", "accuracy-unattainable"]);
    }
  });

  it("everybody servable: every algorithm serves all 20", async () => {
    const users = Array.from({ length: 20 }, (_, k) => user(`u${k}`, { channelGain: 1e-9 * (1 + k / 10), deadlineS: 0.5, minAccuracy: 0.5 + k * 0.01 }));
    for (const [algorithm, solution] of await solveAll(handMade(users))) {
      expect(solution.served, algorithm).toBe(20);
      expect(solution.status, algorithm).toBe("optimal");
    }
  });

  it("maxBatch binding: at most maxBatch served, the least-bandwidth ones", async () => {
    const users = Array.from({ length: 12 }, (_, k) => user(`u${k}`, { channelGain: 1e-10 * (1 + k), deadlineS: 0.5 }));
    const instance = handMade(users, { dnn: { exits: TWO_EXITS, maxBatch: 5 } });
    const reference = bruteForce(instance);
    expect(reference.served).toBe(5);
    expect(reference.set).toEqual([7, 8, 9, 10, 11]); // the five best channels need the least band
    for (const [algorithm, solution] of await solveAll(instance)) {
      expect(solution.served, algorithm).toBe(5);
      expect(reasons(solution).filter((r) => r === "not-selected").length, algorithm).toBe(7);
      if (algorithm === "exact" || algorithm === "tree" || algorithm === "no-early-exit") {
        const ids = solution.users.filter((u) => u.served).map((u) => u.id);
        expect(ids, algorithm).toEqual(["u7", "u8", "u9", "u10", "u11"]);
      }
    }
  });

  it("measured points end at batch 3: at most 3 served", async () => {
    const exits: Exit[] = [
      {
        accuracy: 0.7,
        latency: {
          points: [
            [1, 0.003],
            [3, 0.005],
          ],
        },
      },
    ];
    const users = Array.from({ length: 8 }, (_, k) => user(`u${k}`, { deadlineS: 0.2 }));
    for (const [algorithm, solution] of await solveAll(handMade(users, {}, exits))) {
      expect(solution.served, algorithm).toBe(3);
    }
  });

  it("single exit: bsp, exact, tree and no-early-exit all equal the brute force", async () => {
    const exits: Exit[] = [{ accuracy: 0.7, latency: { perSampleS: 0.003, fixedS: 0.002 } }];
    const users = Array.from({ length: 10 }, (_, k) =>
      user(`u${k}`, { channelGain: 1e-10 * (1 + ((k * 7) % 10)), deadlineS: 0.03 + 0.002 * k, dataBits: 1e5 + 2e4 * k }),
    );
    const instance = handMade(users, { channel: { bandwidthHz: 3e6, noisePsdWPerHz: NOISE_PSD } }, exits);
    const reference = bruteForce(instance);
    expect(reference.served).toBeGreaterThan(0);
    expect(reference.served).toBeLessThan(10);
    const results = await solveAll(instance);
    for (const algorithm of ["bsp", "exact", "tree", "no-early-exit"] as const) {
      const solution = results.get(algorithm)!;
      expect(solution.served, algorithm).toBe(reference.served);
      expect(sameBandwidth(solution.bandwidthUsedHz, reference.totalBandwidthHz), algorithm).toBe(true);
    }
  });

  it("identical users: the optimum count, equal bandwidth for each served user", async () => {
    const users = Array.from({ length: 12 }, (_, k) => user(`twin${k}`, { channelGain: 2e-11, deadlineS: 0.06, minAccuracy: 0.7 }));
    const instance = handMade(users, { channel: { bandwidthHz: 4e6, noisePsdWPerHz: NOISE_PSD } });
    const reference = bruteForce(instance);
    expect(reference.served).toBeGreaterThan(0);
    expect(reference.served).toBeLessThan(12);
    const results = await solveAll(instance);
    for (const algorithm of ["exact", "tree", "greedy", "bsp", "no-early-exit"] as const) {
      const solution = results.get(algorithm)!;
      expect(solution.served, algorithm).toBe(reference.served);
      const bandwidths = new Set(solution.users.filter((u) => u.served).map((u) => u.bandwidthHz));
      expect(bandwidths.size, algorithm).toBe(1);
    }
  });
});
