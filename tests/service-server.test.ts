// The HTTP service of server.ts in this process, on one real server (127.0.0.1, an ephemeral
// port) with one real solver worker: the routes through fastify's inject, the raw solve path and
// shedding on real sockets, the logs and metrics each request leaves, and at the end the drain.
// Fast on purpose: scripts/mutation-modules.mjs runs this file for every mutant of server.ts.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadServiceDeps } from "../bindings/service/deps.js";
import { DEFAULT_LIMITS } from "../bindings/service/limits.js";
import { createService, resolveLimits, type Service } from "../bindings/service/server.js";
import { generateInstance } from "../bindings/scenarios/generate.js";
import { freshRequest, rawExchange, series, until } from "./helpers/service.js";
import { answers, openConnection, postBytes, treeSolve } from "./helpers/service-sockets.js";
import { Writable } from "node:stream";

// A mutant that leaves a request unanswered or the drain waiting fails its test (or the hook that
// starts or closes the server) instead of running into StrykerJS's time-out, which restarts its
// test runner: within 5 s for a test of a few requests (under 0.8 s niced at load 10), 10 s for
// the hooks and the two tests that hold a search (about 2 s at load 10, over 5 s niced beside a
// StrykerJS run). Most kills of the first kind are such waits: the limit is most of their cost.
const SLOW = { timeout: 10_000 };
vi.setConfig({ testTimeout: 5_000, hookTimeout: SLOW.timeout });

const JSON_TYPE = "application/json; charset=utf-8";
// The drain waits 3 s at most: the solve close() finishes is a 300 ms search, and a mutant that
// leaves a 60 s one running has the closing hook cancel it then instead of at its 10 s limit.
const LIMITS = { workers: 1, queue: 1, bodyLimitBytes: 64 * 1024, maxTimeLimitMs: 60_000, queueTimeoutMs: 60_000, drainTimeoutMs: 3_000 };
const small = JSON.stringify({ instance: generateInstance({ users: 5, seed: 1 }) });

let service: Service;
let port: number;
const lines: string[] = [];
let closeHookRan = false;
/** /readyz asked before the worker could start (a 200 if it started first). */
let firstReady: { status: number; body: string };

beforeAll(async () => {
  const log = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  service = await createService(await loadServiceDeps(), { ...LIMITS, log, version: "1.2.3" });
  // A route that fails as asked, to see the error handler's answers.
  service.app.get("/test-fault", async (request) => {
    const status = (request.query as { status?: string }).status;
    throw Object.assign(new Error(`planted ${status ?? "fault"}`), status === undefined ? {} : { statusCode: Number(status) });
  });
  service.app.addHook("onClose", (_app, done) => {
    closeHookRan = true;
    done();
  });
  const first = await service.app.inject({ method: "GET", url: "/readyz" });
  firstReady = { status: first.statusCode, body: first.body };
  port = Number(new URL(await service.app.listen({ host: "127.0.0.1", port: 0 })).port);
});
afterAll(() => service.close());

const logs = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
/** The request lines logged from index `from` on. */
const requestLines = (from: number) =>
  logs()
    .slice(from)
    .filter((l) => l.msg === "request");
const inject = (method: string, url: string, options: { payload?: string; headers?: Record<string, string> } = {}) =>
  service.app.inject({ method: method as "GET", url, ...options });
const metricsText = async () => (await inject("GET", "/metrics")).body;
const inFlight = async () => (JSON.parse((await inject("GET", "/healthz")).body) as { inFlight: number }).inFlight;
const sendJson = (path: string, body: string) => freshRequest(port, "POST", path, body);
const badRequests = async () => series(await metricsText(), 'edge_alloc_rejections_total{reason="bad_request"}') ?? 0;

