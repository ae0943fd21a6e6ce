/**
 * `npm run bench:service`: load on `edge-alloc serve` with autocannon, on
 * 127.0.0.1 only and bounded in time, against the in-process solve() rate
 * on one thread, for the default scenario (seed 1) with exact and greedy.
 *
 * The server runs as its own process (the built CLI, logs to /dev/null) so the
 * load generator does not share its event loop. Default workers: one per core,
 * as the CLI: on 2 cores, 2 workers served ~15-50% more than 1 (one computes
 * while the HTTP thread hands the other's answer back and its next task in).
 * Then memory: RSS of the server before and after --memory-requests more
 * requests (after a warm-up, so it compares steady states).
 * Writes results/service-bench.json, and its tables into docs/performance.md
 * (unless --no-docs).
 */
import { parseNumericFlags } from "./numeric-flags.js";
import { mkdir, writeFile } from "node:fs/promises";
import { availableParallelism, loadavg } from "node:os";
import autocannon from "autocannon";
import { solve } from "../bindings/algorithms/solve.js";
import { generateInstance } from "../bindings/scenarios/generate.js";
import type { Algorithm } from "../bindings/core/types.js";
import { currentMachine, machineLine, writeSection } from "./docs-page.js";
import { startServer } from "./serve-process.js";

const USAGE = `npm run bench:service -- [--duration-s 30] [--connections 50] [--workers N] [--memory-requests 100000] [--in-process-s 3] [--no-docs]\n`;

interface Config {
  durationS: number;
  connections: number;
  workers: number;
  memoryRequests: number;
  inProcessS: number;
}

function parseArgs(args: string[]): Config {
  const defaults: Config = { durationS: 30, connections: 50, workers: availableParallelism(), memoryRequests: 100_000, inProcessS: 3 };
  const flags: Record<string, keyof Config> = {
    "--duration-s": "durationS",
    "--connections": "connections",
    "--workers": "workers",
    "--memory-requests": "memoryRequests",
    "--in-process-s": "inProcessS",
  };
  return parseNumericFlags(
    args.filter((a) => a !== "--no-docs"),
    defaults,
    flags,
    USAGE,
    "non-negative",
  );
}

const ALGORITHMS_UNDER_LOAD: Algorithm[] = ["exact", "greedy"];
const instance = generateInstance({ seed: 1 });

/** solve() calls per second on this thread, back to back, the whole call (validation and Solution included). */
async function inProcessRate(algorithm: Algorithm, seconds: number): Promise<number> {
  for (let i = 0; i < 50; i++) await solve(instance, { algorithm, engine: "wasm" });
  let count = 0;
  const started = performance.now();
  while (performance.now() - started < seconds * 1e3) {
    await solve(instance, { algorithm, engine: "wasm" });
    count++;
  }
  return count / ((performance.now() - started) / 1e3);
}

/** The server's resident set and V8 heap in use, from its own /metrics. */
async function serverMemory(url: string): Promise<{ rssBytes: number; heapUsedBytes: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (name: string) =>
    Number(
      text
        .split("\n")
        .find((l) => l.startsWith(`${name} `))
        ?.split(" ")[1],
    );
  return { rssBytes: value("edge_alloc_process_resident_memory_bytes"), heapUsedBytes: value("edge_alloc_nodejs_heap_size_used_bytes") };
}

