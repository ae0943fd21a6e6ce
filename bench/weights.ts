/**
 * What users' weights cost exact: `npm run bench:weights [-- --seeds 5 --reps 3]`.
 *
 * Instances: docs/model.md's default scenario (generateInstance) with K = 60
 * (the default) and 1000 users, seeds 1..S, solved as generated and with
 * every user given a weight uniform in [0.25, 5] (seeded). Each instance is
 * solved once to warm up, then `reps` times; a seed's time is its median of
 * the CPU time of solve() (process.cpuUsage: on a loaded machine wall-clock
 * times are noise; validation and building the Solution included). The table gives per K the median
 * over seeds with and without weights, their ratio, the nodes, and how many
 * seeds were proved optimal within the limit (the target: weights within 2x).
 * Writes its table into docs/performance.md (unless --no-docs).
 */
import { Command } from "commander";
import { solve } from "../bindings/algorithms/solve.js";
import type { Instance } from "../bindings/core/types.js";
import { generateInstance } from "../bindings/scenarios/generate.js";
import { Random } from "../bindings/scenarios/random.js";
import { summarize } from "./stats.js";
import { currentMachine, machineLine, writeSection } from "./docs-page.js";

const program = new Command("bench:weights")
  .option("--seeds <n>", "seeds per K", "5")
  .option("--reps <n>", "timed runs per seed after a warm-up", "3")
  .option("--ks <list>", "numbers of users", "60,1000")
  .option("--time-limit-ms <ms>", "each solve's limit", "5000")
  .option("--no-docs", "leave docs/performance.md as it is")
  .parse();
const options = program.opts<{ seeds: string; reps: string; ks: string; timeLimitMs: string; docs: boolean }>();
const machine = currentMachine();
const startedAt = new Date();
const seeds = Number(options.seeds);
const reps = Number(options.reps);
const timeLimitMs = Number(options.timeLimitMs);

function weighted(instance: Instance, seed: number): Instance {
  const random = new Random(seed * 7919 + 17);
  return { ...instance, users: instance.users.map((u) => ({ ...u, weight: random.uniform(0.25, 5) })) };
}

async function timed(instance: Instance): Promise<{ ms: number; nodes: number; optimal: boolean }> {
  const times: number[] = [];
  let first = { nodes: 0, optimal: false };
  for (let r = 0; r <= reps; r++) {
    const cpu = process.cpuUsage();
    const solution = await solve(instance, { algorithm: "exact", engine: "wasm", timeLimitMs });
    const used = process.cpuUsage(cpu);
    if (r > 0) times.push((used.user + used.system) / 1e3);
    else first = { nodes: solution.stats.nodes ?? 0, optimal: solution.status === "optimal" };
  }
  return { ms: summarize(times).median, ...first };
}

const rows: string[][] = [];
for (const users of options.ks.split(",").map(Number)) {
  const plain = { ms: [] as number[], nodes: [] as number[], proved: 0 };
  const heavy = { ms: [] as number[], nodes: [] as number[], proved: 0 };
  for (let seed = 1; seed <= seeds; seed++) {
    const instance = generateInstance({ users, seed });
    for (const [into, input] of [
      [plain, instance],
      [heavy, weighted(instance, seed)],
    ] as const) {
      const t = await timed(input);
      into.ms.push(t.ms);
      into.nodes.push(t.nodes);
      if (t.optimal) into.proved++;
    }
  }
  const a = summarize(plain.ms).median;
  const b = summarize(heavy.ms).median;
  rows.push([
    String(users),
    a.toFixed(1),
    b.toFixed(1),
    `${(b / a).toFixed(1)}x`,
    `${summarize(plain.nodes).median.toFixed(0)} / ${summarize(heavy.nodes).median.toFixed(0)}`,
    `${plain.proved} / ${heavy.proved} of ${seeds}`,
  ]);
  console.error(`K=${users}: ${a.toFixed(1)} ms without weights, ${b.toFixed(1)} ms with`);
}
const header = ["K", "exact CPU ms (median)", "with weights CPU ms", "ratio", "nodes (median) without / with", "proved optimal without / with"];
const table = [`| ${header.join(" | ")} |`, `|${header.map(() => " --- ").join("|")}|`, ...rows.map((row) => `| ${row.join(" | ")} |`)].join("\n");
const note = `${seeds} seeds per K, WASM engine, limit ${timeLimitMs} ms, median of ${reps} runs per seed after one warm-up (CPU time of solve(), process.cpuUsage); weights uniform in [0.25, 5].`;
console.log(`${table}\n\n${note}`);
if (options.docs) {
  const argv = process.argv.slice(2);
  const command = ["npm run bench:weights", ...(argv.length > 0 ? ["--", ...argv] : [])].join(" ");
  const path = await writeSection("weights", [machineLine(command, startedAt, machine), "", table, "", note].join("\n"));
  console.error(`Wrote the table into ${path}`);
}
