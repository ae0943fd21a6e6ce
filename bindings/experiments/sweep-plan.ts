/**
 * What a sweep varies: one parameter of the default scenario at a time, every
 * other parameter left at its default. Each point of a sweep is solved on the
 * same seeds (common random numbers): the generator draws every user the same
 * way whatever the parameters, so differences between points and between
 * algorithms come from the parameter, not from luck of the draw.
 */
import { ScenarioError } from "../errors.js";
import { ALGORITHMS, type Algorithm } from "../types.js";
import { DEFAULT_SCENARIO, scenarioParams, type ScenarioParams } from "../generate.js";
import { PROFILE_NAMES, getProfile } from "../profiles.js";

export const SWEEP_NAMES = ["users", "bandwidth", "deadline", "accuracy", "task-size", "profile"] as const;
export type SweepName = (typeof SWEEP_NAMES)[number];

/** The schemes the paper compares; `exact` and `greedy` use both techniques. */
export const DEFAULT_ALGORITHMS: readonly Algorithm[] = ["exact", "greedy", "no-early-exit", "no-batching", "conventional"];

/** Algorithms a sweep may run: every one but milp (a slow reference, not a scheme to compare). */
export const SWEEP_ALGORITHMS: readonly Algorithm[] = ALGORITHMS.filter((a) => a !== "milp");

export type PointValue = number | string;

export interface SweepDefinition {
  name: SweepName;
  /** Column name of the swept value in the CSV files, with its unit. */
  parameter: string;
  /** What the x axis shows, with its unit. */
  axisTitle: string;
  /** The values swept by default (in the axis unit). */
  values: PointValue[];
  /** The value that is the default scenario. */
  defaultValue: PointValue;
  /** Scenario parameters for one value (in the axis unit). */
  scenario(value: PointValue): Partial<ScenarioParams>;
  /** How one value reads in a sentence ("K = 60", "20 MHz"). */
  describe(value: PointValue): string;
  /** What a reader needs to read this sweep right, printed under its table. */
  note?: string;
  /** False for categories (the profile): plotted as points, not as a line over a continuous axis. */
  numeric: boolean;
}

const baseProfile = getProfile(DEFAULT_SCENARIO.profile);
const firstAccuracy = baseProfile.exits[0].accuracy;
const lastAccuracy = baseProfile.exits[baseProfile.exits.length - 1].accuracy;
const round3 = (x: number) => Math.round(x * 1000) / 1000;
const asNumber = (value: PointValue) => Number(value);

/** Mean task size (kbit) of the default range, 100 to 300 kbit. */
const DEFAULT_TASK_KBIT = (DEFAULT_SCENARIO.dataBitsMin + DEFAULT_SCENARIO.dataBitsMax) / 2 / 1e3;