describe("limits", () => {
  it("fills what the options leave out from the defaults, on a copy", () => {
    expect(resolveLimits({})).toEqual(DEFAULT_LIMITS);
    expect(resolveLimits({})).not.toBe(DEFAULT_LIMITS);
    expect(resolveLimits({ queue: 0, drainTimeoutMs: 5 })).toEqual({ ...DEFAULT_LIMITS, queue: 0, drainTimeoutMs: 5 });
    const { workers: _, ...limits } = LIMITS;
    expect(service.limits).toEqual({ ...DEFAULT_LIMITS, ...limits });
    expect(service.workers).toBe(1);
  });
});

describe("readiness, health, metrics, the document", () => {
  it("is not ready while its worker starts", (context) => {
    // The worker's thread may win the race on an idle machine: then there was nothing to see.
    if (firstReady.status === 200) context.skip();
    expect(firstReady).toEqual({ status: 503, body: JSON.stringify({ error: "not ready: 1 of 1 workers are starting" }) });
  });

  it("answers /readyz, /healthz, /openapi.json and /metrics (and HEAD on each)", async () => {
    await until(async () => (await inject("GET", "/readyz")).statusCode === 200, "the worker to start");
    const ready = await inject("GET", "/readyz");
    expect(ready.json()).toEqual({ status: "ready", workers: 1, inFlight: 0 });
    expect(ready.headers["retry-after"]).toBeUndefined();
    expect((await inject("GET", "/healthz")).json()).toEqual({ status: "ok", workers: 1, inFlight: 0 });
    expect((await inject("GET", "/openapi.json")).json()).toMatchObject({ openapi: "3.1.0", info: { version: "1.2.3" } });
    const metrics = await inject("GET", "/metrics");
    expect(metrics.headers["content-type"]).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(series(metrics.body, "edge_alloc_ready")).toBe(1);
    expect(series(metrics.body, "edge_alloc_workers")).toBe(1);
    for (const url of ["/healthz", "/readyz", "/metrics", "/openapi.json"]) expect((await inject("HEAD", url)).statusCode, url).toBe(200);
  });

  it("logs one line per request, with its time, and none of fastify's own", async () => {
    const from = lines.length;
    const started = performance.now();
    await inject("GET", "/healthz");
    const elapsed = performance.now() - started;
    const [line, ...more] = logs().slice(from);
    expect(more).toEqual([]);
    expect(line).toMatchObject({ level: 30, msg: "request", method: "GET", url: "/healthz", status: 200 });
    expect(line.ms).toBeGreaterThan(0);
    expect(line.ms).toBeLessThanOrEqual(elapsed + 0.01);
    expect(Math.round((line.ms as number) * 100)).toBeCloseTo((line.ms as number) * 100, 6);
  });
});

