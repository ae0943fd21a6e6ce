/**
 * Time limits at a million users (README "Time limits on large inputs"): the
 * whole solve() with a 1000 ms limit, one process per family, every algorithm
 * but milp in turn (the first also pays for growing the kernels' memory and
 * for running code V8 has not optimised yet). Prints Markdown rows:
 * algorithm | whole solve() ms | kernel ms | served | bound.
 *
 *   npx tsx bench/million.ts l|d [users] [limitMs] [algorithms]   (l: large cell, d: default scenario)
 */
import { solve } from "../bindings/core/solve.js";
import { validateInstance } from "../bindings/core/validate.js";
import { largeCellInstance } from "../bench/large-cell.js";
import { generateInstance } from "../bindings/scenarios/generate.js";
const fam = process.argv[2] ?? "l";
const K = Number(process.argv[3] ?? 1e6);
const limit = Number(process.argv[4] ?? 1000);
const algs = (process.argv[5] ?? "greedy,exact,tree,bsp,no-early-exit,no-batching,conventional").split(",");
const inst = fam === "l" ? largeCellInstance({ users: K, exits: 5, seed: 1 }) : generateInstance({ users: K, seed: 1 });
let t = performance.now(); validateInstance(inst); const v = performance.now() - t;
console.log(`${fam === "l" ? "large cell (affine, no maxBatch)" : "generated (default scenario)"} K=${K} limit ${limit} ms: validation alone ${v.toFixed(0)} ms`);
for (const a of algs) {
  t = performance.now();
  const s = await solve(inst, { algorithm: a as any, engine: "wasm", timeLimitMs: limit });
  const total = performance.now() - t;
  console.log(`| ${a} | ${total.toFixed(0)} | ${s.stats.timeMs.toFixed(0)} | ${s.served} | ${s.upperBound} |`);
}
