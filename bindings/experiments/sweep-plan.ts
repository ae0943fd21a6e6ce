/**
 * What a sweep varies: one parameter of a base scenario at a time (by default
 * docs/model.md's default scenario), every other parameter left at its base value.
 * Each point of a sweep is solved on the same seeds (common random numbers):
 * the generator draws every user the same way whatever the parameters, so
 * differences between points and between algorithms come from the parameter,
 * not from luck of the draw.
 */
import { ScenarioError } from "../core/errors.js";
import { ALGORITHMS, type Algorithm, type Dnn, type EngineChoice } from "../core/types.js";
import { accuracyRange, DEFAULT_SCENARIO, scenarioParams, type ScenarioParams } from "../scenarios/generate.js";
import { PROFILES, PROFILE_NAMES, getProfile } from "../scenarios/profiles.js";

export const SWEEP_NAMES = ["users", "bandwidth", "deadline", "accuracy", "task-size", "profile"] as const;
export type SweepName = (typeof SWEEP_NAMES)[number];

/** The schemes the paper compares; `exact` and `greedy` use both techniques. */
export const DEFAULT_ALGORITHMS: readonly Algorithm[] = ["exact", "greedy", "no-early-exit", "no-batching", "conventional"];

/** Algorithms a sweep may run: every one but milp (a slow reference, not a scheme to compare). */
export const SWEEP_ALGORITHMS: readonly Algorithm[] = ALGORITHMS.filter((a) => a !== "milp");

/** Column name of each sweep's value in the CSV files, with its unit. */
export const SWEEP_PARAMETERS: Record<SweepName, string> = {
  users: "users",
  bandwidth: "bandwidth_mhz",
  deadline: "deadline_scale",
  accuracy: "accuracy_min",
  "task-size": "task_kbit_mean",
  profile: "profile",
};

export type PointValue = number | string;

/** A DNN profile as the sweep knows it: a preset, or one read from a file (e.g. written by `profile fit`). */
export type SweepProfile = Dnn & { name: string; source?: string; kind?: string };

export interface SweepDefinition {
  name: SweepName;
  parameter: string;
  /** What the x axis shows, with its unit. */
  axisTitle: string;
  /** The values swept (in the axis unit); always includes the base value. */
  values: PointValue[];
  /** The value of the base scenario. */
  baseValue: PointValue;
  /** Scenario parameters for one value (in the axis unit). */
  scenario(value: PointValue): Partial<ScenarioParams>;
  /** How one value reads in a sentence ("K = 60", "W = 20 MHz"). */
  describe(value: PointValue): string;
  /** What a reader needs to read this sweep right, printed under its table. */
  note?: string;
  /** False for categories (the profile): plotted as points, not as a line over a continuous axis. */
  numeric: boolean;
}

/** The scenario every sweep starts from. */
export interface BaseScenario {
  /** Complete parameters; `profile` names a preset, or the custom profile below. */
  params: ScenarioParams;
  profile: SweepProfile;
  /** The profile is not a preset: instances get it in place of the generator's. */
  custom: boolean;
  /** Parameters that differ from docs/model.md's default scenario. */
  changed: Array<keyof ScenarioParams>;
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));
const asNumber = (value: PointValue) => Number(value);
/** `values` with `extra` added in order, unless already there. */
const including = (values: number[], extra: number) => (values.includes(extra) ? values : [...values, extra].sort((a, b) => a - b));

export function baseScenario(overrides: Partial<ScenarioParams> = {}, customProfile?: SweepProfile): BaseScenario {
  const custom = customProfile !== undefined && !Object.hasOwn(PROFILES, customProfile.name);
  const profile = customProfile ?? getProfile(overrides.profile ?? DEFAULT_SCENARIO.profile);
  // The generator knows presets only: a custom profile is drawn for with the default preset's name, then swapped in.
  const params = scenarioParams({ ...overrides, profile: custom ? DEFAULT_SCENARIO.profile : profile.name });
  if (custom) params.profile = profile.name;
  const changed = (Object.keys(params) as Array<keyof ScenarioParams>).filter(
    (key) => key !== "seed" && params[key] !== undefined && params[key] !== DEFAULT_SCENARIO[key],
  );
  return { params, profile, custom, changed };
}

