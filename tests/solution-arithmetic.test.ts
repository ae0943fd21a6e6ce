/**
 * The model's arithmetic, one function at a time, on numbers small enough to
 * check by hand: block latency (affine, measured, past the last point), the
 * batch limit, exits, the prepared problem's layout, upload times, and how a
 * solver's raw schedule becomes a Solution (timeline, tau, reasons, throughput).
 */
import { describe, expect, it } from "vitest";
import { batchLimit, blockLatencyS, finalExitOnly, prepare, shallowestExit, userSnrHz } from "../bindings/core/prepare.js";
import { REASON_ACCURACY, REASON_NOT_SELECTED, REASON_SERVED, REASON_UNREACHABLE, type RawSchedule } from "../bindings/core/schedule.js";
import { buildSolution, countServed, uploadTimeS, type SolutionMeta } from "../bindings/core/solution.js";
import type { Exit, Instance, User } from "../bindings/core/types.js";

const AFFINE: Exit = { accuracy: 0.6, latency: { perSampleS: 0.002, fixedS: 0.001 } };
const MEASURED: Exit = {
  accuracy: 0.9,
  latency: {
    points: [
      [2, 0.01],
      [4, 0.02],
      [8, 0.03],
    ],
  },
};

function user(id: string, overrides: Partial<User> = {}): User {
  return { id, dataBits: 1e5, powerW: 2, channelGain: 3e-9, minAccuracy: 0.5, deadlineS: 0.1, ...overrides };
}

function instanceOf(users: User[], overrides: Partial<Instance> = {}): Instance {
  return { channel: { bandwidthHz: 1e6, noisePsdWPerHz: 1e-20 }, dnn: { exits: [AFFINE, MEASURED] }, users, ...overrides };
}

describe("blockLatencyS", () => {
  it("is 0 for an empty batch, affine in the batch for perSampleS and fixedS", () => {
    expect(blockLatencyS(AFFINE.latency, 0)).toBe(0);
    expect(blockLatencyS(AFFINE.latency, -1)).toBe(0);
    expect(blockLatencyS(MEASURED.latency, 0)).toBe(0);
    expect(blockLatencyS(AFFINE.latency, 1)).toBeCloseTo(0.003, 15);
    expect(blockLatencyS(AFFINE.latency, 3)).toBeCloseTo(0.007, 15);
  });

  it("is flat below the first measured point, linear between points, and extends the last segment past them", () => {
    const t = (b: number) => blockLatencyS(MEASURED.latency, b);
    expect(t(1)).toBe(0.01);
    expect(t(2)).toBe(0.01);
    expect(t(3)).toBeCloseTo(0.015, 15);
    expect(t(4)).toBeCloseTo(0.02, 15);
    expect(t(6)).toBeCloseTo(0.025, 15);
    expect(t(8)).toBeCloseTo(0.03, 15);
    expect(t(10)).toBeCloseTo(0.035, 15);
  });

  it("extends a single measured point as a line through the origin", () => {
    expect(blockLatencyS({ points: [[4, 0.02]] }, 6)).toBeCloseTo(0.03, 15);
  });
});

describe("batchLimit, shallowestExit, userSnrHz", () => {
  it("takes the least of maxBatch and every exit's last measured batch", () => {
    expect(batchLimit(instanceOf([], { dnn: { exits: [AFFINE] } }))).toBe(Infinity);
    expect(batchLimit(instanceOf([]))).toBe(8);
    expect(batchLimit(instanceOf([], { dnn: { maxBatch: 5, exits: [AFFINE, MEASURED] } }))).toBe(5);
    const shorter: Exit = {
      accuracy: 0.95,
      latency: {
        points: [
          [1, 0.01],
          [6, 0.04],
        ],
      },
    };
    expect(batchLimit(instanceOf([], { dnn: { exits: [MEASURED, shorter] } }))).toBe(6);
  });

  it("finds the first exit at least as accurate as required (1-based), 0 for none", () => {
    expect(shallowestExit([0.5, 0.7, 0.9], 0)).toBe(1);
    expect(shallowestExit([0.5, 0.7, 0.9], 0.7)).toBe(2);
    expect(shallowestExit([0.5, 0.7, 0.9], 0.71)).toBe(3);
    expect(shallowestExit([0.5, 0.7, 0.9], 0.95)).toBe(0);
  });

  it("computes the SNR per hertz p g / N0", () => {
    expect(userSnrHz(2, 3, 4)).toBe(1.5);
  });
});

