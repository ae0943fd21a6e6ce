/**
 * solve()'s options as checkSolveOptions takes them: the defaults, every
 * accepted value, and one InputError naming the first wrong option in the
 * caller's words (the HTTP service reuses algorithmIssue and engineIssue
 * under its own paths).
 */
import { describe, expect, it } from "vitest";
import { ALGORITHM_REGISTRY } from "../bindings/algorithms/registry.js";
import { InputError } from "../bindings/core/errors.js";
import { algorithmIssue, checkSolveOptions, DEFAULT_TIME_LIMIT_MS, engineIssue } from "../bindings/core/options.js";
import { ALGORITHMS } from "../bindings/core/types.js";

const check = (options: unknown) => checkSolveOptions(options as never, ALGORITHM_REGISTRY);

function rejection(options: unknown): InputError {
  try {
    check(options);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("expected an InputError");
}

describe("checkSolveOptions", () => {
  it("fills the defaults: exact, auto, 10 s", () => {
    expect(DEFAULT_TIME_LIMIT_MS).toBe(10_000);
    expect(check({})).toEqual({ algorithm: "exact", engine: "auto", timeLimitMs: 10_000 });
    expect(check({ algorithm: undefined, engine: undefined, timeLimitMs: undefined })).toEqual({ algorithm: "exact", engine: "auto", timeLimitMs: 10_000 });
    // JSON has no undefined: null stands for an option left out.
    expect(check({ algorithm: null, engine: null, timeLimitMs: null })).toEqual({ algorithm: "exact", engine: "auto", timeLimitMs: 10_000 });
  });

  it.each(ALGORITHMS.map((a) => [a]))("accepts algorithm %s (milp too: this host has WebAssembly)", (algorithm) => {
    expect(check({ algorithm })).toEqual({ algorithm, engine: "auto", timeLimitMs: 10_000 });
  });

  it("accepts every engine and any time limit >= 0, 0 and Infinity included", () => {
    for (const engine of ["auto", "wasm", "js"]) expect(check({ engine }).engine).toBe(engine);
    for (const timeLimitMs of [0, 0.5, 20, 1e9, Number.POSITIVE_INFINITY]) expect(check({ timeLimitMs }).timeLimitMs).toBe(timeLimitMs);
  });

  it.each([
    ["null", null],
    ["an array", [{ algorithm: "exact" }]],
    ["a string", "exact"],
    ["a number", 5],
  ])("options that are %s: one issue under options", (_label, options) => {
    const error = rejection(options);
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0].path).toBe("options");
    expect(error.issues[0].message).toMatch(/^must be an object such as \{ algorithm: "exact" \}, got /);
  });

  it("names the algorithm, the engine or the time limit, with every accepted value", () => {
    expect(rejection({ algorithm: "fast" }).message).toBe(`algorithm: must be one of ${ALGORITHMS.join(", ")}, got "fast"`);
    expect(rejection({ algorithm: 5 }).message).toBe(`algorithm: must be one of ${ALGORITHMS.join(", ")}, got 5`);
    expect(rejection({ engine: "gpu" }).message).toBe('engine: must be auto, wasm or js, got "gpu"');
    expect(rejection({ engine: "" }).message).toBe('engine: must be auto, wasm or js, got ""');
    for (const [value, shown] of [
      [-1, "-1"],
      [-Number.MIN_VALUE, "-5e-324"],
      [Number.NaN, "NaN"],
      ["5", '"5"'],
    ] as Array<[unknown, string]>) {
      expect(rejection({ timeLimitMs: value }).message).toBe(`timeLimitMs: must be a non-negative number of milliseconds, got ${shown}`);
    }
  });

  it("reports the first wrong option only: algorithm, then engine, then the time limit", () => {
    expect(rejection({ algorithm: "x", engine: "y", timeLimitMs: -1 }).issues.map((i) => i.path)).toEqual(["algorithm"]);
    expect(rejection({ engine: "y", timeLimitMs: -1 }).issues.map((i) => i.path)).toEqual(["engine"]);
  });
});

describe("algorithmIssue and engineIssue", () => {
  it("undefined for a good value, an issue under the caller's path for a bad one", () => {
    expect(algorithmIssue("greedy", "options.algorithm")).toBeUndefined();
    expect(engineIssue("js", "options.engine")).toBeUndefined();
    expect(algorithmIssue("GREEDY", "options.algorithm")).toEqual({
      path: "options.algorithm",
      message: `must be one of ${ALGORITHMS.join(", ")}, got "GREEDY"`,
    });
    expect(engineIssue(["js"], "options.engine")).toEqual({ path: "options.engine", message: 'must be auto, wasm or js, got ["js"]' });
    expect(algorithmIssue(undefined, "a")).toEqual({ path: "a", message: `must be one of ${ALGORITHMS.join(", ")}, got undefined` });
  });
});

describe("a host without WebAssembly", () => {
  it("refuses milp with what to use instead, and still takes the kernels' algorithms", () => {
    const host = globalThis as { WebAssembly?: unknown };
    const saved = host.WebAssembly;
    delete host.WebAssembly;
    try {
      expect(rejection({ algorithm: "milp" }).issues).toEqual([
        {
          path: "algorithm",
          message: "milp needs WebAssembly (HiGHS is compiled to it), which this host does not have; exact finds the same optimum on the JS engine",
        },
      ]);
      expect(check({ algorithm: "exact", engine: "js" })).toEqual({ algorithm: "exact", engine: "js", timeLimitMs: 10_000 });
    } finally {
      host.WebAssembly = saved;
    }
  });
});
