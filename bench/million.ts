/**
 * Time limits at a million users (docs/performance.md, "Time limits on large inputs"): the
 * whole solve() with a 1000 ms limit, one process per family and engine, every
 * algorithm but milp in turn (the first also pays for growing the kernels'
 * memory and for running code V8 has not optimised yet). Prints Markdown rows:
 * algorithm | whole solve() ms | past limit + validation ms | kernel ms | served | bound,
 * and with --phases a second pass that times each phase of the same pipeline
 * (validate, prepare, setup + copy in, kernel, copy out, build the Solution).
 *
 *   npx tsx bench/million.ts l|d [users] [limitMs] [algorithms] [wasm|js] [--phases | --phases-only]
 *   (l: large cell, affine latency, no maxBatch; d: default scenario via generateInstance)
 */
import { runKernel, lastSolvePhases as ph } from "../bindings/core/solve.js";
import { solve } from "../bindings/algorithms/solve.js";
import { ALGORITHM_REGISTRY } from "../bindings/algorithms/registry.js";
import { validateInstance } from "../bindings/core/validate.js";
import { loadEngine } from "../bindings/core/engine.js";
import { buildSolution } from "../bindings/core/solution.js";
import { largeCellInstance } from "../bench/large-cell.js";
import { generateInstance } from "../bindings/scenarios/generate.js";
import type { Algorithm } from "../bindings/core/types.js";

const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const phasesOnly = process.argv.includes("--phases-only");
const phases = phasesOnly || process.argv.includes("--phases");
const fam = args[0] ?? "l";
const K = Number(args[1] ?? 1e6);
const limit = Number(args[2] ?? 1000);
const algs = (args[3] ?? "greedy,exact,tree,bsp,no-early-exit,no-batching,conventional").split(",") as Exclude<Algorithm, "milp">[];
const engineName = (args[4] ?? "wasm") as "wasm" | "js";
const inst = fam === "l" ? largeCellInstance({ users: K, exits: 5, seed: 1 }) : generateInstance({ users: K, seed: 1 });
let t = performance.now();
validateInstance(inst);
const v = performance.now() - t;
console.log(
  `${fam === "l" ? "large cell (affine, no maxBatch)" : "generated (default scenario)"} K=${K} limit ${limit} ms, ${engineName}: validation alone ${v.toFixed(0)} ms`,
);
console.log(
  "| algorithm | whole solve() ms | validation ms | past limit + validation ms | prepare ms | kernel limit ms | kernel ms (with copies) | LP bound ms | build Solution ms | served | bound |",
);
for (const a of phasesOnly ? [] : algs) {
  t = performance.now();
  const s = await solve(inst, { algorithm: a, engine: engineName, timeLimitMs: limit });
  const total = performance.now() - t;
  const vt = ph.validateMs; // solve()'s own validation, which the target leaves out
  const f = (x: number) => x.toFixed(0);
  console.log(
    `| ${a} | ${f(total)} | ${f(vt)} | ${f(total - vt - limit)} | ${f(ph.prepareMs)} | ${f(ph.kernelLimitMs)} | ${f(ph.kernelMs)} | ${f(ph.extraMs)} | ${f(ph.buildMs)} | ${s.served} | ${s.upperBound} |`,
  );
}
if (phases) {
  // The same pipeline as solve(), each phase timed; the kernel's setup and run are wrapped.
  const engine = await loadEngine(engineName);
  const k = (engine as any).kernels;
  const times: Record<string, number> = {};
  const wrap = (name: string) => {
    const f = k[name];
    (engine as any).kernels = {
      ...(engine as any).kernels,
      [name]: (...x: number[]) => {
        const s = performance.now();
        const r = f(...x);
        times[name] = performance.now() - s;
        return r;
      },
    };
  };
  wrap("setup");
  wrap("run");
  console.log("| algorithm | validate | prepare | setup | copy in + kernel + copy out | of which kernel run | build Solution | total |");
  for (const a of algs) {
    const t0 = performance.now();
    const instance = validateInstance(inst);
    const t1 = performance.now();
    const r = runKernel(engine, instance, ALGORITHM_REGISTRY[a].kernel!, limit);
    const t2 = performance.now();
    buildSolution(instance, r.problem, r.raw, { algorithm: a, engine: engine.name, sequential: r.sequential, timeMs: r.timeMs });
    const t3 = performance.now();
    const prep = (r as any).prepareMs ?? NaN;
    console.log(
      `| ${a} | ${(t1 - t0).toFixed(0)} | ${prep.toFixed?.(0)} | ${times.setup.toFixed(0)} | ${r.timeMs.toFixed(0)} | ${times.run.toFixed(0)} | ${(t3 - t2).toFixed(0)} | ${(t3 - t0).toFixed(0)} |`,
    );
  }
}
