// core/solve.ts: solveWith and kernelAlgorithm run a registry's entry. A
// wrapper around the real WebAssembly engine records what each run is given
// (kernel, problem, stop time, views) and can report the search as cut short
// by its limit (status feasible, a looser bound), so the LP-bound path runs
// the same on any machine: when the bound is asked for and with what, how it
// tightens the bound, when it is skipped, and that the schedule is read out of
// the kernels' memory before the await that lets another solve run them.
import { describe, expect, it, vi } from "vitest";
import { ALGORITHM_REGISTRY } from "../bindings/algorithms/registry.js";
import type { AlgorithmRegistry, KernelPlan, UpperBoundSource } from "../bindings/core/algorithm.js";
import { type Engine, type KernelAlgorithm, loadEngine } from "../bindings/core/engine.js";
import { InputError } from "../bindings/core/errors.js";
import { type PreparedProblem, prepare } from "../bindings/core/prepare.js";
import type { RawSchedule } from "../bindings/core/schedule.js";
import { kernelAlgorithm, lastSolvePhases, refuseWeights, runKernel, solveWith } from "../bindings/core/solve.js";
import type { Instance, Solution } from "../bindings/core/types.js";
import { handMade, user } from "./helpers/hand-made.js";

const real = await loadEngine("wasm");

interface Call {
  kernel: KernelAlgorithm;
  problem: PreparedProblem;
  stopAtMs: number;
  views: boolean;
}

/** The real engine, recording each run; `cutShort` reports each run as stopped by its limit with `extra` more in its bound. */
function recording(cutShort?: { extra: number }) {
  const calls: Call[] = [];
  const engine = {
    name: "wasm",
    wminHz: (dataBits: number, snrHz: number, tauS: number) => real.wminHz(dataBits, snrHz, tauS),
    run(problem: PreparedProblem, kernel: KernelAlgorithm, stopAtMs: number, views = false): RawSchedule {
      calls.push({ kernel, problem, stopAtMs, views });
      const raw = real.run(problem, kernel, stopAtMs, views);
      if (!cutShort) return raw;
      const served = Array.from(raw.served).reduce((s, f) => s + f, 0);
      return { ...raw, status: "feasible", upperBound: served + cutShort.extra };
    },
  } as unknown as Engine;
  return { engine, calls };
}

/** 20 users, 19 of them servable (hand-made.ts's cell, two exits). */
const users = (count: number, overrides = {}) => Array.from({ length: count }, (_, i) => user(`u${i}`, { deadlineS: 0.05 + i * 0.001, ...overrides }));
const TWENTY = handMade(users(20));
const WEIGHTED = handMade(users(20).map((u, i) => (i === 3 ? { ...u, weight: 2 } : u)));

/** The registry with exact replaced by a kernel plan of the test's. */
const withExact = (plan: KernelPlan): AlgorithmRegistry => ({ ...ALGORITHM_REGISTRY, exact: kernelAlgorithm("exact", plan) });

function boundRecorder(answer: (served: number) => number | undefined, during?: () => void) {
  const asked: Array<{ timeLimitMs: number; target: number; instance: Instance; problem: PreparedProblem; engine: Engine }> = [];
  const source: UpperBoundSource = async (instance, problem, engine, timeLimitMs, target) => {
    asked.push({ instance, problem, engine, timeLimitMs, target });
    await Promise.resolve();
    during?.();
    return answer(target);
  };
  return { source, asked };
}

async function solveOn(engine: Engine, registry: AlgorithmRegistry, instance: Instance, timeLimitMs: number): Promise<Solution> {
  return registry.exact.run(instance, engine, timeLimitMs);
}