describe("refusals in the one error shape", () => {
  const allowed: Record<string, string[]> = {
    "/v1/solve": ["POST"],
    "/healthz": ["GET", "HEAD"],
    "/readyz": ["GET", "HEAD"],
    "/metrics": ["GET", "HEAD"],
    "/openapi.json": ["GET", "HEAD"],
  };

  it("a wrong method on a known path is a 405 with Allow", async () => {
    const before = await badRequests();
    let refused = 0;
    for (const [url, methods] of Object.entries(allowed)) {
      for (const method of ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"].filter((m) => !methods.includes(m))) {
        const answer = await inject(method, url);
        expect(answer.statusCode, `${method} ${url}`).toBe(405);
        refused++;
        expect(answer.headers.allow).toBe(methods.join(", "));
        expect(answer.headers["content-type"]).toBe(JSON_TYPE);
        expect(answer.headers["retry-after"]).toBeUndefined();
        if (method !== "HEAD") expect(answer.json()).toEqual({ error: `${method} is not allowed on ${url}; use ${methods.join(" or ")}` });
      }
    }
    expect(await badRequests()).toBe(before + refused);
  });

  it("an unknown path is a 404 naming it without its query", async () => {
    const before = await badRequests();
    const from = lines.length;
    const answer = await inject("GET", "/v2/solve?x=1");
    expect(answer.statusCode).toBe(404);
    expect(answer.headers["content-type"]).toBe(JSON_TYPE);
    expect(answer.json()).toEqual({ error: "no such path: GET /v2/solve (GET /openapi.json lists the paths)" });
    expect(requestLines(from)).toEqual([expect.objectContaining({ url: "/v2/solve?x=1", status: 404, outcome: "rejected" })]);
    expect(await badRequests()).toBe(before + 1);
  });

  it("errors of the routes: 4xx as the request's problems, the rest as internal errors", async () => {
    const rejectedBefore = series(await metricsText(), 'edge_alloc_rejections_total{reason="bad_request"}') ?? 0;
    const from = lines.length;
    for (const [status, expected, error] of [
      ["400", 400, "the request has problems: planted 400"],
      ["499", 499, "the request has problems: planted 499"],
      ["399", 500, "internal error: planted 399"],
      ["500", 500, "internal error: planted 500"],
      [undefined, 500, "internal error: planted fault"],
    ] as const) {
      const answer = await inject("GET", status === undefined ? "/test-fault" : `/test-fault?status=${status}`);
      expect(answer.statusCode, status).toBe(expected);
      expect(answer.headers["content-type"]).toBe(JSON_TYPE);
      expect(answer.json()).toEqual({ error });
    }
    const logged = logs().slice(from);
    expect(logged.filter((l) => l.msg === "internal error").map((l) => [l.level, (l.err as { message: string }).message])).toEqual([
      [50, "planted 399"],
      [50, "planted 500"],
      [50, "planted fault"],
    ]);
    expect(logged.filter((l) => l.msg === "request").map((l) => [l.status, l.outcome])).toEqual([
      [400, "rejected"],
      [499, "rejected"],
      [500, "error"],
      [500, "error"],
      [500, "error"],
    ]);
    expect(series(await metricsText(), 'edge_alloc_rejections_total{reason="bad_request"}')).toBe(rejectedBefore + 2);
  });

  it("a body over --body-limit is a 413, over the raw path and through fastify", async () => {
    const over = `{"instance":1}${" ".repeat(LIMITS.bodyLimitBytes)}`;
    const viaSocket = await sendJson("/v1/solve", over);
    const viaFastify = await inject("POST", "/v1/solve", { payload: over, headers: { "content-type": "application/json" } });
    for (const answer of [
      { status: viaSocket.status, body: viaSocket.body },
      { status: viaFastify.statusCode, body: viaFastify.body },
    ]) {
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body)).toEqual({ error: "the request body is over this server's limit of 65536 bytes (--body-limit)" });
    }
    expect(series(await metricsText(), 'edge_alloc_rejections_total{reason="body_too_large"}')).toBe(2);
  });

  it("a body not sent as JSON is a 415, and so is a POST with no body and no content type", async () => {
    const before = await badRequests();
    const from = lines.length;
    const plain = await freshRequest(port, "POST", "/v1/solve", small, { "content-type": "text/plain" });
    expect(plain.status).toBe(415);
    expect(JSON.parse(plain.body)).toEqual({ error: "the body must be JSON sent as application/json, got content-type text/plain" });
    for (const body of [small, undefined]) {
      const untyped = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const socket = rawExchange(
          port,
          `POST /v1/solve HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: ${body?.length ?? 0}\r\n\r\n${body ?? ""}`,
        );
        socket.then((text) => resolve(answers(text)[0]), reject);
      });
      expect(untyped.status).toBe(415);
      expect(JSON.parse(untyped.body)).toEqual({ error: "the body must be JSON sent as application/json, got no content-type" });
    }
    expect(requestLines(from).map((l) => [l.status, l.outcome])).toEqual([
      [415, "rejected"],
      [415, "rejected"],
      [415, "rejected"],
    ]);
    expect(
      logs()
        .slice(from)
        .filter((l) => l.msg === "internal error"),
    ).toEqual([]);
    expect(await badRequests()).toBe(before + 3);
  });

  it("a connection reset by its client mid-request is dropped without an answer or a log line", async () => {
    const from = lines.length;
    const connection = await openConnection(port, "GET /healthz HTTP/1.1\r\nHost: x\r\n");
    await new Promise((resolve) => setTimeout(resolve, 20));
    connection.socket.resetAndDestroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(logs().slice(from)).toEqual([]);
  });

  it("headers too large are a 431, bytes that are not HTTP a 400, each logged as a client error", async () => {
    const from = lines.length;
    const huge = await rawExchange(port, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`);
    expect(huge).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    const garbage = await rawExchange(port, "HELLO THERE\r\n\r\n");
    expect(garbage).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(JSON.parse(garbage.split("\r\n\r\n")[1]).error).toMatch(/^the request is not valid HTTP\/1\.1/);
    expect(logs().slice(from)).toEqual([
      expect.objectContaining({ msg: "client error", status: 431, reason: "HPE_HEADER_OVERFLOW" }),
      expect.objectContaining({ msg: "client error", status: 400, reason: expect.stringMatching(/^HPE_/) }),
    ]);
  });
});

describe("POST /v1/solve", () => {
  it("takes a JSON body with a Content-Length on the raw path, and logs its solve", async () => {
    const rejectedBefore = await badRequests();
    const from = lines.length;
    const started = performance.now();
    const answer = await sendJson("/v1/solve", JSON.stringify({ instance: generateInstance({ users: 5, seed: 1 }), options: { algorithm: "no-batching" } }));
    const elapsedS = (performance.now() - started) / 1000;
    expect(answer.status).toBe(200);
    expect(answer.headers["content-type"]).toBe(JSON_TYPE);
    expect(Number(answer.headers["content-length"])).toBe(Buffer.byteLength(answer.body));
    expect(answer.headers["retry-after"]).toBeUndefined();
    const solution = JSON.parse(answer.body) as { algorithm: string; status: string; served: number };
    expect(solution.algorithm).toBe("no-batching");
    const [line, ...more] = requestLines(from);
    expect(more).toEqual([]);
    // No reqId: fastify never saw it.
    expect(line).not.toHaveProperty("reqId");
    expect(line).toMatchObject({ method: "POST", url: "/v1/solve", status: 200, algorithm: "no-batching", outcome: solution.status, served: solution.served });
    expect(line.ms).toBeGreaterThan(0);
    expect(line.ms).toBeLessThanOrEqual(elapsedS * 1000 + 0.01);
    const text = await metricsText();
    expect(series(text, `edge_alloc_solves_total{algorithm="no-batching",status="${solution.status}"}`)).toBe(1);
    expect(series(text, 'edge_alloc_solve_duration_seconds_count{algorithm="no-batching"}')).toBe(1);
    const seconds = series(text, 'edge_alloc_solve_duration_seconds_sum{algorithm="no-batching"}') ?? 0;
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(elapsedS);
    // The log line is written after the duration is recorded, from the same start: in milliseconds, to 0.01 ms.
    expect(line.ms).toBeGreaterThanOrEqual(seconds * 1000 - 0.01);
    // A 200 is neither a rejection nor an internal error.
    expect(await badRequests()).toBe(rejectedBefore);
    expect(
      logs()
        .slice(from)
        .filter((l) => l.msg !== "request"),
    ).toEqual([]);
  });

  it("takes the content type in any case and with parameters, and a body at the limit", async () => {
    const from = lines.length;
    const typed = await freshRequest(port, "POST", "/v1/solve", small, { "content-type": "Application/JSON ; charset=utf-8" });
    expect(typed.status).toBe(200);
    const atLimit = `{"colour":1}${" ".repeat(LIMITS.bodyLimitBytes - 12)}`;
    expect(Buffer.byteLength(atLimit)).toBe(LIMITS.bodyLimitBytes);
    const full = await sendJson("/v1/solve", atLimit);
    expect(full.status).toBe(400);
    expect(JSON.parse(full.body).issues).toEqual([
      { path: "colour", message: "is not a field of a solve request (instance, options)" },
      { path: "instance", message: "is missing (must be an instance object as in docs/model.md)" },
    ]);
    const logged = requestLines(from);
    expect(logged.map((l) => [l.status, "reqId" in l])).toEqual([
      [200, false],
      [400, false],
    ]);
    expect(logged[1]).toMatchObject({ outcome: "rejected" });
    // A request refused before any solve (no outcome) counts no solve.
    const statuses = [...(await metricsText()).matchAll(/^edge_alloc_solves_total\{([^}]*)\}/gm)].map((m) => /status="([^"]*)"/.exec(m[1])?.[1]);
    expect(statuses.filter((status) => !["optimal", "feasible", "invalid", "cancelled", "error"].includes(status ?? ""))).toEqual([]);
  });

  it("takes a body split between packets", async () => {
    const bytes = Buffer.from(small);
    const connection = await openConnection(
      port,
      `POST /v1/solve HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${bytes.length}\r\n\r\n`,
    );
    connection.socket.write(bytes.subarray(0, 100));
    await new Promise((resolve) => setTimeout(resolve, 30));
    connection.socket.write(bytes.subarray(100));
    await until(() => answers(connection.received()).length === 1, "the answer");
    connection.socket.destroy();
    expect(answers(connection.received())[0].status).toBe(200);
  });

  it("goes through fastify without a Content-Length, after a query string, or with an empty body; one log line each", async () => {
    const from = lines.length;
    const chunked = await fetch(`http://127.0.0.1:${port}/v1/solve`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: new Blob([small]).stream(),
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(200);
    await chunked.text();
    const query = await inject("POST", "/v1/solve?trace=1", { payload: small, headers: { "content-type": "application/json" } });
    expect(query.statusCode).toBe(200);
    expect(query.headers["content-type"]).toBe(JSON_TYPE);
    const empty = await freshRequest(port, "POST", "/v1/solve", "");
    expect(empty.status).toBe(400);
    expect(JSON.parse(empty.body).issues[0].message).toMatch(/^request body: not valid JSON/);
    await until(() => requestLines(from).length >= 3, "the log lines");
    const logged = requestLines(from);
    expect(logged.map((l) => [l.url, l.status, l.outcome, typeof l.reqId])).toEqual([
      ["/v1/solve", 200, "optimal", "string"],
      ["/v1/solve?trace=1", 200, "optimal", "string"],
      ["/v1/solve", 400, "rejected", "string"],
    ]);
  });

  it("answers a bad request 400 and counts it, and an invalid instance as invalid", async () => {
    const before = await metricsText();
    const invalid = structuredClone(generateInstance({ users: 5, seed: 1 })) as unknown as { users: Array<Record<string, unknown>> };
    invalid.users[3].deadlineS = -0.1;
    const answer = await sendJson("/v1/solve", JSON.stringify({ instance: invalid, options: { algorithm: "greedy" } }));
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error).toBe("the instance has problems");
    const after = await metricsText();
    const count = (text: string, name: string) => series(text, name) ?? 0;
    const rejected = 'edge_alloc_rejections_total{reason="bad_request"}';
    expect(count(after, rejected) - count(before, rejected)).toBe(1);
    expect(series(after, 'edge_alloc_solves_total{algorithm="greedy",status="invalid"}')).toBe(1);
  });
});

