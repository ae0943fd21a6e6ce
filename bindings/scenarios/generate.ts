/**
 * The default scenario of docs/model.md (a single cell), drawn from a seed:
 * the same parameters give the same instance on every machine.
 *
 * Every user consumes the same random draws in the same order whatever the
 * parameters, so changing one parameter (say the shadowing) changes only what
 * it governs, and the first K users of a larger instance are the K users of a
 * smaller one with the same seed.
 */
import * as z from "zod/mini";
import { ScenarioError, formatPath } from "../core/errors.js";
import { getProfile } from "./profiles.js";
import { Random } from "./random.js";
import type { Dnn, Instance, User } from "../core/types.js";
import { describeValue, validateInstance } from "../core/validate.js";

/** The parameters of the default scenario's generator; `generateInstance` takes any subset. */
export interface ScenarioParams {
  /** Number of users. */
  users: number;
  /** Seeds every random draw. */
  seed: number;
  /** Users lie uniformly in the annulus minDistanceM <= d <= radiusM around the server, m. */
  radiusM: number;
  /** Inner radius of that annulus, m. */
  minDistanceM: number;
  /** Every user's transmit power, dBm. */
  powerDbm: number;
  /** Noise power spectral density, dBm/Hz. */
  noiseDbmPerHz: number;
  /** Uplink bandwidth, Hz. */
  bandwidthHz: number;
  /** Standard deviation of log-normal shadowing, dB. */
  shadowingDb: number;
  /** Task sizes are uniform in [dataBitsMin, dataBitsMax], bit. */
  dataBitsMin: number;
  /** Upper end of the task sizes, bit. */
  dataBitsMax: number;
  /** Deadlines are uniform in [deadlineSMin, deadlineSMax] (then scaled), s. */
  deadlineSMin: number;
  /** Upper end of the deadlines, s. */
  deadlineSMax: number;
  /** Multiplies every drawn deadline (tighten < 1 < loosen). */
  deadlineScale: number;
  /** Lower end of the accuracy requirements; by default the profile's first exit accuracy. */
  accuracyMin?: number;
  /** Upper end of the accuracy requirements; by default the profile's last exit accuracy. */
  accuracyMax?: number;
  /** A name from PROFILES. */
  profile: string;
  /** By default the profile's maxBatch. */
  maxBatch?: number;
  /** By default the largest deadline. */
  frameS?: number;
}

/** The default scenario's parameters (docs/model.md, "The default scenario"). */
export const DEFAULT_SCENARIO: Readonly<ScenarioParams> = Object.freeze({
  users: 60,
  seed: 1,
  radiusM: 250,
  minDistanceM: 20,
  powerDbm: 23,
  noiseDbmPerHz: -174,
  bandwidthHz: 20e6,
  shadowingDb: 8,
  dataBitsMin: 100e3,
  dataBitsMax: 300e3,
  deadlineSMin: 0.1,
  deadlineSMax: 0.3,
  deadlineScale: 1,
  profile: "msdnet5-edge-like",
});

const mustBe = (what: string) => (issue: { input?: unknown }) => `must be ${what}, got ${describeValue(issue.input)}`;
const numberWhere = (what: string, ok: (x: number) => boolean) => z.number({ error: mustBe(what) }).check(z.refine(ok, { error: mustBe(what) }));
const anyNumber = numberWhere("a finite number", () => true);
const positive = numberWhere("a positive number", (x) => x > 0);
const nonNegative = numberWhere("a number >= 0", (x) => x >= 0);
const unit = numberWhere("in [0, 1]", (x) => x >= 0 && x <= 1);

const scenarioSchema = z
  .object({
    users: numberWhere("a whole number >= 0", (x) => Number.isInteger(x) && x >= 0),
    seed: numberWhere("an integer", Number.isInteger),
    radiusM: positive,
    minDistanceM: nonNegative,
    powerDbm: anyNumber,
    noiseDbmPerHz: anyNumber,
    bandwidthHz: positive,
    shadowingDb: nonNegative,
    dataBitsMin: positive,
    dataBitsMax: positive,
    deadlineSMin: positive,
    deadlineSMax: positive,
    deadlineScale: positive,
    accuracyMin: z.optional(unit),
    accuracyMax: z.optional(unit),
    profile: z.string({ error: mustBe("a profile name") }),
    maxBatch: z.optional(numberWhere("a positive integer", (x) => Number.isInteger(x) && x > 0)),
    frameS: z.optional(positive),
  })
  .check(
    z.superRefine((p, ctx) => {
      const ordered = (low: keyof ScenarioParams, high: keyof ScenarioParams, strict = false) => {
        const a = p[low] as number | undefined;
        const b = p[high] as number | undefined;
        if (a !== undefined && b !== undefined && (strict ? a >= b : a > b)) {
          ctx.addIssue({ code: "custom", path: [high], message: `must be ${strict ? "more than" : "at least"} ${low} (${a}), got ${b}` });
        }
      };
      ordered("minDistanceM", "radiusM", true);
      ordered("dataBitsMin", "dataBitsMax");
      ordered("deadlineSMin", "deadlineSMax");
      ordered("accuracyMin", "accuracyMax");
    }),
  );

