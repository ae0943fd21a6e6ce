/**
 * Property-based tests (fast-check): on valid instances and on mutations of
 * them, solve() returns an InputError whose issues name a path, or a Solution
 * the independent checker accepts; never another exception. On valid
 * instances both engines agree and no heuristic beats exact's proved optimum.
 * A failure prints fast-check's seed and path; replay it with
 * FC_SEED=<seed> FC_PATH=<path> npx vitest run tests/property.test.ts.
 * PROPERTY_RUNS_SCALE multiplies every run count (npm run fuzz goes further).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ALGORITHMS, type Algorithm } from "../bindings/core/types.js";
import { InputError, InstanceError } from "../bindings/core/errors.js";
import { solve } from "../bindings/algorithms/solve.js";
import { validInstance } from "./property/instances.js";
import { applyMutation, applyStructural, maybeStructural, mutation, structuralMutation } from "./property/mutations.js";
import { judge, namesPath, PropertyFailure, scheduleOf } from "./property/judge.js";
import { KERNEL_ALGORITHMS } from "./helpers/schemes.js";

const SCALE = Number(process.env.PROPERTY_RUNS_SCALE ?? 1);
/** Replays one failure when FC_SEED (and FC_PATH) are set; otherwise a fresh seed each run. */
const replay = process.env.FC_SEED === undefined ? {} : { seed: Number(process.env.FC_SEED), path: process.env.FC_PATH };
const params = (numRuns: number): fc.Parameters<unknown> => ({ numRuns: Math.round(numRuns * SCALE), ...replay });
/** Generous for K <= 10; the property is about answers, not speed. */
const TIME_LIMIT_MS = 5000;
const BATCHED: ReadonlySet<Algorithm> = new Set(["greedy", "bsp", "tree", "exact"]);

const kernelAlgorithm = fc.constantFrom<Algorithm>(...KERNEL_ALGORITHMS);
const engine = fc.constantFrom("wasm" as const, "js" as const);

describe("solve() on any input", () => {
  it("mutated instances: a named InputError or a checked Solution, never another exception (1,500 runs)", async () => {
    let rejected = 0;
    let solved = 0;
    await fc.assert(
      fc.asyncProperty(
        validInstance(),
        fc.array(mutation, { minLength: 0, maxLength: 3 }),
        maybeStructural,
        kernelAlgorithm,
        engine,
        async (instance, mutations, structural, algorithm, engineName) => {
          let input: unknown = structural === undefined ? instance : applyStructural(instance, structural[0], structural[1]).input;
          for (const m of mutations) input = applyMutation(input, m).input;
          const outcome = await judge(input, algorithm, engineName, TIME_LIMIT_MS);
          if (outcome.kind === "rejected") rejected++;
          else solved++;
        },
      ),
      params(1500),
    );
    // Both sides of the disjunction must have been exercised, or the property says little.
    expect(rejected).toBeGreaterThan(0);
    expect(solved).toBeGreaterThan(0);
  });

  it("a mutation that can never be valid is rejected, naming its path (800 runs)", async () => {
    await fc.assert(
      fc.asyncProperty(
        validInstance(),
        fc.oneof(
          mutation.filter((m) => m.mustReject || m.replacement.kind === "delete").map((m) => ({ m })),
          fc.tuple(structuralMutation, fc.nat()).map(([kind, pick]) => ({ kind, pick })),
        ),
        engine,
        async (instance, change, engineName) => {
          const { input, rejectAt } = "m" in change ? applyMutation(instance, change.m) : applyStructural(instance, change.kind, change.pick);
          const outcome = await judge(input, "greedy", engineName, TIME_LIMIT_MS);
          if (rejectAt === undefined) return;
          if (outcome.kind !== "rejected") throw new PropertyFailure(`accepted although ${rejectAt || "the instance"} is invalid`);
          if (!namesPath(outcome.error, rejectAt)) throw new PropertyFailure(`rejected without naming ${rejectAt}: ${outcome.error.message}`);
        },
      ),
      params(800),
    );
  });
});

