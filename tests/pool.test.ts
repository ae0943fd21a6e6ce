// The solver pool on real worker threads: the same Solutions as solve(),
// cancellation that stops even a search without a time limit, and errors that
// keep their classes across the thread boundary.
import { MessageChannel } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSolverPool, type SolverPool } from "../bindings/pool/node-pool.js";
import { createSolverPool as browserPool } from "../bindings/pool/browser-pool.js";
import * as nodeRoot from "../bindings/node.js";
import * as browserRoot from "../bindings/index.js";
import { errorFromWire, errorToWire } from "../bindings/pool/wire-error.js";
import { solve } from "../bindings/algorithms/solve.js";
import { InputError, InstanceError } from "../bindings/core/errors.js";
import { HighsError } from "../bindings/highs/highs.js";
import { generateInstance } from "../bindings/scenarios/generate.js";
import type { Algorithm, Solution } from "../bindings/core/types.js";

/** Solutions compare equal except for how long the solver took. */
function withoutTimes(solution: Solution): Solution {
  const stats = { ...solution.stats };
  delete (stats as Record<string, unknown>).timeMs;
  delete stats.lpBoundMs;
  return { ...solution, stats };
}

/** Settles when `promise` does; the milliseconds from `from` to then, and the error it rejected with. */
async function rejection(promise: Promise<unknown>, from: () => number): Promise<{ error: unknown; afterMs: number }> {
  try {
    await promise;
  } catch (error) {
    return { error, afterMs: performance.now() - from() };
  }
  throw new Error("expected the promise to reject");
}

let pool: SolverPool;
beforeAll(() => {
  pool = createSolverPool({ workers: 2 });
});
afterAll(() => pool.close());

describe("pool.solve returns what solve() returns", () => {
  const cases: Array<{ users: number; seed: number; algorithm: Algorithm }> = [];
  const fast: Algorithm[] = ["exact", "greedy", "bsp", "no-early-exit", "no-batching", "conventional"];
  for (const users of [0, 1, 12, 60, 150]) {
    for (const seed of [1, 2, 3]) for (const algorithm of fast) cases.push({ users, seed, algorithm });
  }
  cases.push({ users: 14, seed: 4, algorithm: "tree" }, { users: 8, seed: 5, algorithm: "milp" });

  it(`on ${cases.length} instance and algorithm pairs`, async () => {
    const results = await Promise.all(
      cases.map(async ({ users, seed, algorithm }) => {
        const instance = generateInstance({ users, seed });
        const options = { algorithm, engine: "wasm" as const, timeLimitMs: 0 };
        return { label: `${algorithm} K=${users} seed ${seed}`, pooled: await pool.solve(instance, options), direct: await solve(instance, options) };
      }),
    );
    for (const { label, pooled, direct } of results) expect(withoutTimes(pooled), label).toEqual(withoutTimes(direct));
  });

  it("on the JS engine too", async () => {
    const instance = generateInstance({ users: 60, seed: 9 });
    const options = { algorithm: "exact" as const, engine: "js" as const };
    expect(withoutTimes(await pool.solve(instance, options))).toEqual(withoutTimes(await solve(instance, options)));
  });
});

