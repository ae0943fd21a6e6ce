/**
 * `npm run bench:overload`: is `edge-alloc serve` still answerable when far
 * more clients want solves than it has workers? autocannon holds
 * --connections connections (default 500) posting --solve-ms `tree` solves
 * (default 2000 ms: tree never finishes the default scenario before its
 * limit), bounded to --duration-s. Meanwhile a prober opens a NEW
 * connection for GET /healthz, GET /readyz and POST /v1/solve in turn, one
 * at a time with 50 ms between rounds, and times each answer. Reports p50/p99/max per probe, probe failures, and
 * what the load clients got (200s, 503s, errors). Target: p99 < 100 ms for
 * /healthz and /readyz on new connections. 127.0.0.1 only.
 * Writes results/overload-bench.json.
 */
import { parseNumericFlags } from "./numeric-flags.js";
import { request as httpRequest } from "node:http";
import { mkdir, writeFile } from "node:fs/promises";
import { availableParallelism, loadavg } from "node:os";
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { generateInstance } from "../bindings/scenarios/generate.js";
import { startServer } from "./serve-process.js";
import { quantile } from "../bindings/simulation/estimates.js";
import { currentMachine, machineLine, writeSection } from "./docs-page.js";

const USAGE = "npm run bench:overload -- [--connections 500] [--duration-s 60] [--solve-ms 2000] [--workers 2] [--no-docs]\n";

function parseArgs(argv: string[]) {
  const defaults = { connections: 500, durationS: 60, solveMs: 2000, workers: 2 };
  const flags = { "--connections": "connections", "--duration-s": "durationS", "--solve-ms": "solveMs", "--workers": "workers" } as const;
  return parseNumericFlags(
    argv.filter((a) => a !== "--no-docs"),
    defaults,
    flags,
    USAGE,
    "positive",
  );
}

interface LoadResult {
  requests: { total: number };
  statusCodeStats?: Record<string, { count: number }>;
  errors: number;
  timeouts: number;
  latency: { p99: number; max: number };
}

/** autocannon's command line in a child process, its JSON report parsed. */
function runAutocannon(args: string[]): Promise<LoadResult> {
  const cli = createRequire(import.meta.url).resolve("autocannon/autocannon.js");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    child.stdout.on("data", (chunk) => (out += String(chunk)));
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out) as LoadResult) : reject(new Error(`autocannon exited with code ${code}`))));
  });
}

