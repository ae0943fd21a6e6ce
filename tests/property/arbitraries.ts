/**
 * fast-check arbitraries for the property tests and `npm run fuzz`: valid
 * instances (both latency forms, 1-8 exits, maxBatch or not, magnitudes from
 * ordinary to the edges of the doubles) and mutations that break them the ways
 * a user or a hostile file would.
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
        computeS += "points" in e.latency ? e.latency.points[Math.max(1, Math.min(halfBatch, e.latency.points.length)) - 1][1] : e.latency.perSampleS * halfBatch + e.latency.fixedS;
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

/** A location in a JSON value: keys and indices from the root. */
export type JsonPath = Array<string | number>;

/** Mutations reach this deep at most: deeper subtrees (nested-array bombs) are neither listed nor copied. */
const MAX_MUTATION_DEPTH = 32;

/** Every path in `value` up to MAX_MUTATION_DEPTH (objects and arrays included, the root too), depth first. */
export function pathsOf(value: unknown, prefix: JsonPath = [], out: JsonPath[] = []): JsonPath[] {
  out.push(prefix);
  if (prefix.length >= MAX_MUTATION_DEPTH) return out;
  if (Array.isArray(value)) value.forEach((item, i) => pathsOf(item, [...prefix, i], out));
  else if (value !== null && typeof value === "object") for (const [key, item] of Object.entries(value)) pathsOf(item, [...prefix, key], out);
  return out;
}

/** A copy deep enough for any mutation (structuredClone would recurse through a 20,000-deep array). */
export function copyForMutation(value: unknown, depth = 0): unknown {
  if (depth >= MAX_MUTATION_DEPTH || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => copyForMutation(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copyForMutation(item, depth + 1)]));
}

/** `["users", 3, "deadlineS"]` -> `users[3].deadlineS`, as the validator writes paths. */
export function formatJsonPath(path: JsonPath): string {
  let out = "";
  for (const key of path) out += typeof key === "number" ? `[${key}]` : out === "" ? key : `.${key}`;
  return out;
}

function nested(depth: number): unknown {
  let value: unknown = 0.5;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/** A replacement for a value: what a mutation puts at a path. */
export type Replacement =
  | { kind: "delete" }
  | { kind: "value"; value: unknown; label: string };

/** A replacement that fast-check prints by its label: printing a 20,000-deep array would overflow its stack. */
function put(value: unknown, label: string): Replacement {
  return { kind: "value", value, label, [fc.toStringMethod]: () => `put ${label}` } as Replacement;
}

/** Values no field of an instance may hold: each must be rejected wherever it lands. */
const alwaysBad: fc.Arbitrary<Replacement> = fc.oneof(
  fc.constantFrom(
    put(NaN, "NaN"),
    put(Infinity, "Infinity"),
    put(-Infinity, "-Infinity"),
    put(null, "null"),
    put(true, "true"),
    put("0.1", "a string"),
    put(-1, "-1"),
    put(-5e-324, "-5e-324"),
    put([], "[]"),
    put({}, "{}"),
    put(10n, "a BigInt"),
  ) as fc.Arbitrary<Replacement>,
  fc.integer({ min: 2, max: 20_000 }).map((depth) => put(nested(depth), `an array nested ${depth} deep`)),
);

/** Any JavaScript value a library caller could pass: boxed values, typed arrays, Maps, Dates, sparse arrays, null prototypes. */
const anyValue: fc.Arbitrary<Replacement> = fc
  .anything({
    withBigInt: true, withBoxedValues: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true,
    withObjectString: true, withSparseArray: true, withTypedArray: true, maxDepth: 3,
  })
  .map((value) => put(value, fc.stringify(value).slice(0, 80)));

/** Values that may or may not be valid where they land (huge, subnormal, zero, fractional, big arrays, anything). */
const maybeBad: fc.Arbitrary<Replacement> = fc.oneof(anyValue, fc.constantFrom(
  put(0, "0"),
  put(5e-324, "5e-324"),
  put(1e-310, "1e-310"),
  put(1e308, "1e308"),
  put(Number.MAX_VALUE, "MAX_VALUE"),
  put(2.5, "2.5"),
  put(1, "1"),
  put("", '""'),
  put(new Array(3000).fill(1), "3000 ones"),
  { kind: "delete", [fc.toStringMethod]: () => "delete" } as Replacement,
) as fc.Arbitrary<Replacement>);

export interface Mutation {
  /** Index into pathsOf(instance), modulo its length. */
  at: number;
  replacement: Replacement;
  /** The replacement can never be valid at a leaf number/string field, so the validator must name that path. */
  mustReject: boolean;
}

// Twice as many maybe-bad as always-bad: more mutated inputs stay valid and reach the kernels.
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.record({ at: fc.nat(), replacement: alwaysBad, mustReject: fc.constant(true) }), weight: 1 },
  { arbitrary: fc.record({ at: fc.nat(), replacement: maybeBad, mustReject: fc.constant(false) }), weight: 2 },
);

