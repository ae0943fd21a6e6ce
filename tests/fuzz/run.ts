/**
 * The long fuzz run, by hand: `npm run fuzz` (after `npm run build`), a few
 * minutes on 2 cores. Unlike the property tests it does not stop at the first
 * failure: it runs everything and reports every failing case with its seed.
 *
 *   1. --runs mutated instances (default 20,000) through solve(): every
 *      algorithm (milp on one run in 20), both engines, a 200 ms limit; each
 *      must give a named InputError or a Solution the checker accepts.
 *   2. --valid valid instances (default 2,000) through every kernel algorithm
 *      on both engines: identical schedules, no heuristic above exact's optimum.
 *   3. Concurrency: 300 solves at once give the same schedules as one by one.
 *   4. --files instance files (default 300: mutated instances, truncated JSON,
 *      100,000 nested [ ], 10,000,000 bad users) through the built CLI: exit 0
 *      with one checked Solution, or exit 2 with at most 101 `edge-alloc:` lines;
 *      never exit 1, a stack trace, or "internal error".
 *
 *   npm run fuzz -- --seed 42 --runs 50000 --files 100
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import fc from "fast-check";
import { ALGORITHMS, type Algorithm, type Solution } from "../../bindings/core/types.js";
import { solve } from "../../bindings/algorithms/solve.js";
import { MAX_REPORTED_ISSUES } from "../../bindings/core/errors.js";
import { KERNEL_ALGORITHMS } from "../helpers/schemes.js";
import { validInstance } from "../property/instances.js";
import { applyMutation, applyStructural, maybeStructural, mutation } from "../property/mutations.js";
import { checkSolved, judge, PropertyFailure, scheduleOf } from "../property/judge.js";

const { values: flags } = parseArgs({
  options: {
    seed: { type: "string" },
    runs: { type: "string", default: "20000" },
    valid: { type: "string", default: "2000" },
    files: { type: "string", default: "300" },
    "time-limit-ms": { type: "string", default: "200" },
  },
});
const seed = flags.seed === undefined ? Date.now() % 2 ** 31 : Number(flags.seed);
const TIME_LIMIT_MS = Number(flags["time-limit-ms"]);
const failures: string[] = [];

function fail(phase: string, index: number, message: string): void {
  failures.push(`${phase} #${index} (seed ${seed}): ${message}`);
  console.log(`  FAIL ${phase} #${index}: ${message}`);
}

const mutatedInput = fc
  .tuple(validInstance({ users: { min: 0, max: 12 } }), fc.array(mutation, { minLength: 0, maxLength: 3 }), maybeStructural)
  .map(([instance, mutations, structural]) => {
    let input: unknown = structural === undefined ? instance : applyStructural(instance, structural[0], structural[1]).input;
    for (const m of mutations) input = applyMutation(input, m).input;
    return input;
  });

/** fc.sample in slices, so a long run never holds all its inputs at once. */
function* inputs<T>(arbitrary: fc.Arbitrary<T>, count: number, phaseSeed: number): Generator<T> {
  const slice = 500;
  for (let start = 0; start < count; start += slice) {
    yield* fc.sample(arbitrary, { numRuns: Math.min(slice, count - start), seed: phaseSeed + start });
  }
}

