/**
 * `edge-alloc serve` (cli/serve.ts) in this process: its flags' parsers and
 * defaults, each limit handed to the server (read back from the server's own
 * OpenAPI document), a port it cannot listen on as exit 2, and the stop on
 * SIGTERM or SIGINT (the handler serve installs is called directly: a real
 * signal would reach the test runner too).
 */
import fs, { readFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { availableParallelism } from "node:os";
import type { Option } from "commander";
import { describe, expect, it, vi } from "vitest";
import type { CliIo } from "../bindings/cli/io.js";
import { runCli } from "../bindings/cli/program.js";
import { serveCommand } from "../bindings/cli/serve.js";
import { cli } from "./helpers/cli-in-process.js";

const quiet: CliIo = { out: () => {}, err: () => {}, readStdin: async () => "" };
const option = (long: string): Option => {
  const found = serveCommand(quiet).options.find((o) => o.long === long);
  if (!found) throw new Error(`no option ${long}`);
  return found;
};
const parse = (long: string, text: string) => (option(long) as Option & { parseArg: (v: string, p: unknown) => unknown }).parseArg(text, undefined);

/**
 * What the server logs to standard output (file descriptor 1, written by pino's asynchronous
 * destination through fs.write and fs.writeSync), one parsed JSON object a line.
 */
function captureStdoutLog() {
  let text = "";
  const bytes = (data: unknown) => (typeof data === "string" ? Buffer.from(data) : Buffer.from(data as Uint8Array));
  const realWrite = fs.write;
  const realWriteSync = fs.writeSync;
  const write = vi.spyOn(fs, "write").mockImplementation(((fd: number, data: unknown, ...rest: unknown[]) => {
    if (fd !== 1) return (realWrite as (...a: unknown[]) => void)(fd, data, ...rest);
    text += bytes(data).toString("utf8");
    const done = rest.find((r) => typeof r === "function") as ((e: null, n: number) => void) | undefined;
    process.nextTick(() => done?.(null, bytes(data).byteLength));
  }) as never);
  const writeSync = vi.spyOn(fs, "writeSync").mockImplementation(((fd: number, data: unknown, ...rest: unknown[]) => {
    if (fd !== 1) return (realWriteSync as (...a: unknown[]) => number)(fd, data, ...rest);
    text += bytes(data).toString("utf8");
    return bytes(data).byteLength;
  }) as never);
  return {
    lines: () =>
      text
        .split("\n")
        .filter((l) => l !== "")
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    restore() {
      write.mockRestore();
      writeSync.mockRestore();
    },
  };
}

/** Starts `serve` with `args` in this process; resolves once it listens, with its URL and a way to stop it by signal. */
async function serve(args: string[]) {
  let stderr = "";
  let listening: (url: string) => void = () => {};
  const url = new Promise<string>((resolve) => (listening = resolve));
  const io: CliIo = {
    out: () => {},
    err: (text) => {
      stderr += text;
      const match = /listening on (\S+) /.exec(text);
      if (match) listening(match[1]);
    },
    readStdin: async () => "",
  };
  const before = { SIGTERM: process.listeners("SIGTERM"), SIGINT: process.listeners("SIGINT") };
  const exit = runCli(["serve", "--port", "0", "--workers", "1", ...args], io);
  const address = await Promise.race([url, exit.then((code) => Promise.reject(new Error(`serve exited ${code}: ${stderr}`)))]);
  const added = (signal: "SIGTERM" | "SIGINT") => process.listeners(signal).filter((l) => !before[signal].includes(l));
  return {
    url: address,
    added,
    stderr: () => stderr,
    async stop(signal: "SIGTERM" | "SIGINT") {
      const [handler] = added(signal);
      (handler as (s: NodeJS.Signals) => void)(signal);
      return exit;
    },
  };
}

describe("serve's flags", () => {
  it("parse integers within their bounds", () => {
    expect(parse("--port", "0")).toBe(0);
    expect(parse("--port", "65535")).toBe(65535);
    for (const bad of ["-1", "65536", "80.5"]) expect(() => parse("--port", bad), bad).toThrow(`expected an integer from 0 to 65535, got "${bad}".`);
    expect(parse("--workers", "1")).toBe(1);
    expect(parse("--workers", "64")).toBe(64);
    for (const bad of ["0", "65"]) expect(() => parse("--workers", bad), bad).toThrow(`expected an integer from 1 to 64, got "${bad}".`);
    expect(parse("--max-users", "0")).toBe(0);
    expect(() => parse("--max-users", "-1")).toThrow(`expected an integer from 0 to ${Number.MAX_SAFE_INTEGER}, got "-1".`);
    expect(parse("--queue", String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => parse("--queue", String(2 ** 53))).toThrow("expected an integer from 0");
    expect(parse("--drain-timeout-ms", "0")).toBe(0);
    for (const long of ["--max-time-limit-ms", "--queue-timeout-ms", "--request-timeout-ms", "--headers-timeout-ms"]) {
      expect(parse(long, "1"), long).toBe(1);
      expect(() => parse(long, "0"), long).toThrow('expected an integer from 1 to 9007199254740991, got "0".');
    }
  });

  it("read body sizes in bytes, kb and mb", () => {
    const sizes: Array<[string, number]> = [
      ["1", 1],
      ["1048576", 1048576],
      [" 2048 ", 2048],
      ["10b", 10],
      ["512kb", 512 * 1024],
      ["512KB", 512 * 1024],
      ["1.5kb", 1536],
      ["1.25kb", 1280],
      ["1 kb", 1024],
      ["8mb", 8 * 1024 ** 2],
      ["2Mb", 2 * 1024 ** 2],
      ["1.5", 1],
    ];
    for (const [text, bytes] of sizes) expect(parse("--body-limit", text), text).toBe(bytes);
    for (const bad of ["0", "0.5", "", "kb", "-1kb", "1gb", "x1kb", "1kbx", "1.kb"]) {
      expect(() => parse("--body-limit", bad), bad).toThrow(`expected a size in bytes such as 1048576, 512kb or 8mb, got "${bad}".`);
    }
  });

  it("state their defaults in --help", async () => {
    const { code, stdout } = await cli(["serve", "--help"]);
    expect(code).toBe(0);
    const line = (flag: string) => stdout.split("\n").find((l) => l.trimStart().startsWith(flag)) ?? "";
    const following = (flag: string) =>
      stdout
        .slice(stdout.indexOf(flag))
        .split(/\n {2}-/)[0]
        .replace(/\s+/g, " ");
    expect(line("--host")).toMatch(/\(default: "127\.0\.0\.1"\)$/);
    expect(line("--port")).toMatch(/\(default: 8080\)$/);
    expect(following("--workers")).toContain(`(default: ${availableParallelism()})`);
    expect(following("--body-limit")).toContain("(default: 8mb)");
    expect(following("--max-time-limit-ms")).toContain("(default: 10000)");
    expect(following("--max-users")).toContain("(default: 20000)");
    expect(following("--queue ")).toContain("(default: 128)");
    expect(following("--queue-timeout-ms")).toContain("(default: 5000)");
    expect(following("--request-timeout-ms")).toContain("(default: 30000)");
    expect(following("--headers-timeout-ms")).toContain("(default: 10000)");
    expect(following("--drain-timeout-ms")).toContain("(default: 10000)");
  });

  it("refuses a headers timeout longer than the request timeout, naming both flags, exit 2", async () => {
    const { code, stderr } = await cli(["serve", "--port", "0", "--request-timeout-ms", "1000", "--headers-timeout-ms", "1001"]);
    expect(code).toBe(2);
    expect(stderr).toBe("edge-alloc: --headers-timeout-ms: must be at most --request-timeout-ms (1000), got 1001\n");
  });
});

describe("edge-alloc serve in this process", () => {
  it("hands every limit to the server, says where it listens, and stops on SIGTERM", async () => {
    const log = captureStdoutLog();
    const server = await serve([
      "--host",
      "127.0.0.1",
      "--max-time-limit-ms",
      "1234",
      "--max-users",
      "17",
      "--body-limit",
      "3kb",
      "--queue",
      "9",
      "--queue-timeout-ms",
      "4321",
      "--request-timeout-ms",
      "20000",
      "--headers-timeout-ms",
      "20000",
      "--drain-timeout-ms",
      "50",
    ]);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.stderr()).toBe(`edge-alloc serve: listening on ${server.url} (1 workers)\n`);
    expect(await (await fetch(`${server.url}/healthz`)).json()).toMatchObject({ status: "ok", workers: 1 });
    const document = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      info: { version: string };
      paths: { "/v1/solve": { post: { description: string; responses: Record<string, { description: string }> } } };
    };
    const solve = document.paths["/v1/solve"].post;
    expect(solve.description).toContain("above 1234 ms (or 0, no limit) are cut to 1234 ms");
    expect(solve.description).toContain("more than 17 users are refused");
    expect(solve.responses["413"].description).toContain("(3072 bytes)");
    expect(solve.responses["503"].description).toContain("9 solves are already waiting, this solve waited 4321 ms");
    expect(solve.responses["503"].description).toContain("still running 50 ms after shutdown began");
    expect(solve.responses["408"].description).toContain("headers within 20000 ms, the whole request within 20000 ms");
    const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
    expect(document.info.version).toBe(manifest.version);
    expect(server.added("SIGTERM")).toHaveLength(1);
    expect(server.added("SIGINT")).toHaveLength(1);
    try {
      expect(await server.stop("SIGTERM")).toBe(0);
    } finally {
      log.restore();
    }
    // The logs own standard output: the stop is logged there with its signal, not on standard error.
    expect(log.lines()).toContainEqual(expect.objectContaining({ level: 30, signal: "SIGTERM", msg: "stopping" }));
    expect(server.stderr()).toBe(`edge-alloc serve: listening on ${server.url} (1 workers)\nedge-alloc serve: stopped\n`);
    // Both handlers are gone, and the port no longer answers.
    expect(server.added("SIGTERM")).toHaveLength(0);
    expect(server.added("SIGINT")).toHaveLength(0);
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });

  it("stops on SIGINT as on SIGTERM", async () => {
    const server = await serve(["--drain-timeout-ms", "0"]);
    expect(await server.stop("SIGINT")).toBe(0);
    expect(server.added("SIGTERM")).toHaveLength(0);
    expect(server.added("SIGINT")).toHaveLength(0);
    expect(server.stderr()).toMatch(/\nedge-alloc serve: stopped\n$/);
  });

  it("names the address it cannot listen on, exit 2", async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const { code, stderr } = await cli(["serve", "--port", String(port), "--workers", "1"]);
      expect(code).toBe(2);
      expect(stderr).toMatch(new RegExp(`^edge-alloc: cannot listen on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE.*\\n$`));
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
    // A port below 1024, which only root may take.
    if (process.getuid?.() !== 0) {
      const privileged = await cli(["serve", "--port", "1", "--workers", "1"]);
      expect(privileged.code).toBe(2);
      expect(privileged.stderr).toMatch(/^edge-alloc: cannot listen on 127\.0\.0\.1:1: .*EACCES.*\n$/);
    }
    // An address this machine does not have (TEST-NET-1, RFC 5737).
    const elsewhere = await cli(["serve", "--host", "192.0.2.1", "--port", "0", "--workers", "1"]);
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toMatch(/^edge-alloc: cannot listen on 192\.0\.2\.1:0: .*EADDRNOTAVAIL.*\n$/);
    // A name that never resolves (RFC 6761); offline, the lookup fails with EAI_AGAIN instead.
    const nowhere = await cli(["serve", "--host", "no-such-host.invalid", "--port", "0", "--workers", "1"]);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toMatch(/^edge-alloc: cannot listen on no-such-host\.invalid:0: .*(ENOTFOUND|EAI_AGAIN).*\n$/);
  });
});
