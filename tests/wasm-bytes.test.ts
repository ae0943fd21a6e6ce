/**
 * Loading a .wasm file from each kind of URL the library meets (file: in
 * Node, http(s) and data: in browsers and bundles), and the one-line errors
 * that name the file and the URL when it cannot be read or is not WebAssembly.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileWasm, wasmBytes } from "../bindings/core/wasm-bytes.js";

const kernels = readFileSync(new URL("../bindings/core/kernels.wasm", import.meta.url));
const folder = mkdtempSync(join(tmpdir(), "wasm-bytes-"));
let server: Server;
let base: string;

beforeAll(async () => {
  writeFileSync(join(folder, "index.html"), "<!doctype html><p>not wasm</p>");
  server = createServer((request, response) => {
    if (request.url === "/kernels.wasm") response.writeHead(200, { "content-type": "application/wasm" }).end(kernels);
    else if (request.url === "/index.html") response.writeHead(200, { "content-type": "text/html" }).end("<!doctype html>");
    else response.writeHead(404).end("not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  rmSync(folder, { recursive: true, force: true });
  await new Promise((resolve) => server.close(resolve));
});

describe("wasmBytes and compileWasm", () => {
  it("read a file: URL (as a URL or a string) byte for byte and compile it", async () => {
    const url = new URL("../bindings/core/kernels.wasm", import.meta.url);
    expect(new Uint8Array(await wasmBytes(url, "kernels.wasm"))).toEqual(new Uint8Array(kernels));
    expect(new Uint8Array(await wasmBytes(url.href, "kernels.wasm"))).toEqual(new Uint8Array(kernels));
    const module = await compileWasm(url, "kernels.wasm");
    expect(WebAssembly.Module.exports(module).length).toBeGreaterThan(0);
  });

  it("fetch an http URL and compile it", async () => {
    expect(new Uint8Array(await wasmBytes(`${base}/kernels.wasm`, "kernels.wasm"))).toEqual(new Uint8Array(kernels));
    expect(await compileWasm(new URL(`${base}/kernels.wasm`), "kernels.wasm")).toBeInstanceOf(WebAssembly.Module);
  });

  it("fetch a data: URL", async () => {
    const url = `data:application/wasm;base64,${kernels.toString("base64")}`;
    expect(new Uint8Array(await wasmBytes(url, "kernels.wasm"))).toEqual(new Uint8Array(kernels));
  });

  it("a missing file: the file, the URL and the error code", async () => {
    const url = pathToFileURL(join(folder, "absent.wasm"));
    await expect(wasmBytes(url, "absent.wasm")).rejects.toThrow(new Error(`cannot read absent.wasm from ${url.href}: ENOENT`));
  });

  it("an HTTP error status: the file, the URL and the status", async () => {
    await expect(wasmBytes(`${base}/gone.wasm`, "gone.wasm")).rejects.toThrow(new Error(`cannot load gone.wasm from ${base}/gone.wasm: HTTP 404`));
  });

  it("a server that cannot be reached: the file, the URL and why", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/kernels.wasm`;
    await new Promise((resolve) => closed.close(resolve));
    await expect(wasmBytes(url, "kernels.wasm")).rejects.toThrow(new Error(`cannot load kernels.wasm from ${url}: fetch failed`));
  });

  it("bytes that are not WebAssembly (a server's index.html, a text file): cannot compile, naming both", async () => {
    await expect(compileWasm(`${base}/index.html`, "kernels.wasm")).rejects.toThrow(
      /^cannot compile kernels\.wasm from http:\/\/127\.0\.0\.1:\d+\/index\.html: .*magic/,
    );
    const file = pathToFileURL(join(folder, "index.html"));
    await expect(compileWasm(file, "kernels.wasm")).rejects.toThrow(
      new RegExp(`^cannot compile kernels\\.wasm from ${file.href.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: `),
    );
  });

  it("a host without process.getBuiltinModule (Node before 20.16, a browser given a file: URL): one line, not a TypeError", async () => {
    const host = process as { getBuiltinModule?: unknown };
    const saved = host.getBuiltinModule;
    const url = new URL("../bindings/core/kernels.wasm", import.meta.url);
    host.getBuiltinModule = undefined;
    try {
      await expect(wasmBytes(url, "kernels.wasm")).rejects.toThrow(
        new Error(`cannot read kernels.wasm from ${url.href}: this host has no process.getBuiltinModule (Node >= 20.16)`),
      );
    } finally {
      host.getBuiltinModule = saved;
    }
  });
});
