// edge-alloc serve on a real server (127.0.0.1) against clients that misbehave:
// hang-ups mid-solve next to live clients, and every kind of bad request.
import { spawnSync } from "node:child_process";
import { Agent, request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateInstance } from "../bindings/scenarios/generate.js";
import { freshRequest, hangUpDuringSolve, rawExchange, type Running, series, start } from "./helpers/service.js";

describe("cancellation never hurts a neighbour", () => {
  it("live clients get only 200s while other clients hang up mid-solve, on real sockets", async () => {
    const server = await start({ workers: 2, maxTimeLimitMs: 60_000 });
    try {
      const live = JSON.stringify({ instance: generateInstance({ users: 60, seed: 1 }), options: { algorithm: "exact" } });
      // tree runs its whole 40 ms limit; hang-ups at 36-47 ms land while it runs, as it ends (the
      // worker's answer on its way while the cancel stops that worker) and while it waits.
      const doomed = JSON.stringify({ instance: generateInstance({ users: 60, seed: 2 }), options: { algorithm: "tree", timeLimitMs: 40 } });
      const agent = new Agent({ keepAlive: true, maxSockets: 4 });
      const statuses: number[] = [];
      const post = () =>
        new Promise<number>((resolve, reject) => {
          const req = httpRequest(
            { host: "127.0.0.1", port: server.port, method: "POST", path: "/v1/solve", agent, headers: { "content-type": "application/json" } },
            (res) => {
              res.resume();
              res.on("end", () => resolve(res.statusCode ?? 0));
            },
          );
          req.on("error", reject);
          req.end(live);
        });
      const liveClient = async () => {
        for (let i = 0; i < 60; i++) statuses.push(await post());
      };
      const hangingClient = async (seed: number) => {
        for (let i = 0; i < 30; i++) await hangUpDuringSolve(server.port, doomed, 36 + ((seed * 7 + i * 5) % 12));
      };
      await Promise.all([
        liveClient(),
        liveClient(),
        liveClient(),
        liveClient(),
        hangingClient(1),
        hangingClient(2),
        hangingClient(3),
        hangingClient(4),
        hangingClient(5),
        hangingClient(6),
      ]);
      agent.destroy();
      expect(statuses).toHaveLength(240);
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      // Many hang-ups did cancel a solve (the rest came after its answer): the case under test happened.
      expect(series(metrics, 'edge_alloc_solves_total{algorithm="tree",status="cancelled"}')).toBeGreaterThan(10);
      expect(series(metrics, 'edge_alloc_solves_total{algorithm="exact",status="error"}')).toBeUndefined();
      // Each cancel is logged as 499.
      const cancels = server.logLines().filter((l) => l.msg === "request" && l.status === 499);
      expect(cancels.length).toBe(series(metrics, 'edge_alloc_solves_total{algorithm="tree",status="cancelled"}'));
      expect(cancels[0]).toMatchObject({ method: "POST", url: "/v1/solve", algorithm: "tree", outcome: "cancelled" });
    } finally {
      await server.service.close();
    }
  });
});