describe("a search cut short by its limit", () => {
  it("asks for the LP bound with the problem, a quarter of the limit and the count served, and takes it when tighter", async () => {
    const { engine } = recording({ extra: 3 });
    const bound = boundRecorder((served) => served + 1);
    const solution = await solveOn(engine, withExact({ kernel: "exact", finalExit: false, upperBound: bound.source }), TWENTY, 1000);
    expect(solution.served).toBe(19);
    expect(solution.status).toBe("feasible");
    expect(bound.asked).toHaveLength(1);
    expect(bound.asked[0].timeLimitMs).toBe(250);
    expect(bound.asked[0].target).toBe(19);
    expect(bound.asked[0].instance).toBe(TWENTY);
    expect(bound.asked[0].engine).toBe(engine);
    expect(bound.asked[0].problem.K).toBe(20);
    expect(solution.upperBound).toBe(20);
    expect(solution.stats.lpUpperBound).toBe(20);
    expect(typeof solution.stats.lpBoundMs).toBe("number");
    expect(solution.stats.lpBoundSkipped).toBeUndefined();
  });

  it("keeps the search's own bound when the LP's is looser", async () => {
    const { engine } = recording({ extra: 2 });
    const bound = boundRecorder((served) => served + 5);
    const solution = await solveOn(engine, withExact({ kernel: "exact", finalExit: false, upperBound: bound.source }), TWENTY, 1000);
    expect(solution.upperBound).toBe(21);
    expect(solution.stats.lpUpperBound).toBe(24);
  });

  it("with no limit, the LP gets a quarter of the default limit (10 s)", async () => {
    const { engine } = recording({ extra: 1 });
    const bound = boundRecorder((served) => served);
    const solution = await solveOn(engine, withExact({ kernel: "exact", finalExit: false, upperBound: bound.source }), TWENTY, 0);
    expect(bound.asked.map((a) => a.timeLimitMs)).toEqual([2500]);
    expect(solution.upperBound).toBe(19);
  });

  it("a quarter of the limit under 25 ms: the LP is skipped, and says so", async () => {
    const { engine } = recording({ extra: 1 });
    const bound = boundRecorder((served) => served);
    const registry = withExact({ kernel: "exact", finalExit: false, upperBound: bound.source });
    const skipped = await solveOn(engine, registry, TWENTY, 99);
    expect(bound.asked).toEqual([]);
    expect(skipped.stats.lpBoundSkipped).toBe(1);
    expect(skipped.upperBound).toBe(20);
    await solveOn(engine, registry, TWENTY, 100);
    expect(bound.asked.map((a) => a.timeLimitMs)).toEqual([25]);
  });

  it("a failed LP leaves the search's bound and says it failed", async () => {
    const { engine } = recording({ extra: 4 });
    const bound = boundRecorder(() => undefined);
    const solution = await solveOn(engine, withExact({ kernel: "exact", finalExit: false, upperBound: bound.source }), TWENTY, 1000);
    expect(solution.upperBound).toBe(23);
    expect(solution.stats.lpBoundFailed).toBe(1);
    expect(typeof solution.stats.lpBoundMs).toBe("number");
    expect(solution.stats.lpUpperBound).toBeUndefined();
  });

  it("a bound the search already meets, a proved optimum or a weighted instance: no LP", async () => {
    const bound = boundRecorder((served) => served);
    const plan = { kernel: "exact" as const, finalExit: false, upperBound: bound.source };
    const met = await solveOn(recording({ extra: 0 }).engine, withExact(plan), TWENTY, 1000);
    const proved = await solveOn(recording().engine, withExact(plan), TWENTY, 1000);
    const weighted = await solveOn(recording({ extra: 3 }).engine, withExact(plan), WEIGHTED, 1000);
    expect(bound.asked).toEqual([]);
    for (const s of [met, proved, weighted]) {
      expect(s.stats.lpBoundSkipped).toBeUndefined();
      expect(s.stats.lpBoundFailed).toBeUndefined();
    }
    expect(met.upperBound).toBe(19);
    expect(proved.status).toBe("optimal");
    expect(weighted.objective).toBe(20);
  });

  for (const kernel of ["exact", "sequential"] as const) {
    it(`${kernel}: reads the schedule out of the kernels' memory before the LP's await, where another solve may run them`, async () => {
      const { engine } = recording({ extra: 2 });
      // while the LP runs, other solves' runs overwrite the kernels' arrays: the same users with their deadlines
      // reversed (another order of runs), then users no exit is accurate enough for (another reason for each)
      const reversed = prepare(handMade(users(20).map((u, i, all) => ({ ...u, deadlineS: all[all.length - 1 - i].deadlineS }))));
      const inaccurate = prepare(handMade(users(20, { minAccuracy: 0.99 })));
      const bound = boundRecorder(
        (served) => served,
        () => {
          real.run(reversed, kernel, Infinity, true);
          real.run(inaccurate, kernel, Infinity, true);
        },
      );
      const plan = { kernel, finalExit: false };
      const solution = await solveOn(engine, withExact({ ...plan, upperBound: bound.source }), TWENTY, 1000);
      const direct = await solveOn(recording().engine, withExact(plan), TWENTY, 1000);
      expect(bound.asked).toHaveLength(1);
      expect(solution.served).toBe(direct.served);
      expect(solution.users).toEqual(direct.users);
      expect(solution.blocks).toEqual(direct.blocks);
    });
  }

  it("a model too large for the LP (users + exits x batch sizes over 1000 columns) is skipped before any await", async () => {
    const bound = boundRecorder((served) => served);
    const plan = { kernel: "greedy" as const, finalExit: false, upperBound: bound.source };
    // 400 users, 2 exits, batches up to 300: 1000 columns, still tried; 401 users: 1001, skipped
    const atLimit = handMade(users(400, { deadlineS: 1 }), { dnn: { exits: TWENTY.dnn.exits, maxBatch: 300 } });
    const over = handMade(users(401, { deadlineS: 1 }), { dnn: { exits: TWENTY.dnn.exits, maxBatch: 300 } });
    const tried = await solveOn(recording({ extra: 1 }).engine, withExact(plan), atLimit, 1000);
    expect(bound.asked).toHaveLength(1);
    expect(tried.stats.lpBoundSkipped).toBeUndefined();
    const skipped = await solveOn(recording({ extra: 1 }).engine, withExact(plan), over, 1000);
    expect(bound.asked).toHaveLength(1);
    expect(skipped.stats.lpBoundSkipped).toBe(1);
  });
});

