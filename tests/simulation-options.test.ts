/**
 * resolveSimulation: the defaults of a simulation run, one issue per bad
 * option (all of them at once), and the caps on a run's size at their
 * boundaries, with the tasks a frame and a run would offer.
 */
import { describe, expect, it } from "vitest";
import { InputError } from "../bindings/core/errors.js";
import { scenarioParams } from "../bindings/scenarios/generate.js";
import {
  DEFAULT_SIMULATION_ALGORITHMS,
  resolveSimulation,
  SIMULATION_DEFAULTS,
  SIMULATION_LIMITS,
  type SimulationOptions,
} from "../bindings/simulation/simulate.js";
import { issueLines } from "./helpers/issue-lines.js";

const issues = (options: SimulationOptions): string[] => issueLines(() => resolveSimulation(options), InputError);

describe("resolveSimulation: defaults", () => {
  it("fills every option", () => {
    expect(SIMULATION_DEFAULTS).toEqual({ users: 60, frames: 1000, frameS: 0.1, arrivalRatePerS: 5, policy: "defer", seed: 1 });
    const config = resolveSimulation();
    expect(config).toMatchObject({ frames: 1000, frameS: 0.1, arrivalRatePerS: 5, policy: "defer", algorithms: [...DEFAULT_SIMULATION_ALGORITHMS] });
    expect(config.scenario).toEqual(scenarioParams({ users: 60, seed: 1 }));
    expect(config.setup).toMatchObject({ frameS: 0.1, policy: "defer", engine: "auto", timeLimitMs: 0 });
    // powerDbm 23 dBm is 10^(-0.7) W.
    expect(config.setup.powerW).toBeCloseTo(10 ** ((scenarioParams().powerDbm - 30) / 10), 15);
    expect(config.setup.dnn).toEqual(config.dnn);
  });

  it("keeps the given options, each algorithm once in the order given", () => {
    const config = resolveSimulation({
      users: 5,
      frames: 7,
      frameS: 0.25,
      arrivalRatePerS: 0,
      policy: "drop",
      seed: -3,
      algorithms: ["greedy", "exact", "greedy"],
      engine: "js",
      timeLimitMs: 50,
    });
    expect(config).toMatchObject({ frames: 7, frameS: 0.25, arrivalRatePerS: 0, policy: "drop", algorithms: ["greedy", "exact"] });
    expect(config.scenario.users).toBe(5);
    expect(config.scenario.seed).toBe(-3);
    expect(config.setup).toMatchObject({ engine: "js", timeLimitMs: 50, frameS: 0.25, policy: "drop" });
  });

  it("a custom DNN: a copy, with the scenario's maxBatch if given", () => {
    const dnn = { maxBatch: 8, exits: [{ accuracy: 0.8, latency: { perSampleS: 0.001, fixedS: 0.002 } }] };
    const config = resolveSimulation({ dnn, scenario: { maxBatch: 4 } });
    expect(config.dnn).toEqual({ ...dnn, maxBatch: 4 });
    expect(config.dnn).not.toBe(dnn);
    expect(dnn.maxBatch).toBe(8);
    expect(resolveSimulation({ dnn }).dnn).toEqual(dnn);
    expect(config.scenario.profile).toBe(scenarioParams().profile);
  });
});

describe("resolveSimulation: bad options", () => {
  it("names every bad option at once", () => {
    expect(
      issues({ users: 0, frames: 1.5, frameS: 0, arrivalRatePerS: -1, seed: 0.5, timeLimitMs: -1, policy: "keep" as never, algorithms: ["fast" as never] }),
    ).toEqual([
      "users: must be a whole number >= 1, got 0",
      "frames: must be a whole number >= 1, got 1.5",
      "frameS: must be a positive number of seconds, got 0",
      "arrivalRatePerS: must be a number >= 0 (tasks per user per second), got -1",
      "seed: must be an integer, got 0.5",
      "timeLimitMs: must be a number of milliseconds >= 0, got -1",
      'policy: must be defer or drop, got "keep"',
      "algorithms: must list some of exact, tree, greedy, bsp, milp, no-early-exit, no-batching, conventional; unknown: fast",
    ]);
  });

  it("refuses infinite and non-numbers where a finite number belongs, and no algorithms", () => {
    expect(issues({ frameS: Number.POSITIVE_INFINITY })).toEqual(["frameS: must be a positive number of seconds, got Infinity"]);
    expect(issues({ arrivalRatePerS: Number.NaN })).toEqual(["arrivalRatePerS: must be a number >= 0 (tasks per user per second), got NaN"]);
    expect(issues({ algorithms: [] })).toEqual(["algorithms: must list some of exact, tree, greedy, bsp, milp, no-early-exit, no-batching, conventional"]);
    expect(resolveSimulation({ users: 1, frames: 1, timeLimitMs: 0 }).frames).toBe(1);
  });
});

describe("resolveSimulation: the caps on a run", () => {
  it("users, frames and rate at their caps are taken, one more is refused", () => {
    expect(SIMULATION_LIMITS).toEqual({ users: 10_000, frames: 100_000, arrivalRatePerS: 1_000, tasksPerFrame: 10_000, tasks: 500_000 });
    expect(resolveSimulation({ users: 10_000, arrivalRatePerS: 1, frames: 10 }).scenario.users).toBe(10_000);
    expect(resolveSimulation({ users: 1, frames: 100_000, arrivalRatePerS: 0 }).frames).toBe(100_000);
    expect(resolveSimulation({ users: 1, frames: 1, arrivalRatePerS: 1000 }).arrivalRatePerS).toBe(1000);
    expect(issues({ users: 10_001 })).toEqual(["users: must be at most 10,000 (a frame's solve grows with the users), got 10001"]);
    expect(issues({ frames: 100_001 })).toEqual(["frames: must be at most 100,000 (a run keeps every task it draws), got 100001"]);
    expect(issues({ arrivalRatePerS: 1001, users: 1 })).toEqual(["arrivalRatePerS: must be at most 1,000 (tasks per user per second), got 1001"]);
  });

  it("the tasks a frame offers: 10,000 taken, more refused", () => {
    expect(resolveSimulation({ users: 1000, arrivalRatePerS: 100, frameS: 0.1, frames: 50 }).frames).toBe(50);
    expect(issues({ users: 1000, arrivalRatePerS: 100, frameS: 0.2, frames: 10 })).toEqual([
      "arrivalRatePerS: offers 20,000 tasks a frame (users x arrival rate x frame length), more than 10,000: fewer users, a lower rate or shorter frames",
    ]);
  });

  it("the tasks a run offers: 500,000 taken, more refused", () => {
    expect(resolveSimulation({ users: 100, arrivalRatePerS: 50, frameS: 0.1, frames: 1000 }).frames).toBe(1000);
    expect(issues({ users: 100, arrivalRatePerS: 50, frameS: 0.1, frames: 1001 })).toEqual([
      "frames: offers 500,500 tasks in all (users x arrival rate x frames x frame length), more than the 500,000 a run may hold in memory: fewer frames, users or a lower rate",
    ]);
  });

  it("the per-frame and per-run caps only once each option is valid and within its own cap", () => {
    expect(issues({ users: 10_001, arrivalRatePerS: 1000 })).toEqual(["users: must be at most 10,000 (a frame's solve grows with the users), got 10001"]);
    expect(issues({ users: 0, arrivalRatePerS: 1e6 })).toEqual(["users: must be a whole number >= 1, got 0"]);
  });
});