describe("solve() with any options", () => {
  it("anything as options: an InputError naming options, algorithm, engine or timeLimitMs, or a Solution (300 runs)", async () => {
    const options = fc.oneof(
      fc.anything({ withBigInt: true, withNullPrototype: true, withSparseArray: true }),
      fc.record(
        {
          algorithm: fc.oneof(fc.constantFrom(...ALGORITHMS), fc.anything({ withBigInt: true })),
          engine: fc.oneof(fc.constantFrom("auto", "wasm", "js"), fc.anything({ withBigInt: true })),
          timeLimitMs: fc.oneof(fc.constantFrom(0, 100, Infinity), fc.anything({ withBigInt: true })),
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(validInstance({ users: { min: 0, max: 4 } }), options, async (instance, opts) => {
        try {
          await solve(instance, opts as never);
        } catch (error) {
          if (!(error instanceof InputError)) throw new PropertyFailure(`threw ${String(error)}`);
          if (error.issues.length !== 1 || !["options", "algorithm", "engine", "timeLimitMs"].includes(error.issues[0].path)) {
            // The instance may be the problem (an extreme draw outside the SNR range): then the issues are the instance's.
            if (!(error instanceof InstanceError)) throw new PropertyFailure(`unexpected issues: ${error.message}`);
          }
        }
      }),
      params(300),
    );
  });
});

describe("solve() on valid instances", () => {
  it("every kernel algorithm on both engines: checked, identical across engines, within exact's optimum (600 runs)", async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(validInstance({ users: { min: 0, max: 14 } }), async (instance) => {
        let optimum: number | undefined;
        const servedBy = new Map<Algorithm, number>();
        for (const algorithm of KERNEL_ALGORITHMS) {
          const wasm = await judge(instance, algorithm, "wasm", TIME_LIMIT_MS);
          const js = await judge(instance, algorithm, "js", TIME_LIMIT_MS);
          // The validator may refuse an extreme draw (an SNR outside the doubles); then both must.
          if (wasm.kind !== js.kind) throw new PropertyFailure(`${algorithm}: wasm ${wasm.kind}, js ${js.kind}`);
          if (wasm.kind === "rejected" || js.kind === "rejected") return;
          const [a, b] = [wasm.solution, js.solution];
          if (a.status === b.status && JSON.stringify(scheduleOf(a)) !== JSON.stringify(scheduleOf(b))) {
            throw new PropertyFailure(`${algorithm}: wasm and js schedules differ`);
          }
          servedBy.set(algorithm, a.served);
          if (algorithm === "exact" && a.status === "optimal") optimum = a.served;
        }
        compared++;
        if (optimum === undefined) return;
        for (const algorithm of BATCHED) {
          if (servedBy.get(algorithm)! > optimum) throw new PropertyFailure(`${algorithm} serves ${servedBy.get(algorithm)} > exact's optimum ${optimum}`);
        }
      }),
      params(600),
    );
    // Most draws are valid (a few extreme ones leave the SNR range): the engines were really compared.
    expect(compared).toBeGreaterThan(0.8 * 600 * SCALE);
  });

  it("milp (HiGHS) on small instances: checked, and equal to exact in served count (60 runs)", async () => {
    await fc.assert(
      fc.asyncProperty(validInstance({ users: { min: 0, max: 6 } }), async (instance) => {
        const milp = await judge(instance, "milp", "auto", TIME_LIMIT_MS);
        const exact = await judge(instance, "exact", "auto", TIME_LIMIT_MS);
        if (milp.kind !== exact.kind) throw new PropertyFailure(`milp ${milp.kind}, exact ${exact.kind}`);
        if (milp.kind === "solved" && exact.kind === "solved" && milp.solution.status === "optimal" && exact.solution.status === "optimal") {
          if (milp.solution.served !== exact.solution.served) throw new PropertyFailure(`milp serves ${milp.solution.served}, exact ${exact.solution.served}`);
        }
      }),
      params(60),
    );
  });

  it("solves started at once return what the same solves return one by one (40 runs of 10-30 solves)", async () => {
    const call = fc.record({ instance: validInstance({ users: { min: 0, max: 12 } }), algorithm: kernelAlgorithm, engine });
    await fc.assert(
      fc.asyncProperty(fc.array(call, { minLength: 10, maxLength: 30 }), async (calls) => {
        const outcome = (c: (typeof calls)[number]) =>
          solve(c.instance, { algorithm: c.algorithm, engine: c.engine, timeLimitMs: 0 }).then(
            (s) => JSON.stringify(scheduleOf(s)),
            (e: Error) => `${e.name}: ${e.message}`,
          );
        const together = await Promise.all(calls.map(outcome));
        for (let i = 0; i < calls.length; i++) {
          if ((await outcome(calls[i])) !== together[i])
            throw new PropertyFailure(`call ${i} (${calls[i].algorithm} on ${calls[i].engine}) differs at once and alone`);
        }
      }),
      params(40),
    );
  });

  it("uses every algorithm name the library offers", () => {
    expect([...KERNEL_ALGORITHMS, "milp"].sort()).toEqual([...ALGORITHMS].sort());
  });
});
