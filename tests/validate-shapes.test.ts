/**
 * The validator's message when a part of the instance has the wrong shape
 * (a number where a list or an object belongs), for the parts whose other
 * problems validate.test.ts covers: the exits, an exit, the points, a point.
 */
import { describe, expect, it } from "vitest";
import { InstanceError } from "../bindings/core/errors.js";
import { validateInstance } from "../bindings/core/validate.js";
import { issueLines } from "./helpers/issue-lines.js";

function instance(exits: unknown): unknown {
  return {
    channel: { bandwidthHz: 1e7, noisePsdWPerHz: 4e-21 },
    dnn: { exits },
    users: [{ id: "u1", dataBits: 2e5, powerW: 0.2, channelGain: 1e-10, minAccuracy: 0.5, deadlineS: 0.2 }],
  };
}

const issues = (input: unknown): string[] => issueLines(() => validateInstance(input), InstanceError);

describe("wrong shapes in the DNN", () => {
  it("exits that are not a list", () => {
    expect(issues(instance(5))).toEqual(["dnn.exits: must be an array of exits, got 5"]);
    expect(issues(instance({ accuracy: 0.7 }))).toEqual(["dnn.exits: must be an array of exits, got an object"]);
  });

  it("an exit that is not an object", () => {
    expect(issues(instance([5]))).toEqual(["dnn.exits[0]: must be an object with accuracy and latency, got 5"]);
  });

  it("points that are not a list, and a point that is not a pair", () => {
    expect(issues(instance([{ accuracy: 0.7, latency: { points: 5 } }]))).toEqual([
      "dnn.exits[0].latency.points: must be an array of [batch, seconds] pairs, got 5",
    ]);
    expect(issues(instance([{ accuracy: 0.7, latency: { points: [7] } }]))).toEqual(["dnn.exits[0].latency.points[0]: must be a [batch, seconds] pair, got 7"]);
    expect(issues(instance([{ accuracy: 0.7, latency: { points: [[1, 0.004, 9]] } }]))).toEqual([
      "dnn.exits[0].latency.points[0]: must be a [batch, seconds] pair, got [1,0.004,9]",
    ]);
  });
});

describe("the longest deadline and ids that are not strings", () => {
  const user = (deadlineS: unknown, id: unknown = "u1") => ({ id, dataBits: 2e5, powerW: 0.2, channelGain: 1e-10, minAccuracy: 0.5, deadlineS });
  const withUsers = (users: unknown[]) => ({
    channel: { bandwidthHz: 1e7, noisePsdWPerHz: 4e-21 },
    dnn: { exits: [{ accuracy: 0.7, latency: { perSampleS: 0.001, fixedS: 0.002 } }] },
    users,
  });

  it("takes a deadline of 1e300 s, refuses a longer one with why", () => {
    expect(validateInstance(withUsers([user(1e300)])).users[0].deadlineS).toBe(1e300);
    expect(issues(withUsers([user(1e301)]))).toEqual([
      "users[0].deadlineS: must be at most 1e+300 s (an upload as long as a deadline near 1.8e308 s overflows), got 1e+301",
    ]);
  });

  it("two users with the same id that is not a string: the id's type, no duplicate", () => {
    expect(issues(withUsers([user(0.2, 5), user(0.2, 5)]))).toEqual([
      "users[0].id: must be a non-empty string, got 5",
      "users[1].id: must be a non-empty string, got 5",
    ]);
  });
});
