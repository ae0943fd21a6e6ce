/**
 * Instance validation: the schema of the instance file (docs/model.md) plus the
 * checks that span fields (points in order, latency non-decreasing, unique
 * ids, maxBatch within the measured points, SNR and frame within the range of
 * doubles). Bad input stops here with every problem named by its path, so no
 * kernel ever sees it.
 *
 * Why zod/mini: it reports every issue at once with its path and the schema
 * reads like the instance file it describes, as full zod did, but its
 * functional API lets a bundler drop what the schema does not use: an app
 * calling solve() and generateInstance() had a 99 KB gzipped entry chunk with
 * full zod and has 12.8 KB with zod/mini (esbuild, minified).
 */
import * as z from "zod/mini";
import { InstanceError, MAX_REPORTED_ISSUES, formatPath, type InputIssue } from "./errors.js";
import { describeValue } from "./describe-value.js";
import { userSnrHz } from "./prepare.js";
import type { BlockLatency, Instance, User } from "./types.js";

// Callers that describe values in their own messages (solve's options, the scenario generator) take it from here.
export { describeValue };

/** "must be X, got Y", or "is missing (must be X)". */
function expected(what: string) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? `is missing (must be ${what})` : `must be ${what}, got ${describeValue(issue.input)}`);
}

/** A finite number (zod rejects NaN and Infinity) that passes `ok`. */
function numberWhere(what: string, ok: (x: number) => boolean) {
  const error = expected(what);
  return z.number({ error }).check(z.refine(ok, { error }));
}

const isPositive = (x: number) => x > 0;
const inUnitInterval = (x: number) => x >= 0 && x <= 1;
const positive = numberWhere("a positive number", isPositive);
const nonNegative = numberWhere("a number >= 0", (x) => x >= 0);
const unitInterval = numberWhere("in [0, 1]", inUnitInterval);
const positiveFinite = numberWhere("a positive finite number", isPositive);
const positiveInteger = numberWhere("a positive integer", (x) => Number.isInteger(x) && x > 0);

const objectOf = <T extends z.core.$ZodLooseShape>(what: string, shape: T) => z.object(shape, { error: expected(what) });

/**
 * Issues found in one validation, in order; past MAX_REPORTED_ISSUES only
 * counted, so an array of ten million bad entries costs a counter, not ten
 * million issue objects (nor a message longer than a string can be).
 * validateInstance starts a fresh log; validation is synchronous, so one at a time.
 */
class IssueLog {
  readonly issues: InputIssue[] = [];
  uncounted = 0;
  add(path: ReadonlyArray<PropertyKey>, message: string): void {
    if (this.issues.length < MAX_REPORTED_ISSUES) this.issues.push({ path: formatPath(path), message });
    else this.uncounted++;
  }
}
let log = new IssueLog();

/** Items parsed per call in listOf. */
const LIST_CHUNK = 1024;

type Report = (path: PropertyKey[], message: string) => void;

/**
 * An array whose items are checked one by one. It passes on at most
 * MAX_REPORTED_ISSUES item issues and only counts the rest in the log (each
 * issue is either passed on or counted, once, however deep the lists nest).
 * `after` runs checks across the raw items (e.g. duplicate ids), also when
 * some items are broken, so every problem is reported in one go.
 */
function listOf<T>(
  what: string,
  item: z.ZodMiniType<T>,
  options: { min?: string; after?: (raw: unknown[], report: Report) => void; fast?: (raw: unknown) => T | undefined } = {},
) {
  const chunkOf = z.array(item);
  return z.pipe(
    z.array(z.unknown(), { error: expected(what) }),
    z.transform((values: unknown[], ctx): T[] => {
      let passedOn = 0;
      const report: Report = (path, message) => {
        if (passedOn++ < MAX_REPORTED_ISSUES) ctx.issues.push({ code: "custom", path, message, input: undefined });
        else log.uncounted++;
      };
      if (options.min !== undefined && values.length === 0) report([], options.min);
      // Chunks: one parse per chunk keeps the per-call cost off valid lists, and
      // a chunk's issues stay few enough to hold even when every item is bad.
      let items: T[] = [];
      for (let start = 0; start < values.length; start += LIST_CHUNK) {
        const end = Math.min(start + LIST_CHUNK, values.length);
        if (options.fast && items.length === start && fastChunk(values, start, end, options.fast, items)) continue;
        items.length = Math.min(items.length, start);
        const result = z.safeParse(chunkOf, values.slice(start, end));
        if (result.success) {
          for (const x of result.data) items.push(x);
          continue;
        }
        items = [];
        for (const issue of result.error.issues) {
          const [index, ...rest] = issue.path;
          report([start + (index as number), ...rest], issue.message);
        }
      }
      options.after?.(values, report);
      return items;
    }),
  );
}

