#!/usr/bin/env node
/**
 * `npm start`: every algorithm on the default scenario (seed 1), one table,
 * and how the best scheme compares with the conventional one.
 */
import { solve } from "../algorithms/solve.js";
import { generateInstance } from "../scenarios/generate.js";
import { ALGORITHMS, type Solution } from "../core/types.js";

// tree and milp do not finish on 60 users within this; they report their bound.
const DEMO_TIME_LIMIT_MS = 1000;

function row(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
}

async function main(): Promise<void> {
  const instance = generateInstance({ seed: 1 });
  console.log(
    `Default scenario (seed 1): ${instance.users.length} users, ${instance.channel.bandwidthHz / 1e6} MHz, DNN ${instance.dnn.name}, ${instance.dnn.exits.length} exits`,
  );
  console.log("");
  const header = ["algorithm", "status", "served", "bound", "throughput/s", "band MHz", "tau ms", "solve ms", "engine"];
  const widths = [14, 8, 6, 5, 12, 8, 7, 9, 6];
  console.log(row(header, widths));
  console.log(
    row(
      widths.map((w) => "-".repeat(w)),
      widths,
    ),
  );
  // Load and warm the engine first, so the times below are solves, not start-up.
  await solve(instance, { algorithm: "greedy" });
  const results: Solution[] = [];
  for (const algorithm of ALGORITHMS) {
    const s = await solve(instance, { algorithm, timeLimitMs: DEMO_TIME_LIMIT_MS });
    results.push(s);
    console.log(
      row(
        [
          algorithm,
          s.status,
          String(s.served),
          String(s.upperBound),
          s.throughputPerS.toFixed(1),
          (s.bandwidthUsedHz / 1e6).toFixed(2),
          (s.tauS * 1e3).toFixed(1),
          s.stats.timeMs.toFixed(2),
          s.engine,
        ],
        widths,
      ),
    );
  }
  const best = results.reduce((a, b) => (b.served > a.served ? b : a));
  const conventional = results.find((s) => s.algorithm === "conventional")!;
  console.log("");
  if (conventional.served > 0) {
    console.log(
      `${best.algorithm} serves ${(best.served / conventional.served).toFixed(1)}x the tasks of conventional (${best.served} vs ${conventional.served}).`,
    );
  } else {
    console.log(`${best.algorithm} serves ${best.served} tasks; conventional serves none.`);
  }
}

main().catch((error: unknown) => {
  console.error(`edge-alloc: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
