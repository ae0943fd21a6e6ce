// Readiness apart from liveness, timeouts, and SIGTERM draining, on real servers (127.0.0.1).
import { spawn } from "node:child_process";
import type { Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { generateInstance } from "../bindings/scenarios/generate.js";
import { freshRequest, inFlight, start, until } from "./helpers/service.js";
import { openConnection } from "./helpers/service-sockets.js";

const repo = fileURLToPath(new URL("..", import.meta.url));
const hard = generateInstance({ seed: 1 });
/** tree never finishes the default scenario: it runs its whole time limit. */
const treeFor = (timeLimitMs: number) => JSON.stringify({ instance: hard, options: { algorithm: "tree", timeLimitMs } });

const postHead = (length: number) => `POST /v1/solve HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;

describe("GET /readyz", () => {
  it("is 200 when the workers are up, 503 while the queue is full; /healthz stays 200", async () => {
    const server = await start({ workers: 1, queue: 1, maxTimeLimitMs: 60_000 });
    const holders: Socket[] = [];
    try {
      await until(async () => (await freshRequest(server.port, "GET", "/readyz")).status === 200, "the worker to start");
      expect(JSON.parse((await freshRequest(server.port, "GET", "/readyz")).body)).toEqual({ status: "ready", workers: 1, inFlight: 0 });
      for (let i = 0; i < 2; i++) holders.push((await openConnection(server.port, postHead(Buffer.byteLength(treeFor(60_000))) + treeFor(60_000))).socket);
      await until(async () => (await inFlight(server.url)) === 2, "one solve running and one waiting");
      const full = await freshRequest(server.port, "GET", "/readyz");
      expect(full.status).toBe(503);
      expect(JSON.parse(full.body)).toEqual({ error: "not ready: every worker is busy and the queue is full (2 solves)" });
      expect((await freshRequest(server.port, "GET", "/healthz")).status).toBe(200);
      for (const socket of holders) socket.destroy();
      await until(async () => (await freshRequest(server.port, "GET", "/readyz")).status === 200, "readiness to come back");
    } finally {
      for (const socket of holders) socket.destroy();
      await server.service.close();
    }
  });
});

describe("timeouts", () => {
  it("a queued solve waits at most --queue-timeout-ms, then 503 with Retry-After", async () => {
    const server = await start({ workers: 1, queue: 4, queueTimeoutMs: 300, maxTimeLimitMs: 60_000 });
    const holder = await openConnection(server.port, postHead(Buffer.byteLength(treeFor(60_000))) + treeFor(60_000));
    try {
      await until(async () => (await inFlight(server.url)) === 1, "the worker to be busy");
      const started = Date.now();
      const queued = await freshRequest(server.port, "POST", "/v1/solve", JSON.stringify({ instance: generateInstance({ users: 5 }) }));
      expect(queued.status).toBe(503);
      expect(queued.headers["retry-after"]).toBe("1");
      expect(JSON.parse(queued.body).error).toMatch(/^the server is busy: no worker became free within 300 ms \(--queue-timeout-ms\)/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    } finally {
      holder.socket.destroy();
      await server.service.close();
    }
  });

  it("a body sent too slowly gets 408 and its connection closed; so does a connection that sends nothing", async () => {
    const server = await start({ workers: 1, headersTimeoutMs: 400, requestTimeoutMs: 800 });
    try {
      const body = JSON.stringify({ instance: generateInstance({ users: 5 }) });
      const slow = await openConnection(server.port, postHead(Buffer.byteLength(body)) + body.slice(0, 10));
      const silent = await openConnection(server.port);
      const answer = await slow.closed;
      expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
      expect(JSON.parse(answer.split("\r\n\r\n")[1]).error).toMatch(/^the request took too long to arrive/);
      // Node answers a connection that never sent a byte by closing it.
      await silent.closed;
    } finally {
      await server.service.close();
    }
  });
});

describe("SIGTERM on edge-alloc serve (the CLI, as a child process)", () => {
  it("readiness 503 at once, no new connections, Connection: close, solves finish up to the drain deadline, exit 0 despite silent and mid-body connections", async () => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "bindings/cli/main.ts", "serve", "--port", "0", "--workers", "2", "--drain-timeout-ms", "5000", "--max-time-limit-ms", "60000"],
      { cwd: repo, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    let stdout = "";
    child.stderr.on("data", (chunk) => (stderr += String(chunk)));
    child.stdout.on("data", (chunk) => (stdout += String(chunk)));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      await until(() => /listening on http:\/\/127\.0\.0\.1:\d+/.test(stderr), "the server to listen", 60_000);
      const port = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(stderr)![1]);
      await until(async () => (await freshRequest(port, "GET", "/readyz")).status === 200, "the workers to start", 60_000);
      // A solve that ends within the deadline (0.5 s), one that would not (60 s), a kept-alive connection
      // that answered once, a silent one and one stuck mid-body.
      const finishing = openConnection(port, postHead(Buffer.byteLength(treeFor(500))) + treeFor(500));
      const endless = openConnection(port, postHead(Buffer.byteLength(treeFor(60_000))) + treeFor(60_000));
      const keptAlive = await openConnection(port, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
      const silent = await openConnection(port);
      const midBody = await openConnection(port, `${postHead(5000)}{"instance":`);
      await until(async () => (await freshRequest(port, "GET", "/healthz").then((a) => JSON.parse(a.body).inFlight)) === 2, "both solves to start");
      await until(() => keptAlive.received().includes("\r\n\r\n{"), "the first answer on the kept-alive connection");
      const signalled = Date.now();
      child.kill("SIGTERM");
      // Readiness turns 503 at once, on a connection already open; that answer closes it.
      await new Promise((resolve) => setTimeout(resolve, 200));
      keptAlive.socket.write("GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n");
      const keptAliveText = await keptAlive.closed;
      const readyAnswer = keptAliveText.slice(keptAliveText.lastIndexOf("HTTP/1.1"));
      expect(readyAnswer).toMatch(/^HTTP\/1\.1 503 /);
      expect(readyAnswer).toMatch(/\r\nconnection: close\r\n/i);
      expect(readyAnswer).toContain('{"error":"not ready: the server is shutting down"}');
      // No new connections.
      await expect(freshRequest(port, "GET", "/healthz")).rejects.toThrow(/ECONNREFUSED/);
      const finished = await (await finishing).closed;
      expect(finished).toMatch(/^HTTP\/1\.1 200 /);
      expect(finished).toMatch(/\r\nconnection: close\r\n/i);
      const cancelled = await (await endless).closed;
      expect(cancelled).toMatch(/^HTTP\/1\.1 503 /);
      expect(cancelled).toContain("the server is shutting down and cancelled this solve after its drain deadline (5000 ms)");
      await silent.closed;
      await midBody.closed;
      expect(await exited).toBe(0);
      // The drain deadline, then a short wind-down; never the 60 s of the endless solve.
      expect(Date.now() - signalled).toBeLessThan(15_000);
      expect(stderr).toContain("edge-alloc serve: stopped");
      const logs = stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as { msg: string });
      expect(logs.map((l) => l.msg)).toContain("drain deadline reached: cancelling the solves still in flight");
    } finally {
      child.kill("SIGKILL");
    }
  });
});

describe("overload", () => {
  it("a connection re-sending before its Retry-After gets that 503 when it has passed; a new one gets its 503 at once", async () => {
    const server = await start({ workers: 1, queue: 0, maxTimeLimitMs: 60_000 });
    const body = treeFor(60_000);
    const busy = await openConnection(server.port, postHead(Buffer.byteLength(body)) + body);
    const connection = await openConnection(server.port);
    try {
      await until(async () => (await inFlight(server.url)) === 1, "the worker to be busy");
      const answers = () => connection.received().match(/HTTP\/1\.1 503 /g)?.length ?? 0;
      for (let sent = 1; sent <= 3; sent++) {
        connection.socket.write(postHead(Buffer.byteLength(body)) + body);
        await until(() => answers() === sent, `503 number ${sent}`);
      }
      const fresh = await freshRequest(server.port, "POST", "/v1/solve", body);
      expect(fresh.status).toBe(503);
      const sheds = server.logLines().filter((l) => l.status === 503 && l.reason === "queue_full");
      expect(sheds).toHaveLength(4);
      // The first on the connection and the one on a new connection at once; the two re-sent ones held.
      expect(sheds.map((l) => l.heldMs === undefined)).toEqual([true, false, false, true]);
      for (const held of sheds.slice(1, 3)) expect(held.heldMs).toBeGreaterThan(0);
    } finally {
      connection.socket.destroy();
      busy.socket.destroy();
      await server.service.close();
    }
  });

  it("a new connection gets its /healthz 200, /readyz 503 and solve 503 while many connections re-send solves", async () => {
    // The queue never times out here: the 3 places stay taken for the whole test.
    const server = await start({ workers: 1, queue: 2, maxTimeLimitMs: 60_000, queueTimeoutMs: 60_000 });
    const body = treeFor(60_000);
    let stop = false;
    let answers = 0;
    // 40 connections, each re-sending the moment it is answered (a 503, once the 3 places are taken).
    const hammer = async () => {
      const connection = await openConnection(server.port);
      let seen = 0;
      while (!stop && !connection.socket.destroyed) {
        connection.socket.write(postHead(Buffer.byteLength(body)) + body);
        await until(() => stop || connection.socket.destroyed || (connection.received().match(/HTTP\/1\.1 /g)?.length ?? 0) > seen, "an answer", 30_000);
        seen++;
        answers++;
      }
      connection.socket.destroy();
    };
    const hammers = Array.from({ length: 40 }, hammer);
    try {
      await until(() => answers > 200, "the hammering to be under way", 30_000);
      for (let i = 0; i < 5; i++) {
        expect((await freshRequest(server.port, "GET", "/healthz")).status).toBe(200);
        expect((await freshRequest(server.port, "GET", "/readyz")).status).toBe(503);
        const solve = await freshRequest(server.port, "POST", "/v1/solve", body);
        expect(solve.status).toBe(503);
        expect(solve.headers["retry-after"]).toBe("1");
        expect(JSON.parse(solve.body).error).toMatch(/^the server is busy: 3 solves are running or waiting/);
      }
    } finally {
      stop = true;
      await Promise.all(hammers);
      await server.service.close();
    }
  });
});
