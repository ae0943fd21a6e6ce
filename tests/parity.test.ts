/**
 * The WASM engine and the JS fallback return identical schedules: the same
 * served users, exits, bit-identical bandwidths, tau, timeline, status and
 * bound, for every kernel algorithm (milp runs on HiGHS, not on the kernels).
 */
import { describe, expect, it } from "vitest";
import { solve } from "../bindings/algorithms/solve.js";
import type { Instance, Solution } from "../bindings/core/types.js";
import { KERNEL_ALGORITHMS, seedRange } from "./helpers/schemes.js";
import { generateInstance } from "../bindings/scenarios/generate.js";
import { Random } from "../bindings/scenarios/random.js";
import { checkSolution } from "./checker.js";
import { randomInstance } from "./random-instances.js";

/** Differences between two solutions, ignoring which engine ran and how long it took. */
function differences(wasm: Solution, js: Solution): string[] {
  const found: string[] = [];
  const same = (path: string, a: unknown, b: unknown) => {
    if (!Object.is(a, b)) found.push(`${path}: wasm ${String(a)}, js ${String(b)}`);
  };
  for (const key of ["algorithm", "status", "served", "upperBound", "throughputPerS", "tauS", "bandwidthUsedHz"] as const) {
    same(key, wasm[key], js[key]);
  }
  same("stats.nodes", wasm.stats.nodes, js.stats.nodes);
  same("blocks.length", wasm.blocks.length, js.blocks.length);
  wasm.blocks.forEach((run, i) => {
    for (const key of ["block", "batch", "startS", "endS", "user"] as const) same(`blocks[${i}].${key}`, run[key], js.blocks[i]?.[key]);
  });
  same("users.length", wasm.users.length, js.users.length);
  wasm.users.forEach((user, i) => {
    for (const key of ["id", "served", "exit", "bandwidthHz", "uploadS", "completionS", "deadlineS", "reason"] as const) {
      same(`users[${i}].${key}`, user[key], js.users[i]?.[key]);
    }
  });
  return found;
}

async function expectSameOnBothEngines(instance: Instance, label: string, algorithms: readonly (typeof KERNEL_ALGORITHMS)[number][]): Promise<void> {
  for (const algorithm of algorithms) {
    const wasm = await solve(instance, { algorithm, engine: "wasm" });
    const js = await solve(instance, { algorithm, engine: "js" });
    expect(wasm.engine).toBe("wasm");
    expect(js.engine).toBe("js");
    expect(differences(wasm, js), `${algorithm} ${label}`).toEqual([]);
  }
}

describe("WASM and JS engines agree bit for bit", () => {
  it("on small instances, every kernel algorithm", async () => {
    for (const seed of seedRange(1, 150)) {
      await expectSameOnBothEngines(randomInstance(seed), `seed ${seed}`, KERNEL_ALGORITHMS);
    }
  });

  it("on larger instances (K 15..60), every kernel algorithm but tree", async () => {
    // tree on these sizes needs a time limit, and where a clock stops a search the two engines may stop at different nodes.
    const algorithms = KERNEL_ALGORITHMS.filter((a) => a !== "tree");
    for (const seed of seedRange(5001, 5025)) {
      await expectSameOnBothEngines(randomInstance(seed, { users: [15, 60] }), `seed ${seed} K 15..60`, algorithms);
    }
  });

  it("with weights from 200 users (exact starts from the greedy by count, re-chosen by weight)", async () => {
    for (const seed of seedRange(1, 3)) {
      const generated = generateInstance({ users: 250, seed });
      const random = new Random(seed);
      const instance = { ...generated, users: generated.users.map((u) => ({ ...u, weight: random.uniform(0.25, 5) })) };
      await expectSameOnBothEngines(instance, `weighted K 250 seed ${seed}`, ["exact", "greedy"]);
      const solution = await solve(instance, { algorithm: "exact", engine: "js" });
      expect(checkSolution(instance, solution), `weighted K 250 seed ${seed}`).toEqual([]);
      expect(solution.status).toBe("optimal");
    }
  });
});
