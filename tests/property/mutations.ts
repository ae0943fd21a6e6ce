/**
 * Mutations of valid instances for the property tests and `npm run fuzz`:
 * the ways a user or a hostile file breaks an instance (missing fields, wrong
 * types, NaN/Infinity, negative, huge, subnormal, nesting bombs, unknown keys,
 * duplicate ids, unsorted points, any JavaScript value), each knowing where
 * the validator must complain when it can never be valid.
 */
import fc from "fast-check";
import type { Exit, Instance } from "../../bindings/core/types.js";

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
export type Replacement = { kind: "delete" } | { kind: "value"; value: unknown; label: string };

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
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withObjectString: true,
    withSparseArray: true,
    withTypedArray: true,
    maxDepth: 3,
  })
  .map((value) => put(value, fc.stringify(value).slice(0, 80)));

/** Values that may or may not be valid where they land (huge, subnormal, zero, fractional, big arrays, anything). */
const maybeBad: fc.Arbitrary<Replacement> = fc.oneof(
  anyValue,
  fc.constantFrom(
    put(0, "0"),
    put(5e-324, "5e-324"),
    put(1e-310, "1e-310"),
    put(1e308, "1e308"),
    put(Number.MAX_VALUE, "MAX_VALUE"),
    put(2.5, "2.5"),
    put(1, "1"),
    put("", '""'),
    put(new Array(3000).fill(1), "3000 ones"),
    put("x".repeat(100_000), "a 100,000-character string"),
    { kind: "delete", [fc.toStringMethod]: () => "delete" } as Replacement,
  ) as fc.Arbitrary<Replacement>,
);

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
  "duplicate-id",
  "unsorted-points",
  "decreasing-seconds",
  "unknown-keys",
  "maxBatch-beyond-points",
  "users-not-array",
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
  const leaf = typeof old === "number" || (key === "id" && m.replacement.kind === "value" && typeof m.replacement.value !== "string");
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
