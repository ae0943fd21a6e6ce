import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ScenarioError } from "../bindings/core/errors.js";
import { DEFAULT_SCENARIO, generateInstance, pathLossDb, scenarioParams } from "../bindings/scenarios/generate.js";
import { PROFILES, PROFILE_NAMES, getProfile } from "../bindings/scenarios/profiles.js";
import { Random } from "../bindings/scenarios/random.js";
import { validateInstance } from "../bindings/core/validate.js";

describe("Random", () => {
  it("repeats its stream for a seed and differs between seeds", () => {
    const draw = (seed: number) => {
      const r = new Random(seed);
      return Array.from({ length: 5 }, () => r.next());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it("gives the published mulberry32 values (same on every machine)", () => {
    // mulberry32(1) as printed in the widely copied reference implementation (bryc, "PRNG shootout").
    const r = new Random(1);
    expect([r.next(), r.next(), r.next()]).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
  });

  it("draws uniforms in [0, 1) with mean 1/2, normals with mean 0 and variance 1, exponentials with mean 1", () => {
    const r = new Random(7);
    const n = 20000;
    let u = 0,
      z = 0,
      z2 = 0,
      e = 0;
    for (let i = 0; i < n; i++) {
      const x = r.next();
      expect(x >= 0 && x < 1).toBe(true);
      u += x;
      const g = r.normal();
      z += g;
      z2 += g * g;
      const y = r.exponential();
      expect(y >= 0 && Number.isFinite(y)).toBe(true);
      e += y;
    }
    expect(u / n).toBeCloseTo(0.5, 1);
    expect(z / n).toBeCloseTo(0, 1);
    expect(z2 / n).toBeCloseTo(1, 1);
    expect(e / n).toBeCloseTo(1, 1);
  });
});

describe("profiles", () => {
  it("match profiles/*.json exactly, source included", () => {
    for (const name of PROFILE_NAMES) {
      const file = JSON.parse(readFileSync(new URL(`../profiles/${name}.json`, import.meta.url), "utf8"));
      expect(PROFILES[name]).toEqual(file);
    }
    expect(PROFILE_NAMES).toContain("msdnet5-edge-like");
  });

  it("are handed out as copies", () => {
    const p = getProfile("msdnet5-edge-like");
    p.exits[0].accuracy = 0;
    expect(PROFILES["msdnet5-edge-like"].exits[0].accuracy).toBe(0.566);
  });

  it("reject an unknown name, listing the known ones", () => {
    expect(() => getProfile("resnet")).toThrow(ScenarioError);
    expect(() => getProfile("resnet")).toThrow(/unknown DNN profile "resnet" \(known: msdnet5-edge-like, resnet50-a100-trt-fp16/);
  });
});

describe("generateInstance", () => {
  it("is deterministic: the same parameters give the same instance", () => {
    expect(generateInstance({ seed: 5 })).toEqual(generateInstance({ seed: 5 }));
    expect(JSON.stringify(generateInstance({ seed: 5, users: 7 }))).toBe(JSON.stringify(generateInstance({ seed: 5, users: 7 })));
  });

  it("differs between seeds", () => {
    const a = generateInstance({ seed: 1 });
    const b = generateInstance({ seed: 2 });
    expect(a.users.map((u) => u.channelGain)).not.toEqual(b.users.map((u) => u.channelGain));
  });

  it("follows the default scenario of docs/model.md", () => {
    const instance = generateInstance({});
    expect(validateInstance(instance)).toEqual(instance);
    expect(instance.users).toHaveLength(60);
    expect(instance.users.map((u) => u.id)).toEqual(Array.from({ length: 60 }, (_, k) => `u${k + 1}`));
    expect(instance.channel.bandwidthHz).toBe(20e6);
    expect(instance.channel.noisePsdWPerHz).toBeCloseTo(3.98e-21, 23);
    expect(instance.dnn).toEqual(PROFILES["msdnet5-edge-like"]);
    const [first, last] = [instance.dnn.exits[0].accuracy, instance.dnn.exits[4].accuracy];
    for (const u of instance.users) {
      expect(u.powerW).toBeCloseTo(0.2, 2);
      expect(Number.isInteger(u.dataBits) && u.dataBits >= 100e3 && u.dataBits <= 300e3).toBe(true);
      expect(u.deadlineS >= 0.1 && u.deadlineS <= 0.3).toBe(true);
      expect(u.minAccuracy >= first && u.minAccuracy <= last).toBe(true);
      expect(u.channelGain > 0 && Number.isFinite(u.channelGain)).toBe(true);
    }
    expect(instance.frameS).toBe(Math.max(...instance.users.map((u) => u.deadlineS)));
  });

  it("draws gains as path loss x log-normal shadowing x Rayleigh fading", () => {
    expect(pathLossDb(1000)).toBeCloseTo(128.1, 12);
    expect(pathLossDb(100)).toBeCloseTo(128.1 - 37.6, 12);
    // Users pinned at 100 m: g / 10^(-PL/10) is the shadowing times |h|^2.
    const atDistance = { users: 4000, seed: 11, minDistanceM: 100, radiusM: 100 + 1e-9 };
    const lossAt100 = 10 ** (-pathLossDb(100) / 10);
    const fadingOnly = generateInstance({ ...atDistance, shadowingDb: 0 }).users.map((u) => u.channelGain / lossAt100);
    // |h|^2 ~ Exp(1): mean 1, median ln 2.
    expect(fadingOnly.reduce((a, b) => a + b, 0) / fadingOnly.length).toBeCloseTo(1, 1);
    expect(fadingOnly.filter((x) => x < Math.LN2).length / fadingOnly.length).toBeCloseTo(0.5, 1);
    // In dB, shadowing N(0, 8^2) plus 10 log10 Exp(1) (mean -2.51 dB, variance 31.0 dB^2): std sqrt(95) = 9.75 dB.
    const db = generateInstance({ ...atDistance, shadowingDb: 8 }).users.map((u) => 10 * Math.log10(u.channelGain / lossAt100));
    const mean = db.reduce((a, b) => a + b, 0) / db.length;
    const std = Math.sqrt(db.reduce((a, b) => a + (b - mean) ** 2, 0) / db.length);
    expect(Math.abs(mean + 2.51)).toBeLessThan(0.5);
    expect(Math.abs(std - 9.75)).toBeLessThan(0.4);
  });

  it("overrides every parameter", () => {
    const instance = generateInstance({
      users: 10,
      seed: 3,
      radiusM: 100,
      minDistanceM: 50,
      powerDbm: 20,
      noiseDbmPerHz: -170,
      bandwidthHz: 5e6,
      shadowingDb: 0,
      dataBitsMin: 1000,
      dataBitsMax: 2000,
      deadlineSMin: 0.05,
      deadlineSMax: 0.06,
      deadlineScale: 2,
      accuracyMin: 0.7,
      accuracyMax: 0.75,
      profile: "resnet50-t4-trt-fp16",
      maxBatch: 64,
      frameS: 1,
    });
    expect(instance.users).toHaveLength(10);
    expect(instance.channel.bandwidthHz).toBe(5e6);
    expect(instance.channel.noisePsdWPerHz).toBeCloseTo(1e-20, 30);
    expect(instance.dnn.name).toBe("resnet50-t4-trt-fp16");
    expect(instance.dnn.maxBatch).toBe(64);
    expect(instance.frameS).toBe(1);
    for (const u of instance.users) {
      expect(u.powerW).toBeCloseTo(0.1, 12);
      expect(u.dataBits >= 1000 && u.dataBits <= 2000).toBe(true);
      expect(u.deadlineS >= 0.1 && u.deadlineS <= 0.12).toBe(true);
      expect(u.minAccuracy >= 0.7 && u.minAccuracy <= 0.75).toBe(true);
    }
  });

  it("changes only what a parameter governs (same draws whatever the parameters)", () => {
    const base = generateInstance({ seed: 9, users: 20 });
    const wider = generateInstance({ seed: 9, users: 20, bandwidthHz: 40e6, deadlineScale: 0.5 });
    expect(wider.users.map((u) => u.channelGain)).toEqual(base.users.map((u) => u.channelGain));
    expect(wider.users.map((u) => u.deadlineS)).toEqual(base.users.map((u) => u.deadlineS * 0.5));
    const prefix = generateInstance({ seed: 9, users: 5 });
    expect(prefix.users).toEqual(base.users.slice(0, 5));
  });

  it("makes an instance with no users", () => {
    const instance = generateInstance({ users: 0 });
    expect(instance.users).toEqual([]);
    expect(validateInstance(instance)).toEqual(instance);
  });

  it("rejects bad parameters, naming them", () => {
    const issuesOf = (params: object) => {
      try {
        generateInstance(params);
      } catch (error) {
        expect(error).toBeInstanceOf(ScenarioError);
        return (error as ScenarioError).message;
      }
      throw new Error("expected a ScenarioError");
    };
    expect(issuesOf({ users: -1 })).toBe("users: must be a whole number >= 0, got -1");
    expect(issuesOf({ users: 2.5 })).toBe("users: must be a whole number >= 0, got 2.5");
    expect(issuesOf({ seed: 1.5 })).toBe("seed: must be an integer, got 1.5");
    expect(issuesOf({ bandwidthHz: 0 })).toBe("bandwidthHz: must be a positive number, got 0");
    expect(issuesOf({ radiusM: 10 })).toBe("radiusM: must be more than minDistanceM (20), got 10");
    expect(issuesOf({ deadlineSMin: 0.5 })).toBe("deadlineSMax: must be at least deadlineSMin (0.5), got 0.3");
    expect(issuesOf({ dataBitsMax: 10 })).toBe("dataBitsMax: must be at least dataBitsMin (100000), got 10");
    expect(issuesOf({ accuracyMin: 0.9, accuracyMax: 0.8 })).toBe("accuracyMax: must be at least accuracyMin (0.9), got 0.8");
    // One bound set, the other from the profile: checked once the default is known.
    expect(issuesOf({ accuracyMin: 0.9 })).toBe(
      "accuracyMin: must be at most accuracyMax, which is 0.724 by default (the last exit's accuracy of msdnet5-edge-like), got 0.9: the range [0.9, 0.724] is empty",
    );
    expect(issuesOf({ accuracyMax: 1.1 })).toBe("accuracyMax: must be in [0, 1], got 1.1");
    expect(issuesOf({ powerDbm: NaN })).toBe("powerDbm: must be a finite number, got NaN");
    expect(issuesOf({ profile: "nope" })).toMatch(/^profile: unknown DNN profile "nope"/);
    expect(issuesOf({ maxBatch: 101 })).toBe("maxBatch: must be at most the last measured batch of profile msdnet5-edge-like (100), got 101");
  });

  it("fills defaults and keeps them frozen", () => {
    expect(scenarioParams({ users: 3, seed: undefined })).toEqual({ ...DEFAULT_SCENARIO, users: 3 });
    expect(Object.isFrozen(DEFAULT_SCENARIO)).toBe(true);
    expect(DEFAULT_SCENARIO.users).toBe(60);
  });
});