describe("cancellation", () => {
  // tree does not finish the default scenario in 10 s, so without a time limit only the abort can end it.
  const hard = generateInstance({ seed: 1 });

  it("rejects with an AbortError within 500 ms, and a one-worker pool still solves afterwards", async () => {
    const single = createSolverPool({ workers: 1 });
    try {
      const controller = new AbortController();
      const running = single.solve(hard, { algorithm: "tree", timeLimitMs: 0, signal: controller.signal });
      // Long enough for the worker to be deep in the search, whatever the machine's load.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      let abortedAt = 0;
      const settled = rejection(running, () => abortedAt);
      abortedAt = performance.now();
      controller.abort();
      const { error, afterMs } = await settled;
      expect((error as Error).name).toBe("AbortError");
      // The bound the issue sets; the pool rejects on the abort event itself, so this has a wide margin.
      expect(afterMs).toBeLessThan(500);
      expect(single.pending).toBe(0);

      // Its only worker was stuck in a search with no end: if it had not been replaced, this would never finish.
      const instance = generateInstance({ users: 30, seed: 2 });
      expect(withoutTimes(await single.solve(instance, { algorithm: "exact" }))).toEqual(withoutTimes(await solve(instance, { algorithm: "exact" })));
    } finally {
      await single.close();
    }
  });

  it("a signal aborted before the call rejects at once and starts nothing", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(pool.solve(hard, { algorithm: "tree", timeLimitMs: 0, signal: controller.signal })).rejects.toMatchObject({ name: "AbortError" });
    expect(pool.pending).toBe(0);
  });

  it("cancelling never fails another solve: the waiting ones run on the replacement worker", async () => {
    const single = createSolverPool({ workers: 1 });
    try {
      const first = new AbortController();
      const queuedAndCancelled = new AbortController();
      const running = single.solve(hard, { algorithm: "tree", timeLimitMs: 0, signal: first.signal }).catch((e: unknown) => e);
      const instance = generateInstance({ users: 30, seed: 5 });
      const waiting = single.solve(instance, { algorithm: "exact" });
      const alsoWaiting = single.solve(hard, { algorithm: "tree", timeLimitMs: 0, signal: queuedAndCancelled.signal }).catch((e: unknown) => e);
      const last = single.solve(instance, { algorithm: "greedy" });
      expect(single.pending).toBe(4);
      await new Promise((resolve) => setTimeout(resolve, 300));
      // One cancel of a waiting solve, one of the running solve (its worker is terminated).
      queuedAndCancelled.abort();
      first.abort();
      expect(((await running) as Error).name).toBe("AbortError");
      expect(((await alsoWaiting) as Error).name).toBe("AbortError");
      expect(withoutTimes(await waiting)).toEqual(withoutTimes(await solve(instance, { algorithm: "exact" })));
      expect((await last).algorithm).toBe("greedy");
      expect(single.pending).toBe(0);
    } finally {
      await single.close();
    }
  });

  it("a solve that ends before the abort is not affected by it", async () => {
    const controller = new AbortController();
    const solution = await pool.solve(generateInstance({ users: 20, seed: 3 }), { algorithm: "greedy", signal: controller.signal });
    controller.abort();
    expect(solution.served).toBeGreaterThan(0);
  });
});

describe("errors keep their types", () => {
  it("a bad instance rejects with an InstanceError and the same issues as solve()", async () => {
    const bad = generateInstance({ users: 5, seed: 1 });
    (bad.users[3] as { deadlineS: number }).deadlineS = -0.1;
    const direct = await solve(bad).catch((e: unknown) => e);
    const pooled = await pool.solve(bad).catch((e: unknown) => e);
    expect(direct).toBeInstanceOf(InstanceError);
    expect(pooled).toBeInstanceOf(InstanceError);
    expect((pooled as InstanceError).issues).toEqual((direct as InstanceError).issues);
    expect((pooled as InstanceError).issues).toContainEqual({ path: "users[3].deadlineS", message: "must be a positive number, got -0.1" });
    expect((pooled as Error).message).toBe((direct as Error).message);
  });

  it("a bad option rejects with an InputError naming it", async () => {
    const pooled = await pool.solve(generateInstance({ users: 5 }), { algorithm: "fastest" as Algorithm }).catch((e: unknown) => e);
    expect(pooled).toBeInstanceOf(InputError);
    expect((pooled as InputError).issues[0].path).toBe("algorithm");
  });

  it("a HighsError survives structured cloning as a HighsError", async () => {
    // The same clone a worker's reply goes through; a real HiGHS failure cannot be provoked inside a worker from here.
    const { port1, port2 } = new MessageChannel();
    const received = new Promise<unknown>((resolve) => port2.once("message", resolve));
    port1.postMessage(errorToWire(new HighsError("HiGHS: model status Solve error")));
    const error = errorFromWire((await received) as ReturnType<typeof errorToWire>);
    port1.close();
    port2.close();
    expect(error).toBeInstanceOf(HighsError);
    expect(error.message).toBe("HiGHS: model status Solve error");
  });

  it("close() rejects the solves still running or waiting, and ends a search without a time limit", async () => {
    const closing = createSolverPool({ workers: 1 });
    const hard = generateInstance({ seed: 1 });
    const running = closing.solve(hard, { algorithm: "tree", timeLimitMs: 0 }).catch((e: unknown) => e);
    const waiting = closing.solve(generateInstance({ users: 5 })).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await closing.close();
    expect(((await running) as Error).message).toBe("the solver pool was closed before this solve finished");
    expect(((await waiting) as Error).message).toBe("the solver pool was closed before this solve finished");
    expect(closing.pending).toBe(0);
  });

  it("rejects bad pool options and solves after close", async () => {
    expect(() => createSolverPool({ workers: 0 })).toThrow(/workers: must be an integer from 1 to 64, got 0/);
    const closing = createSolverPool({ workers: 1 });
    await closing.close();
    await expect(closing.solve(generateInstance({ users: 5 }))).rejects.toThrow("the solver pool is closed");
  });
});

describe("the package roots", () => {
  it("export the worker-thread pool to Node and the Web Worker pool to browsers, under one name", () => {
    expect(nodeRoot.createSolverPool).toBe(createSolverPool);
    expect(browserRoot.createSolverPool).toBe(browserPool);
  });
});