/** Structural mutations that are not a single replacement. */
export type StructuralMutation = "duplicate-id" | "unsorted-points" | "decreasing-seconds" | "unknown-keys" | "maxBatch-beyond-points" | "users-not-array";
export const structuralMutation = fc.constantFrom<StructuralMutation>(
  "duplicate-id", "unsorted-points", "decreasing-seconds", "unknown-keys", "maxBatch-beyond-points", "users-not-array",
);

/** A structural mutation one time in three (most of them are invalid, and valid inputs should reach the kernels too). */
export const maybeStructural: fc.Arbitrary<[StructuralMutation, number] | undefined> = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 2 },
  { arbitrary: fc.tuple(structuralMutation, fc.nat()), weight: 1 },
);

/** Optional fields: deleting them leaves a valid instance. */
const OPTIONAL_KEYS = new Set(["name", "maxBatch", "frameS"]);

/**
 * Applies `m` to a deep copy of `instance`. Returns the mutated input and, when
 * the validator must reject it at a known place, that path (formatted).
 */
export function applyMutation(instance: unknown, m: Mutation): { input: unknown; rejectAt?: string } {
  const input = copyForMutation(instance);
  const paths = pathsOf(input);
  const path = paths[m.at % paths.length];
  if (path.length === 0) {
    if (m.replacement.kind === "delete") return { input: undefined, rejectAt: "" };
    return { input: m.replacement.value, rejectAt: m.mustReject ? "" : undefined };
  }
  const parent = path.slice(0, -1).reduce<any>((node, key) => node[key], input);
  const key = path[path.length - 1];
  const old = parent[key];
  // Every replacement in alwaysBad is wrong for a number; for an id only the non-strings are.
  const leaf = typeof old === "number" || (key === "id" && typeof m.replacement.value !== "string");
  if (m.replacement.kind === "delete") {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
    const required = typeof key === "string" && !OPTIONAL_KEYS.has(key);
    // Without points a latency is read as the affine form, whose fields are then missing.
    const at = key === "points" ? path.slice(0, -1) : path;
    return { input, rejectAt: required && !Array.isArray(parent) ? formatJsonPath(at) : undefined };
  }
  parent[key] = m.replacement.value;
  // A "name" accepts any string and array items can shift meaning; only leaves of known type are pinned.
  const pinned = m.mustReject && leaf && key !== "name";
  return { input, rejectAt: pinned ? formatJsonPath(path) : undefined };
}

/** Applies a structural mutation (a no-op when the instance lacks what it needs, e.g. one user). */
export function applyStructural(instance: Instance, kind: StructuralMutation, pick: number): { input: unknown; rejectAt?: string } {
  const input = copyForMutation(instance) as any;
  const measured = input.dnn.exits.map((e: Exit, n: number) => [e, n] as const).filter(([e]: readonly [Exit, number]) => "points" in e.latency);
  switch (kind) {
    case "duplicate-id": {
      if (input.users.length < 2) return { input };
      const k = 1 + (pick % (input.users.length - 1));
      input.users[k].id = input.users[0].id;
      return { input, rejectAt: `users[${k}].id` };
    }
    case "unsorted-points":
    case "decreasing-seconds": {
      const candidates = measured.filter(([e]: readonly [any, number]) => e.latency.points.length >= 2);
      if (candidates.length === 0) return { input };
      const [exit, n] = candidates[pick % candidates.length];
      const points: Array<[number, number]> = exit.latency.points;
      const i = 1 + (pick % (points.length - 1));
      if (kind === "unsorted-points") [points[i - 1], points[i]] = [points[i], points[i - 1]];
      else points[i] = [points[i][0], points[i - 1][1] * 0.5];
      return { input, rejectAt: `dnn.exits[${n}].latency` };
    }
    case "unknown-keys":
      input.extra = { nested: [1, 2] };
      input.channel.color = "blue";
      input.users.forEach((u: any) => (u.note = "x"));
      return { input };
    case "maxBatch-beyond-points": {
      if (measured.length === 0) return { input };
      const last = Math.min(...measured.map(([e]: readonly [any, number]) => e.latency.points[e.latency.points.length - 1][0]));
      input.dnn.maxBatch = last + 1 + (pick % 5);
      return { input, rejectAt: "dnn.maxBatch" };
    }
    case "users-not-array":
      input.users = pick % 2 === 0 ? { 0: input.users[0] } : "users";
      return { input, rejectAt: "users" };
  }
}
