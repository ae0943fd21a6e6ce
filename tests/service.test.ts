// edge-alloc serve on a real HTTP server (127.0.0.1, an ephemeral port) with
// real worker threads: answers, errors with paths, limits, shedding,
// cancellation on disconnect, metrics, logs, and SIGTERM draining of the CLI.
import { spawn } from "node:child_process";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inFlight, type Running, series, start, until } from "./helpers/service.js";
import { solve } from "../bindings/algorithms/solve.js";
import { generateInstance } from "../bindings/scenarios/generate.js";
import type { Solution } from "../bindings/core/types.js";

const repo = fileURLToPath(new URL("..", import.meta.url));

const post = (url: string, body: unknown, init: RequestInit = {}) =>
  fetch(`${url}/v1/solve`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
    ...init,
  });

const withoutTimes = (s: Solution) => ({ ...s, stats: { ...s.stats, timeMs: 0 } });

const metricsText = async (url: string) => (await fetch(`${url}/metrics`)).text();

// tree does not finish the default scenario in 10 s: with a long time limit it holds its worker until cancelled.
const hard = generateInstance({ seed: 1 });
const holdWorker = { instance: hard, options: { algorithm: "tree", timeLimitMs: 60_000 } };

describe("POST /v1/solve", () => {
  let server: Running;
  beforeAll(async () => {
    server = await start({ workers: 2, bodyLimitBytes: 256 * 1024, maxUsers: 500, maxTimeLimitMs: 60_000 });
  });
  afterAll(() => server.service.close());

  it("answers 200 with the Solution solve() gives", async () => {
    for (const algorithm of ["exact", "greedy"] as const) {
      const instance = generateInstance({ users: 60, seed: 3 });
      const response = await post(server.url, { instance, options: { algorithm, engine: "wasm" } });
      expect(response.status).toBe(200);
      const direct = await solve(instance, { algorithm, engine: "wasm" });
      expect(withoutTimes((await response.json()) as Solution)).toEqual(withoutTimes(direct));
    }
  });

  it("takes a body however it comes: with a Content-Length, chunked, after a query string, UTF-8 split between packets", async () => {
    const instance = generateInstance({ users: 20, seed: 4 });
    const text = JSON.stringify({ instance, options: { algorithm: "exact", engine: "wasm" } });
    const expected = withoutTimes(await solve(instance, { algorithm: "exact", engine: "wasm" }));
    const chunked = await fetch(`${server.url}/v1/solve`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: new Blob([text]).stream(),
      duplex: "half",
    } as RequestInit);
    const withLength = await post(server.url, text);
    const withQuery = await fetch(`${server.url}/v1/solve?trace=1`, { method: "POST", headers: { "content-type": "application/json" }, body: text });
    for (const response of [withLength, chunked, withQuery]) {
      expect(response.status).toBe(200);
      expect(withoutTimes((await response.json()) as Solution)).toEqual(expected);
    }
    // "€" is 3 bytes in UTF-8; the first packet ends after its first byte.
    const bytes = Buffer.from(JSON.stringify({ instance, "colour€": 1 }));
    const cut = bytes.indexOf(Buffer.from("€")) + 1;
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, "127.0.0.1", () => {
        socket.write(`POST /v1/solve HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${bytes.length}\r\nConnection: close\r\n\r\n`);
        socket.write(bytes.subarray(0, cut));
        setTimeout(() => socket.write(bytes.subarray(cut)), 50);
      });
      let received = "";
      socket.setEncoding("utf8");
      socket.on("data", (chunk) => (received += chunk));
      socket.on("close", () => resolve(received));
      socket.on("error", reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(answer.split("\r\n\r\n")[1]).issues).toEqual([{ path: "colour€", message: "is not a field of a solve request (instance, options)" }]);
  });

  it("answers 400 with each problem's path in the CLI's words", async () => {
    const bad = structuredClone(generateInstance({ users: 5, seed: 1 })) as unknown as { users: Array<Record<string, unknown>> };
    bad.users[3].deadlineS = -0.1;
    const invalid = await post(server.url, { instance: bad });
    expect(invalid.status).toBe(400);
    const body = (await invalid.json()) as { error: string; issues: Array<{ path: string; message: string }> };
    expect(body.error).toBe("the instance has problems");
    expect(body.issues).toContainEqual({ path: "instance.users[3].deadlineS", message: "must be a positive number, got -0.1" });

    const notJson = await post(server.url, '{"instance": {');
    expect(notJson.status).toBe(400);
    const parseIssue = ((await notJson.json()) as { issues: Array<{ path: string; message: string }> }).issues[0];
    expect(parseIssue.path).toBe("");
    expect(parseIssue.message).toMatch(/^request body: not valid JSON \(.+\)$/);

    const badOptions = await post(server.url, { instance: generateInstance({ users: 5 }), options: { algorithm: "fastest", timeLimitMs: -1, colour: 1 } });
    expect(badOptions.status).toBe(400);
    expect(((await badOptions.json()) as { issues: Array<{ path: string }> }).issues.map((i) => i.path)).toEqual([
      "options.algorithm",
      "options.timeLimitMs",
      "options.colour",
    ]);

    const missing = await post(server.url, { options: {} });
    expect(((await missing.json()) as { issues: unknown[] }).issues).toEqual([
      { path: "instance", message: "is missing (must be an instance object as in docs/model.md)" },
    ]);
  });

  it("refuses more users than --max-users (400) and bodies over --body-limit (413)", async () => {
    const many = await post(server.url, { instance: generateInstance({ users: 501, seed: 1 }) });
    expect(many.status).toBe(400);
    expect(((await many.json()) as { issues: unknown[] }).issues).toEqual([
      { path: "instance.users", message: "must hold at most 500 users on this server (--max-users), got 501" },
    ]);
    const huge = await post(server.url, { instance: generateInstance({ users: 2000, seed: 1 }) });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { error: string }).error).toBe("the request body is over this server's limit of 262144 bytes (--body-limit)");
  });

  it("serves /healthz, /openapi.json and edge_alloc_ metrics, and logs one JSON line per request", async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: "ok", workers: 2, inFlight: 0 });
    const openapi = (await (await fetch(`${server.url}/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(openapi.openapi).toBe("3.1.0");
    expect(Object.keys(openapi.paths)).toEqual(["/v1/solve", "/healthz", "/readyz", "/metrics", "/openapi.json"]);

    const response = await fetch(`${server.url}/metrics`);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await response.text();
    // From the tests above: five solves, the 400s and the 413.
    expect(series(text, 'edge_alloc_solves_total{algorithm="exact",status="optimal"}')).toBeGreaterThanOrEqual(1);
    expect(series(text, 'edge_alloc_solves_total{algorithm="exact",status="invalid"}')).toBe(1);
    expect(series(text, 'edge_alloc_rejections_total{reason="body_too_large"}')).toBe(1);
    expect(series(text, 'edge_alloc_rejections_total{reason="bad_request"}')).toBeGreaterThanOrEqual(4);
    expect(series(text, 'edge_alloc_solve_duration_seconds_count{algorithm="greedy"}')).toBe(1);
    expect(series(text, "edge_alloc_queue_depth")).toBe(0);
    expect(text).toMatch(/^edge_alloc_nodejs_eventloop_lag_seconds \d/m);

    const requests = server.logLines().filter((l) => l.msg === "request");
    const byUrl = (url: string) => requests.filter((l) => l.url === url);
    expect(byUrl("/healthz")).toHaveLength(1);
    expect(byUrl("/openapi.json")).toHaveLength(1);
    // One line each, the chunked solve (answered on the raw response after fastify read it) too.
    expect(byUrl("/v1/solve").map((l) => l.status)).toEqual([200, 200, 200, 200, 400, 400, 400, 400, 400, 400, 413]);
    expect(byUrl("/v1/solve")[0]).toMatchObject({ method: "POST", algorithm: "exact", outcome: "optimal" });
  });
});

describe("load and cancellation", () => {
  it("sheds load beyond workers + queue with 503 and Retry-After", async () => {
    const server = await start({ workers: 1, queue: 1, maxTimeLimitMs: 60_000 });
    const clients = [new AbortController(), new AbortController()];
    try {
      const held = clients.map((c) => post(server.url, holdWorker, { signal: c.signal }).catch(() => undefined));
      await until(async () => (await inFlight(server.url)) === 2, "one solve running and one waiting");
      const shed = await post(server.url, { instance: generateInstance({ users: 5 }) });
      expect(shed.status).toBe(503);
      expect(shed.headers.get("retry-after")).toBe("1");
      expect(((await shed.json()) as { error: string }).error).toMatch(/^the server is busy/);
      const text = await metricsText(server.url);
      expect(series(text, 'edge_alloc_rejections_total{reason="queue_full"}')).toBe(1);
      expect(series(text, "edge_alloc_queue_depth")).toBe(1);
      for (const c of clients) c.abort();
      await Promise.all(held);
    } finally {
      await server.service.close();
    }
  });

  it("cuts every search to --max-time-limit-ms, also one asking for no limit", async () => {
    const server = await start({ workers: 1, maxTimeLimitMs: 300 });
    try {
      // tree never finishes this instance: each answer comes only because the server capped the limit.
      for (const timeLimitMs of [0, 3_600_000]) {
        const response = await post(server.url, { instance: hard, options: { algorithm: "tree", timeLimitMs } });
        expect(response.status).toBe(200);
        const solution = (await response.json()) as Solution;
        expect(solution.status).toBe("feasible");
      }
    } finally {
      await server.service.close();
    }
  });

  it("cancels the solve of a client that disconnects, and the worker is free again", async () => {
    const server = await start({ workers: 1, maxTimeLimitMs: 60_000 });
    try {
      const client = new AbortController();
      const request = post(server.url, holdWorker, { signal: client.signal }).catch((e: unknown) => e);
      await until(async () => (await inFlight(server.url)) === 1, "the solve to start");
      client.abort();
      expect(((await request) as Error).name).toBe("AbortError");
      await until(async () => (await inFlight(server.url)) === 0, "the server to cancel the solve");
      expect(series(await metricsText(server.url), 'edge_alloc_solves_total{algorithm="tree",status="cancelled"}')).toBe(1);
      // With its only worker stuck in a 60 s search this would wait; the worker was replaced.
      const next = await post(server.url, { instance: generateInstance({ users: 30, seed: 2 }), options: { algorithm: "exact" } });
      expect(next.status).toBe(200);
    } finally {
      await server.service.close();
    }
  });

  it("answers /healthz in under 100 ms while every worker runs a 3000-user search", async () => {
    const server = await start({ workers: 2, maxTimeLimitMs: 60_000 });
    const clients = [new AbortController(), new AbortController()];
    try {
      const big = generateInstance({ users: 3000, seed: 5 });
      const held = clients.map((c) =>
        post(server.url, { instance: big, options: { algorithm: "tree", timeLimitMs: 60_000 } }, { signal: c.signal }).catch(() => undefined),
      );
      await until(async () => (await inFlight(server.url)) === 2, "both searches to start");
      const times: number[] = [];
      for (let i = 0; i < 15; i++) {
        const started = performance.now();
        const health = (await (await fetch(`${server.url}/healthz`)).json()) as { inFlight: number };
        times.push(performance.now() - started);
        expect(health.inFlight).toBe(2);
      }
      // The issue's bound. The median, since the two cores are shared with other work: one slow
      // sample is the machine, a blocked event loop would make every sample take seconds.
      times.sort((a, b) => a - b);
      expect(times[Math.floor(times.length / 2)]).toBeLessThan(100);
      for (const c of clients) c.abort();
      await Promise.all(held);
    } finally {
      await server.service.close();
    }
  });
});

describe("edge-alloc serve (the CLI, as a child process)", () => {
  it("prints its address, and on SIGTERM finishes the solve in flight, refuses new connections and exits 0", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "bindings/cli/main.ts", "serve", "--port", "0", "--workers", "1"], {
      cwd: repo,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    let stdout = "";
    child.stderr.on("data", (chunk) => (stderr += String(chunk)));
    child.stdout.on("data", (chunk) => (stdout += String(chunk)));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      await until(async () => /listening on http:\/\/127\.0\.0\.1:\d+/.test(stderr), "the server to listen", 60_000);
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr)![1];
      // Stopped by its own time limit after 3 s: it is in flight when SIGTERM arrives, and long after.
      let answered = false;
      const inFlightSolve = post(url, { instance: hard, options: { algorithm: "tree", timeLimitMs: 3000 } }).finally(() => (answered = true));
      await until(async () => (await inFlight(url)) === 1, "the solve to start");
      child.kill("SIGTERM");
      // Draining: new connections are refused while the solve in flight goes on.
      await until(
        () =>
          fetch(`${url}/healthz`).then(
            () => false,
            () => true,
          ),
        "the server to stop accepting",
      );
      expect(answered).toBe(false);
      const answer = await inFlightSolve;
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as Solution).algorithm).toBe("tree");
      expect(await exited).toBe(0);
      expect(stderr).toContain("edge-alloc serve: stopped");
      // Standard output is the log: JSON only, one line per request.
      const logs = stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as { msg: string; url?: string; status?: number });
      expect(logs.filter((l) => l.msg === "request" && l.url === "/v1/solve").map((l) => l.status)).toEqual([200]);
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("exits 2 with one line saying what to install when fastify, pino and prom-client are missing", async () => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "--import", "./tests/helpers/without-service-packages.mjs", "bindings/cli/main.ts", "serve", "--port", "0"],
      { cwd: repo, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += String(chunk)));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(stderr).toBe("edge-alloc: edge-alloc serve needs fastify, pino, prom-client, which are not installed: npm install fastify pino prom-client\n");
    expect(code).toBe(2);
  });
});
