/**
 * Issue 11, kind 5: one malformed request (GET /%E0%A4%A) once threw an
 * uncaught URIError in scripts/serve-web.mjs and stopped the page server.
 * Every request gets an answer, and the server keeps serving after each.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveDirectory } from "../scripts/serve-web.mjs";

let server: Server;
let origin: string;
const dir = mkdtempSync(join(tmpdir(), "edge-alloc-serve-"));

beforeAll(async () => {
  writeFileSync(join(dir, "index.html"), "<!doctype html><title>planner</title>");
  ({ server, url: origin } = await serveDirectory(dir));
});
afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Sends `text` over a raw socket and returns the status line of the answer. */
function rawRequest(text: string): Promise<string> {
  const { port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), "127.0.0.1", () => socket.write(text));
    let received = "";
    socket.on("data", (chunk) => (received += chunk.toString("latin1")));
    socket.on("end", () => resolve(received.split("\r\n")[0]));
    socket.on("error", reject);
    socket.setTimeout(5000, () => socket.destroy(new Error("no answer within 5 s")));
  });
}

async function statusOf(path: string, method = "GET"): Promise<number> {
  return (await fetch(new URL(path, origin), { method })).status;
}

describe("serve-web answers every request and stays up", () => {
  it.each([
    ["a malformed escape", "/%E0%A4%A", 400],
    ["a truncated escape", "/%", 400],
    ["an encoded NUL", "/index.html%00", 400],
    ["a missing file", "/nope.js", 404],
    ["a path out of the directory", "/%2E%2E/%2E%2E/etc/passwd", 404],
  ])("%s (%s): %i, then the page still loads", async (_label, path, status) => {
    const raw = await rawRequest(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    expect(raw).toBe(`HTTP/1.1 ${status} ${status === 400 ? "Bad Request" : "Not Found"}`);
    expect(await statusOf("/")).toBe(200);
  });

  it("a method other than GET or HEAD: 405", async () => {
    expect(await statusOf("/", "POST")).toBe(405);
    expect(await statusOf("/")).toBe(200);
  });

  it("headers too large: 431, and the server stays up", async () => {
    expect(await rawRequest(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(100_000)}\r\n\r\n`)).toBe("HTTP/1.1 431 Request Header Fields Too Large");
    expect(await statusOf("/")).toBe(200);
  });

  it("a request that is not HTTP: 400, and the server stays up", async () => {
    expect(await rawRequest("\x00\x01 garbage\r\n\r\n")).toBe("HTTP/1.1 400 Bad Request");
    expect(await statusOf("/index.html")).toBe(200);
  });
});
