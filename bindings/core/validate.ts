/**
 * Instance validation: the schema of MODEL.md's instance file (zod) plus the
 * checks that span fields (points in order, latency non-decreasing, unique
 * ids, maxBatch within the measured points). Bad input stops here with every
 * problem named by its path, so no kernel ever sees it.
 *
 * Why zod: it reports every issue at once with its path, and the schema reads
 * like the instance file it describes.
 */
import { z } from "zod";
import { InstanceError, formatPath } from "./errors.js";
import type { BlockLatency, Instance } from "./types.js";

/** A value as a person would recognise it in an error message. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) {
    const json = JSON.stringify(value);
    return json.length <= 40 ? json : `an array of ${value.length} items`;
  }
  if (typeof value === "string") return value.length > 40 ? `${JSON.stringify(value.slice(0, 40))}...` : JSON.stringify(value);
  if (typeof value === "object") return "an object";
  return String(value);
}

/** "must be X, got Y", or "is missing (must be X)". */
function expected(what: string) {
  return (issue: { input?: unknown }) =>
    issue.input === undefined ? `is missing (must be ${what})` : `must be ${what}, got ${describeValue(issue.input)}`;
}

/** A finite number (zod 4 rejects NaN and Infinity) that passes `ok`. */
function numberWhere(what: string, ok: (x: number) => boolean) {
  const error = expected(what);
  return z.number({ error }).refine(ok, { error });
}

const positive = numberWhere("a positive number", (x) => x > 0);
const nonNegative = numberWhere("a number >= 0", (x) => x >= 0);
const unitInterval = numberWhere("in [0, 1]", (x) => x >= 0 && x <= 1);
const positiveInteger = numberWhere("a positive integer", (x) => Number.isInteger(x) && x > 0);

const objectOf = <T extends z.ZodRawShape>(what: string, shape: T) => z.object(shape, { error: expected(what) });
const listOf = <T extends z.ZodType>(what: string, item: T) => z.array(item, { error: expected(what) });

const affineLatency = objectOf("an object with perSampleS and fixedS, or with points", {
  perSampleS: nonNegative,
  fixedS: nonNegative,
});

const pairError = expected("a [batch, seconds] pair");
const point = z
  .array(z.unknown(), { error: pairError })
  .length(2, { error: pairError })
  .pipe(z.tuple([positiveInteger, positive]));

const measuredLatency = objectOf("an object with points", {
  points: listOf("an array of [batch, seconds] pairs", point).min(1, { error: "must hold at least one [batch, seconds] pair" }),
}).superRefine(({ points }, ctx) => {
  for (let i = 1; i < points.length; i++) {
    if (points[i][0] <= points[i - 1][0]) {
      ctx.addIssue({
        code: "custom",
        path: ["points", i],
        message: `batch sizes must strictly increase (got ${points[i][0]} after ${points[i - 1][0]})`,
      });
      return;
    }
  }
  // t is linear between points and flat below the first, so it is non-decreasing iff the seconds are.
  for (let i = 1; i < points.length; i++) {
    const [b0, t0] = points[i - 1];
    const [b1, t1] = points[i];
    if (t1 < t0) {
      ctx.addIssue({ code: "custom", message: `must be non-decreasing in batch size (t(${b1}) = ${t1} < t(${b0}) = ${t0})` });
      return;
    }
  }
});

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Affine or measured, chosen by the presence of `points`, so errors speak of one form only. */
const latency = z.unknown().transform((value, ctx): BlockLatency => {
  const form = isRecord(value) && "points" in value ? measuredLatency : affineLatency;
  const result = form.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
  return z.NEVER;
});

const exit = objectOf("an object with accuracy and latency", { accuracy: unitInterval, latency });

// Loose: profiles carry "source" and "kind" beside the fields the model uses.
const dnn = z
  .looseObject(
    {
      name: z.string({ error: expected("a string") }).optional(),
      maxBatch: positiveInteger.optional(),
      exits: listOf("an array of exits", exit).min(1, { error: "must list at least one exit" }),
    },
    { error: expected("an object with exits") },
  )
  .superRefine(({ maxBatch, exits }, ctx) => {
    if (maxBatch === undefined) return;
    let lastMeasured = Infinity;
    for (const e of exits) if ("points" in e.latency) lastMeasured = Math.min(lastMeasured, e.latency.points.at(-1)![0]);
    if (maxBatch > lastMeasured) {
      ctx.addIssue({
        code: "custom",
        path: ["maxBatch"],
        message: `must be at most the last measured batch (${lastMeasured}), got ${maxBatch}`,
      });
    }
  });

const channel = objectOf("an object with bandwidthHz and noisePsdWPerHz", {
  bandwidthHz: positive,
  noisePsdWPerHz: positive,
});

const user = objectOf("a user object", {
  id: z.string({ error: expected("a non-empty string") }).min(1, { error: expected("a non-empty string") }),
  dataBits: positive,
  powerW: positive,
  channelGain: positive,
  minAccuracy: unitInterval,
  deadlineS: positive,
});

const users = listOf("an array of users (may be empty)", user).superRefine(
  (list: unknown[], ctx) => {
    const firstIndex = new Map<string, number>();
    list.forEach((u, k) => {
      if (!isRecord(u) || typeof u.id !== "string") return;
      const earlier = firstIndex.get(u.id);
      if (earlier === undefined) firstIndex.set(u.id, k);
      else ctx.addIssue({ code: "custom", path: [k, "id"], message: `duplicate id ${JSON.stringify(u.id)} (also users[${earlier}])` });
    });
  },
  // Also when some users are broken in other ways: report every problem in one go.
  { when: ({ value }) => Array.isArray(value) },
);

const instanceSchema = objectOf("an object with channel, dnn and users", {
  channel,
  dnn,
  users,
  frameS: positive.optional(),
});

/** Returns a checked copy of `input` as an Instance, or throws InstanceError listing every problem. */
export function validateInstance(input: unknown): Instance {
  const result = instanceSchema.safeParse(input);
  if (result.success) return result.data;
  throw new InstanceError(
    result.error.issues.map((issue) => {
      const path = formatPath(issue.path);
      // An issue with the whole input has no path: say what it is about.
      return { path, message: path === "" ? `the instance ${issue.message}` : issue.message };
    }),
  );
}

/** JSON text -> Instance; a syntax error becomes an InstanceError naming `fileLabel`. */
export function parseInstanceJson(text: string, fileLabel: string): Instance {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InstanceError([{ path: "", message: `${fileLabel}: not valid JSON (${reason})` }]);
  }
  return validateInstance(parsed);
}