describe("every bad request is a 4xx in the one error shape", () => {
  let server: Running;
  beforeAll(async () => {
    server = await start({ workers: 1 }, (service) =>
      service.app.get("/test-fault", async () => {
        throw new Error("a fault planted by the test");
      }),
    );
  });
  afterAll(() => server.service.close());

  const errorOf = (body: string) => JSON.parse(body) as { error: string; issues?: Array<{ path: string; message: string }> };

  it("JSON nested 100,000 deep inside instance or options is a 400 naming the field", async () => {
    const depth = 100_000;
    const deep = `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
    const inInstance = await freshRequest(server.port, "POST", "/v1/solve", `{"instance":${deep}}`);
    expect(inInstance.status).toBe(400);
    expect(errorOf(inInstance.body).error).toBe("the instance has problems");
    expect(errorOf(inInstance.body).issues?.map((i) => i.path)).toContain("instance.channel");
    const inOptions = await freshRequest(
      server.port,
      "POST",
      "/v1/solve",
      `{"instance":${JSON.stringify(generateInstance({ users: 5 }))},"options":{"algorithm":${deep}}}`,
    );
    expect(inOptions.status).toBe(400);
    expect(errorOf(inOptions.body).issues?.[0].path).toBe("options.algorithm");
    const deepArray = await freshRequest(server.port, "POST", "/v1/solve", `${"[".repeat(depth)}${"]".repeat(depth)}`);
    expect(deepArray.status).toBe(400);
    expect(errorOf(deepArray.body).issues?.[0].message).toMatch(/^the body must be a JSON object with an instance, got/);
  });

  it("JSON sent as text/plain, or with no content type, is a 415", async () => {
    const body = JSON.stringify({ instance: generateInstance({ users: 5 }) });
    for (const type of ["text/plain", "application/x-www-form-urlencoded"]) {
      const answer = await freshRequest(server.port, "POST", "/v1/solve", body, { "content-type": type });
      expect(answer.status).toBe(415);
      expect(answer.headers["content-type"]).toMatch(/^application\/json/);
      expect(errorOf(answer.body)).toEqual({ error: `the body must be JSON sent as application/json, got content-type ${type}` });
    }
  });

  it("a wrong method is a 405 with Allow; an unknown path a 404", async () => {
    for (const method of ["GET", "PUT", "DELETE", "PATCH"]) {
      const answer = await freshRequest(server.port, method, "/v1/solve");
      expect(answer.status).toBe(405);
      expect(answer.headers.allow).toBe("POST");
      expect(errorOf(answer.body)).toEqual({ error: `${method} is not allowed on /v1/solve; use POST` });
    }
    const post = await freshRequest(server.port, "POST", "/readyz", "{}");
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe("GET, HEAD");
    const missing = await freshRequest(server.port, "GET", "/v2/solve?x=1");
    expect(missing.status).toBe(404);
    expect(errorOf(missing.body)).toEqual({ error: "no such path: GET /v2/solve (GET /openapi.json lists the paths)" });
  });

  it("headers too large are a 431, bytes that are not HTTP a 400, both in the error shape", async () => {
    const huge = await rawExchange(server.port, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`);
    expect(huge).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(errorOf(huge.split("\r\n\r\n")[1]).error).toMatch(/headers are larger than this server accepts/);
    const garbage = await rawExchange(server.port, "HELLO THERE\r\n\r\n");
    expect(garbage).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(errorOf(garbage.split("\r\n\r\n")[1]).error).toMatch(/^the request is not valid HTTP\/1\.1/);
  });

  it("a fault of the server is a 500 logged as an error, not as a rejection", async () => {
    const answer = await freshRequest(server.port, "GET", "/test-fault");
    expect(answer.status).toBe(500);
    expect(errorOf(answer.body)).toEqual({ error: "internal error: a fault planted by the test" });
    const lines = server.logLines();
    expect(lines.find((l) => l.msg === "internal error")).toMatchObject({ level: 50 });
    expect(lines.find((l) => l.msg === "request" && l.url === "/test-fault")).toMatchObject({ status: 500, outcome: "error" });
  });

  it("the OpenAPI document lists every status, and options without `default` (so generated clients leave them optional)", async () => {
    const document = JSON.parse((await freshRequest(server.port, "GET", "/openapi.json")).body) as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }> }>>;
      components: { schemas: { SolveRequest: { properties: { options: { properties: Record<string, Record<string, unknown>> } } } } };
    };
    const solve = document.paths["/v1/solve"].post.responses;
    expect(Object.keys(solve)).toEqual(["200", "400", "408", "413", "415", "431", "500", "503", "default"]);
    for (const status of Object.keys(solve).filter((s) => s !== "200"))
      expect(solve[status].content?.["application/json"].schema.$ref).toBe("#/components/schemas/Error");
    expect(Object.keys(document.paths["/readyz"].get.responses)).toEqual(["200", "503"]);
    for (const field of Object.values(document.components.schemas.SolveRequest.properties.options.properties)) expect(field).not.toHaveProperty("default");
  });
});

describe("metrics", () => {
  it("follow the exposition rules promtool checks (and pass promtool itself where it is installed)", async () => {
    const server = await start({ workers: 1 });
    try {
      await freshRequest(server.port, "POST", "/v1/solve", JSON.stringify({ instance: generateInstance({ users: 10 }) }));
      const text = (await freshRequest(server.port, "GET", "/metrics")).body;
      const types = new Map([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1], m[2]]));
      const helps = new Set([...text.matchAll(/^# HELP (\S+) /gm)].map((m) => m[1]));
      expect(types.size).toBeGreaterThan(20);
      for (const [name, type] of types) {
        expect(name, name).toMatch(/^edge_alloc_[a-z0-9_]+$/);
        expect(helps.has(name), `${name} has HELP`).toBe(true);
        // Only counters end in _total, and every counter does.
        expect(name.endsWith("_total"), `${name} is a ${type}`).toBe(type === "counter");
      }
      expect(series(text, "edge_alloc_ready")).toBe(1);
      const promtool = spawnSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8" });
      if (promtool.error === undefined) expect(`${promtool.stdout}${promtool.stderr}`.trim()).toBe("");
    } finally {
      await server.service.close();
    }
  });
});