interface LoadResult {
  algorithm: Algorithm;
  requests: number;
  requestsPerS: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

async function load(url: string, algorithm: Algorithm, options: { connections: number; durationS?: number; amount?: number }): Promise<LoadResult> {
  const result = await autocannon({
    url: `${url}/v1/solve`,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ instance, options: { algorithm, engine: "wasm" } }),
    connections: options.connections,
    // autocannon rejects a key set to undefined, so only the one that applies.
    ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.durationS }),
    timeout: 10,
  });
  return {
    algorithm,
    requests: result.requests.total,
    requestsPerS: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const config = parseArgs(argv);
  const command = ["npm run bench:service", ...(argv.length > 0 ? ["--", ...argv] : [])].join(" ");
  const machine = currentMachine();
  const startedAt = new Date();
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say(
    `edge-alloc serve under load: default scenario (${instance.users.length} users, seed 1), ${config.connections} connections, ${config.durationS} s per algorithm, ${config.workers} workers, ${availableParallelism()} cores, load average ${loadavg()[0].toFixed(2)} (the machine is shared: figures move with other work)`,
  );

  const inProcess: Record<string, number> = {};
  for (const algorithm of ALGORITHMS_UNDER_LOAD) inProcess[algorithm] = await inProcessRate(algorithm, config.inProcessS);

  const server = await startServer(config.workers);
  const results: LoadResult[] = [];
  let memory:
    | { before: { rssBytes: number; heapUsedBytes: number }; slices: Array<{ requests: number; rssBytes: number; heapUsedBytes: number }>; failed: number }
    | undefined;
  try {
    for (const algorithm of ALGORITHMS_UNDER_LOAD) {
      await load(server.url, algorithm, { connections: config.connections, durationS: 2 }); // warm-up: JIT, workers' engines
      results.push(await load(server.url, algorithm, { connections: config.connections, durationS: config.durationS }));
    }
    if (config.memoryRequests > 0) {
      // In five slices, so a climb that levels off (heap growing to its working size) shows apart from a leak.
      const before = await serverMemory(server.url);
      const slices: Array<{ requests: number; rssBytes: number; heapUsedBytes: number }> = [];
      let requests = 0;
      let failed = 0;
      for (let i = 0; i < 5; i++) {
        const run = await load(server.url, "greedy", { connections: config.connections, amount: Math.ceil(config.memoryRequests / 5) });
        requests += run.requests;
        failed += run.errors + run.timeouts + run.non2xx;
        slices.push({ requests, ...(await serverMemory(server.url)) });
      }
      memory = { before, slices, failed };
    }
  } finally {
    const code = await server.stop();
    if (code !== 0) say(`WARNING: the server exited with code ${code} after SIGTERM`);
  }

  const table = [
    "| algorithm | in-process solve()/s, 1 thread | HTTP req/s | ratio | p50 ms | p99 ms | requests | errors | non-2xx |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...results.map((r) => {
      const ratio = r.requestsPerS / inProcess[r.algorithm];
      return `| ${r.algorithm} | ${inProcess[r.algorithm].toFixed(0)} | ${r.requestsPerS.toFixed(0)} | ${(ratio * 100).toFixed(0)}% | ${r.p50Ms} | ${r.p99Ms} | ${r.requests} | ${r.errors + r.timeouts} | ${r.non2xx} |`;
    }),
  ].join("\n");
  say("");
  say(table);
  const mib = (bytes: number) => (bytes / 1024 ** 2).toFixed(1);
  if (memory) {
    say("");
    say(`Memory of the server over ${memory.slices.at(-1)!.requests} more greedy requests (${memory.failed} failed): RSS / V8 heap in use, MiB`);
    say(`  before: ${mib(memory.before.rssBytes)} / ${mib(memory.before.heapUsedBytes)}`);
    for (const slice of memory.slices) say(`  after ${slice.requests}: ${mib(slice.rssBytes)} / ${mib(slice.heapUsedBytes)}`);
  }
  say("");
  say("Targets: HTTP req/s >= 50% of the in-process single-thread rate; p99 <= 50 ms; no errors or non-2xx; RSS flat.");
  for (const r of results) {
    const ratio = r.requestsPerS / inProcess[r.algorithm];
    say(
      `  ${r.algorithm}: rate ${ratio >= 0.5 ? "met" : "MISSED"} (${(ratio * 100).toFixed(0)}%), p99 ${r.p99Ms <= 50 ? "met" : "MISSED"} (${r.p99Ms} ms), errors ${r.errors + r.timeouts + r.non2xx === 0 ? "none" : "SOME"}`,
    );
  }
  if (!argv.includes("--no-docs")) {
    const section = [
      `${config.workers} workers, ${config.connections} connections, ${config.durationS} s per algorithm after a 2 s warm-up, on the default scenario (${instance.users.length} users, seed 1); autocannon runs on the same cores as the server. The load average is from the start of the run.`,
      "",
      machineLine(command, startedAt, machine),
      "",
      table,
    ];
    if (memory) {
      const slices = memory.slices;
      section.push(
        "",
        `Then ${slices.at(-1)!.requests.toLocaleString("en-US")} more \`greedy\` requests (${memory.failed} failed): server RSS ${mib(memory.before.rssBytes)} MiB before, ${slices.map((x) => mib(x.rssBytes)).join(", ")} MiB after each ${slices[0].requests.toLocaleString("en-US")}; the V8 heap in use ${mib(memory.before.heapUsedBytes)}, then ${slices.map((x) => mib(x.heapUsedBytes)).join(", ")} MiB.`,
      );
    }
    say(`Wrote the tables into ${await writeSection("service", section.join("\n"))}`);
  }
  await mkdir("results", { recursive: true });
  await writeFile(
    "results/service-bench.json",
    `${JSON.stringify({ config, inProcessPerS: inProcess, results, memory, date: new Date().toISOString() }, null, 2)}\n`,
  );
  say("Wrote results/service-bench.json");
}

await main();