/** The six sweeps around `base`: fixed grids that always include the base value. */
export function sweepDefinitions(base: BaseScenario): Record<SweepName, SweepDefinition> {
  const p = base.params;
  const accuracies = base.profile.exits.map((e) => e.accuracy);
  const highestRequirement = p.accuracyMax ?? accuracies[accuracies.length - 1];
  const lowestRequirement = p.accuracyMin ?? accuracies[0];
  const taskKbit = (p.dataBitsMin + p.dataBitsMax) / 2 / 1e3;
  const taskSpread = (p.dataBitsMax - p.dataBitsMin) / (p.dataBitsMax + p.dataBitsMin); // 0.5 by default: mean +- 50%
  const profileNames = base.custom ? [...PROFILE_NAMES, base.profile.name] : [...PROFILE_NAMES];
  return {
    users: {
      name: "users",
      parameter: SWEEP_PARAMETERS.users,
      axisTitle: "number of users K",
      values: including([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], p.users),
      baseValue: p.users,
      scenario: (v) => ({ users: asNumber(v) }),
      describe: (v) => `K = ${v}`,
      numeric: true,
    },
    bandwidth: {
      name: "bandwidth",
      parameter: SWEEP_PARAMETERS.bandwidth,
      axisTitle: "uplink bandwidth W (MHz)",
      values: including([5, 10, 15, 20, 25, 30, 35, 40], p.bandwidthHz / 1e6),
      baseValue: p.bandwidthHz / 1e6,
      scenario: (v) => ({ bandwidthHz: asNumber(v) * 1e6 }),
      describe: (v) => `W = ${v} MHz`,
      numeric: true,
    },
    deadline: {
      name: "deadline",
      parameter: SWEEP_PARAMETERS.deadline,
      axisTitle: `deadline scale (x the base ${round(p.deadlineSMin * 1e3, 1)} to ${round(p.deadlineSMax * 1e3, 1)} ms)`,
      values: including([0.5, 0.75, 1, 1.25, 1.5, 2], p.deadlineScale),
      baseValue: p.deadlineScale,
      scenario: (v) => ({ deadlineScale: asNumber(v) }),
      describe: (v) => `deadlines x${v} (${round(p.deadlineSMin * 1e3 * asNumber(v), 1)} to ${round(p.deadlineSMax * 1e3 * asNumber(v), 1)} ms)`,
      note: "Throughput is tasks served per frame, and the frame is the largest deadline: looser deadlines admit more tasks but lengthen the frame more, so throughput falls while the tasks served (summary.csv, served_mean) rise.",
      numeric: true,
    },
    accuracy: {
      name: "accuracy",
      parameter: SWEEP_PARAMETERS.accuracy,
      axisTitle: `lowest accuracy requirement (highest: ${highestRequirement})`,
      // Requirements are uniform in [value, highest]. Below the first exit's accuracy a share of tasks
      // may leave at exit 1; at the last exit's every task must run to the end, and early exiting has
      // nothing left to offer. In between, the exits' own accuracies.
      values: [...new Set([0.15, 0.1, 0.05].map((d) => round(Math.max(0, accuracies[0] - d), 3)).concat(accuracies, lowestRequirement))]
        .filter((a) => a <= highestRequirement)
        .sort((a, b) => a - b),
      baseValue: lowestRequirement,
      scenario: (v) => ({ accuracyMin: asNumber(v), accuracyMax: highestRequirement }),
      describe: (v) => `requirements uniform in [${v}, ${highestRequirement}]`,
      numeric: true,
    },
    "task-size": {
      name: "task-size",
      parameter: SWEEP_PARAMETERS["task-size"],
      axisTitle: `mean task size (kbit; uniform within ±${round(taskSpread * 100, 1)}% of the mean)`,
      values: including([50, 100, 200, 300, 400], round(taskKbit, 3)),
      baseValue: round(taskKbit, 3),
      scenario: (v) => ({ dataBitsMin: asNumber(v) * 1e3 * (1 - taskSpread), dataBitsMax: asNumber(v) * 1e3 * (1 + taskSpread) }),
      describe: (v) => `tasks of ${round(asNumber(v) * (1 - taskSpread), 3)} to ${round(asNumber(v) * (1 + taskSpread), 3)} kbit`,
      numeric: true,
    },
    profile: {
      name: "profile",
      parameter: SWEEP_PARAMETERS.profile,
      axisTitle: "DNN profile",
      values: profileNames,
      baseValue: base.profile.name,
      scenario: (v) => ({ profile: String(v) }),
      describe: (v) => `profile ${v}`,
      note: "The two ResNet-50 profiles have a single exit, so early exiting has nothing to offer there (exact equals no-early-exit by construction); the accuracy requirement on another profile is drawn between that profile's first and last exit accuracy.",
      numeric: false,
    },
  };
}