/**
 * Items start..end through `fast` into `items`; false (with some pushed) at the
 * first it does not accept, so zod parses that chunk and names the problem.
 */
function fastChunk<T>(values: unknown[], start: number, end: number, fast: (raw: unknown) => T | undefined, items: T[]): boolean {
  for (let i = start; i < end; i++) {
    const x = fast(values[i]);
    if (x === undefined) return false;
    items.push(x);
  }
  return true;
}

const affineLatency = objectOf("an object with perSampleS and fixedS, or with points", { perSampleS: nonNegative, fixedS: nonNegative });

const pairError = expected("a [batch, seconds] pair");
const point = z.pipe(z.array(z.unknown(), { error: pairError }).check(z.length(2, { error: pairError })), z.tuple([positiveInteger, positive]));

const measuredLatency = objectOf("an object with points", {
  points: listOf("an array of [batch, seconds] pairs", point, { min: "must hold at least one [batch, seconds] pair" }),
}).check(
  z.superRefine(({ points }, ctx) => {
    for (let i = 1; i < points.length; i++) {
      if (points[i][0] <= points[i - 1][0]) {
        ctx.addIssue({ code: "custom", path: ["points", i], message: `batch sizes must strictly increase (got ${points[i][0]} after ${points[i - 1][0]})` });
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
  }),
);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Affine or measured, chosen by the presence of `points`, so errors speak of one form only. */
const latency = z.pipe(
  z.unknown(),
  z.transform((value, ctx): BlockLatency => {
    const form = isRecord(value) && "points" in value ? measuredLatency : affineLatency;
    const result = z.safeParse(form, value);
    if (result.success) return result.data as BlockLatency;
    for (const issue of result.error.issues) ctx.issues.push({ code: "custom", message: issue.message, path: issue.path, input: undefined });
    return z.NEVER;
  }),
);

const exit = objectOf("an object with accuracy and latency", { accuracy: unitInterval, latency });

// Loose: profiles carry "source" and "kind" beside the fields the model uses.
const dnn = z
  .looseObject(
    {
      name: z.optional(z.string({ error: expected("a string") })),
      maxBatch: z.optional(positiveInteger),
      exits: listOf("an array of exits", exit, { min: "must list at least one exit" }),
    },
    { error: expected("an object with exits") },
  )
  .check(
    z.superRefine(({ maxBatch, exits }, ctx) => {
      if (maxBatch === undefined) return;
      let lastMeasured = Infinity;
      for (const e of exits) if ("points" in e.latency) lastMeasured = Math.min(lastMeasured, e.latency.points[e.latency.points.length - 1][0]);
      if (maxBatch > lastMeasured) {
        ctx.addIssue({ code: "custom", path: ["maxBatch"], message: `must be at most the last measured batch (${lastMeasured}), got ${maxBatch}` });
      }
    }),
  );

const channel = objectOf("an object with bandwidthHz and noisePsdWPerHz", { bandwidthHz: positive, noisePsdWPerHz: positive });

/**
 * The longest deadline accepted: a user may upload for almost its whole
 * deadline, and that time, computed as dataBits / rate, must not round up past
 * the largest double (found by npm run fuzz with deadlineS 1.8e308).
 */
export const MAX_DEADLINE_S = 1e300;
const withinLongestDeadline = (x: number) => x <= MAX_DEADLINE_S;

const nonEmptyString = expected("a non-empty string");
/** Exported for the test that holds checkedUser to it. */
export const userSchema = objectOf("a user object", {
  id: z.string({ error: nonEmptyString }).check(z.minLength(1, { error: nonEmptyString })),
  dataBits: positive,
  powerW: positive,
  channelGain: positive,
  minAccuracy: unitInterval,
  deadlineS: positive.check(
    z.refine(withinLongestDeadline, {
      error: (issue) => `must be at most ${MAX_DEADLINE_S} s (an upload as long as a deadline near 1.8e308 s overflows), got ${describeValue(issue.input)}`,
    }),
  ),
  weight: z.optional(positiveFinite),
});

/** Duplicate ids, checked on every user whose id is a string. */
function duplicateIds(list: unknown[], report: Report): void {
  const firstIndex = new Map<string, number>();
  list.forEach((u, k) => {
    if (!isRecord(u) || typeof u.id !== "string") return;
    const earlier = firstIndex.get(u.id);
    if (earlier === undefined) firstIndex.set(u.id, k);
    // describeValue, not JSON.stringify: ids may be a million characters long, and 100 of them would not fit one message.
    else report([k, "id"], `duplicate id ${describeValue(u.id)} (also users[${earlier}])`);
  });
}

// The schema's checks: z.number() takes finite numbers only.
const isFiniteNumber = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);
const isPositiveNumber = (x: unknown): x is number => isFiniteNumber(x) && isPositive(x);

/**
 * The user schema's check on a user it accepts as is, without zod: the same
 * copy (the model's fields, in its order), undefined for anything else, which
 * zod then parses to name the problem. Zod takes ~1.4 us per user and leaves
 * ~300 MB of garbage at a million users, whose collection lands in the time
 * limit of the solve that follows; this takes ~0.1 us. Tests check that both
 * give the same users.
 */
export function checkedUser(raw: unknown): User | undefined {
  if (!isRecord(raw)) return undefined;
  const { id, dataBits, powerW, channelGain, minAccuracy, deadlineS, weight } = raw;
  if (typeof id !== "string" || id.length === 0) return undefined;
  if (!isPositiveNumber(dataBits) || !isPositiveNumber(powerW) || !isPositiveNumber(channelGain)) return undefined;
  if (!isFiniteNumber(minAccuracy) || !inUnitInterval(minAccuracy) || !isPositiveNumber(deadlineS) || !withinLongestDeadline(deadlineS)) return undefined;
  if (weight !== undefined && !isPositiveNumber(weight)) return undefined;
  // An absent weight stays absent; a key holding undefined stays, as zod keeps it.
  if (weight === undefined && !("weight" in raw)) return { id, dataBits, powerW, channelGain, minAccuracy, deadlineS };
  return { id, dataBits, powerW, channelGain, minAccuracy, deadlineS, weight };
}

const users = listOf("an array of users (may be empty)", userSchema, { after: duplicateIds, fast: checkedUser });

const instanceSchema = objectOf("an object with channel, dnn and users", { channel, dnn, users, frameS: z.optional(positive) });

/** The shortest frame accepted: served / frameS stays finite for any number of users an array can hold. */
export const MIN_FRAME_S = 1e-290;
/** p g / N0 must be a normal double: below, it has lost digits; above, it has overflowed. */
const MIN_SNR_HZ = 2.2250738585072014e-308;

/** Cross-field range checks on a schema-valid instance: the quantities the kernels derive must be doubles. */
function rangeIssues(instance: Instance, into: IssueLog): void {
  const n0 = instance.channel.noisePsdWPerHz;
  instance.users.forEach((u, k) => {
    const snrHz = userSnrHz(u.powerW, u.channelGain, n0);
    if (snrHz >= MIN_SNR_HZ && snrHz <= Number.MAX_VALUE) return;
    into.add(
      ["users", k],
      `the SNR per hertz powerW * channelGain / channel.noisePsdWPerHz = ${u.powerW} * ${u.channelGain} / ${n0} = ${snrHz} ` +
        `is outside the range this engine computes in, [${MIN_SNR_HZ}, ${Number.MAX_VALUE}] Hz`,
    );
  });
  if (instance.frameS !== undefined) {
    if (instance.frameS < MIN_FRAME_S)
      into.add(["frameS"], `must be at least ${MIN_FRAME_S} s (a shorter frame makes the throughput infinite), got ${instance.frameS}`);
  } else if (instance.users.length > 0) {
    let longest = 0;
    for (const u of instance.users) longest = Math.max(longest, u.deadlineS);
    if (longest < MIN_FRAME_S) {
      into.add(
        ["frameS"],
        `is missing and the frame defaults to the largest deadline, ${longest} s, shorter than ${MIN_FRAME_S} s (the throughput would be infinite): give frameS`,
      );
    }
  }
}

/** Returns a checked copy of `input` as an Instance, or throws InstanceError listing every problem (the first 100, and how many more). */
export function validateInstance(input: unknown): Instance {
  log = new IssueLog();
  const result = z.safeParse(instanceSchema, input);
  if (result.success) rangeIssues(result.data, log);
  else {
    for (const issue of result.error.issues) {
      const path = formatPath(issue.path);
      // An issue with the whole input has no path: say what it is about.
      log.add(issue.path, path === "" ? `the instance ${issue.message}` : issue.message);
    }
  }
  if (log.issues.length === 0 && result.success) return result.data;
  throw new InstanceError(log.issues, log.uncounted);
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
