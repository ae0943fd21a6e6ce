// A real edge-alloc server on 127.0.0.1 (an ephemeral port) for the service tests, and small HTTP helpers.
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { Writable } from "node:stream";
import { loadServiceDeps } from "../../bindings/service/deps.js";
import { createService, type Service, type ServiceOptions } from "../../bindings/service/server.js";

export interface Running {
  service: Service;
  url: string;
  port: number;
  logLines: () => Array<Record<string, unknown>>;
}

/** `setup` may add routes before the server listens (e.g. one that fails, to see a 500). */
export async function start(options: ServiceOptions = {}, setup?: (service: Service) => void): Promise<Running> {
  const lines: string[] = [];
  const log = new Writable({
    write(chunk, _encoding, done) {
      lines.push(
        ...String(chunk)
          .split("\n")
          .filter((l) => l !== ""),
      );
      done();
    },
  });
  const service = await createService(await loadServiceDeps(), { workers: 1, ...options, log });
  setup?.(service);
  const url = await service.app.listen({ host: "127.0.0.1", port: 0 });
  return { service, url, port: Number(new URL(url).port), logLines: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

export async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const inFlight = async (url: string) => ((await (await fetch(`${url}/healthz`)).json()) as { inFlight: number }).inFlight;

/** The value of one series line, e.g. `edge_alloc_rejections_total{reason="queue_full"}`. */
export function series(text: string, name: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request on a connection of its own (no pooling), so it is answered on a NEW connection. */
export function freshRequest(port: number, method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: "127.0.0.1", port, method, path, agent: false, headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** Sends raw bytes on a new TCP connection and collects what comes back until the server closes it. */
export function rawExchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(bytes));
    let text = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk) => (text += chunk));
    socket.on("close", () => resolve(text));
    socket.on("error", reject);
  });
}

/** A solve request written by hand on a new TCP connection, then the connection dropped after `afterMs`. */
export function hangUpDuringSolve(port: number, body: string, afterMs: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1", () => {
      socket.write(`POST /v1/solve HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      setTimeout(() => socket.destroy(), afterMs);
    });
    socket.on("close", () => resolve());
    socket.on("error", () => resolve());
  });
}
