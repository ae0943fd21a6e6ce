// The interval model handed to HiGHS (highs/milp-model.ts), built for small
// hand-made problems and read back row by row: which users are candidates and
// at what price, the unary batch columns, and each family of rows of the
// model's doc comment. Times are binary fractions, so every coefficient is
// exact. A stand-in engine prices a user at dataBits / (16 tau) Hz (band 1 Hz),
// so the prices are exact too; the kernels' w^min is tested elsewhere. The band
// is 2 Hz and the price dataBits / (8 tau) Hz, so that a price is w / W, not w.
import { describe, expect, it } from "vitest";
import type { Engine } from "../bindings/core/engine.js";
import { prepare } from "../bindings/core/prepare.js";
import type { Exit, Instance, User } from "../bindings/core/types.js";
import { blockTimeS, buildIntervalModel, type IntervalModelInput, initialIntervals, latestStartS, servableUsers } from "../bindings/highs/milp-model.js";

const engine = { wminHz: (dataBits: number, _snrHz: number, tauS: number) => dataBits / (8 * tauS) } as unknown as Engine;
const MAXIMIZE = -1 as IntervalModelInput["maximize"];

// t_1(b) = 0.25 b + 0.25 (0.5, 0.75), t_2(b) = 0.5 b + 0.5 (1, 1.5).
const EXITS: Exit[] = [
  { accuracy: 0.5, latency: { perSampleS: 0.25, fixedS: 0.25 } },
  { accuracy: 0.75, latency: { perSampleS: 0.5, fixedS: 0.5 } },
];

function user(deadlineS: number, minAccuracy: number, dataBits: number, weight?: number): User {
  return { id: `d${deadlineS}`, dataBits, powerW: 1, channelGain: 1, minAccuracy, deadlineS, ...(weight === undefined ? {} : { weight }) };
}

function problemOf(users: User[], maxBatch = 2, exits = EXITS) {
  const instance: Instance = { channel: { bandwidthHz: 2, noisePsdWPerHz: 1 }, dnn: { exits, maxBatch }, users };
  return prepare(instance);
}

// Latest starts alone: u0 4 - 0.5 = 3.5, u1 3 - 1.5 = 1.5, u2 2 - 1.5 = 0.5; u3 has no accurate exit;
// u4 needs 2 Hz of the 1 Hz band; u5's latest start 0.625 - 0.5 = 0.125 is before lo = 0.25.
const USERS = [user(4, 0.5, 4), user(3, 0.7, 8), user(2, 0.7, 2), user(4, 0.9, 1), user(4, 0.5, 32), user(0.625, 0.5, 1)];

function input(overrides: Partial<IntervalModelInput> = {}): IntervalModelInput {
  return { loS: 0.25, hiS: 1, integer: true, bandwidthWeight: 0.5, minCount: 0, noGoods: [], maximize: MAXIMIZE, ...overrides };
}

/** The model's rows as [columns, values, lower, upper], read back from its CSR matrix. */
function rowsOf(model: NonNullable<ReturnType<typeof buildIntervalModel>>) {
  const { starts, indices, values } = model.data.matrix as { starts: Int32Array; indices: Int32Array; values: Float64Array };
  return Array.from({ length: model.data.numRows }, (_, r) => [
    Array.from(indices.slice(starts[r], starts[r + 1])),
    Array.from(values.slice(starts[r], starts[r + 1])),
    model.data.rowLower![r],
    model.data.rowUpper![r],
  ]);
}

const INF = Infinity;

