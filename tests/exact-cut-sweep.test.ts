/**
 * exact cut short at every point of its search: with a fake clock that ticks
 * once per call, the stop time picks the exact call at which the run ends, so
 * sweeping it cuts the single search, the count phase's searches, the band
 * phase and the greedy after them, each at every node, deterministically. At
 * every cut the schedule may serve no more than the optimum and the reported
 * upperBound must be at least the optimum, on both engines. (The single search
 * once lost the bounds of the nodes it left open when a cut fell just before
 * its node limit: K=1000 reported 127 with an optimum of 135.)
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Engine, type KernelExports } from "../bindings/core/engine.js";
import { prepare, type PreparedProblem } from "../bindings/core/prepare.js";
import { largeCellInstance } from "../bench/large-cell.js";
import { instantiateFallback } from "../js-fallback/load.js";
import { bruteForce } from "./bruteforce.js";
import { randomInstance, type RandomInstanceOptions } from "./random-instances.js";

type PhasedKernels = KernelExports & { exactOneSearchNodes(nodes: number): void };

/** Both engines on one fake clock: every call to nowMs advances it by `tick` (ms). */
async function fakeClockEngines(tick = 1) {
  const clock = { now: 0 };
  const imports = { env: { nowMs: () => (clock.now += tick) } };
  const bytes = readFileSync(new URL("../build/kernels.wasm", import.meta.url));
  const { instance } = await WebAssembly.instantiate(bytes, imports);
  const kernels = [instance.exports as unknown as PhasedKernels, instantiateFallback(imports) as PhasedKernels];
  const engines = kernels.map((k, i) => ({ kernels: k, engine: new Engine(i === 0 ? "wasm" : "js", k) }));
  /** Run exact, stopping after `stopAt` clock calls; how many calls a run without limit makes, with stopAt Infinity. */
  const run = (engine: Engine, problem: PreparedProblem, stopAt: number) => {
    clock.now = 0;
    const raw = engine.run(problem, "exact", stopAt);
    let served = 0;
    for (const flag of raw.served) served += flag;
    return { served, upperBound: raw.upperBound, optimal: raw.status === "optimal", calls: Math.round(clock.now / tick) };
  };
  return { engines, run };
}

describe("exact cut short at any clock call reports a bound no lower than the optimum", () => {
  it("small random instances, one search and two phases, every cut, both engines", async () => {
    const { engines, run } = await fakeClockEngines();
    const tight: RandomInstanceOptions = { users: [10, 14], exits: [3, 8], deadlines: "tight" };
    const instances = [3041, 1041, 1052].map((seed) => ({ seed, instance: randomInstance(seed, tight) }));
    for (const { seed, instance } of instances) {
      const optimum = bruteForce(instance).served;
      const problem = prepare(instance);
      for (const { engine, kernels } of engines) {
        for (const oneSearchNodes of [-1, 0]) {
          kernels.exactOneSearchNodes(oneSearchNodes);
          const full = run(engine, problem, Infinity);
          expect(full.served, `seed ${seed} ${engine.name}: no limit`).toBe(optimum);
          for (let stopAt = 1; stopAt <= full.calls + 2; stopAt++) {
            const where = `seed ${seed} ${engine.name} oneSearchNodes ${oneSearchNodes}, stop at call ${stopAt}`;
            const cut = run(engine, problem, stopAt);
            expect(cut.served, where).toBeLessThanOrEqual(optimum);
            expect(cut.upperBound, where).toBeGreaterThanOrEqual(optimum);
          }
        }
        kernels.exactOneSearchNodes(-1);
      }
    }
  });

  it("large cell K=1000, N=8 (optimum 135), cuts through the single search and into the phases", async () => {
    const { engines, run } = await fakeClockEngines();
    const problem = prepare(largeCellInstance({ users: 1000, exits: 8, seed: 1 }));
    const optimum = 135;
    for (const { engine } of engines) {
      // The single search's 80 nodes end near call 400: every call from 330 to 470 (every
      // 5th on the js engine, ten times slower), then every 150th up to 3000, into the count phase.
      const every = engine.name === "wasm" ? 1 : 5;
      const near = Array.from({ length: Math.floor(140 / every) + 1 }, (_, i) => 330 + every * i);
      const later = engine.name === "wasm" ? Array.from({ length: 17 }, (_, i) => 600 + 150 * i) : [];
      const stops = [...near, ...later];
      for (const stopAt of stops) {
        const cut = run(engine, problem, stopAt);
        expect(cut.served, `${engine.name}, stop at call ${stopAt}`).toBeLessThanOrEqual(optimum);
        expect(cut.upperBound, `${engine.name}, stop at call ${stopAt}`).toBeGreaterThanOrEqual(optimum);
      }
    }
  }, 60_000);

  it("large cell K=1000, N=8 under a tight limit: cut anywhere, the bound holds, and within 2% once the 2% proof ran", async () => {
    // 0.01 ms a call: a limit of at most 1 s (the greedy first, then the 5% and 2% proofs)
    // that still lets the whole run finish, so the cuts sweep all of it.
    const { engines, run } = await fakeClockEngines(0.01);
    const problem = prepare(largeCellInstance({ users: 1000, exits: 8, seed: 1 }));
    const optimum = 135;
    const within2 = optimum + Math.floor(0.02 * optimum); // the bound the 2% proof leaves: no set of 138
    for (const { engine } of engines) {
      const full = run(engine, problem, 999);
      expect(full.optimal, `${engine.name}: proved within the limit`).toBe(true);
      expect(full.served).toBe(optimum);
      const bounds: number[] = [];
      const step = engine.name === "wasm" ? 1 : 5; // the js engine is ten times slower
      for (let percent = step; percent <= 100; percent += step) {
        const stopAt = (full.calls * 0.01 * percent) / 100;
        const cut = run(engine, problem, stopAt);
        const where = `${engine.name}, stop at ${percent}% of the run's clock calls`;
        expect(cut.served, where).toBeLessThanOrEqual(optimum);
        expect(cut.upperBound, where).toBeGreaterThanOrEqual(optimum);
        bounds.push(cut.upperBound);
      }
      // Before the count is proved there are cuts whose bound the 2% proof set, and none after them is looser.
      const first = bounds.findIndex((b) => b > optimum && b <= within2);
      expect(first, `${engine.name}: bounds ${bounds.join(" ")}`).toBeGreaterThanOrEqual(0);
      expect(Math.max(...bounds.slice(first)), `${engine.name}: bounds ${bounds.join(" ")}`).toBeLessThanOrEqual(within2);
    }
  }, 60_000);
});