describe("prepare", () => {
  it("lays out t_n(b) at (n - 1) * (maxBatch + 1) + b with maxBatch = min(limit, K)", () => {
    const users = [user("a", { minAccuracy: 0.5 }), user("b", { minAccuracy: 0.8, deadlineS: 0.2, dataBits: 3e5 }), user("c", { minAccuracy: 0.95 })];
    const problem = prepare(instanceOf(users));
    expect(problem).toMatchObject({ K: 3, N: 2, bandwidthHz: 1e6, maxBatch: 3 });
    expect([...problem.minExit]).toEqual([1, 2, 0]);
    expect([...problem.dataBits]).toEqual([1e5, 3e5, 1e5]);
    expect([...problem.deadlineS]).toEqual([0.1, 0.2, 0.1]);
    expect([...problem.snrHz]).toEqual([6e11, 6e11, 6e11].map((_, k) => userSnrHz(users[k].powerW, users[k].channelGain, 1e-20)));
    expect(problem.blockTimeS).toHaveLength(2 * 4);
    const expected = [0, 0.003, 0.005, 0.007, 0, 0.01, 0.01, 0.015];
    problem.blockTimeS.forEach((t, i) => expect(t, `index ${i}`).toBeCloseTo(expected[i], 15));
  });

  it("caps the batch at the measured points and at maxBatch, and is 0 without users", () => {
    const many = Array.from({ length: 12 }, (_, k) => user(`u${k}`));
    expect(prepare(instanceOf(many)).maxBatch).toBe(8);
    expect(prepare(instanceOf(many, { dnn: { maxBatch: 2, exits: [AFFINE, MEASURED] } })).maxBatch).toBe(2);
    const empty = prepare(instanceOf([]));
    expect(empty.maxBatch).toBe(0);
    expect([...empty.blockTimeS]).toEqual([0, 0]);
  });

  it("finalExitOnly keeps only users the final exit serves, at the final exit", () => {
    const instance = instanceOf([user("a", { minAccuracy: 0.5 }), user("b", { minAccuracy: 0.9 }), user("c", { minAccuracy: 0.91 })]);
    const problem = prepare(instance);
    const final = finalExitOnly(problem, instance);
    expect([...final.minExit]).toEqual([2, 2, 0]);
    expect(final.blockTimeS).toBe(problem.blockTimeS);
    expect([...problem.minExit]).toEqual([1, 2, 0]);
  });
});

describe("uploadTimeS and countServed", () => {
  it("is bits over the Shannon rate w log2(1 + s / w)", () => {
    expect(uploadTimeS(1e6, 1e6, 1e6)).toBeCloseTo(1, 12);
    expect(uploadTimeS(1e6, 3e6, 1e6)).toBeCloseTo(0.5, 12);
  });

  it("stays finite when s / w overflows, with ln(1 + s / w) = ln s - ln w", () => {
    const s = 1e300;
    const w = 1e-10;
    expect(s / w).toBe(Infinity);
    expect(uploadTimeS(8, s, w)).toBeCloseTo(8 / ((w * (Math.log(s) - Math.log(w))) / Math.LN2), 0);
    expect(uploadTimeS(8, s, w) / (8 / ((w * (Math.log(s) - Math.log(w))) / Math.LN2))).toBeCloseTo(1, 12);
  });

  it("counts set flags, whatever their value", () => {
    expect(countServed(new Uint8Array([0, 1, 1, 0, 2]))).toBe(3);
    expect(countServed([])).toBe(0);
  });
});

function raw(overrides: Omit<Partial<RawSchedule>, "served"> & { served: number[] }): RawSchedule {
  const K = overrides.served.length;
  return {
    exit: new Int32Array(K),
    bandwidthHz: new Float64Array(K),
    reason: new Int32Array(K),
    runOrder: new Int32Array(0),
    tauS: 0,
    status: "optimal",
    upperBound: 0,
    weightBound: 0,
    nodes: 0,
    ...overrides,
    served: Uint8Array.from(overrides.served),
  };
}

const BATCHED: SolutionMeta = { algorithm: "exact", engine: "js", sequential: false, timeMs: 1.5 };

