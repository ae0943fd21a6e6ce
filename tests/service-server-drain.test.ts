// server.ts in this process on short limits: solves that wait past --queue-timeout-ms, a drain
// that reaches its deadline with a search still running, requests too slow to arrive, and a
// server without a log. Each test starts its own server (one worker). The metrics are read from
// the server's own registry after close (prom-client's Registry, subclassed only to keep hold of
// it), since /metrics is gone with the server; the log goes to a buffered file, as in production.
import fs, { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { loadServiceDeps } from "../bindings/service/deps.js";
import { createService } from "../bindings/service/server.js";
import { freshRequest, series, until } from "./helpers/service.js";
import { answers, openConnection, postBytes, treeSolve } from "./helpers/service-sockets.js";

// A mutant that leaves a request unanswered or the drain waiting fails its test within 10 s, each
// taking about 2 s on a loaded machine (over 5 s niced beside a StrykerJS run), instead of running
// into StrykerJS's time-out, which restarts its test runner.
vi.setConfig({ testTimeout: 10_000 });

const JSON_TYPE = "application/json; charset=utf-8";

describe.concurrent("short limits", () => {
  it("a solve queued past --queue-timeout-ms is a 503; at the drain deadline the search left is cancelled with a 503", async () => {
    const deps = await loadServiceDeps();
    const registries: Array<InstanceType<typeof deps.prom.Registry>> = [];
    class KeptRegistry extends deps.prom.Registry {
      constructor() {
        super();
        registries.push(this);
      }
    }
    const dir = mkdtempSync(join(tmpdir(), "edge-alloc-drain-"));
    const logFile = join(dir, "log.jsonl");
    try {
      const log = deps.pino.destination({ dest: logFile, sync: false, minLength: 4096 });
      const service = await createService(
        { ...deps, prom: { ...deps.prom, Registry: KeptRegistry as unknown as typeof deps.prom.Registry } },
        { workers: 1, queue: 4, queueTimeoutMs: 100, drainTimeoutMs: 200, maxTimeLimitMs: 60_000, log },
      );
      const port = Number(new URL(await service.app.listen({ host: "127.0.0.1", port: 0 })).port);
      const inFlight = async () => (JSON.parse((await service.app.inject({ method: "GET", url: "/healthz" })).body) as { inFlight: number }).inFlight;
      // The search must start within the 100 ms a solve may wait (the worker may still be loading):
      // one still in flight 150 ms after it was taken has started, as its time-out came first.
      let running = await openConnection(port, postBytes(treeSolve(60_000)));
      let timedOut = 0;
      for (;;) {
        await until(async () => (await inFlight()) === 1 || answers(running.received()).length > 0, "the search to be taken");
        await new Promise((resolve) => setTimeout(resolve, 150));
        if ((await inFlight()) === 1) break;
        timedOut++;
        running.socket.destroy();
        running = await openConnection(port, postBytes(treeSolve(60_000)));
      }

      // Four solves wait behind it, and each gives up after 100 ms; each logged under the algorithm its body names.
      const queued = await Promise.all(
        [
          ["/v1/solve", '{"options":{"algorithm" : "greedy"}}'],
          ["/v1/solve?via=fastify", '{"options":{"algorithm":"no-batching"}}'],
          ["/v1/solve", '{"options":{"algorithm":"fastest"}}'],
          ["/v1/solve", '{"instance":{}}'],
        ].map(([path, body]) => freshRequest(port, "POST", path, body)),
      );
      for (const answer of queued) {
        expect(answer.status).toBe(503);
        expect(answer.headers["retry-after"]).toBe("1");
        expect(answer.headers["content-type"]).toBe(JSON_TYPE);
        expect(JSON.parse(answer.body)).toEqual({ error: "the server is busy: no worker became free within 100 ms (--queue-timeout-ms); retry after 1 s" });
      }

      const keptAlive = await openConnection(port, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
      await until(() => answers(keptAlive.received()).length === 1, "the kept-alive answer");
      const closing = service.close();
      const notReady = await service.app.inject({ method: "GET", url: "/readyz" });
      expect(notReady.statusCode).toBe(503);
      expect(notReady.headers).toMatchObject({ "retry-after": "1", connection: "close" });
      expect(notReady.json()).toEqual({ error: "not ready: the server is shutting down" });
      const admitted = await service.app.inject({ method: "POST", url: "/v1/solve?x=1", payload: "{}", headers: { "content-type": "application/json" } });
      expect(admitted.statusCode).toBe(503);
      expect(admitted.headers).toMatchObject({ "retry-after": "1", connection: "close" });
      const draining = { error: "the server is shutting down; retry after 1 s (another replica will answer)" };
      expect(admitted.json()).toEqual(draining);
      // A solve sent on a connection already open is refused at once and its connection closed; a new connection is refused.
      keptAlive.socket.write(postBytes("{}"));
      const shed = answers(await keptAlive.closed)[1];
      expect(shed.status).toBe(503);
      expect(shed.headers).toMatchObject({ "retry-after": "1", connection: "close", "content-type": JSON_TYPE });
      expect(JSON.parse(shed.body)).toEqual(draining);
      await expect(freshRequest(port, "GET", "/healthz")).rejects.toThrow(/ECONNREFUSED/);

      await closing;
      const [cancelled] = answers(await running.closed);
      expect(cancelled.status).toBe(503);
      expect(cancelled.headers).toMatchObject({ "retry-after": "1", connection: "close" });
      expect(JSON.parse(cancelled.body)).toEqual({ error: "the server is shutting down and cancelled this solve after its drain deadline (200 ms); retry" });

      const metrics = await registries[0].metrics();
      expect(series(metrics, 'edge_alloc_rejections_total{reason="queue_timeout"}')).toBe(4 + timedOut);
      expect(series(metrics, 'edge_alloc_rejections_total{reason="draining"}')).toBe(2);
      expect(series(metrics, 'edge_alloc_solves_total{algorithm="tree",status="cancelled"}')).toBe(1);

      // close() flushed the buffered log: it holds every line, the last ones included.
      const logs = () =>
        readFileSync(logFile, "utf8")
          .split("\n")
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Record<string, unknown>);
      const treeLines = () => logs().filter((l) => l.status === 503 && l.algorithm === "tree").length;
      await until(() => treeLines() === timedOut + 1, "the log of the cancelled search", 3_000);
      const lines = logs();
      const requests = lines.filter((l) => l.msg === "request" && l.status === 503);
      expect(
        requests
          .filter((l) => l.reason === undefined && l.algorithm !== undefined)
          .map((l) => [l.url, l.algorithm, l.outcome])
          .sort(),
      ).toEqual([
        ["/v1/solve", "exact", "rejected"],
        ["/v1/solve", "exact", "rejected"],
        ["/v1/solve", "greedy", "rejected"],
        ...Array.from({ length: timedOut + 1 }, () => ["/v1/solve", "tree", "rejected"]),
        ["/v1/solve?via=fastify", "no-batching", "rejected"],
      ]);
      expect(requests.filter((l) => l.reason === "draining")).toEqual([expect.not.objectContaining({ heldMs: expect.anything() })]);
      expect(lines.find((l) => l.msg === "draining: no new connections, finishing the solves in flight")).toMatchObject({ drainTimeoutMs: 200, inFlight: 1 });
      expect(lines.find((l) => l.msg === "drain deadline reached: cancelling the solves still in flight")).toMatchObject({ level: 40, cancelled: 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a request too slow to arrive is a 408 and its connection closed; a server with log: false still answers", async () => {
    const service = await createService(await loadServiceDeps(), { workers: 1, headersTimeoutMs: 100, requestTimeoutMs: 200, log: false });
    try {
      const port = Number(new URL(await service.app.listen({ host: "127.0.0.1", port: 0 })).port);
      expect((await service.app.inject({ method: "GET", url: "/openapi.json" })).json()).toMatchObject({ info: { version: "0.0.0" } });
      const slow = await openConnection(port, `${postBytes("{}").slice(0, -2)}`);
      const answer = await slow.closed;
      expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
      expect(JSON.parse(answer.split("\r\n\r\n")[1]).error).toMatch(/^the request took too long to arrive: headers within 100 ms/);
    } finally {
      await service.close();
    }
  });
});

describe("standard output", () => {
  it("log: false writes nothing there; by default the lines go out in 4 KiB writes, the rest at close", async () => {
    // pino writes standard output through sonic-boom, with fs.write (buffered) or fs.writeSync: both
    // are watched (and still write) for file descriptor 1.
    const written: string[] = [];
    const { write, writeSync } = fs;
    const watch =
      <F extends (...args: never[]) => unknown>(real: F) =>
      (...args: Parameters<F>) => {
        if (args[0] === (1 as never)) written.push(String(args[1]));
        return real.apply(fs, args);
      };
    fs.write = watch(write) as typeof fs.write;
    fs.writeSync = watch(writeSync) as typeof fs.writeSync;
    try {
      const deps = await loadServiceDeps();
      const quiet = await createService(deps, { workers: 1, log: false });
      expect((await quiet.app.inject({ method: "GET", url: "/nowhere" })).statusCode).toBe(404);
      await quiet.close();
      expect(written.filter((w) => w.includes('"msg":"request"'))).toEqual([]);

      const standard = await createService(deps, { workers: 1 });
      expect((await standard.app.inject({ method: "GET", url: "/nowhere-else" })).statusCode).toBe(404);
      // One line is far from 4 KiB: it waits in the buffer until close() flushes it.
      expect(written.filter((w) => w.includes("/nowhere-else"))).toEqual([]);
      await standard.close();
      await until(() => written.some((w) => w.includes('"url":"/nowhere-else"')), "the flushed line", 3_000);
    } finally {
      fs.write = write;
      fs.writeSync = writeSync;
    }
  });
});