export const SWEEPS: Record<SweepName, SweepDefinition> = {
  users: {
    name: "users",
    parameter: "users",
    axisTitle: "number of users K",
    values: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100],
    defaultValue: DEFAULT_SCENARIO.users,
    scenario: (v) => ({ users: asNumber(v) }),
    describe: (v) => `K = ${v}`,
    numeric: true,
  },
  bandwidth: {
    name: "bandwidth",
    parameter: "bandwidth_mhz",
    axisTitle: "uplink bandwidth W (MHz)",
    values: [5, 10, 15, 20, 25, 30, 35, 40],
    defaultValue: DEFAULT_SCENARIO.bandwidthHz / 1e6,
    scenario: (v) => ({ bandwidthHz: asNumber(v) * 1e6 }),
    describe: (v) => `W = ${v} MHz`,
    numeric: true,
  },
  deadline: {
    name: "deadline",
    parameter: "deadline_scale",
    axisTitle: "deadline scale (x the default 100 to 300 ms)",
    values: [0.5, 0.75, 1, 1.25, 1.5, 2],
    defaultValue: DEFAULT_SCENARIO.deadlineScale,
    scenario: (v) => ({ deadlineScale: asNumber(v) }),
    describe: (v) => `deadlines x${v} (${round3(100 * asNumber(v))} to ${round3(300 * asNumber(v))} ms)`,
    note: "Throughput is tasks served per frame, and the frame is the largest deadline: looser deadlines admit more tasks but lengthen the frame more, so throughput falls while the tasks served (summary.csv, served_mean) rise.",
    numeric: true,
  },
  accuracy: {
    name: "accuracy",
    parameter: "accuracy_min",
    axisTitle: `lowest accuracy requirement (highest: ${lastAccuracy}, the last exit's)`,
    // Requirements are uniform in [value, last exit's accuracy]. Below the first exit's accuracy (the
    // default) a share of tasks may leave at exit 1; at the last exit's every task must run to the end,
    // and early exiting has nothing left to offer.
    values: [0.4, 0.45, 0.5, firstAccuracy, 0.61, 0.652, 0.69, lastAccuracy],
    defaultValue: firstAccuracy,
    scenario: (v) => ({ accuracyMin: asNumber(v), accuracyMax: lastAccuracy }),
    describe: (v) => `requirements uniform in [${v}, ${lastAccuracy}]`,
    numeric: true,
  },
  "task-size": {
    name: "task-size",
    parameter: "task_kbit_mean",
    axisTitle: "mean task size (kbit; uniform from 0.5x to 1.5x the mean)",
    values: [50, 100, 200, 300, 400],
    defaultValue: DEFAULT_TASK_KBIT,
    scenario: (v) => ({ dataBitsMin: asNumber(v) * 500, dataBitsMax: asNumber(v) * 1500 }),
    describe: (v) => `tasks of ${asNumber(v) / 2} to ${asNumber(v) * 1.5} kbit`,
    numeric: true,
  },
  profile: {
    name: "profile",
    parameter: "profile",
    axisTitle: "DNN profile",
    values: [...PROFILE_NAMES],
    defaultValue: DEFAULT_SCENARIO.profile,
    scenario: (v) => ({ profile: String(v) }),
    describe: (v) => `profile ${v}`,
    note: "The two ResNet-50 profiles have a single exit, so early exiting has nothing to offer there (exact equals no-early-exit by construction); their accuracy requirement is that one exit's accuracy.",
    numeric: false,
  },
};

export interface SweepPoint {
  sweep: SweepName;
  /** Position of the point in its sweep (plots and tables keep this order). */
  index: number;
  value: PointValue;
  scenario: Partial<ScenarioParams>;
}

/** One unit of work: one point, one seed, every algorithm on the same instance. */
export interface SweepJob {
  point: SweepPoint;
  seed: number;
  algorithms: Algorithm[];
  engine: "auto" | "wasm" | "js";
  timeLimitMs: number;
}

export interface SweepPlan {
  sweeps: SweepName[];
  points: SweepPoint[];
  seeds: number[];
  algorithms: Algorithm[];
  engine: "auto" | "wasm" | "js";
  timeLimitMs: number;
}

export interface PlanOptions {
  sweeps?: SweepName[];
  /** Replaces the swept values; allowed only with a single sweep. */
  values?: PointValue[];
  runs: number;
  firstSeed: number;
  algorithms?: Algorithm[];
  engine?: "auto" | "wasm" | "js";
  timeLimitMs?: number;
}

export function planSweep(options: PlanOptions): SweepPlan {
  const sweeps = options.sweeps ?? [...SWEEP_NAMES];
  if (options.values !== undefined && sweeps.length !== 1) {
    throw new ScenarioError([{ path: "values", message: `replace the values of one sweep only; ${sweeps.length} sweeps are selected` }]);
  }
  const points: SweepPoint[] = [];
  for (const name of sweeps) {
    const definition = SWEEPS[name];
    const values = options.values ?? definition.values;
    values.forEach((value, index) => {
      const scenario = definition.scenario(value);
      // Bad values fail here, in the main thread, as a ScenarioError naming the parameter; not in a worker.
      scenarioParams(scenario);
      if (scenario.profile !== undefined) getProfile(scenario.profile);
      points.push({ sweep: name, index, value, scenario });
    });
  }
  const seeds = Array.from({ length: options.runs }, (_, i) => options.firstSeed + i);
  return {
    sweeps,
    points,
    seeds,
    algorithms: options.algorithms ?? [...DEFAULT_ALGORITHMS],
    engine: options.engine ?? "auto",
    timeLimitMs: options.timeLimitMs ?? 0,
  };
}

/** Every (point, seed) pair, points in plan order. */
export function jobsOf(plan: SweepPlan): SweepJob[] {
  return plan.points.flatMap((point) =>
    plan.seeds.map((seed) => ({ point, seed, algorithms: plan.algorithms, engine: plan.engine, timeLimitMs: plan.timeLimitMs })),
  );
}