describe("buildSolution", () => {
  const users = [user("a", { deadlineS: 0.05 }), user("b", { minAccuracy: 0.8, deadlineS: 0.08 }), user("c", { deadlineS: 0.3 }), user("d")];
  const instance = instanceOf(users);

  it("nobody served: tau 0 whatever the solver left there, no blocks, each user's reason", () => {
    const solution = buildSolution(
      instance,
      prepare(instance),
      raw({
        served: [0, 0, 0, 0],
        reason: Int32Array.from([REASON_ACCURACY, REASON_UNREACHABLE, REASON_NOT_SELECTED, REASON_SERVED]),
        tauS: 0.02,
        upperBound: 1,
        nodes: 7,
      }),
      { ...BATCHED, extraStats: { cuts: 4 } },
    );
    expect(solution).toMatchObject({
      algorithm: "exact",
      engine: "js",
      status: "optimal",
      served: 0,
      upperBound: 1,
      throughputPerS: 0,
      tauS: 0,
      bandwidthUsedHz: 0,
      blocks: [],
    });
    expect(solution.users.map((u) => [u.id, u.served, u.reason, u.deadlineS])).toEqual([
      ["a", false, "accuracy-unattainable", 0.05],
      ["b", false, "unreachable", 0.08],
      ["c", false, "not-selected", 0.3],
      ["d", false, "not-selected", 0.1],
    ]);
    expect(solution.stats).toEqual({ timeMs: 1.5, nodes: 7, cuts: 4 });
  });

  it("nobody served in a sequential scheme: tau 0 and no blocks", () => {
    const solution = buildSolution(instance, prepare(instance), raw({ served: [0, 0, 0, 0], tauS: 0.02 }), { ...BATCHED, sequential: true });
    expect(solution).toMatchObject({ served: 0, tauS: 0, blocks: [] });
  });

  it("batched: one block run per exit depth with the batch still running, completions at the end of the user's exit", () => {
    const problem = prepare(instance);
    const solution = buildSolution(
      instance,
      problem,
      raw({ served: [1, 1, 0, 1], exit: Int32Array.from([1, 2, 0, 1]), bandwidthHz: Float64Array.from([1e5, 2e5, 0, 3e5]), tauS: 0.01, upperBound: 2 }),
      BATCHED,
    );
    // Block 1 runs a batch of 3 (0.007 s), block 2 a batch of 1 (0.01 s, flat below the first point).
    expect(solution.blocks).toHaveLength(2);
    expect(solution.blocks[0]).toMatchObject({ block: 1, batch: 3, startS: 0.01 });
    expect(solution.blocks[0].endS).toBeCloseTo(0.017, 15);
    expect(solution.blocks[1]).toMatchObject({ block: 2, batch: 1, startS: solution.blocks[0].endS });
    expect(solution.blocks[1].endS).toBeCloseTo(0.027, 15);
    expect(solution.blocks[0].user).toBeUndefined();
    expect(solution).toMatchObject({ served: 3, upperBound: 3, tauS: 0.01, bandwidthUsedHz: 6e5 });
    // No frameS: the frame is the largest deadline, 0.3 s.
    expect(solution.throughputPerS).toBeCloseTo(3 / 0.3, 12);
    const [a, b, c, d] = solution.users;
    expect(a).toMatchObject({ id: "a", served: true, exit: 1, bandwidthHz: 1e5, completionS: solution.blocks[0].endS, deadlineS: 0.05 });
    expect(a.uploadS).toBeCloseTo(uploadTimeS(1e5, problem.snrHz[0], 1e5), 15);
    expect(a.reason).toBeUndefined();
    expect(b).toMatchObject({ served: true, exit: 2, completionS: solution.blocks[1].endS });
    expect(c).toMatchObject({ served: false, reason: "not-selected" });
    expect(d).toMatchObject({ served: true, exit: 1, completionS: solution.blocks[0].endS });
  });

  it("with weights: the objective is the served weight, and the bound the solver's weight bound, never below it", () => {
    const weighted = instanceOf([user("a", { weight: 2.5 }), user("b", { weight: 0.5 }), user("c", { weight: 4 })]);
    const problem = prepare(weighted);
    const schedule = (weightBound: number) =>
      raw({ served: [1, 0, 1], exit: Int32Array.from([1, 0, 1]), tauS: 0.01, status: "feasible", upperBound: 3, weightBound });
    // A bound above what is served (a search cut short) is reported as it is, not the count's bound.
    expect(buildSolution(weighted, problem, schedule(6.75), BATCHED)).toMatchObject({ served: 2, objective: 6.5, upperBound: 6.75 });
    // A bound below the served weight is raised to it: what a schedule serves bounds the optimum from below.
    expect(buildSolution(weighted, problem, schedule(6), BATCHED)).toMatchObject({ served: 2, objective: 6.5, upperBound: 6.5 });
  });

  it("throughput is served per frameS when the instance gives one, even a frame shorter than a deadline", () => {
    const framed = instanceOf(users, { frameS: 0.25 });
    const solution = buildSolution(framed, prepare(framed), raw({ served: [1, 0, 0, 0], exit: Int32Array.from([1, 0, 0, 0]), tauS: 0.01 }), BATCHED);
    expect(solution.throughputPerS).toBe(4);
  });

  it("sequential: each served user runs its blocks alone, in run order, from tau", () => {
    const solution = buildSolution(
      instance,
      prepare(instance),
      raw({ served: [1, 1, 0, 0], exit: Int32Array.from([1, 2, 0, 0]), runOrder: Int32Array.from([1, 0]), tauS: 0.004 }),
      { ...BATCHED, algorithm: "no-batching", sequential: true },
    );
    const timeline = solution.blocks.map((b) => [b.user, b.block, b.batch]);
    expect(timeline).toEqual([
      ["b", 1, 1],
      ["b", 2, 1],
      ["a", 1, 1],
    ]);
    expect(solution.blocks[0].startS).toBe(0.004);
    expect(solution.blocks[0].endS).toBeCloseTo(0.007, 15);
    expect(solution.blocks[1].startS).toBe(solution.blocks[0].endS);
    expect(solution.blocks[1].endS).toBeCloseTo(0.017, 15);
    expect(solution.blocks[2].endS).toBeCloseTo(0.02, 15);
    expect(solution.users[1].completionS).toBe(solution.blocks[1].endS);
    expect(solution.users[0].completionS).toBe(solution.blocks[2].endS);
  });
});