async function mutatedRuns(count: number): Promise<void> {
  const started = performance.now();
  const tally = { rejected: 0, solved: 0 };
  let i = 0;
  for (const input of inputs(mutatedInput, count, seed)) {
    const algorithm: Algorithm = i % 20 === 19 ? "milp" : ALGORITHMS.filter((a) => a !== "milp")[i % 7];
    const engine = i % 2 === 0 ? "wasm" : "js";
    try {
      tally[(await judge(input, algorithm, engine, TIME_LIMIT_MS)).kind]++;
    } catch (error) {
      fail("mutated", i, error instanceof PropertyFailure ? error.message : String(error));
    }
    i++;
  }
  console.log(
    `1. ${count} mutated instances: ${tally.rejected} rejected with named issues, ${tally.solved} solved and checked (${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
}

async function validRuns(count: number): Promise<void> {
  const started = performance.now();
  let compared = 0;
  let i = 0;
  for (const instance of inputs(validInstance({ users: { min: 0, max: 16 } }), count, seed + 1e6)) {
    try {
      let optimum: number | undefined;
      const served = new Map<Algorithm, number>();
      let rejected = false;
      for (const algorithm of KERNEL_ALGORITHMS) {
        // A limit far above what K <= 16 needs; a run cut short is still judged, only not compared.
        const wasm = await judge(instance, algorithm, "wasm", 10_000);
        const js = await judge(instance, algorithm, "js", 10_000);
        if (wasm.kind !== js.kind) throw new PropertyFailure(`${algorithm}: wasm ${wasm.kind}, js ${js.kind}`);
        if (wasm.kind === "rejected" || js.kind === "rejected") {
          rejected = true;
          break;
        }
        const bothDone = wasm.solution.status === js.solution.status;
        if (bothDone && JSON.stringify(scheduleOf(wasm.solution)) !== JSON.stringify(scheduleOf(js.solution)))
          throw new PropertyFailure(`${algorithm}: engines differ`);
        served.set(algorithm, wasm.solution.served);
        if (algorithm === "exact" && wasm.solution.status === "optimal") optimum = wasm.solution.served;
      }
      if (!rejected) compared++;
      for (const algorithm of ["greedy", "bsp", "tree"] as const) {
        if (optimum !== undefined && served.get(algorithm)! > optimum) throw new PropertyFailure(`${algorithm} serves more than exact`);
      }
    } catch (error) {
      fail("valid", i, `${error instanceof Error ? error.message : String(error)} on ${JSON.stringify(instance).slice(0, 2000)}`);
    }
    i++;
  }
  console.log(
    `2. ${count} valid instances, ${compared} compared across 7 algorithms x 2 engines (the rest outside the SNR range) (${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
}

async function concurrency(): Promise<void> {
  const instances = fc.sample(validInstance({ users: { min: 5, max: 30 } }), { numRuns: 300, seed: seed + 2e6 });
  const plan = instances.map((instance, i) => ({ instance, algorithm: KERNEL_ALGORITHMS[i % 7], engine: i % 2 === 0 ? ("wasm" as const) : ("js" as const) }));
  const settle = (p: Promise<Solution>) =>
    p.then(
      (s) => JSON.stringify(scheduleOf(s)),
      (e: Error) => `${e.name}: ${e.message}`,
    );
  const together = await Promise.all(plan.map((r) => settle(solve(r.instance, { algorithm: r.algorithm, engine: r.engine, timeLimitMs: 0 }))));
  let differ = 0;
  for (let i = 0; i < plan.length; i++) {
    const alone = await settle(solve(plan[i].instance, { algorithm: plan[i].algorithm, engine: plan[i].engine, timeLimitMs: 0 }));
    if (alone !== together[i]) {
      differ++;
      fail("concurrency", i, `${plan[i].algorithm} on ${plan[i].engine} differs at once and alone`);
    }
  }
  console.log(`3. 300 solves at once against one by one: ${differ} differ`);
}

/** JSON.stringify, except that a chain of one-item arrays (the nesting bombs) is written without recursion. */
function jsonText(value: unknown): string {
  if (Array.isArray(value) && value.length === 1) {
    let depth = 0;
    let inner: unknown = value;
    while (Array.isArray(inner) && inner.length === 1) {
      inner = inner[0];
      depth++;
    }
    return "[".repeat(depth) + jsonText(inner) + "]".repeat(depth);
  }
  if (Array.isArray(value)) return `[${value.map(jsonText).join(",")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`)
      .join(",")}}`;
  }
  // A BigInt has no JSON form; in a file it becomes the number it names.
  if (typeof value === "bigint") return String(value);
  return JSON.stringify(value) ?? "null";
}

/** Text files the CLI must survive: mutated instances, plus hand-made worst cases. */
function* cliFiles(count: number): Generator<{ name: string; text: string }> {
  yield { name: "nested-100000.json", text: "[".repeat(100_000) + "]".repeat(100_000) };
  yield {
    name: "users-10000000.json",
    text: `{"channel":{"bandwidthHz":1e7,"noisePsdWPerHz":4e-21},"dnn":{"exits":[{"accuracy":0.7,"latency":{"perSampleS":0.001,"fixedS":0.002}}]},"users":[${"5,".repeat(9_999_999)}5]}`,
  };
  yield { name: "empty.json", text: "" };
  yield { name: "not-utf8.json", text: "\uFFFD\u0000{" };
  let i = 0;
  for (const input of inputs(mutatedInput, count - 4, seed + 3e6)) {
    const text = jsonText(input);
    // One in ten truncated: JSON that ends mid-value.
    yield { name: `mutated-${i}.json`, text: i % 10 === 9 ? text.slice(0, Math.floor(text.length / 2)) : text };
    i++;
  }
}

function cliRuns(count: number): void {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), "edge-alloc-fuzz-"));
  const tally = { solved: 0, rejected: 0 };
  let i = 0;
  try {
    for (const { name, text } of cliFiles(count)) {
      const file = join(dir, name);
      writeFileSync(file, text);
      const algorithm = KERNEL_ALGORITHMS[i % 7];
      const run = spawnSync(
        process.execPath,
        ["dist/bindings/cli/main.js", "solve", file, "--json", "--algorithm", algorithm, "--time-limit-ms", String(TIME_LIMIT_MS)],
        { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
      );
      const lines = run.stderr.trimEnd().split("\n");
      if (run.status === 0) {
        try {
          checkSolved(JSON.parse(text), JSON.parse(run.stdout) as Solution);
          tally.solved++;
        } catch (error) {
          fail("cli", i, `${name}: exit 0 but ${error instanceof Error ? error.message : String(error)}`);
        }
      } else if (
        run.status === 2 &&
        lines.length <= MAX_REPORTED_ISSUES + 1 &&
        lines.every((l) => l.startsWith("edge-alloc: ") && !l.includes("internal error")) &&
        run.stdout === ""
      ) {
        tally.rejected++;
      } else {
        fail("cli", i, `${name}: exit ${run.status ?? run.signal}, ${lines.length} stderr lines, first: ${lines[0].slice(0, 200)}`);
      }
      rmSync(file);
      i++;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `4. ${i} files through the CLI: ${tally.rejected} exit 2 with named issues, ${tally.solved} solved and checked (${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
}

console.log(`edge-alloc fuzz, seed ${seed} (repeat with --seed ${seed})`);
await mutatedRuns(Number(flags.runs));
await validRuns(Number(flags.valid));
await concurrency();
cliRuns(Number(flags.files));
console.log(failures.length === 0 ? "nothing wrong found" : `${failures.length} failures:\n${failures.join("\n")}`);
process.exitCode = failures.length === 0 ? 0 : 1;
