/**
 * parseSolveRequest, the check of a POST /v1/solve body before anything is
 * queued (it runs on the request's worker thread, so the HTTP tests in
 * service-requests.test.ts cannot show its result directly): the envelope,
 * the options with the server's time-limit cap, and the users cap.
 */
import { describe, expect, it } from "vitest";
import { InputError } from "../bindings/core/errors.js";
import { ALGORITHMS } from "../bindings/core/types.js";
import { DEFAULT_LIMITS } from "../bindings/service/limits.js";
import { parseSolveRequest } from "../bindings/service/solve-request.js";
import { issueLines } from "./helpers/issue-lines.js";

const limits = { ...DEFAULT_LIMITS, maxTimeLimitMs: 2000, maxUsers: 3 };
const instance = { channel: {}, dnn: {}, users: [{}, {}] };

const issues = (body: unknown): string[] => issueLines(() => parseSolveRequest(body, limits), InputError);

describe("parseSolveRequest: the envelope", () => {
  it.each([
    ["an array", [instance], "the body must be a JSON object with an instance, got an array of 1 item"],
    ["null", null, "the body must be a JSON object with an instance, got null"],
    ["a string", "{}", 'the body must be a JSON object with an instance, got "{}"'],
    ["a number", 7, "the body must be a JSON object with an instance, got 7"],
  ])("a body that is %s: one issue for the whole body", (_label, body, message) => {
    expect(issues(body)).toEqual([message]);
  });

  it("hands the instance on untouched (solve() validates it) with the server's time limit", () => {
    const request = parseSolveRequest({ instance }, limits);
    expect(request.instance).toBe(instance);
    expect(request.options).toEqual({ timeLimitMs: 2000 });
    expect(parseSolveRequest({ instance, options: {} }, limits).options).toEqual({ timeLimitMs: 2000 });
  });

  it("an instance that is missing, an array, null or a number", () => {
    expect(issues({})).toEqual(["instance: is missing (must be an instance object as in docs/model.md)"]);
    expect(issues({ instance: [] })).toEqual(["instance: must be an instance object, got []"]);
    expect(issues({ instance: null })).toEqual(["instance: must be an instance object, got null"]);
    expect(issues({ instance: 3 })).toEqual(["instance: must be an instance object, got 3"]);
  });

  it("every unknown field, with the other problems, in one error", () => {
    expect(issues({ instances: instance, algorithm: "exact", options: { engine: "gpu" } })).toEqual([
      "instances: is not a field of a solve request (instance, options)",
      "algorithm: is not a field of a solve request (instance, options)",
      "instance: is missing (must be an instance object as in docs/model.md)",
      'options.engine: must be auto, wasm or js, got "gpu"',
    ]);
  });
});

describe("parseSolveRequest: the users cap", () => {
  it("accepts the cap and refuses one more, naming the flag", () => {
    expect(parseSolveRequest({ instance: { ...instance, users: [1, 2, 3] } }, limits).instance).toEqual({ ...instance, users: [1, 2, 3] });
    expect(issues({ instance: { ...instance, users: [1, 2, 3, 4] } })).toEqual([
      "instance.users: must hold at most 3 users on this server (--max-users), got 4",
    ]);
  });

  it("leaves users that are not an array to solve()'s validation", () => {
    expect(parseSolveRequest({ instance: { users: "many" } }, limits).instance).toEqual({ users: "many" });
  });
});

describe("parseSolveRequest: the options", () => {
  it.each([
    ["an array", [], "options: must be an object with algorithm, engine, timeLimitMs, got []"],
    ["null", null, "options: must be an object with algorithm, engine, timeLimitMs, got null"],
    ["a string", "exact", 'options: must be an object with algorithm, engine, timeLimitMs, got "exact"'],
  ])("options that are %s", (_label, options, message) => {
    expect(issues({ instance, options })).toEqual([message]);
  });

  it("takes each algorithm and engine", () => {
    for (const algorithm of ALGORITHMS)
      expect(parseSolveRequest({ instance, options: { algorithm } }, limits).options).toEqual({ algorithm, timeLimitMs: 2000 });
    for (const engine of ["auto", "wasm", "js"])
      expect(parseSolveRequest({ instance, options: { engine } }, limits).options).toEqual({ engine, timeLimitMs: 2000 });
  });

  it("caps the time limit: 0 (no limit) and anything above the cap become the cap, below it stays", () => {
    const timeLimit = (timeLimitMs: unknown) => parseSolveRequest({ instance, options: { timeLimitMs } }, limits).options.timeLimitMs;
    expect(timeLimit(0)).toBe(2000);
    expect(timeLimit(1)).toBe(1);
    expect(timeLimit(1999.5)).toBe(1999.5);
    expect(timeLimit(2000)).toBe(2000);
    expect(timeLimit(2001)).toBe(2000);
    expect(timeLimit(1e12)).toBe(2000);
  });

  it("refuses a time limit that is not a finite number >= 0, and names unknown options", () => {
    for (const [value, shown] of [
      [-1, "-1"],
      [Number.POSITIVE_INFINITY, "Infinity"],
      [Number.NaN, "NaN"],
      ["500", '"500"'],
      [null, "null"],
      [true, "true"],
      [[5], "[5]"],
    ] as Array<[unknown, string]>) {
      expect(issues({ instance, options: { timeLimitMs: value } })).toEqual([
        `options.timeLimitMs: must be a number of milliseconds >= 0 (0: this server's cap), got ${shown}`,
      ]);
    }
    expect(issues({ instance, options: { algorithm: "fast", engine: 1, timeLimitMs: -5, threads: 4 } })).toEqual([
      `options.algorithm: must be one of ${ALGORITHMS.join(", ")}, got "fast"`,
      "options.engine: must be auto, wasm or js, got 1",
      "options.timeLimitMs: must be a number of milliseconds >= 0 (0: this server's cap), got -5",
      "options.threads: is not a solve option (algorithm, engine, timeLimitMs)",
    ]);
  });
});
