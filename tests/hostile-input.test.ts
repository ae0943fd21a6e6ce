/**
 * Issue 11, kinds 2 and 3: input shaped to break the validator rather than the
 * model. An array nested 5,000-100,000 deep where a number, a user or points
 * belong once overflowed the stack while being described; millions of bad
 * entries once made a message longer than a string can hold. Both must end as
 * an InstanceError naming paths, capped at 100 issues plus a count, through
 * the library and through the CLI (exit 2, at most 101 lines).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { InputError, InstanceError, MAX_REPORTED_ISSUES } from "../bindings/core/errors.js";
import { describeValue, validateInstance } from "../bindings/core/validate.js";
import { solve } from "../bindings/algorithms/solve.js";
import { cli } from "./helpers/cli-in-process.js";
import { oneExitInstance, rejection } from "./helpers/rejected-instance.js";

function nested(depth: number, inner: unknown = 1): unknown {
  let value = inner;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

describe("deeply nested arrays", () => {
  const places: Array<[string, (i: any, v: unknown) => void, string]> = [
    ["a number", (i, v) => (i.users[0].dataBits = v), "users[0].dataBits: must be a positive number, got an array of 1 item"],
    ["a user", (i, v) => (i.users[0] = v), "users[0]: must be a user object, got an array of 1 item"],
    ["points", (i, v) => (i.dnn.exits[0].latency.points = v), "dnn.exits[0].latency.points[0]: must be a [batch, seconds] pair, got an array of 1 item"],
    ["a point", (i, v) => (i.dnn.exits[0].latency.points[0] = v), "dnn.exits[0].latency.points[0]: must be a [batch, seconds] pair, got an array of 1 item"],
    ["the channel", (i, v) => (i.channel = v), "channel: must be an object with bandwidthHz and noisePsdWPerHz, got an array of 1 item"],
  ];

  it.each(places)("100,000 deep where %s belongs: an InstanceError naming the path", async (_label, put, message) => {
    const instance = oneExitInstance();
    put(instance, nested(100_000));
    const error = await solve(instance).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InstanceError);
    expect((error as InstanceError).message).toBe(message);
  });

  it("a whole instance nested 100,000 deep", () => {
    expect(rejection(nested(100_000)).message).toBe("the instance must be an object with channel, dnn and users, got an array of 1 item");
  });

  it("describes shallow arrays in full and stops at 40 characters", () => {
    expect(describeValue([1, [2, 3]])).toBe("[1,[2,3]]");
    expect(describeValue(nested(5_000))).toBe("an array of 1 item");
    expect(describeValue(nested(3))).toBe("[[[1]]]");
    expect(describeValue(new Array(10_000_000).fill(0))).toBe("an array of 10000000 items");
    expect(describeValue([{ a: 1 }])).toBe("an array of 1 item");
  });
});

describe("millions of bad entries", () => {
  // 2,000,000 keeps the test to a second or two; `npm run fuzz` runs the issue's 10,000,000.
  it("2,000,000 numbers as users: the first 100 issues and how many more", () => {
    const instance = oneExitInstance();
    instance.users = new Array(2_000_000).fill(5);
    const error = rejection(instance);
    expect(error.issues).toHaveLength(MAX_REPORTED_ISSUES);
    expect(error.issues[0]).toEqual({ path: "users[0]", message: "must be a user object, got 5" });
    expect(error.moreIssues).toBe(2_000_000 - MAX_REPORTED_ISSUES);
    const lines = error.message.split("\n");
    expect(lines).toHaveLength(MAX_REPORTED_ISSUES + 1);
    expect(lines.at(-1)).toBe("... and 1999900 more problems");
  });

  it("counts every issue once across nested lists (exits of bad points, users with several bad fields)", () => {
    const instance = oneExitInstance();
    instance.dnn.exits = Array.from({ length: 50 }, () => ({ accuracy: 2, latency: { points: new Array(300).fill([0, -1]) } }));
    instance.users = Array.from({ length: 1000 }, (_, k) => ({ id: `u${k}`, dataBits: -1, powerW: 0, channelGain: 1, minAccuracy: 0.5, deadlineS: 0.1 }));
    const error = rejection(instance);
    // Per exit: the accuracy and 300 points with two bad numbers each; per user: dataBits and powerW.
    const total = 50 * (1 + 300 * 2) + 1000 * 2;
    expect(error.issues.length + error.moreIssues).toBe(total);
    expect(error.issues).toHaveLength(MAX_REPORTED_ISSUES);
    for (const issue of error.issues) expect(issue.path).not.toBe("");
  });

  it("200 duplicates of a 1,000,000-character id: short messages", () => {
    const instance = oneExitInstance();
    const id = "x".repeat(1_000_000);
    instance.users = Array.from({ length: 200 }, () => ({ ...instance.users[0], id }));
    const error = rejection(instance);
    expect(error.issues[0]).toEqual({ path: "users[1].id", message: `duplicate id "${"x".repeat(40)}"... (also users[0])` });
    expect(error.message.length).toBeLessThan(10_000);
    expect(error.moreIssues).toBe(199 - MAX_REPORTED_ISSUES);
  });

  it("a long but valid list is accepted whole", () => {
    const instance = oneExitInstance();
    instance.users = Array.from({ length: 5000 }, (_, k) => ({ ...instance.users[0], id: `u${k}` }));
    expect(validateInstance(instance).users).toHaveLength(5000);
  });
});

describe("options a caller could pass", () => {
  it.each([
    ["null", null, 'options: must be an object such as { algorithm: "exact" }, got null'],
    ["a number", 5, 'options: must be an object such as { algorithm: "exact" }, got 5'],
    ["an algorithm nested 20,000 deep", { algorithm: nested(20_000) }, /^algorithm: must be one of exact, .*, got an array of 1 item$/],
    ["a BigInt algorithm", { algorithm: 10n }, /^algorithm: must be one of .*, got 10n$/],
    ["a BigInt in an array", { engine: [0n] }, "engine: must be auto, wasm or js, got [0n]"],
    ["a string time limit", { timeLimitMs: "5" }, 'timeLimitMs: must be a non-negative number of milliseconds, got "5"'],
  ] as Array<[string, unknown, string | RegExp]>)("%s: an InputError naming the option", async (_label, options, message) => {
    const error = await solve(oneExitInstance(), options as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(message instanceof RegExp ? message : new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
  });
});

describe("through the CLI", () => {
  const scratch = mkdtempSync(join(tmpdir(), "edge-alloc-hostile-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("a file of 100,000 nested [ ] exits 2 with one line", async () => {
    const file = join(scratch, "nested.json");
    writeFileSync(file, "[".repeat(100_000) + "]".repeat(100_000));
    const { code, stdout, stderr } = await cli(["solve", file]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe("edge-alloc: the instance must be an object with channel, dnn and users, got an array of 1 item\n");
  });

  it("a file with 1,000,000 bad users prints 101 lines and exits 2", async () => {
    const file = join(scratch, "many.json");
    const instance = oneExitInstance();
    writeFileSync(file, JSON.stringify({ ...instance, users: new Array(1_000_000).fill(null) }));
    const { code, stderr } = await cli(["solve", file]);
    expect(code).toBe(2);
    const lines = stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(MAX_REPORTED_ISSUES + 1);
    expect(lines[0]).toBe("edge-alloc: users[0]: must be a user object, got null");
    expect(lines.at(-1)).toBe("edge-alloc: ... and 999900 more problems");
  });
});
