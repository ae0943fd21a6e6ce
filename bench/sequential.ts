/**
 * Speed of the exact sequential kernel (no-batching, conventional), apart
 * from the suite: `npm run bench:sequential [-- --seeds 20 --reps 5]`.
 *
 * Instances: docs/model.md's default scenario (generateInstance, msdnet5-edge-like)
 * with K = 60 (the default), 100, 200 and 500 users, seeds 1..S. Each seed is
 * solved once to warm up, then `reps` times; a seed's time is its median, and
 * the table gives the median and the worst over seeds of Solution.stats.timeMs
 * (the kernel run), with the search's intervals and whether every run was
 * proved optimal. The targets: default scenario <= 5 ms, K = 200 <= 50 ms.
 * With --weights every user weighs uniform in [0.25, 5] (seeded as in
 * bench:weights) and the table goes to its own section.
 * Writes its table into docs/performance.md (unless --no-docs).
 */
import { Command } from "commander";
import { solve } from "../bindings/algorithms/solve.js";
import type { Instance } from "../bindings/core/types.js";
import { generateInstance } from "../bindings/scenarios/generate.js";
import { Random } from "../bindings/scenarios/random.js";
import { summarize } from "./stats.js";
import { currentMachine, machineLine, writeSection } from "./docs-page.js";

const program = new Command("bench:sequential")
  .option("--seeds <n>", "seeds per K", "10")
  .option("--reps <n>", "timed runs per seed after a warm-up", "5")
  .option("--ks <list>", "numbers of users", "60,100,200,500")
  .option("--engines <list>", "wasm and/or js", "wasm,js")
  .option("--weights", "users weigh uniform in [0.25, 5] (seeded)")
  .option("--no-docs", "leave docs/performance.md as it is")
  .parse();
const options = program.opts<{ seeds: string; reps: string; ks: string; engines: string; weights?: boolean; docs: boolean }>();
const machine = currentMachine();
const startedAt = new Date();
const seeds = Number(options.seeds);
const reps = Number(options.reps);
const ks = options.ks.split(",").map(Number);
const engines = options.engines.split(",") as ("wasm" | "js")[];

/** With --weights, the instance with every user weighing uniform in [0.25, 5], as bench:weights draws them. */
function withWeights(instance: Instance, seed: number): Instance {
  if (!options.weights) return instance;
  const random = new Random(seed * 7919 + 17);
  return { ...instance, users: instance.users.map((u) => ({ ...u, weight: random.uniform(0.25, 5) })) };
}

const rows: string[][] = [];
for (const users of ks) {
  const instances = Array.from({ length: seeds }, (_, i) => withWeights(generateInstance({ users, seed: i + 1 }), i + 1));
  for (const algorithm of ["no-batching", "conventional"] as const) {
    for (const engine of engines) {
      const perSeed: number[] = [];
      const intervals: number[] = [];
      const served: number[] = [];
      let proved = true;
      for (const instance of instances) {
        const times: number[] = [];
        for (let r = 0; r <= reps; r++) {
          const solution = await solve(instance, { algorithm, engine, timeLimitMs: 60_000 });
          if (r > 0) times.push(solution.stats.timeMs);
          if (r === 0) {
            intervals.push(solution.stats.nodes ?? 0);
            served.push(solution.served);
            proved &&= solution.status === "optimal";
          }
        }
        perSeed.push(summarize(times).median);
      }
      const time = summarize(perSeed);
      rows.push([
        String(users),
        algorithm,
        engine,
        time.median.toFixed(2),
        time.max.toFixed(2),
        summarize(intervals).median.toFixed(0),
        summarize(served).median.toFixed(0),
        proved ? "yes" : "NO",
      ]);
      console.error(`K=${users} ${algorithm} ${engine}: median ${time.median.toFixed(2)} ms`);
    }
  }
}
const header = ["K", "algorithm", "engine", "median ms", "worst ms", "intervals (median)", "served (median)", "all optimal"];
const table = [`| ${header.join(" | ")} |`, `|${header.map(() => " --- ").join("|")}|`, ...rows.map((row) => `| ${row.join(" | ")} |`)].join("\n");
const note = `${seeds} seeds per K, median of ${reps} runs per seed after one warm-up (Solution.stats.timeMs); "worst ms" is the slowest seed's median.${options.weights ? " Weights uniform in [0.25, 5]." : ""}`;
console.log(`${table}\n\n${note}`);
if (options.docs) {
  const argv = process.argv.slice(2);
  const command = ["npm run bench:sequential", ...(argv.length > 0 ? ["--", ...argv] : [])].join(" ");
  const path = await writeSection(
    options.weights ? "sequential-weights" : "sequential",
    [machineLine(command, startedAt, machine), "", table, "", note].join("\n"),
  );
  console.error(`Wrote the table into ${path}`);
}
