/**
 * The scenario generator's parameters (scenarios/generate.ts): the defaults,
 * one issue per bad parameter at each range's boundary, the ordered pairs,
 * the accuracy range against the DNN's exits, and the instance drawn (its
 * fields from the parameters, the same for the same seed).
 */
import { describe, expect, it } from "vitest";
import { ScenarioError } from "../bindings/core/errors.js";
import { accuracyRange, DEFAULT_SCENARIO, generateInstance, pathLossDb, scenarioParams } from "../bindings/scenarios/generate.js";
import { getProfile } from "../bindings/scenarios/profiles.js";
import { Random } from "../bindings/scenarios/random.js";
import { issueLines } from "./helpers/issue-lines.js";

const issues = (run: () => unknown): string[] => issueLines(run, ScenarioError);

describe("scenarioParams", () => {
  it("the defaults", () => {
    expect(scenarioParams()).toEqual({ ...DEFAULT_SCENARIO });
    expect(DEFAULT_SCENARIO).toEqual({
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
    expect(scenarioParams({ users: undefined, seed: 4 })).toEqual({ ...DEFAULT_SCENARIO, seed: 4 });
  });

  it("takes every range at its boundary", () => {
    const edge = {
      users: 0,
      seed: -7,
      minDistanceM: 0,
      shadowingDb: 0,
      powerDbm: -1e300,
      noiseDbmPerHz: 1e300,
      accuracyMin: 0,
      accuracyMax: 1,
      maxBatch: 1,
      frameS: 5e-324,
    };
    expect(scenarioParams(edge)).toMatchObject(edge);
    expect(scenarioParams({ dataBitsMin: 5, dataBitsMax: 5, deadlineSMin: 0.2, deadlineSMax: 0.2, accuracyMin: 0.5, accuracyMax: 0.5 })).toMatchObject({
      dataBitsMax: 5,
    });
  });

  it.each([
    ["users", -1, "users: must be a whole number >= 0, got -1"],
    ["users", 2.5, "users: must be a whole number >= 0, got 2.5"],
    ["seed", 1.5, "seed: must be an integer, got 1.5"],
    ["minDistanceM", -1, "minDistanceM: must be a number >= 0, got -1"],
    ["powerDbm", Number.NaN, "powerDbm: must be a finite number, got NaN"],
    ["noiseDbmPerHz", "x", 'noiseDbmPerHz: must be a finite number, got "x"'],
    ["bandwidthHz", -5, "bandwidthHz: must be a positive number, got -5"],
    ["shadowingDb", -0.5, "shadowingDb: must be a number >= 0, got -0.5"],
    ["dataBitsMin", 0, "dataBitsMin: must be a positive number, got 0"],
    ["deadlineScale", 0, "deadlineScale: must be a positive number, got 0"],
    ["accuracyMin", -0.1, "accuracyMin: must be in [0, 1], got -0.1"],
    ["accuracyMax", 1.1, "accuracyMax: must be in [0, 1], got 1.1"],
    ["profile", 5, "profile: must be a profile name, got 5"],
    ["maxBatch", 0, "maxBatch: must be a positive integer, got 0"],
    ["maxBatch", 2.5, "maxBatch: must be a positive integer, got 2.5"],
    ["frameS", 0, "frameS: must be a positive number, got 0"],
  ])("%s = %s: %s", (key, value, message) => {
    expect(issues(() => scenarioParams({ [key]: value } as never))).toEqual([message]);
  });

  it("ordered pairs: the radius strictly above the least distance, the others at least their low end", () => {
    expect(issues(() => scenarioParams({ minDistanceM: 250 }))).toEqual(["radiusM: must be more than minDistanceM (250), got 250"]);
    expect(issues(() => scenarioParams({ dataBitsMin: 2, dataBitsMax: 1 }))).toEqual(["dataBitsMax: must be at least dataBitsMin (2), got 1"]);
    expect(issues(() => scenarioParams({ deadlineSMin: 0.5 }))).toEqual(["deadlineSMax: must be at least deadlineSMin (0.5), got 0.3"]);
    expect(issues(() => scenarioParams({ accuracyMin: 0.6, accuracyMax: 0.5 }))).toEqual(["accuracyMax: must be at least accuracyMin (0.6), got 0.5"]);
    expect(issues(() => scenarioParams({ radiusM: 0 }))).toEqual([
      "radiusM: must be a positive number, got 0",
      "radiusM: must be more than minDistanceM (20), got 0",
    ]);
    expect(issues(() => scenarioParams({ radiusM: 0, minDistanceM: 0 }))).toEqual([
      "radiusM: must be a positive number, got 0",
      "radiusM: must be more than minDistanceM (0), got 0",
    ]);
    expect(issues(() => scenarioParams({ dataBitsMax: 1 }))).toEqual(["dataBitsMax: must be at least dataBitsMin (100000), got 1"]);
  });
});

describe("accuracyRange", () => {
  const dnn = getProfile("msdnet5-edge-like");
  const first = dnn.exits[0].accuracy;
  const last = dnn.exits.at(-1)!.accuracy;

  it("defaults to the first and last exit's accuracy; a given bound replaces its end", () => {
    expect(accuracyRange({}, dnn)).toEqual([first, last]);
    expect(accuracyRange({ accuracyMin: 0.6 }, dnn)).toEqual([0.6, last]);
    expect(accuracyRange({ accuracyMax: 0.6 }, dnn)).toEqual([first, 0.6]);
    expect(accuracyRange({ accuracyMin: last }, dnn)).toEqual([last, last]);
  });

  it("an empty range names the bound set and the default it clashes with", () => {
    expect(issues(() => accuracyRange({ accuracyMin: 0.99 }, dnn))).toEqual([
      `accuracyMin: must be at most accuracyMax, which is ${last} by default (the last exit's accuracy of msdnet5-edge-like), got 0.99: the range [0.99, ${last}] is empty`,
    ]);
    expect(issues(() => accuracyRange({ accuracyMax: 0.1 }, { ...dnn, name: undefined }))).toEqual([
      `accuracyMax: must be at least accuracyMin, which is ${first} by default (the first exit's accuracy of the DNN), got 0.1: the range [${first}, 0.1] is empty`,
    ]);
  });
});

describe("scenarioParams: values that are not numbers", () => {
  it("are refused with the message of the range they belong to", () => {
    expect(issues(() => scenarioParams({ radiusM: "250" as never, users: null as never, shadowingDb: Infinity, powerDbm: Number.NaN }))).toEqual([
      "users: must be a whole number >= 0, got null",
      'radiusM: must be a positive number, got "250"',
      "powerDbm: must be a finite number, got NaN",
      "shadowingDb: must be a number >= 0, got Infinity",
    ]);
  });
});

describe("generateInstance", () => {
  it("a user's gain is path loss x log-normal shadowing x Rayleigh fading, from the seed's stream in that order", () => {
    // docs/model.md: distance uniform over the annulus's area, then the shadowing's normal draw, then the fading's exponential one
    for (const seed of [1, 7, 42]) {
      const random = new Random(seed);
      const distanceM = Math.sqrt(random.uniform(20 * 20, 250 * 250));
      const shadowDb = 8 * random.normal();
      const fading = random.exponential();
      const [first] = generateInstance({ users: 1, seed }).users;
      expect(first.channelGain).toBe(10 ** (-(pathLossDb(distanceM) - shadowDb) / 10) * fading);
    }
  });

  it("path loss: 128.1 dB at 1 km, 37.6 dB more per decade", () => {
    expect(pathLossDb(1000)).toBe(128.1);
    expect(pathLossDb(100)).toBeCloseTo(128.1 - 37.6, 10);
  });

  it("draws users from the parameters: ids, power, ranges, the frame as the largest deadline", () => {
    const instance = generateInstance({
      users: 40,
      seed: 5,
      powerDbm: 30,
      dataBitsMin: 1000,
      dataBitsMax: 2000,
      deadlineSMin: 0.2,
      deadlineSMax: 0.4,
      deadlineScale: 2,
      accuracyMin: 0.6,
      accuracyMax: 0.7,
    });
    expect(instance.users.map((u) => u.id)).toEqual(Array.from({ length: 40 }, (_, k) => `u${k + 1}`));
    for (const u of instance.users) {
      expect(u.powerW).toBe(1);
      expect(Number.isInteger(u.dataBits) && u.dataBits >= 1000 && u.dataBits <= 2000).toBe(true);
      expect(u.deadlineS >= 0.4 && u.deadlineS <= 0.8).toBe(true);
      expect(u.minAccuracy >= 0.6 && u.minAccuracy < 0.7).toBe(true);
      expect(u.channelGain).toBeGreaterThan(0);
    }
    expect(instance.frameS).toBe(Math.max(...instance.users.map((u) => u.deadlineS)));
    expect(instance.channel).toEqual({ bandwidthHz: 20e6, noisePsdWPerHz: 10 ** ((-174 - 30) / 10) });
    expect(
      generateInstance({
        users: 40,
        seed: 5,
        powerDbm: 30,
        dataBitsMin: 1000,
        dataBitsMax: 2000,
        deadlineSMin: 0.2,
        deadlineSMax: 0.4,
        deadlineScale: 2,
        accuracyMin: 0.6,
        accuracyMax: 0.7,
      }),
    ).toEqual(instance);
  });

  it("a given frame, no frame without users, and the maxBatch override up to the last measured batch", () => {
    expect(generateInstance({ users: 3, frameS: 0.5 }).frameS).toBe(0.5);
    expect("frameS" in generateInstance({ users: 0 })).toBe(false);
    expect(generateInstance({ users: 1, maxBatch: 100 }).dnn.maxBatch).toBe(100);
    expect(generateInstance({ users: 1, maxBatch: 7 }).dnn.maxBatch).toBe(7);
    expect(issues(() => generateInstance({ maxBatch: 101 }))).toEqual([
      "maxBatch: must be at most the last measured batch of profile msdnet5-edge-like (100), got 101",
    ]);
  });

  it("users spread over the annulus between the least distance and the radius", () => {
    const near = generateInstance({ users: 200, seed: 2, radiusM: 30, minDistanceM: 29, shadowingDb: 0 });
    const far = generateInstance({ users: 200, seed: 2, radiusM: 1000, minDistanceM: 999, shadowingDb: 0 });
    // Without shadowing the gain is path loss times fading (mean 1): 40 dB apart at 30 m and 1 km.
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const ratio = mean(near.users.map((u) => u.channelGain)) / mean(far.users.map((u) => u.channelGain));
    expect(10 * Math.log10(ratio)).toBeGreaterThan(37.6 * Math.log10(1000 / 30) - 3);
    expect(10 * Math.log10(ratio)).toBeLessThan(37.6 * Math.log10(1000 / 30) + 3);
  });
});