describe("kernel plans", () => {
  it("the kernel runs on the prepared problem with views of its memory, stopping at the limit or never", async () => {
    const { engine, calls } = recording();
    await solveOn(engine, withExact({ kernel: "bsp", finalExit: false }), TWENTY, 0);
    expect(lastSolvePhases.kernelLimitMs).toBe(0);
    await solveOn(engine, withExact({ kernel: "bsp", finalExit: false }), TWENTY, 1000);
    expect(lastSolvePhases.kernelLimitMs).toBeGreaterThan(0);
    expect(lastSolvePhases.kernelLimitMs).toBeLessThanOrEqual(1000);
    expect(calls.map((c) => [c.kernel, c.views])).toEqual([
      ["bsp", true],
      ["bsp", true],
    ]);
    expect(calls[0].stopAtMs).toBe(Infinity);
    expect(Number.isFinite(calls[1].stopAtMs)).toBe(true);
    expect(calls[0].problem.minExit).toEqual(prepare(TWENTY).minExit);
  });

  it("finalExit: every servable task at the last exit", async () => {
    const { engine, calls } = recording();
    const solution = await solveOn(engine, withExact({ kernel: "bsp", finalExit: true }), TWENTY, 0);
    expect(Array.from(calls[0].problem.minExit)).toEqual(Array(20).fill(2));
    expect(solution.users.filter((u) => u.served).every((u) => u.exit === 2)).toBe(true);
  });

  it("weightedKernel runs instead when some user has a weight", async () => {
    const { engine, calls } = recording();
    const registry = withExact({ kernel: "bsp", finalExit: false, weightedKernel: "exact" });
    await solveOn(engine, registry, TWENTY, 0);
    await solveOn(engine, registry, WEIGHTED, 0);
    expect(calls.map((c) => c.kernel)).toEqual(["bsp", "exact"]);
  });

  it("refusesWeights: a weighted instance is refused naming the algorithm and why; an unweighted one runs", async () => {
    const { engine } = recording();
    const registry = withExact({ kernel: "bsp", finalExit: false, refusesWeights: "its rule keeps counts" });
    const refused = await solveOn(engine, registry, WEIGHTED, 0).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(InputError);
    expect((refused as InputError).issues).toEqual([
      { path: "algorithm", message: "exact does not take users' weights (its rule keeps counts); use exact, which is optimal in weight" },
    ]);
    expect((await solveOn(engine, registry, TWENTY, 0)).served).toBe(19);
    expect(() => refuseWeights("tree", "why", TWENTY)).not.toThrow();
  });

  it("the sequential kernel's schedule is one task at a time, each run naming its user", async () => {
    const { engine } = recording();
    const solution = await solveOn(engine, withExact({ kernel: "sequential", finalExit: false }), handMade(users(3, { deadlineS: 1 })), 0);
    expect(solution.served).toBe(3);
    expect(solution.blocks.every((b) => b.batch === 1 && typeof b.user === "string")).toBe(true);
  });

  it("runKernel copies the schedule out unless asked for views", () => {
    const { engine, calls } = recording();
    const plan = { kernel: "exact" as const, finalExit: false };
    const copied = runKernel(engine, TWENTY, plan, 0);
    runKernel(engine, TWENTY, plan, 0, true);
    expect(calls.map((c) => c.views)).toEqual([false, true]);
    expect(copied.problem.K).toBe(20);
    expect(copied.sequential).toBe(false);
    expect(runKernel(engine, TWENTY, { kernel: "sequential", finalExit: false }, 0).sequential).toBe(true);
  });
});