describe("the helpers", () => {
  it("blockTimeS reads t_n(b) from the prepared table; latestStartS is the deadline less one task's compute time", () => {
    const p = problemOf(USERS);
    expect([blockTimeS(p, 1, 0), blockTimeS(p, 1, 1), blockTimeS(p, 1, 2), blockTimeS(p, 2, 1), blockTimeS(p, 2, 2)]).toEqual([0, 0.5, 0.75, 1, 1.5]);
    expect(USERS.map((_, k) => latestStartS(p, k))).toEqual([3.5, 1.5, 0.5, -Infinity, 3.5, 0.125]);
    // no batch at all: nobody can start; batches of one: the same latest starts
    expect(latestStartS(problemOf([]), 0)).toBe(-Infinity);
    expect(latestStartS(problemOf(USERS, 1), 0)).toBe(3.5);
  });

  it("servableUsers: a positive latest start and a price within the band there", () => {
    const p = problemOf([...USERS, user(0.5, 0.5, 1), user(3.5, 0.5, 48), user(4, 0.5, 1000)]);
    // u6's latest start is 0; u7 needs 48 / (8 * 3) = 2 Hz, the whole band: servable; u8 needs 1000 / 28 Hz.
    expect(servableUsers(p, engine)).toEqual([true, true, true, false, true, true, false, true, false]);
  });

  it("initialIntervals cut (0, the latest start] at quantiles of the servable users' latest starts", () => {
    const p = problemOf(USERS);
    const servable = servableUsers(p, engine);
    // latest starts of the servable: 0.125, 0.5, 1.5, 3.5, 3.5
    expect(initialIntervals(p, servable, 2)).toEqual([
      [0, 1.5],
      [1.5, 3.5],
    ]);
    expect(initialIntervals(p, servable, 5)).toEqual([
      [0, 0.125],
      [0.125, 0.5],
      [0.5, 1.5],
      [1.5, 3.5],
    ]);
    expect(initialIntervals(p, servable, 9)).toEqual(initialIntervals(p, servable, 5));
    expect(initialIntervals(p, servable, 1)).toEqual([[0, 3.5]]);
    expect(initialIntervals(p, [false, false, false, false, false, false], 3)).toEqual([]);
  });
});

