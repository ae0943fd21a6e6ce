// createSolverPool for Node (pool/node-pool.ts) on real worker threads, with
// small instances: the worker count, Solutions equal to solve()'s, errors that
// keep their class, cancellation, and close(). tests/pool.test.ts covers many
// more instances and algorithms, and the browser root.
import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { solve } from "../bindings/algorithms/solve.js";
import { InputError, InstanceError } from "../bindings/core/errors.js";
import type { Solution } from "../bindings/core/types.js";
import { createSolverPool } from "../bindings/pool/node-pool.js";
import { generateInstance } from "../bindings/scenarios/generate.js";

const withoutTimes = (solution: Solution) => ({ ...solution, stats: { ...solution.stats, timeMs: 0 } });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as Error,
  );
// tree does not finish the default scenario without a time limit: only a cancel or close ends it.
const endless = generateInstance({ seed: 1 });

describe("the Node solver pool", () => {
  it("one worker per core by default, or as many as asked; a bad count is refused", async () => {
    const byDefault = createSolverPool();
    const three = createSolverPool({ workers: 3 });
    try {
      expect(byDefault.workers).toBe(availableParallelism());
      expect(three.workers).toBe(3);
      expect(() => createSolverPool({ workers: 65 })).toThrow(InputError);
    } finally {
      await Promise.all([byDefault.close(), three.close()]);
    }
  });

  it("solves as solve() does, with the options given, and counts what it holds", async () => {
    const pool = createSolverPool({ workers: 1 });
    try {
      const instance = generateInstance({ users: 12, seed: 3 });
      const first = pool.solve(instance, { algorithm: "greedy" });
      const second = pool.solve(instance);
      expect(pool.pending).toBe(2);
      const [greedy, exact] = await Promise.all([first, second]);
      expect(pool.pending).toBe(0);
      expect(greedy.algorithm).toBe("greedy");
      expect(withoutTimes(greedy)).toEqual(withoutTimes(await solve(instance, { algorithm: "greedy" })));
      expect(withoutTimes(exact)).toEqual(withoutTimes(await solve(instance)));
    } finally {
      await pool.close();
    }
  });

  it("a bad instance rejects with an InstanceError carrying the issues", async () => {
    const pool = createSolverPool({ workers: 1 });
    try {
      const bad = generateInstance({ users: 3, seed: 1 });
      (bad.users[1] as { dataBits: number }).dataBits = 0;
      const error = await failure(pool.solve(bad));
      expect(error).toBeInstanceOf(InstanceError);
      expect((error as InstanceError).issues).toContainEqual({ path: "users[1].dataBits", message: "must be a positive number, got 0" });
    } finally {
      await pool.close();
    }
  });

  it("a cancelled search rejects with an AbortError and its worker is replaced", async () => {
    const pool = createSolverPool({ workers: 1 });
    try {
      const controller = new AbortController();
      const running = failure(pool.solve(endless, { algorithm: "tree", timeLimitMs: 0, signal: controller.signal }));
      controller.abort();
      expect((await running)?.name).toBe("AbortError");
      const after = await pool.solve(generateInstance({ users: 5, seed: 2 }), { algorithm: "greedy" });
      expect(after.algorithm).toBe("greedy");
    } finally {
      await pool.close();
    }
  });

  it("close() rejects what is running or waiting, and every later solve", async () => {
    const pool = createSolverPool({ workers: 1 });
    const running = failure(pool.solve(endless, { algorithm: "tree", timeLimitMs: 0 }));
    const waiting = failure(pool.solve(generateInstance({ users: 5 })));
    await pool.close();
    expect((await running)?.message).toBe("the solver pool was closed before this solve finished");
    expect((await waiting)?.message).toBe("the solver pool was closed before this solve finished");
    expect(pool.pending).toBe(0);
    const after = await failure(pool.solve(generateInstance({ users: 5 })));
    expect(after).toBeInstanceOf(Error);
    expect(after?.message).toBe("the solver pool is closed");
  });
});
