/**
 * The cap on reported issues (MAX_REPORTED_ISSUES kept, the rest counted) and
 * the chunked list check, on inputs of a few thousand entries: the same code
 * paths hostile-input.test.ts drives with millions, in milliseconds, so the
 * mutation run of validate.ts can run them for every mutant.
 */
import { describe, expect, it } from "vitest";
import { type InstanceError, MAX_REPORTED_ISSUES } from "../bindings/core/errors.js";
import { describeValue, validateInstance } from "../bindings/core/validate.js";
import { oneExitInstance, oneExitUser, rejection } from "./helpers/rejected-instance.js";

/** Every issue of `input`, kept or counted: the count a caller sees. */
const total = (e: InstanceError) => e.issues.length + e.moreIssues;

describe("the cap on reported issues", () => {
  it.each([
    [MAX_REPORTED_ISSUES - 1, 0],
    [MAX_REPORTED_ISSUES, 0],
    [MAX_REPORTED_ISSUES + 1, 1],
    [3000, 3000 - MAX_REPORTED_ISSUES],
  ])("%i bad users: the first ones kept in order, %i more counted", (bad, more) => {
    const instance = oneExitInstance();
    instance.users = new Array(bad).fill(5);
    const error = rejection(instance);
    expect(error.issues).toHaveLength(Math.min(bad, MAX_REPORTED_ISSUES));
    expect(error.moreIssues).toBe(more);
    expect(error.issues[0]).toEqual({ path: "users[0]", message: "must be a user object, got 5" });
    expect(error.issues.at(-1)?.path).toBe(`users[${Math.min(bad, MAX_REPORTED_ISSUES) - 1}]`);
    const lines = error.message.split("\n");
    expect(lines.at(-1)).toBe(more === 0 ? `users[${bad - 1}]: must be a user object, got 5` : `... and ${more} more ${more === 1 ? "problem" : "problems"}`);
  });

  it("bad users after 1500 good ones are named by their index (past the first chunk)", () => {
    const instance = oneExitInstance();
    instance.users = Array.from({ length: 1500 }, (_, k) => oneExitUser(k));
    instance.users.push({ ...oneExitUser(1500), dataBits: -1 }, { ...oneExitUser(1501), powerW: 0 });
    instance.users[3] = { ...oneExitUser(3), deadlineS: "soon" };
    expect(rejection(instance).message.split("\n")).toEqual([
      'users[3].deadlineS: must be a positive number, got "soon"',
      "users[1500].dataBits: must be a positive number, got -1",
      "users[1501].powerW: must be a positive number, got 0",
    ]);
  });

  it("bad points beyond the cap in one exit are counted with the bad fields of the others", () => {
    const instance = oneExitInstance();
    instance.dnn.exits = Array.from({ length: 3 }, () => ({ accuracy: 2, latency: { points: new Array(80).fill([0, -1]) } }));
    instance.users = Array.from({ length: 30 }, (_, k) => ({ ...oneExitUser(k), dataBits: -1, powerW: 0 }));
    const error = rejection(instance);
    // Per exit: the accuracy and 80 points with two bad numbers each; per user: dataBits and powerW.
    expect(total(error)).toBe(3 * (1 + 80 * 2) + 30 * 2);
    expect(error.issues).toHaveLength(MAX_REPORTED_ISSUES);
    expect(error.issues[0]).toEqual({ path: "dnn.exits[0].accuracy", message: "must be in [0, 1], got 2" });
    expect(error.issues[1]).toEqual({ path: "dnn.exits[0].latency.points[0][0]", message: "must be a positive integer, got 0" });
  });

  it("one list passes on at most the cap and counts the rest exactly once", () => {
    for (const bad of [MAX_REPORTED_ISSUES, MAX_REPORTED_ISSUES + 1, MAX_REPORTED_ISSUES + 2]) {
      const instance = oneExitInstance();
      instance.dnn.exits[0].latency.points = new Array(bad).fill([0, 1]);
      const error = rejection(instance);
      expect(total(error)).toBe(bad);
      expect(error.issues).toHaveLength(MAX_REPORTED_ISSUES);
      expect(error.moreIssues).toBe(bad - MAX_REPORTED_ISSUES);
    }
  });

  it("200 duplicates of a 5,000-character id: short messages, all counted", () => {
    const instance = oneExitInstance();
    const id = "x".repeat(5000);
    instance.users = Array.from({ length: 200 }, () => ({ ...oneExitUser(0), id }));
    const error = rejection(instance);
    expect(error.issues[0]).toEqual({ path: "users[1].id", message: `duplicate id ${describeValue(id)} (also users[0])` });
    expect(error.issues[0].message.length).toBeLessThan(100);
    expect(total(error)).toBe(199);
  });

  it("a valid list of 2500 users (three chunks) is accepted whole, in order", () => {
    const instance = oneExitInstance();
    instance.users = Array.from({ length: 2500 }, (_, k) => oneExitUser(k));
    const users = validateInstance(instance).users;
    expect(users).toHaveLength(2500);
    expect(users.map((u) => u.id)).toEqual(instance.users.map((u: { id: string }) => u.id));
  });
});
