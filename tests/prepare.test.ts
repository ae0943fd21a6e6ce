// prepare.ts: an Instance turned into the arrays the kernels read (docs/model.md):
// the batch limit, each user's data, s = p g / N0, deadline, shallowest exit
// and weight, and t_n(b) for every block and batch. Exact values: the inputs
// are binary fractions, so every product and quotient below is exact.
import { describe, expect, it } from "vitest";
import { batchLimit, blockLatencyS, finalExitOnly, hasWeights, prepare, shallowestExit, userSnrHz } from "../bindings/core/prepare.js";
import type { Exit, Instance, MeasuredLatency, User } from "../bindings/core/types.js";

function user(id: string, overrides: Partial<User> = {}): User {
  return { id, dataBits: 1000, powerW: 2, channelGain: 0.25, minAccuracy: 0.5, deadlineS: 0.5, ...overrides };
}

const AFFINE: Exit[] = [
  { accuracy: 0.5, latency: { perSampleS: 0.25, fixedS: 0.5 } },
  { accuracy: 0.75, latency: { perSampleS: 0.5, fixedS: 1 } },
];

function instance(users: User[], exits: Exit[] = AFFINE, maxBatch?: number): Instance {
  return { channel: { bandwidthHz: 1e6, noisePsdWPerHz: 0.125 }, dnn: { exits, ...(maxBatch === undefined ? {} : { maxBatch }) }, users };
}

const MEASURED: MeasuredLatency = {
  points: [
    [2, 0.5],
    [4, 1.5],
    [8, 2],
  ],
};

describe("blockLatencyS", () => {
  it("an affine block: nothing for no batch, perSampleS * b + fixedS otherwise", () => {
    const latency = { perSampleS: 0.25, fixedS: 0.5 };
    expect(blockLatencyS(latency, 0)).toBe(0);
    expect(blockLatencyS(latency, -1)).toBe(0);
    expect(blockLatencyS(latency, 1)).toBe(0.75);
    expect(blockLatencyS(latency, 3)).toBe(1.25);
  });

  it("a measured block: flat below the first point, linear between points, extended past the last", () => {
    expect(blockLatencyS(MEASURED, 0)).toBe(0);
    expect(blockLatencyS(MEASURED, 1)).toBe(0.5);
    expect(blockLatencyS(MEASURED, 2)).toBe(0.5);
    expect(blockLatencyS(MEASURED, 3)).toBe(1);
    expect(blockLatencyS(MEASURED, 4)).toBe(1.5);
    expect(blockLatencyS(MEASURED, 6)).toBe(1.75);
    expect(blockLatencyS(MEASURED, 8)).toBe(2);
    // past the last point, along the last segment: 2 + (0.5 / 4) * 4
    expect(blockLatencyS(MEASURED, 12)).toBe(2.5);
  });

  it("a single measured point is extended along the line through the origin", () => {
    const one: MeasuredLatency = { points: [[4, 1]] };
    expect(blockLatencyS(one, 3)).toBe(1);
    expect(blockLatencyS(one, 4)).toBe(1);
    expect(blockLatencyS(one, 6)).toBe(1.5);
  });
});

describe("batchLimit", () => {
  it("maxBatch, or no limit when neither it nor a measured block sets one", () => {
    expect(batchLimit(instance([]))).toBe(Infinity);
    expect(batchLimit(instance([], AFFINE, 3))).toBe(3);
  });

  it("no more than the last measured batch of any block", () => {
    const measured = (last: number): Exit => ({
      accuracy: 0.5,
      latency: {
        points: [
          [1, 0.5],
          [last, 1],
        ],
      },
    });
    expect(batchLimit(instance([], [measured(8), AFFINE[1]]))).toBe(8);
    expect(batchLimit(instance([], [measured(8), measured(6), AFFINE[1]]))).toBe(6);
    expect(batchLimit(instance([], [measured(8), measured(6)], 7))).toBe(6);
    expect(batchLimit(instance([], [measured(8), measured(6)], 5))).toBe(5);
  });
});

describe("shallowestExit and userSnrHz", () => {
  it("the first exit at least as accurate as required (1-based), 0 when none is", () => {
    expect(shallowestExit([0.5, 0.75, 0.9], 0.6)).toBe(2);
    expect(shallowestExit([0.5, 0.75, 0.9], 0.75)).toBe(2);
    expect(shallowestExit([0.5, 0.75, 0.9], 0.1)).toBe(1);
    expect(shallowestExit([0.5, 0.75, 0.9], 0.95)).toBe(0);
    expect(shallowestExit([], 0)).toBe(0);
  });

  it("s = p g / N0", () => {
    expect(userSnrHz(2, 0.25, 0.125)).toBe(4);
    expect(userSnrHz(3, 0.5, 0.25)).toBe(6);
  });
});