const dbmToW = (dbm: number) => 10 ** ((dbm - 30) / 10);

/** Path loss in dB at distance d metres (3GPP macro cell, d in km inside the log). */
export function pathLossDb(distanceM: number): number {
  return 128.1 + 37.6 * Math.log10(distanceM / 1000);
}

/** Checks and completes parameters: defaults for the missing ones, ScenarioError for bad ones. */
export function scenarioParams(overrides: Partial<ScenarioParams> = {}): ScenarioParams {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const result = z.safeParse(scenarioSchema, { ...DEFAULT_SCENARIO, ...defined });
  if (!result.success) {
    throw new ScenarioError(result.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })));
  }
  return result.data;
}

/**
 * The range the users' accuracy requirements are drawn from: `accuracyMin` and
 * `accuracyMax`, by default the DNN's first and last exit accuracy. Checked
 * with the defaults applied, since a bound that is valid alone can still clash
 * with the other's default (`accuracyMin` 0.9 against a last exit of 0.724):
 * a ScenarioError names the bound that was set and the default it clashes with.
 */
export function accuracyRange(params: Pick<ScenarioParams, "accuracyMin" | "accuracyMax">, dnn: Dnn): [number, number] {
  const first = dnn.exits[0].accuracy;
  const last = dnn.exits[dnn.exits.length - 1].accuracy;
  const low = params.accuracyMin ?? first;
  const high = params.accuracyMax ?? last;
  if (low <= high) return [low, high];
  const of = dnn.name === undefined ? "the DNN" : dnn.name;
  const [path, message] =
    params.accuracyMax === undefined
      ? ["accuracyMin", `must be at most accuracyMax, which is ${last} by default (the last exit's accuracy of ${of}), got ${low}`]
      : ["accuracyMax", `must be at least accuracyMin, which is ${first} by default (the first exit's accuracy of ${of}), got ${high}`];
  throw new ScenarioError([{ path, message: `${message}: the range [${low}, ${high}] is empty` }]);
}

/**
 * An instance of the default scenario with `overrides` applied, drawn from
 * its seed: the same parameters give the same instance on every machine.
 * Bad parameters throw a ScenarioError (an InputError) naming each one.
 */
export function generateInstance(overrides: Partial<ScenarioParams> = {}): Instance {
  const params = scenarioParams(overrides);
  const dnn = getProfile(params.profile);
  if (params.maxBatch !== undefined) {
    const lastMeasured = Math.min(...dnn.exits.map((e) => ("points" in e.latency ? e.latency.points.at(-1)![0] : Infinity)));
    if (params.maxBatch > lastMeasured) {
      const message = `must be at most the last measured batch of profile ${params.profile} (${lastMeasured}), got ${params.maxBatch}`;
      throw new ScenarioError([{ path: "maxBatch", message }]);
    }
    dnn.maxBatch = params.maxBatch;
  }
  const [accuracyMin, accuracyMax] = accuracyRange(params, dnn);
  const powerW = dbmToW(params.powerDbm);
  const random = new Random(params.seed);
  const r0 = params.minDistanceM;
  const r1 = params.radiusM;

  const users: User[] = [];
  for (let k = 1; k <= params.users; k++) {
    // Uniform over the annulus area: d^2 is uniform between r0^2 and r1^2.
    const distanceM = Math.sqrt(random.uniform(r0 * r0, r1 * r1));
    const shadowDb = params.shadowingDb * random.normal();
    const fading = random.exponential();
    const channelGain = 10 ** (-(pathLossDb(distanceM) - shadowDb) / 10) * fading;
    users.push({
      id: `u${k}`,
      dataBits: Math.round(random.uniform(params.dataBitsMin, params.dataBitsMax)),
      powerW,
      channelGain,
      minAccuracy: random.uniform(accuracyMin, accuracyMax),
      deadlineS: random.uniform(params.deadlineSMin, params.deadlineSMax) * params.deadlineScale,
    });
  }

  const largestDeadline = users.reduce((m, u) => Math.max(m, u.deadlineS), 0);
  const frameS = params.frameS ?? (users.length > 0 ? largestDeadline : undefined);
  const instance: Instance = {
    channel: { bandwidthHz: params.bandwidthHz, noisePsdWPerHz: dbmToW(params.noiseDbmPerHz) },
    dnn,
    users,
    ...(frameS === undefined ? {} : { frameS }),
  };
  // Parameters were checked above; this is the same gate every instance passes, kept so nothing bad can slip out.
  return validateInstance(instance);
}