describe("the times a solve reports", () => {
  it("each is a duration within the call's own", async () => {
    const { engine } = recording({ extra: 3 });
    const bound = boundRecorder((served) => served + 1);
    // solveWith loads its own engine: this entry runs on the recording one, which reports the search cut short
    const entry = kernelAlgorithm("exact", { kernel: "exact", finalExit: false, upperBound: bound.source });
    const registry: AlgorithmRegistry = { ...ALGORITHM_REGISTRY, exact: { run: (instance, _loaded, limitMs) => entry.run(instance, engine, limitMs) } };
    const from = performance.now();
    const solution = await solveWith(registry, TWENTY, { algorithm: "exact", timeLimitMs: 1000 });
    const whole = performance.now() - from;
    const within = (ms: number | undefined) => {
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThanOrEqual(whole);
    };
    within(solution.stats.timeMs);
    within(solution.stats.lpBoundMs);
    const { kernelLimitMs, ...phases } = lastSolvePhases;
    for (const ms of Object.values(phases)) within(ms);
    expect(kernelLimitMs).toBeGreaterThan(0);
    expect(kernelLimitMs).toBeLessThanOrEqual(1000);
    const failed = boundRecorder(() => undefined);
    const before = performance.now();
    const failedSolution = await solveOn(engine, withExact({ kernel: "exact", finalExit: false, upperBound: failed.source }), TWENTY, 1000);
    const failedWhole = performance.now() - before;
    expect(failedSolution.stats.lpBoundMs).toBeGreaterThanOrEqual(0);
    expect(failedSolution.stats.lpBoundMs).toBeLessThanOrEqual(failedWhole);
    const start = performance.now();
    const run = runKernel(engine, TWENTY, { kernel: "exact", finalExit: false }, 0);
    const runWhole = performance.now() - start;
    for (const ms of [run.timeMs, run.prepareMs]) {
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThanOrEqual(runWhole);
    }
  });

  it("lastSolvePhases starts at zero in a fresh process", async () => {
    vi.resetModules();
    const fresh = await import("../bindings/core/solve.js");
    expect(fresh.lastSolvePhases).toEqual({ validateMs: 0, prepareMs: 0, kernelLimitMs: 0, kernelMs: 0, extraMs: 0, buildMs: 0 });
    vi.resetModules();
  });
});

describe("solveWith", () => {
  it("validates, loads the engine asked for and runs the registry's entry", async () => {
    const solution = await solveWith(ALGORITHM_REGISTRY, TWENTY, { algorithm: "greedy", engine: "js" });
    expect([solution.algorithm, solution.engine, solution.served]).toEqual(["greedy", "js", 19]);
    expect(lastSolvePhases.validateMs).toBeGreaterThanOrEqual(0);
    const bad = { ...TWENTY, users: [{ ...TWENTY.users[0], dataBits: -1 }] };
    await expect(solveWith(ALGORITHM_REGISTRY, bad)).rejects.toThrow(/users\[0\]\.dataBits/);
    await expect(solveWith(ALGORITHM_REGISTRY, TWENTY, { algorithm: "fastest" as never })).rejects.toThrow(/algorithm/);
  });
});