describe("a busy server", SLOW, () => {
  it("stays ready with a place left, then sheds solves with 503 and Retry-After while /healthz and 405s still answer", async () => {
    const running = await openConnection(port, postBytes(treeSolve(60_000)));
    const waiting = await openConnection(port);
    try {
      await until(async () => (await inFlight()) === 1, "the search to start");
      expect((await inject("GET", "/readyz")).json()).toEqual({ status: "ready", workers: 1, inFlight: 1 });
      // The second solve waits (queue 1): its body names its algorithm as the log and metrics will.
      waiting.socket.write(postBytes(`{"options":{"algorithm":"no-batching"},"instance":${JSON.stringify(generateInstance({ users: 5 }))}}`, "/v1/solve?wait"));
      await until(async () => (await inFlight()) === 2, "the second solve to wait");
      const text = await metricsText();
      expect([series(text, "edge_alloc_queue_depth"), series(text, "edge_alloc_solves_in_flight"), series(text, "edge_alloc_ready")]).toEqual([1, 2, 0]);
      const shedBefore = series(text, 'edge_alloc_rejections_total{reason="queue_full"}') ?? 0;

      const from = lines.length;
      const notReady = await inject("GET", "/readyz");
      expect(notReady.statusCode).toBe(503);
      expect(notReady.headers["retry-after"]).toBe("1");
      expect(notReady.json()).toEqual({ error: "not ready: every worker is busy and the queue is full (2 solves)" });
      // Not being ready is no rejection of a request: no reason is counted for it.
      const reasons = [...(await metricsText()).matchAll(/^edge_alloc_rejections_total\{reason="([^"]*)"\}/gm)].map((m) => m[1]);
      expect(reasons.filter((r) => !["bad_request", "body_too_large", "queue_full"].includes(r))).toEqual([]);
      // Only the solve route sheds: the others answer as ever on the same listener.
      expect((await freshRequest(port, "GET", "/healthz")).status).toBe(200);
      expect((await freshRequest(port, "POST", "/readyz", "{}")).status).toBe(405);
      expect((await freshRequest(port, "GET", "/v1/solve")).status).toBe(405);
      const viaFastify = await inject("POST", "/v1/solve?x=1", { payload: small, headers: { "content-type": "application/json" } });
      expect(viaFastify.statusCode).toBe(503);
      expect(viaFastify.headers["retry-after"]).toBe("1");
      expect(viaFastify.json()).toEqual({ error: "the server is busy: 2 solves are running or waiting; retry after 1 s" });

      // On the raw path: the first shed on a connection at once, a re-send within its Retry-After
      // held until it has passed (a quarter more at most: Math.random() is 0.5 here).
      const random = vi.spyOn(Math, "random").mockReturnValue(0.5);
      // What the client waited for the first shed on `keep` and for its held one.
      let firstMs = 0;
      let heldMs = 0;
      const sent = performance.now();
      const keep = await openConnection(port, postBytes(small));
      await until(() => answers(keep.received()).length === 1, "the first shed");
      firstMs = performance.now() - sent;
      const gone = await openConnection(port, postBytes(small));
      try {
        await until(() => answers(gone.received()).length === 1, "the first shed of another connection");
        const [first] = answers(keep.received());
        expect(first.status).toBe(503);
        expect(first.headers).toMatchObject({ "content-type": JSON_TYPE, "retry-after": "1", "content-length": String(Buffer.byteLength(first.body)) });
        expect(first.headers.connection).not.toBe("close");
        expect(JSON.parse(first.body)).toEqual({ error: "the server is busy: 2 solves are running or waiting; retry after 1 s" });
        const resent = performance.now();
        keep.socket.write(postBytes(small));
        gone.socket.write(postBytes(small));
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(answers(keep.received())).toHaveLength(1);
        gone.socket.destroy();
        await until(() => answers(keep.received()).length === 2, "the held shed", 5_000);
        heldMs = performance.now() - resent;
        expect(answers(keep.received())[1].status).toBe(503);
        // Past the held shed of the connection that went away (due 1125 ms after its first): not logged.
        const goneFirst = requestLines(from).filter((l) => l.reason === "queue_full")[1].time as number;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, goneFirst + 1125 + 50 - Date.now())));
      } finally {
        random.mockRestore();
        keep.socket.destroy();
        gone.socket.destroy();
      }
      const logged = requestLines(from);
      const sheds = logged.filter((l) => l.reason === "queue_full");
      // Two at once, the held one; the held one of a connection that went away is not answered.
      expect(sheds.map((l) => l.heldMs === undefined)).toEqual([true, true, false]);
      for (const shed of sheds) {
        expect(shed).toMatchObject({ method: "POST", url: "/v1/solve", status: 503, outcome: "rejected" });
        expect(shed).not.toHaveProperty("reqId");
        expect(shed.ms).toBeGreaterThanOrEqual(0);
      }
      expect(sheds[2].heldMs).toBeGreaterThan(0);
      // Each line's time runs from the request to its answer, the hold included.
      expect(sheds[0].ms).toBeGreaterThan(0);
      expect(sheds[0].ms).toBeLessThanOrEqual(firstMs);
      expect(sheds[2].ms).toBeGreaterThanOrEqual((sheds[2].heldMs as number) - 1);
      expect(sheds[2].ms).toBeLessThanOrEqual(heldMs);
      expect(sheds[2].heldMs).toBeLessThanOrEqual(1125);
      // 1125 ms after the first on its connection (less the few ms that shed took to log).
      expect((sheds[2].time as number) - (sheds[0].time as number)).toBeGreaterThanOrEqual(1000);
      expect(logged.find((l) => l.url === "/v1/solve?x=1")).toMatchObject({ status: 503, outcome: "rejected", reqId: expect.any(String) });
      expect(series(await metricsText(), 'edge_alloc_rejections_total{reason="queue_full"}')).toBe(shedBefore + 5);
    } finally {
      running.socket.destroy();
      waiting.socket.destroy();
    }
    // Both clients went away: their solves are cancelled and logged as 499. A cancel settles the
    // solve at once: 3 s, not the test's 10, for a mutant that never cancels (a 60 s search).
    await until(async () => (await inFlight()) === 0, "the cancels", 3_000);
    const text = await metricsText();
    expect(series(text, 'edge_alloc_solves_total{algorithm="tree",status="cancelled"}')).toBe(1);
    expect(series(text, 'edge_alloc_solves_total{algorithm="no-batching",status="cancelled"}')).toBe(1);
    const cancels = logs().filter((l) => l.outcome === "cancelled");
    expect(cancels.map((l) => [l.algorithm, l.url, l.status, l.method]).sort()).toEqual([
      ["no-batching", "/v1/solve?wait", 499, "POST"],
      ["tree", "/v1/solve", 499, "POST"],
    ]);
  });
});

