/**
 * exact with users' weights cut short at every point of its search: with a
 * fake clock that ticks once per call, the stop time picks the exact call at
 * which the run ends, so sweeping it cuts the search at every node, inside
 * the box tightening, the bounds, the caps search and the leaves' own search
 * (with the caps search off), deterministically. At every cut the schedule
 * may serve no more weight than the optimum and the reported weight bound
 * must be at least the optimum's weight, on both engines.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Engine, type KernelExports } from "../bindings/core/engine.js";
import { prepare, type PreparedProblem } from "../bindings/core/prepare.js";
import { instantiateFallback } from "../js-fallback/load.js";
import { bruteForce } from "./bruteforce.js";
import { weightedInstance } from "./helpers/weighted-instances.js";
import type { RandomInstanceOptions } from "./random-instances.js";

type WeightedKernels = KernelExports & { exactCapsSearchSteps(steps: number): void };

/** Both engines on one fake clock: every call to nowMs advances it by one. */
async function fakeClockEngines() {
  const clock = { now: 0 };
  const imports = { env: { nowMs: () => ++clock.now } };
  const bytes = readFileSync(new URL("../build/kernels.wasm", import.meta.url));
  const { instance } = await WebAssembly.instantiate(bytes, imports);
  const kernels = [instance.exports as unknown as WeightedKernels, instantiateFallback(imports) as WeightedKernels];
  const engines = kernels.map((k, i) => ({ kernels: k, engine: new Engine(i === 0 ? "wasm" : "js", k) }));
  /** Run exact, stopping after `stopAt` clock calls; how many calls a run without limit makes, with stopAt Infinity. */
  const run = (engine: Engine, problem: PreparedProblem, stopAt: number) => {
    clock.now = 0;
    const raw = engine.run(problem, "exact", stopAt);
    let weight = 0;
    raw.served.forEach((flag, k) => {
      if (flag) weight += problem.weight[k];
    });
    return { weight, weightBound: raw.weightBound, optimal: raw.status === "optimal", calls: clock.now };
  };
  return { engines, run };
}

describe("exact with weights cut short at any clock call reports a weight bound no lower than the optimum's", () => {
  it("small random weighted instances, every cut, caps search on and off, both engines", async () => {
    const { engines, run } = await fakeClockEngines();
    const hard: RandomInstanceOptions = { users: [10, 12], exits: [2, 6], deadlines: "tight", bandwidth: "tight" };
    const instances = [
      ...[3, 7, 11].map((seed) => ({ seed, instance: weightedInstance(seed) })),
      ...[1001, 1004, 1009].map((seed) => ({ seed, instance: weightedInstance(seed, hard) })),
    ];
    let cuts = 0;
    for (const { seed, instance } of instances) {
      const optimum = bruteForce(instance).weight;
      const problem = prepare(instance);
      for (const { engine, kernels } of engines) {
        for (const capsSearchSteps of [-1, 0]) {
          kernels.exactCapsSearchSteps(capsSearchSteps);
          const full = run(engine, problem, Infinity);
          const label = `seed ${seed} ${engine.name} capsSearchSteps ${capsSearchSteps}`;
          expect(full.optimal, `${label}: no limit`).toBe(true);
          expect(Math.abs(full.weight - optimum), `${label}: no limit`).toBeLessThanOrEqual(1e-9 * optimum);
          for (let stopAt = 1; stopAt <= full.calls + 2; stopAt++) {
            const where = `${label}, stop at call ${stopAt}`;
            const cut = run(engine, problem, stopAt);
            expect(cut.weight, where).toBeLessThanOrEqual(optimum * (1 + 1e-9));
            expect(cut.weightBound, where).toBeGreaterThanOrEqual(optimum * (1 - 1e-9));
            cuts++;
          }
        }
        kernels.exactCapsSearchSteps(-1);
      }
    }
    expect(cuts).toBeGreaterThan(100);
  });
});