describe("buildIntervalModel", () => {
  it("candidates, prices, columns and every row of the model", () => {
    const model = buildIntervalModel(problemOf(USERS), engine, input())!;
    // Candidates u0, u1, u2 (priced at min(hi, latest): 4/16, 8/16, 2/(16 * 0.5)).
    expect(model.users).toEqual([0, 1, 2]);
    expect(Array.from(model.price)).toEqual([0.25, 0.5, 0.25]);
    // Columns: x0 x1 x2, then z_{1,1} z_{1,2} (all three reach block 1), z_{2,1} z_{2,2} (u1, u2 reach block 2).
    expect(model.data.numCols).toBe(7);
    expect(rowsOf(model)).toEqual([
      // block 1: z11 + z12 = x0 + x1 + x2; z11 >= z12; z11 >= x_k
      [[3, 4, 0, 1, 2], [1, 1, -1, -1, -1], 0, 0],
      [[3, 4], [1, -1], 0, INF],
      [[3, 0], [1, -1], 0, INF],
      [[3, 1], [1, -1], 0, INF],
      [[3, 2], [1, -1], 0, INF],
      // block 2
      [[5, 6, 1, 2], [1, 1, -1, -1], 0, 0],
      [[5, 6], [1, -1], 0, INF],
      [[5, 1], [1, -1], 0, INF],
      [[5, 2], [1, -1], 0, INF],
      // b_2 <= b_1, digit by digit
      [[3, 5], [1, -1], 0, INF],
      [[4, 6], [1, -1], 0, INF],
      // conflict: u2 (slack 1.75) misses its deadline with b_2 >= 2 (0.75 + 1.5); with b_1 >= 2 it just makes it (0.75 + 1)
      [[2, 6], [1, 1], -INF, 1],
      // u2's deadline in ms: 500 z11 + 250 z12 + 1000 z21 + 500 z22 + M x2 <= 1750 + M, M = 2250 - 1750
      // (u0 and u1 can never miss theirs in this interval: no row)
      [[3, 4, 5, 6, 2], [500, 250, 1000, 500, 500], -INF, 2250],
      // the band
      [[0, 1, 2], [0.25, 0.5, 0.25], -INF, 1],
    ]);
    expect(model.data.numRows).toBe(14);
    expect(model.data.matrix).toMatchObject({ format: "csr", numRows: 14, numCols: 7 });
    expect(model.data.sense).toBe(MAXIMIZE);
    // count first, then least band: 1 - 0.5 price
    expect(Array.from(model.data.colCost!)).toEqual([0.875, 0.75, 0.875, 0, 0, 0, 0]);
    expect(Array.from(model.data.colLower!)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(model.data.colUpper!)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(Array.from(model.data.integrality!)).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });

  it("a relaxation has no integrality; count weight, values, minCount and no-goods shape the objective and add rows", () => {
    const p = problemOf(USERS);
    const values = new Float64Array([2, 3, 0.5, 1, 1, 1]);
    const model = buildIntervalModel(
      p,
      engine,
      input({ integer: false, countWeight: 0, bandwidthWeight: 1, minCount: 2.5, values, noGoods: [[0, 2], [1, 4], [2]] }),
    )!;
    expect(model.data.integrality).toBeUndefined();
    expect(Array.from(model.data.colCost!)).toEqual([-0.25, -0.5, -0.25, 0, 0, 0, 0]);
    const rows = rowsOf(model);
    expect(rows.slice(14)).toEqual([
      // served value at least minCount
      [[0, 1, 2], [2, 3, 0.5], 2.5, INF],
      // no-goods among the candidates only ({1, 4}: u4 is no candidate, so the set cannot be served anyway)
      [[0, 2], [1, 1], -INF, 1],
      [[2], [1], -INF, 0],
    ]);
    const weighted = buildIntervalModel(p, engine, input({ values }))!;
    expect(Array.from(weighted.data.colCost!)).toEqual([1.875, 2.75, 0.375, 0, 0, 0, 0]);
    expect(rowsOf(weighted)).toHaveLength(14);
  });

  it("no candidate, or no batch: no model", () => {
    expect(buildIntervalModel(problemOf(USERS), engine, input({ loS: 3.75, hiS: 4 }))).toBeNull();
    expect(buildIntervalModel(problemOf([]), engine, input())).toBeNull();
    expect(buildIntervalModel(problemOf(USERS, 0), engine, input())).toBeNull();
  });

  it("from lo = 0, a user whose latest start is 0 is no candidate; a later interval prices at its own end", () => {
    const p = problemOf([user(0.5, 0.5, 1), user(4, 0.5, 4), user(3, 0.7, 8)]);
    expect(buildIntervalModel(p, engine, input({ loS: 0, hiS: 1 }))!.users).toEqual([1, 2]);
    const late = buildIntervalModel(p, engine, input({ loS: 1, hiS: 2 }))!;
    // u1 priced at tau = 2: 4 / 32; u2 at its latest start 1.5: 8 / 24 (not a binary fraction: compare the quotient)
    expect(late.users).toEqual([1, 2]);
    expect(Array.from(late.price)).toEqual([4 / 32, 8 / 24]);
  });

  it("a block whose time does not grow with the batch adds no term to a deadline row", () => {
    // block 1 measured flat (t_1 = 0.5 at every batch), block 2 affine: t_2(b) = 0.25 b + 0.25
    const exits: Exit[] = [
      {
        accuracy: 0.5,
        latency: {
          points: [
            [1, 0.5],
            [3, 0.5],
          ],
        },
      },
      { accuracy: 0.75, latency: { perSampleS: 0.25, fixedS: 0.25 } },
    ];
    const model = buildIntervalModel(problemOf([user(1.5, 0.7, 1), user(1.5, 0.7, 1), user(1.5, 0.7, 1)], 3, exits), engine, input())!;
    // x0 x1 x2, z11 z12 z13 (3-5), z21 z22 z23 (6-8)
    expect(model.data.numCols).toBe(9);
    const rows = rowsOf(model);
    // slack 1.25 s; the most the two blocks take 0.5 + 1 s, so M = 250 (ms); z12 and z13 cost nothing
    for (const i of [0, 1, 2]) expect(rows).toContainEqual([[3, 6, 7, 8, i], [500, 500, 250, 250, 250], -INF, 1500]);
    for (const [cols, vals] of rows) {
      if ((cols as number[]).some((c) => c === 4 || c === 5)) expect((vals as number[]).every((v) => Math.abs(v) === 1)).toBe(true);
    }
    // with b_2 = 3 even one task takes 0.5 + 1 > 1.25 s: each user conflicts with z23
    for (const i of [0, 1, 2]) expect(rows).toContainEqual([[i, 8], [1, 1], -INF, 1]);
    expect(rows.filter(([, , lower, upper]) => lower === -INF && upper === 1)).toHaveLength(3 + 1);
  });

  it("deadlines too long or too short for milliseconds: the longest deadline is 1000 time units", () => {
    // The first test's problem with every time (and data size, so prices stay) scaled by `scale`.
    const scaled = (scale: number) => {
      const exits: Exit[] = [
        { accuracy: 0.5, latency: { perSampleS: 0.25 * scale, fixedS: 0.25 * scale } },
        { accuracy: 0.75, latency: { perSampleS: 0.5 * scale, fixedS: 0.5 * scale } },
      ];
      const users = USERS.map((u) => ({ ...u, deadlineS: u.deadlineS * scale, dataBits: u.dataBits * scale }));
      return buildIntervalModel(problemOf(users, 2, exits), engine, input({ loS: 0.25 * scale, hiS: scale }))!;
    };
    const deadlineRow = (model: ReturnType<typeof scaled>) => rowsOf(model).find(([cols]) => String(cols) === "3,4,5,6,2")!;
    expect(deadlineRow(scaled(1))).toEqual([[3, 4, 5, 6, 2], [500, 250, 1000, 500, 500], -INF, 2250]);
    // the longest deadline, 4 scale seconds, is 1000 units: a quarter of the millisecond figures
    const quarter = [[3, 4, 5, 6, 2], [125, 62.5, 250, 125, 125], -INF, 562.5];
    expect(deadlineRow(scaled(2 ** 500))).toEqual(quarter); // 4 * 2^500 s is about 1e151 s
    expect(deadlineRow(scaled(2 ** -40))).toEqual(quarter); // 4 * 2^-40 s is about 4e-9 ms
    // 2^-24 (4 * 2^-24 s = 2.4e-4 ms) and 2^18 (about 1.05e9 ms) are out of range too; 2^-18 and 2^17 are not
    expect(deadlineRow(scaled(2 ** -24))).toEqual(quarter);
    expect(deadlineRow(scaled(2 ** 18))).toEqual(quarter);
    expect(deadlineRow(scaled(2 ** -18))[1]).toEqual([500, 250, 1000, 500, 500].map((v) => v * 2 ** -18));
    expect(deadlineRow(scaled(2 ** 17))[1]).toEqual([500, 250, 1000, 500, 500].map((v) => v * 2 ** 17));
    // at the edges of the range, exactly 1e-3 ms and 1e9 ms: still milliseconds
    expect(deadlineRow(scaled(250_000))[1]).toEqual([500, 250, 1000, 500, 500].map((v) => v * 250_000));
    const [first] = deadlineRow(scaled(2.5e-7))[1] as number[];
    expect(first / (500 * 2.5e-7)).toBeCloseTo(1, 9);
  });

  it("at the edges: a latest start at lo and a price of the whole band are candidates; later blocks' times make conflicts; M = 0 adds no row", () => {
    // a: exit 2, latest start 0.375 (slack 1.625 s at lo = 0.25); b: exit 2, slack 2.25 s, exactly the most its blocks take;
    // c: exit 1, latest start 0.25 = lo, priced at tau = 0.25: 4 / 2 = 2 Hz, the whole band
    const model = buildIntervalModel(problemOf([user(1.875, 0.7, 3), user(2.5, 0.7, 2), user(0.75, 0.5, 4)]), engine, input())!;
    expect(model.users).toEqual([0, 1, 2]);
    expect(Array.from(model.price)).toEqual([0.5, 0.125, 1]);
    expect(rowsOf(model)).toEqual([
      [[3, 4, 0, 1, 2], [1, 1, -1, -1, -1], 0, 0],
      [[3, 4], [1, -1], 0, INF],
      [[3, 0], [1, -1], 0, INF],
      [[3, 1], [1, -1], 0, INF],
      [[3, 2], [1, -1], 0, INF],
      [[5, 6, 0, 1], [1, 1, -1, -1], 0, 0],
      [[5, 6], [1, -1], 0, INF],
      [[5, 0], [1, -1], 0, INF],
      [[5, 1], [1, -1], 0, INF],
      [[3, 5], [1, -1], 0, INF],
      [[4, 6], [1, -1], 0, INF],
      // a with b_1 >= 2: 0.75 s, then at least 1 s in block 2, is over 1.625 s; a with b_2 >= 2: 0.75 + 1.5 s
      [[0, 4], [1, 1], -INF, 1],
      [[0, 6], [1, 1], -INF, 1],
      // c (slack 0.5 s) with b_1 >= 2; with b_1 = 1 it just makes it
      [[2, 4], [1, 1], -INF, 1],
      // deadlines: a with M = 2250 - 1625; none for b (M = 0); c with M = 750 - 500
      [[3, 4, 5, 6, 0], [500, 250, 1000, 500, 625], -INF, 2250],
      [[3, 4, 2], [500, 250, 250], -INF, 750],
      [[0, 1, 2], [0.5, 0.125, 1], -INF, 1],
    ]);
  });

  it("batches of one, and a block no candidate reaches: one batch column, no rows for the empty block", () => {
    const model = buildIntervalModel(problemOf([user(4, 0.5, 4), user(4, 0.5, 8)], 1), engine, input())!;
    expect(model.data.numCols).toBe(3);
    expect(rowsOf(model)).toEqual([
      [[2, 0, 1], [1, -1, -1], 0, 0],
      [[2, 0], [1, -1], 0, INF],
      [[2, 1], [1, -1], 0, INF],
      [[0, 1], [0.25, 0.5], -INF, 1],
    ]);
  });
});