describe("close()", SLOW, () => {
  it("finishes the solve in flight, answering it with Connection: close, then ends every connection", async () => {
    const from = lines.length;
    const idle = await openConnection(port, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    await until(() => answers(idle.received()).length === 1, "the kept-alive answer");
    const solving = await openConnection(port, postBytes(treeSolve(300)));
    await until(async () => (await inFlight()) === 1, "the search to start");
    expect(service.draining).toBe(false);
    const closing = service.close();
    expect(service.draining).toBe(true);
    expect(service.close()).toBe(closing);
    const health = await inject("GET", "/healthz");
    expect(health.statusCode).toBe(200);
    expect(health.headers.connection).toBe("close");
    await closing;
    const [answer] = answers(await solving.closed);
    expect(answer.status).toBe(200);
    expect(answer.headers.connection).toBe("close");
    expect(JSON.parse(answer.body)).toMatchObject({ algorithm: "tree", status: "feasible" });
    // The idle kept-alive connection was ended too, and fastify closed (its hooks ran).
    expect(answers(await idle.closed)).toHaveLength(1);
    expect(closeHookRan).toBe(true);
    await expect(inject("GET", "/healthz")).rejects.toThrow(/closed/);
    const logged = logs().slice(from);
    expect(logged.find((l) => l.msg === "draining: no new connections, finishing the solves in flight")).toMatchObject({ drainTimeoutMs: 3_000, inFlight: 1 });
    expect(logged.filter((l) => l.level === 40)).toEqual([]);
  });
});
