/**
 * The validator's checks across fields, at their boundaries: each user's SNR
 * per hertz (powerW * channelGain / noisePsdWPerHz) must be a normal double,
 * and the frame (given, or the largest deadline) at least MIN_FRAME_S.
 */
import { describe, expect, it } from "vitest";
import { InstanceError } from "../bindings/core/errors.js";
import { MIN_FRAME_S, validateInstance } from "../bindings/core/validate.js";
import { issueLines } from "./helpers/issue-lines.js";

const MIN_SNR_HZ = 2.2250738585072014e-308;
const user = (id: string, powerW: number, channelGain: number, deadlineS = 0.2) => ({ id, dataBits: 2e5, powerW, channelGain, minAccuracy: 0.5, deadlineS });
const instance = (users: unknown[], extra: Record<string, unknown> = {}) => ({
  channel: { bandwidthHz: 1e7, noisePsdWPerHz: 1 },
  dnn: { exits: [{ accuracy: 0.7, latency: { perSampleS: 0.001, fixedS: 0.002 } }] },
  users,
  ...extra,
});

const issues = (input: unknown): string[] => issueLines(() => validateInstance(input), InstanceError);

const snrIssue = (k: number, p: number, g: number, snr: number) =>
  `users[${k}]: the SNR per hertz powerW * channelGain / channel.noisePsdWPerHz = ${p} * ${g} / 1 = ${snr} is outside the range this engine computes in, [${MIN_SNR_HZ}, ${Number.MAX_VALUE}] Hz`;

describe("the SNR per hertz", () => {
  it("accepts the smallest normal double and the largest double", () => {
    const users = validateInstance(instance([user("low", 1, MIN_SNR_HZ), user("high", Number.MAX_VALUE, 1)])).users;
    expect(users.map((u) => u.id)).toEqual(["low", "high"]);
  });

  it("refuses below (digits lost) and above (overflow), naming each user", () => {
    expect(issues(instance([user("ok", 1, 1), user("low", 1, 1e-308), user("high", Number.MAX_VALUE, 2)]))).toEqual([
      snrIssue(1, 1, 1e-308, 1e-308),
      snrIssue(2, Number.MAX_VALUE, 2, Number.POSITIVE_INFINITY),
    ]);
  });
});

describe("the frame", () => {
  it("a given frame of at least MIN_FRAME_S is taken, a shorter one refused", () => {
    expect(MIN_FRAME_S).toBe(1e-290);
    expect(validateInstance(instance([user("u", 1, 1)], { frameS: 1e-290 })).frameS).toBe(1e-290);
    expect(issues(instance([user("u", 1, 1)], { frameS: 1e-300 }))).toEqual([
      "frameS: must be at least 1e-290 s (a shorter frame makes the throughput infinite), got 1e-300",
    ]);
  });

  it("without a frame, the largest deadline must be at least MIN_FRAME_S", () => {
    expect(validateInstance(instance([user("a", 1, 1, 1e-300), user("b", 1, 1, 1e-290)])).frameS).toBeUndefined();
    expect(issues(instance([user("a", 1, 1, 1e-300), user("b", 1, 1, 1e-295)]))).toEqual([
      "frameS: is missing and the frame defaults to the largest deadline, 1e-295 s, shorter than 1e-290 s (the throughput would be infinite): give frameS",
    ]);
    expect(validateInstance(instance([])).users).toEqual([]);
    expect(validateInstance(instance([user("a", 1, 1, 1e-300)], { frameS: 1 })).frameS).toBe(1);
  });
});

describe("a user's weight", () => {
  it("is kept when positive and finite, left out when absent, and refused otherwise, naming the user", () => {
    const weighted = (id: string, weight: unknown) => ({ ...user(id, 1, 1), weight });
    const users = validateInstance(instance([weighted("a", 2.5), user("b", 1, 1), weighted("c", 1e-300)])).users;
    expect(users.map((u) => u.weight)).toEqual([2.5, undefined, 1e-300]);
    expect(users[1]).not.toHaveProperty("weight");
    expect(issues(instance([weighted("z", 0), weighted("n", -1), weighted("i", "2"), weighted("ok", 1)]))).toEqual([
      "users[0].weight: must be a positive finite number, got 0",
      "users[1].weight: must be a positive finite number, got -1",
      'users[2].weight: must be a positive finite number, got "2"',
    ]);
  });
});
