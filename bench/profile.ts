/**
 * Where a kernel spends its time: runs one algorithm on one bench instance
 * under V8's sampling CPU profiler and prints the functions with the most
 * self time. The kernels are compiled again for this, from the same source
 * and at the same optimisation level, but keeping function names (asc
 * --debug) into a temporary directory; build/ is not touched.
 *
 *   npx tsx bench/profile.ts --algorithm greedy --users 20000 [--exits 5] [--seed 1] [--runs 20] [--top 15] [--family large]
 *
 * `--family large`: the instances of bench:large (large-family.ts) instead of the suite's;
 * `--family scenario`: the default scenario with that seed (--users and --exits ignored).
 *
 * Inlined functions are charged to their callers.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Engine, KERNEL, type KernelAlgorithm, type KernelExports } from "../bindings/core/engine.js";
import { prepare } from "../bindings/core/prepare.js";
import { generateInstance } from "../bindings/scenarios/generate.js";
import { benchInstance } from "./instances.js";
import { largeFamilyInstance } from "./large-family.js";

const root = fileURLToPath(new URL("../", import.meta.url));

/** The kernels with a name section (same source and options as the release build, plus --debug). */
async function namedEngine(): Promise<Engine> {
  const dir = mkdtempSync(join(tmpdir(), "edge-alloc-profile-"));
  try {
    const out = join(dir, "kernels.wasm");
    execFileSync(join(root, "node_modules", ".bin", "asc"), ["--config", "asconfig.json", "--target", "release", "--debug", "--outFile", out], {
      cwd: root,
      stdio: "inherit",
    });
    const { instance } = await WebAssembly.instantiate(readFileSync(out), { env: { nowMs: () => performance.now() } });
    return new Engine("wasm", instance.exports as unknown as KernelExports);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  hitCount?: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      algorithm: { type: "string", default: "exact" },
      users: { type: "string", default: "100" },
      exits: { type: "string", default: "5" },
      seed: { type: "string", default: "1" },
      runs: { type: "string", default: "20" },
      top: { type: "string", default: "15" },
      family: { type: "string", default: "default" },
    },
  });
  const algorithm = values.algorithm as KernelAlgorithm;
  if (!(algorithm in KERNEL)) throw new Error(`--algorithm: one of ${Object.keys(KERNEL).join(", ")}`);
  const runs = Number(values.runs);
  const spec = { users: Number(values.users), exits: Number(values.exits), seed: Number(values.seed) };
  const instance =
    values.family === "large" ? largeFamilyInstance(spec) : values.family === "scenario" ? generateInstance({ seed: spec.seed }) : benchInstance(spec);
  const problem = prepare(instance);
  const engine = await namedEngine();
  engine.run(problem, algorithm, Infinity); // warm-up: tier-up of the wasm code

  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 50 });
  await session.post("Profiler.start");
  const started = performance.now();
  for (let i = 0; i < runs; i++) engine.run(problem, algorithm, Infinity);
  const elapsedMs = performance.now() - started;
  const { profile } = (await session.post("Profiler.stop")) as unknown as { profile: { nodes: ProfileNode[] } };
  session.disconnect();

  const hits = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const count = node.hitCount ?? 0;
    if (count === 0) continue;
    const name = node.callFrame.functionName || `(anonymous ${node.callFrame.url.split("/").pop()})`;
    hits.set(name, (hits.get(name) ?? 0) + count);
    total += count;
  }
  const top = [...hits.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top));
  console.log(
    `${algorithm} on ${values.family === "scenario" ? "the default scenario" : `K=${values.users} N=${values.exits}`}, seed ${values.seed}: ${runs} runs, ${(elapsedMs / runs).toFixed(2)} ms per run (profiler on)`,
  );
  console.log("self time  function");
  for (const [name, count] of top) console.log(`${((100 * count) / total).toFixed(1).padStart(8)}%  ${name}`);
}

await main();
