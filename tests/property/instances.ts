/**
 * fast-check arbitrary of valid instances for the property tests and
 * `npm run fuzz`: both latency forms, 1-8 exits, maxBatch or not, magnitudes
 * from ordinary to the edges of the doubles. mutations.ts breaks them.
 */
import fc from "fast-check";
import type { BlockLatency, Exit, Instance, User } from "../../bindings/core/types.js";

/** Multipliers that move a whole family of quantities far from ordinary while keeping the problem the same shape. */
const SCALES = [1, 1, 1, 1, 1e-150, 1e-30, 1e30, 1e150] as const;

const affineLatency: fc.Arbitrary<BlockLatency> = fc.record({
  perSampleS: fc.oneof(fc.constant(0), fc.double({ min: 1e-5, max: 5e-3, noNaN: true })),
  fixedS: fc.oneof(fc.constant(0), fc.double({ min: 1e-4, max: 2e-2, noNaN: true })),
});

/** Points with strictly increasing batches and non-decreasing seconds (the model's measured form). */
const measuredLatency: fc.Arbitrary<BlockLatency> = fc
  .array(fc.tuple(fc.integer({ min: 1, max: 12 }), fc.double({ min: 0, max: 4e-3, noNaN: true })), { minLength: 1, maxLength: 5 })
  .chain((steps) =>
    fc.double({ min: 1e-4, max: 1e-2, noNaN: true }).map((firstS) => {
      let batch = 0;
      let seconds = firstS;
      const points: Array<[number, number]> = steps.map(([batchStep, secondsStep], i) => {
        batch += batchStep;
        if (i > 0) seconds += secondsStep;
        return [batch, seconds];
      });
      return { points };
    }),
  );

const exitArbitrary: fc.Arbitrary<Exit> = fc.record({
  accuracy: fc.double({ min: 0, max: 1, noNaN: true }),
  latency: fc.oneof(affineLatency, measuredLatency),
});

export interface InstanceShape {
  users: { min: number; max: number };
}

/**
 * A valid instance. Deadlines are drawn around the compute time of the exits
 * and the band around what the users need, so the optimum ranges from nobody
 * to everybody; `timeScale`, `bandScale` and one extreme user stretch the
 * magnitudes (subnormal data, SNR near 1e300) without leaving the accepted range.
 */
export function validInstance(shape: InstanceShape = { users: { min: 0, max: 10 } }): fc.Arbitrary<Instance> {
  return fc
    .record({
      exits: fc.array(exitArbitrary, { minLength: 1, maxLength: 8 }),
      sortAccuracies: fc.boolean(),
      maxBatch: fc.option(fc.integer({ min: 1, max: 16 }), { nil: undefined }),
      name: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
      userCount: fc.integer(shape.users),
      users: fc.array(
        fc.record({
          dataBits: fc.double({ min: 1e4, max: 1e6, noNaN: true }),
          powerW: fc.double({ min: 0.01, max: 1, noNaN: true }),
          channelGain: fc.double({ min: 1e-13, max: 1e-8, noNaN: true }),
          minAccuracy: fc.double({ min: 0, max: 1, noNaN: true }),
          deadlineFactor: fc.double({ min: 0.5, max: 4, noNaN: true }),
        }),
        { minLength: shape.users.max, maxLength: shape.users.max },
      ),
      duplicateUser: fc.boolean(),
      bandFactor: fc.double({ min: 0.05, max: 3, noNaN: true }),
      timeScale: fc.constantFrom(...SCALES),
      bandScale: fc.constantFrom(...SCALES),
      extreme: fc.option(
        fc.constantFrom(
          { dataBits: 5e-324 },
          { dataBits: 1e-300 },
          { dataBits: 1e-200 },
          { channelGain: 1e250 },
          { channelGain: 1e-250 },
          { powerW: 1e290 },
          { deadlineS: 5e-324 },
          { deadlineS: 1e300 },
        ),
        { nil: undefined },
      ),
      frameS: fc.option(fc.double({ min: 0.01, max: 10, noNaN: true }), { nil: undefined }),
    })
    .map((p) => {
      const exits = p.exits.map((e) => ({ ...e }));
      if (p.sortAccuracies) exits.sort((a, b) => a.accuracy - b.accuracy);
      // maxBatch must stay within the measured points (a validity rule, not a mutation here).
      let lastMeasured = Infinity;
      for (const e of exits) if ("points" in e.latency) lastMeasured = Math.min(lastMeasured, e.latency.points[e.latency.points.length - 1][0]);
      const maxBatch = p.maxBatch === undefined ? undefined : Math.min(p.maxBatch, lastMeasured);
      const t = p.timeScale;
      const scaledExits: Exit[] = exits.map((e) => ({
        accuracy: e.accuracy,
        latency:
          "points" in e.latency
            ? { points: e.latency.points.map(([b, s]) => [b, s * t] as [number, number]) }
            : { perSampleS: e.latency.perSampleS * t, fixedS: e.latency.fixedS * t },
      }));
      // Compute time of the whole network at batch 1: the deadline's yardstick.
      let computeS = 0;
      const halfBatch = Math.ceil(p.userCount / 2);
      for (const e of exits) {
        computeS +=
          "points" in e.latency
            ? e.latency.points[Math.max(1, Math.min(halfBatch, e.latency.points.length)) - 1][1]
            : e.latency.perSampleS * halfBatch + e.latency.fixedS;
      }
      // Requirements mostly attainable by some exit, sometimes by none.
      const bestAccuracy = Math.max(...exits.map((e) => e.accuracy));
      const noisePsdWPerHz = 4e-21 / p.bandScale;
      const count = Math.max(p.userCount, 1);
      const bandwidthHz = 3e5 * count * p.bandFactor;
      const users: User[] = p.users.slice(0, p.userCount).map((u, k) => {
        // Upload time with an equal share of the band, at the unscaled magnitudes: the deadline's other yardstick.
        const shareHz = bandwidthHz / count;
        const uploadS = u.dataBits / ((shareHz * Math.log1p((u.powerW * u.channelGain) / 4e-21 / shareHz)) / Math.LN2);
        return {
          id: `u${k}`,
          // L/tau scales with both scales, so w^min scales with bandScale alone.
          dataBits: u.dataBits * t * p.bandScale,
          powerW: u.powerW,
          channelGain: u.channelGain,
          minAccuracy: Math.min(1, u.minAccuracy * bestAccuracy * 1.1),
          deadlineS: (computeS + uploadS) * u.deadlineFactor * t,
        };
      });
      if (p.duplicateUser && users.length >= 2) users[users.length - 1] = { ...users[0], id: `u${users.length - 1}` };
      if (p.extreme !== undefined && users.length > 0) Object.assign(users[0], p.extreme);
      const instance: Instance = {
        channel: { bandwidthHz: bandwidthHz * p.bandScale, noisePsdWPerHz },
        dnn: { ...(p.name === undefined ? {} : { name: p.name }), ...(maxBatch === undefined ? {} : { maxBatch }), exits: scaledExits },
        users,
      };
      if (p.frameS !== undefined) instance.frameS = p.frameS * t;
      return instance;
    });
}