/** One request on a connection of its own; resolves with its status (0: failed) and milliseconds. */
function probe(port: number, method: string, path: string, body?: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = httpRequest(
      { host: "127.0.0.1", port, method, path, agent: false, timeout: 10_000, headers: body ? { "content-type": "application/json" } : {} },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", (error) => {
      if (process.env.PROBE_DEBUG) process.stderr.write(`${path}: ${error.message}\n`);
      resolve({ status: 0, ms: performance.now() - started });
    });
    req.end(body);
  });
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const config = parseArgs(argv);
  const command = ["npm run bench:overload", ...(argv.length > 0 ? ["--", ...argv] : [])].join(" ");
  const machine = currentMachine();
  const startedAt = new Date();
  const lines: string[] = [];
  const say = (line: string) => {
    lines.push(line);
    process.stdout.write(`${line}\n`);
  };
  const loadBefore = loadavg()[0];
  const body = JSON.stringify({ instance: generateInstance({ seed: 1 }), options: { algorithm: "tree", timeLimitMs: config.solveMs } });
  const server = await startServer(config.workers, ["--max-time-limit-ms", String(config.solveMs)]);
  const probes: Record<string, Array<{ status: number; ms: number }>> = { "GET /healthz": [], "GET /readyz": [], "POST /v1/solve": [] };
  let loadResult: LoadResult | undefined;
  let rampMs = NaN;
  let rampWorstMs = 0;
  try {
    // The load runs in a process of its own: in this one, its 500 connections would delay the probes' own timers and reads.
    const load = runAutocannon([
      `${server.url}/v1/solve`,
      "-m",
      "POST",
      "-H",
      "content-type=application/json",
      "-b",
      body,
      "-c",
      String(config.connections),
      "-d",
      String(config.durationS),
      "-t",
      "30",
      "-j",
    ]);
    // Probed from the start: while the load's connections are being accepted (500 at once), a probe
    // may wait; the ramp ends when 10 probes in a row are answered within 1 s, and is reported apart.
    const rampStarted = Date.now();
    for (let quick = 0; quick < 10 && Date.now() - rampStarted < 40_000; ) {
      const { ms } = await probe(server.port, "GET", "/healthz");
      rampWorstMs = Math.max(rampWorstMs, ms);
      quick = ms < 1000 ? quick + 1 : 0;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    rampMs = Date.now() - rampStarted;
    const stopAt = rampStarted + (config.durationS - 1) * 1000;
    // One probe at a time, as a monitoring system would: many at once would measure the prober.
    while (Date.now() < stopAt) {
      for (const [name, method, path] of [
        ["GET /healthz", "GET", "/healthz"],
        ["GET /readyz", "GET", "/readyz"],
        ["POST /v1/solve", "POST", "/v1/solve"],
      ] as const) {
        probes[name].push(await probe(server.port, method, path, method === "POST" ? body : undefined));
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    loadResult = await load;
  } finally {
    const code = await server.stop();
    if (code !== 0) say(`WARNING: the server exited with code ${code} after SIGTERM`);
  }
  say(
    `edge-alloc serve under overload: ${config.connections} connections posting ${config.solveMs} ms tree solves for ${config.durationS} s, ${config.workers} workers, ${availableParallelism()} cores, load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after`,
  );
  const rampLine = `Ramp: ${(rampMs / 1000).toFixed(1)} s from the start of the load until 10 probes in a row answered within 1 s (slowest ${rampWorstMs.toFixed(0)} ms); probes below are after it.`;
  say(rampLine);
  say("");
  const tableStart = lines.length;
  say("| probe on a new connection | count | p50 ms | p99 ms | max ms | statuses |");
  say("| --- | --- | --- | --- | --- | --- |");
  const summary: Record<string, unknown> = {};
  for (const [name, results] of Object.entries(probes)) {
    const times = results.map((r) => r.ms).sort((a, b) => a - b);
    const statuses: Record<string, number> = {};
    for (const r of results) statuses[r.status === 0 ? "failed" : String(r.status)] = (statuses[r.status === 0 ? "failed" : String(r.status)] ?? 0) + 1;
    const row = { count: results.length, p50Ms: quantile(times, 0.5), p99Ms: quantile(times, 0.99), maxMs: times.at(-1) ?? NaN, statuses };
    summary[name] = row;
    say(
      `| ${name} | ${row.count} | ${row.p50Ms.toFixed(1)} | ${row.p99Ms.toFixed(1)} | ${row.maxMs.toFixed(1)} | ${Object.entries(statuses)
        .map(([s, n]) => `${s}: ${n}`)
        .join(", ")} |`,
    );
  }
  const codes = loadResult?.statusCodeStats ?? {};
  say("");
  say(
    `Load clients: ${loadResult?.requests.total ?? 0} answers (${Object.entries(codes)
      .map(([s, v]) => `${s}: ${v.count}`)
      .join(
        ", ",
      )}), ${loadResult?.errors ?? 0} errors, ${loadResult?.timeouts ?? 0} timeouts, latency p99 ${loadResult?.latency.p99 ?? NaN} ms, max ${loadResult?.latency.max ?? NaN} ms`,
  );
  const loadLine = lines.at(-1)!;
  for (const name of ["GET /healthz", "GET /readyz"]) {
    const p99 = (summary[name] as { p99Ms: number }).p99Ms;
    say(`  ${name}: p99 ${p99 < 100 ? "met" : "MISSED"} (${p99.toFixed(1)} ms; target under 100 ms)`);
  }
  if (!argv.includes("--no-docs")) {
    const section = [
      `${config.connections} connections posting ${config.solveMs} ms \`tree\` solves for ${config.durationS} s, ${config.workers} workers; probes one at a time on new connections. ${rampLine}`,
      "",
      machineLine(command, startedAt, machine),
      "",
      ...lines.slice(tableStart, tableStart + 5),
      "",
      loadLine,
    ];
    say(`Wrote the table into ${await writeSection("overload", section.join("\n"))}`);
  }
  await mkdir("results", { recursive: true });
  await writeFile(
    "results/overload-bench.json",
    `${JSON.stringify({ config, rampMs, rampWorstMs, probes: summary, load: { statusCodes: codes, errors: loadResult?.errors, timeouts: loadResult?.timeouts }, date: new Date().toISOString() }, null, 2)}\n`,
  );
  say("Wrote results/overload-bench.json");
}

await main();
