// Three `edge-alloc serve` replicas behind HAProxy with deploy/haproxy.cfg, all
// on 127.0.0.1, under a steady bounded load: one replica is stopped with
// SIGTERM and restarted, another killed with SIGKILL and restarted. No request
// may fail outside the crash, and at most a handful around it.
// HAProxy comes from scripts/ensure-haproxy.mjs (run by `npm test`).
import { type ChildProcess, spawn } from "node:child_process";
import { Agent, request as httpRequest } from "node:http";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { generateInstance } from "../bindings/scenarios/generate.js";
import { until } from "./helpers/service.js";

const repo = fileURLToPath(new URL("..", import.meta.url));
const HAPROXY = process.env.HAPROXY_PATH ?? "/usr/sbin/haproxy";

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const children = new Set<ChildProcess>();

function startReplica(port: number): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "bindings/cli/main.ts", "serve", "--port", String(port), "--workers", "1", "--drain-timeout-ms", "3000"],
    { cwd: repo, stdio: "ignore" },
  );
  children.add(child);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  void exited.then(() => children.delete(child));
  return { child, exited };
}

/** One request through a keep-alive agent; resolves with its status, 0 when the connection failed. */
function post(port: number, agent: Agent, body: string): Promise<number> {
  return new Promise((resolve) => {
    const req = httpRequest(
      { host: "127.0.0.1", port, method: "POST", path: "/v1/solve", agent, timeout: 20_000, headers: { "content-type": "application/json" } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", () => resolve(0));
      },
    );
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(0));
    req.end(body);
  });
}

const ready = (port: number) =>
  fetch(`http://127.0.0.1:${port}/readyz`).then(
    (r) => r.status === 200,
    () => false,
  );

afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
});

describe("replicas behind HAProxy (deploy/haproxy.cfg)", () => {
  it("lose no request through a SIGTERM and restart, and at most a handful around a SIGKILL", async () => {
    const ports = [await freePort(), await freePort(), await freePort()];
    const front = await freePort();
    const replicas = ports.map((port) => startReplica(port));
    for (const port of ports) await until(() => ready(port), `replica ${port} to be ready`, 90_000);
    const haproxy = spawn(HAPROXY, ["-db", "-f", "deploy/haproxy.cfg"], {
      cwd: repo,
      stdio: ["ignore", "ignore", "pipe"],
      env: {
        ...process.env,
        EDGE_ALLOC_LISTEN: `127.0.0.1:${front}`,
        EDGE_ALLOC_REPLICA_1: `127.0.0.1:${ports[0]}`,
        EDGE_ALLOC_REPLICA_2: `127.0.0.1:${ports[1]}`,
        EDGE_ALLOC_REPLICA_3: `127.0.0.1:${ports[2]}`,
      },
    });
    children.add(haproxy);
    let haproxyErr = "";
    haproxy.stderr?.on("data", (chunk) => (haproxyErr += String(chunk)));
    await until(() => ready(front), `HAProxy to answer (${haproxyErr})`, 20_000);

    // The load: 6 clients, each posting one 60-user exact solve after another through HAProxy.
    const body = JSON.stringify({ instance: generateInstance({ users: 60, seed: 4 }), options: { algorithm: "exact" } });
    const agent = new Agent({ keepAlive: true, maxSockets: 6 });
    const results: Array<{ at: number; status: number }> = [];
    let loading = true;
    const client = async () => {
      while (loading && results.length < 200_000) {
        const status = await post(front, agent, body);
        results.push({ at: Date.now(), status });
      }
    };
    const clients = Array.from({ length: 6 }, client);
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    try {
      await pause(2000);
      // SIGTERM: the replica drains (readiness 503, no new connections) and exits 0.
      replicas[0].child.kill("SIGTERM");
      expect(await replicas[0].exited).toBe(0);
      replicas[0] = startReplica(ports[0]);
      await until(() => ready(ports[0]), "the stopped replica to be back", 90_000);
      await pause(2000);
      // SIGKILL: answers in flight on that replica are lost; HAProxy retries them elsewhere.
      const killedAt = Date.now();
      replicas[1].child.kill("SIGKILL");
      await replicas[1].exited;
      await pause(1500);
      replicas[1] = startReplica(ports[1]);
      await until(() => ready(ports[1]), "the killed replica to be back", 90_000);
      await pause(3000);
      loading = false;
      await Promise.all(clients);

      const failed = results.filter((r) => r.status !== 200);
      console.log(
        `cluster: ${results.length} requests, ${failed.length} failed (${failed.map((r) => `${r.status} at kill${r.at - killedAt >= 0 ? "+" : ""}${r.at - killedAt} ms`).join(", ")})`,
      );
      const nearCrash = (r: { at: number }) => r.at >= killedAt - 500 && r.at <= killedAt + 3000;
      expect(results.length).toBeGreaterThan(100);
      expect(failed.filter((r) => !nearCrash(r))).toEqual([]);
      expect(failed.length).toBeLessThanOrEqual(5);
    } finally {
      loading = false;
      agent.destroy();
      haproxy.kill("SIGTERM");
      for (const replica of replicas) replica.child.kill("SIGTERM");
      await Promise.all(replicas.map((r) => r.exited));
    }
  });
});