export interface SweepPoint {
  sweep: SweepName;
  /** Position of the point in its sweep (plots and tables keep this order). */
  index: number;
  value: PointValue;
  /** Generator parameters: the base, then the swept value (profile always a preset name). */
  scenario: Partial<ScenarioParams>;
  /** A profile that is not a preset, put into each instance in place of the generator's. */
  dnn?: SweepProfile;
}

/** One unit of work: one point, one seed, every algorithm on the same instance. */
export interface SweepJob {
  point: SweepPoint;
  seed: number;
  algorithms: Algorithm[];
  engine: EngineChoice;
  timeLimitMs: number;
}

export interface SweepPlan {
  base: BaseScenario;
  definitions: Record<SweepName, SweepDefinition>;
  sweeps: SweepName[];
  points: SweepPoint[];
  seeds: number[];
  algorithms: Algorithm[];
  engine: EngineChoice;
  timeLimitMs: number;
}

export interface PlanOptions {
  /** Changes to the default scenario that every point keeps (the swept parameter aside). */
  base?: Partial<ScenarioParams>;
  /** A base DNN profile that is not a preset. */
  profile?: SweepProfile;
  sweeps?: SweepName[];
  /** Replaces the swept values; allowed only with a single sweep. */
  values?: PointValue[];
  runs: number;
  firstSeed: number;
  algorithms?: Algorithm[];
  engine?: EngineChoice;
  timeLimitMs?: number;
}

/** The generator parameters and DNN of one point. */
function pointScenario(base: BaseScenario, swept: Partial<ScenarioParams>): Pick<SweepPoint, "scenario" | "dnn"> {
  const { seed: _seed, ...params } = { ...base.params, ...swept };
  void _seed;
  const usesCustom = base.custom && params.profile === base.profile.name;
  if (!usesCustom) return { scenario: params };
  // Draw requirements between the custom profile's accuracies; the preset named only stands in for the generator.
  const accuracies = base.profile.exits.map((e) => e.accuracy);
  const { maxBatch, ...rest } = params;
  return {
    scenario: {
      ...rest,
      profile: DEFAULT_SCENARIO.profile,
      accuracyMin: params.accuracyMin ?? accuracies[0],
      accuracyMax: params.accuracyMax ?? accuracies[accuracies.length - 1],
    },
    dnn: { ...structuredClone(base.profile), ...(maxBatch === undefined ? {} : { maxBatch }) },
  };
}

export function planSweep(options: PlanOptions): SweepPlan {
  const base = baseScenario(options.base, options.profile);
  const definitions = sweepDefinitions(base);
  const sweeps = options.sweeps ?? [...SWEEP_NAMES];
  if (options.values !== undefined && sweeps.length !== 1) {
    throw new ScenarioError([{ path: "values", message: `replace the values of one sweep only; ${sweeps.length} sweeps are selected` }]);
  }
  const points: SweepPoint[] = [];
  for (const name of sweeps) {
    const definition = definitions[name];
    const values = options.values ?? definition.values;
    values.forEach((value, index) => {
      const swept = definition.scenario(value);
      if (swept.profile !== undefined && swept.profile !== base.profile.name) getProfile(swept.profile);
      // A profile sweep drops what the base fixed for its own profile: each profile keeps its own requirement range and batch limit.
      const ownProfile = swept.profile !== undefined && swept.profile !== base.profile.name;
      const point = pointScenario(base, ownProfile ? { ...swept, accuracyMin: undefined, accuracyMax: undefined, maxBatch: undefined } : swept);
      // Bad values fail here, in the main thread, as a ScenarioError naming the parameter; not in a worker.
      const params = scenarioParams(point.scenario);
      accuracyRange(params, point.dnn ?? getProfile(params.profile));
      points.push({ sweep: name, index, value, ...point });
    });
  }
  const seeds = Array.from({ length: options.runs }, (_, i) => options.firstSeed + i);
  return {
    base,
    definitions,
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