describe("hasWeights", () => {
  it("only a weight other than 1 counts", () => {
    expect(hasWeights(instance([user("a"), user("b")]))).toBe(false);
    expect(hasWeights(instance([user("a", { weight: 1 }), user("b", { weight: 1 })]))).toBe(false);
    expect(hasWeights(instance([user("a", { weight: 1 }), user("b", { weight: 2 })]))).toBe(true);
    expect(hasWeights(instance([user("a", { weight: 0.5 }), user("b")]))).toBe(true);
  });
});

describe("prepare", () => {
  it("copies each user's numbers, computes s and the shallowest exit, and t_n(b) up to the batch limit", () => {
    const users = [
      user("a", { dataBits: 1000, powerW: 2, channelGain: 0.25, deadlineS: 0.5, minAccuracy: 0.5 }),
      user("b", { dataBits: 2000, powerW: 1, channelGain: 0.5, deadlineS: 0.25, minAccuracy: 0.7, weight: 3 }),
      user("c", { dataBits: 3000, powerW: 4, channelGain: 1, deadlineS: 1, minAccuracy: 0.9 }),
    ];
    const p = prepare(instance(users));
    expect(p.K).toBe(3);
    expect(p.N).toBe(2);
    expect(p.bandwidthHz).toBe(1e6);
    expect(p.maxBatch).toBe(3); // no limit but the number of users
    expect(p.dataBits).toEqual(new Float64Array([1000, 2000, 3000]));
    expect(p.snrHz).toEqual(new Float64Array([4, 4, 32]));
    expect(p.deadlineS).toEqual(new Float64Array([0.5, 0.25, 1]));
    expect(p.minExit).toEqual(new Int32Array([1, 2, 0]));
    expect(p.weight).toEqual(new Float64Array([1, 3, 1]));
    expect(p.weighted).toBe(true);
    // t_n(b) at (n - 1) * (maxBatch + 1) + b; t(0) = 0
    expect(p.blockTimeS).toEqual(new Float64Array([0, 0.75, 1, 1.25, 0, 1.5, 2, 2.5]));
  });

  it("weighted only when some weight differs from 1", () => {
    expect(prepare(instance([user("a"), user("b", { weight: 1 })])).weighted).toBe(false);
    expect(prepare(instance([user("a"), user("b", { weight: 1 })])).weight).toEqual(new Float64Array([1, 1]));
    expect(prepare(instance([user("a", { weight: 0.5 })])).weighted).toBe(true);
  });

  it("the batch limit is the least of maxBatch, the last measured batch and the number of users", () => {
    const users = [user("a"), user("b"), user("c"), user("d"), user("e")];
    expect(prepare(instance(users, AFFINE, 2)).maxBatch).toBe(2);
    expect(prepare(instance(users.slice(0, 2), AFFINE, 4)).maxBatch).toBe(2);
    const p = prepare(instance(users, [{ accuracy: 0.5, latency: MEASURED }, AFFINE[1]]));
    expect(p.maxBatch).toBe(5);
    // measured block through blockLatencyS, affine block by its formula
    expect(p.blockTimeS).toEqual(new Float64Array([0, 0.5, 0.5, 1, 1.5, 1.625, 0, 1.5, 2, 2.5, 3, 3.5]));
  });

  it("no users: no batch, one t(0) per block", () => {
    const p = prepare(instance([]));
    expect(p.K).toBe(0);
    expect(p.maxBatch).toBe(0);
    expect(p.blockTimeS).toEqual(new Float64Array([0, 0]));
    expect(p.weighted).toBe(false);
  });
});

describe("finalExitOnly", () => {
  it("forces every servable task to the final exit and leaves the rest of the problem as it was", () => {
    const users = [user("a", { minAccuracy: 0.5 }), user("b", { minAccuracy: 0.75 }), user("c", { minAccuracy: 0.8 })];
    const inst = instance(users);
    const p = prepare(inst);
    const f = finalExitOnly(p, inst);
    expect(f.minExit).toEqual(new Int32Array([2, 2, 0]));
    expect(p.minExit).toEqual(new Int32Array([1, 2, 0]));
    expect({ ...f, minExit: p.minExit }).toEqual(p);
  });
});
