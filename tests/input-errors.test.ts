/**
 * The error values every bad input ends in (core/errors.ts): their names and
 * classes, the message of one line per issue, the cap of MAX_REPORTED_ISSUES
 * with the count of the rest, and the paths as a person reads them.
 */
import { describe, expect, it } from "vitest";
import { InputError, InstanceError, MAX_REPORTED_ISSUES, ScenarioError, formatIssue, formatPath } from "../bindings/core/errors.js";

const issue = (k: number) => ({ path: `users[${k}]`, message: "must be a user object, got 5" });

describe("InputError", () => {
  it("one line per issue, path: message, or the message alone for the whole input", () => {
    const error = new InputError([{ path: "", message: "the instance must be an object" }, issue(0)]);
    expect(error.message).toBe("the instance must be an object\nusers[0]: must be a user object, got 5");
    expect(error.issues).toEqual([{ path: "", message: "the instance must be an object" }, issue(0)]);
    expect(error.moreIssues).toBe(0);
    expect(error.name).toBe("InputError");
    expect(error).toBeInstanceOf(Error);
  });

  it("keeps the first MAX_REPORTED_ISSUES and counts the rest, the uncounted ones too", () => {
    expect(MAX_REPORTED_ISSUES).toBe(100);
    const all = Array.from({ length: 103 }, (_, k) => issue(k));
    const error = new InputError(all);
    expect(error.issues).toEqual(all.slice(0, 100));
    expect(error.moreIssues).toBe(3);
    expect(error.message.split("\n")).toEqual([...all.slice(0, 100).map(formatIssue), "... and 3 more problems"]);
    expect(new InputError(all.slice(0, 100)).moreIssues).toBe(0);
    expect(new InputError(all.slice(0, 100)).message.split("\n")).toHaveLength(100);
    expect(new InputError(all.slice(0, 101)).message.split("\n").at(-1)).toBe("... and 1 more problem");
    expect(new InputError(all.slice(0, 100), 1).message.split("\n").at(-1)).toBe("... and 1 more problem");
    const counted = new InputError(all, 5);
    expect(counted.moreIssues).toBe(8);
    expect(counted.message.split("\n").at(-1)).toBe("... and 8 more problems");
    const fewWithUncounted = new InputError([issue(0)], 2);
    expect(fewWithUncounted.issues).toEqual([issue(0)]);
    expect(fewWithUncounted.message).toBe("users[0]: must be a user object, got 5\n... and 2 more problems");
  });

  it("InstanceError and ScenarioError: InputErrors with their own names", () => {
    const instance = new InstanceError([issue(1)], 1);
    expect(instance).toBeInstanceOf(InputError);
    expect(instance.name).toBe("InstanceError");
    expect(instance.moreIssues).toBe(1);
    expect(instance.message).toBe("users[1]: must be a user object, got 5\n... and 1 more problem");
    const scenario = new ScenarioError([{ path: "users", message: "must be a whole number" }], 2);
    expect(scenario).toBeInstanceOf(InputError);
    expect(scenario.name).toBe("ScenarioError");
    expect(scenario.moreIssues).toBe(2);
    expect(scenario.message).toBe("users: must be a whole number\n... and 2 more problems");
    expect(new InstanceError([issue(0)]).moreIssues).toBe(0);
    expect(new ScenarioError([issue(0)]).moreIssues).toBe(0);
  });
});

describe("formatPath and formatIssue", () => {
  it("writes indexes in brackets and names after dots, none before the first", () => {
    expect(formatPath([])).toBe("");
    expect(formatPath(["users", 3, "deadlineS"])).toBe("users[3].deadlineS");
    expect(formatPath(["dnn", "exits", 1, "latency", "points", 2, 0])).toBe("dnn.exits[1].latency.points[2][0]");
    expect(formatPath([4, "id"])).toBe("[4].id");
    expect(formatPath(["a", Symbol("s")])).toBe("a.Symbol(s)");
    expect(formatIssue({ path: "frameS", message: "must be a positive number, got 0" })).toBe("frameS: must be a positive number, got 0");
    expect(formatIssue({ path: "", message: "not valid JSON" })).toBe("not valid JSON");
  });
});
