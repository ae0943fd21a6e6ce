/**
 * `edge-alloc serve`: the solver as an HTTP service (bindings/service/),
 * solving on worker threads. Runs until SIGTERM or SIGINT, then drains
 * (readiness 503, no new connections, solves in flight finish up to
 * --drain-timeout-ms, the rest are cancelled) and exits 0.
 */
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { Command, InvalidArgumentError, Option } from "commander";
import { type CliIo, parseNumberArg } from "./io.js";
import { DEFAULT_LIMITS } from "../service/limits.js";

interface ServeFlags {
  host: string;
  port: number;
  workers: number;
  maxTimeLimitMs: number;
  maxUsers: number;
  bodyLimit: number;
  queue: number;
  queueTimeoutMs: number;
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  drainTimeoutMs: number;
}

function integerArg(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (text: string): number => {
    const value = parseNumberArg(text);
    if (!Number.isInteger(value) || value < min || value > max) throw new InvalidArgumentError(`expected an integer from ${min} to ${max}, got "${text}".`);
    return value;
  };
}

/**
 * Errors of `listen` that come from the --host or --port given (taken, not ours, not this
 * machine's, a name that does not resolve): exit 2 with the address, not an internal error.
 */
const LISTEN_ERRORS_OF_THE_USER = new Set(["EADDRINUSE", "EACCES", "EADDRNOTAVAIL", "ENOTFOUND", "EAI_AGAIN"]);

const UNITS: Record<string, number> = { "": 1, b: 1, kb: 1024, mb: 1024 ** 2 };

/** `1048576`, `512kb` or `8mb` -> bytes. */
function bytesArg(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb)?$/i.exec(text.trim());
  const bytes = match ? Math.floor(Number(match[1]) * UNITS[(match[2] ?? "").toLowerCase()]) : NaN;
  if (!(bytes >= 1)) throw new InvalidArgumentError(`expected a size in bytes such as 1048576, 512kb or 8mb, got "${text}".`);
  return bytes;
}

function packageVersion(): string | undefined {
  // Two levels up from bindings/cli/ in the sources, three from dist/bindings/cli/.
  for (const path of ["../../package.json", "../../../package.json"]) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(path, import.meta.url), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "edge-alloc") return pkg.version;
    } catch {
      // not here; try the next level
    }
  }
  return undefined;
}

export function serveCommand(io: CliIo): Command {
  const mb = (bytes: number) => `${bytes / 1024 ** 2}mb`;
  return new Command("serve")
    .description("serve POST /v1/solve over HTTP (JSON logs on standard output; GET /openapi.json describes the API, docs/model.md the formats)")
    .addOption(new Option("--host <host>", "address to listen on").default("127.0.0.1"))
    .addOption(new Option("--port <port>", "port (0: any free port)").argParser(integerArg(0, 65535)).default(8080))
    .addOption(new Option("--workers <n>", "solver worker threads (default: one per core)").argParser(integerArg(1, 64)).default(availableParallelism()))
    .addOption(
      new Option("--max-time-limit-ms <ms>", "longest search a request may ask for; longer or unlimited requests are cut to this")
        .argParser(integerArg(1))
        .default(DEFAULT_LIMITS.maxTimeLimitMs),
    )
    .addOption(new Option("--max-users <n>", "refuse instances with more users (400)").argParser(integerArg(0)).default(DEFAULT_LIMITS.maxUsers))
    .addOption(
      new Option("--body-limit <size>", "refuse larger request bodies (413), e.g. 512kb or 8mb")
        .argParser(bytesArg)
        .default(DEFAULT_LIMITS.bodyLimitBytes, mb(DEFAULT_LIMITS.bodyLimitBytes)),
    )
    .addOption(
      new Option("--queue <n>", "solves that may wait for a worker; beyond this, 503 with Retry-After").argParser(integerArg(0)).default(DEFAULT_LIMITS.queue),
    )
    .addOption(
      new Option("--queue-timeout-ms <ms>", "longest wait of a queued solve for a worker; then 503 with Retry-After")
        .argParser(integerArg(1))
        .default(DEFAULT_LIMITS.queueTimeoutMs),
    )
    .addOption(
      new Option("--request-timeout-ms <ms>", "longest time to receive a whole request, headers and body; then 408")
        .argParser(integerArg(1))
        .default(DEFAULT_LIMITS.requestTimeoutMs),
    )
    .addOption(
      new Option("--headers-timeout-ms <ms>", "longest time to receive a request's headers, also on a connection that sends nothing; then 408")
        .argParser(integerArg(1))
        .default(DEFAULT_LIMITS.headersTimeoutMs),
    )
    .addOption(
      new Option("--drain-timeout-ms <ms>", "on SIGTERM, how long solves in flight may still run before they are cancelled and the process exits 0")
        .argParser(integerArg(0))
        .default(DEFAULT_LIMITS.drainTimeoutMs),
    )
    .action(async (flags: ServeFlags) => {
      if (flags.headersTimeoutMs > flags.requestTimeoutMs) {
        const { InputError } = await import("../core/errors.js");
        throw new InputError([
          { path: "--headers-timeout-ms", message: `must be at most --request-timeout-ms (${flags.requestTimeoutMs}), got ${flags.headersTimeoutMs}` },
        ]);
      }
      // Loaded here: the other commands should not pay for the server, nor need its packages.
      const { loadServiceDeps } = await import("../service/deps.js");
      const deps = await loadServiceDeps();
      const { createService } = await import("../service/server.js");
      const service = await createService(deps, {
        workers: flags.workers,
        maxTimeLimitMs: flags.maxTimeLimitMs,
        maxUsers: flags.maxUsers,
        bodyLimitBytes: flags.bodyLimit,
        queue: flags.queue,
        queueTimeoutMs: flags.queueTimeoutMs,
        requestTimeoutMs: flags.requestTimeoutMs,
        headersTimeoutMs: flags.headersTimeoutMs,
        drainTimeoutMs: flags.drainTimeoutMs,
        version: packageVersion(),
      });
      let address: string;
      try {
        address = await service.app.listen({ host: flags.host, port: flags.port });
      } catch (error) {
        await service.close();
        const code = (error as { code?: string }).code;
        if (LISTEN_ERRORS_OF_THE_USER.has(String(code))) {
          const { InputError } = await import("../core/errors.js");
          throw new InputError([{ path: "", message: `cannot listen on ${flags.host}:${flags.port}: ${(error as Error).message}` }]);
        }
        throw error;
      }
      // The logs own standard output (one JSON object a line); the address, for a person, goes to standard error.
      io.err(`edge-alloc serve: listening on ${address} (${service.workers} workers)\n`);
      await new Promise<void>((resolve) => {
        const stop = (signal: NodeJS.Signals) => {
          process.off("SIGTERM", stop);
          process.off("SIGINT", stop);
          service.app.log.info({ signal }, "stopping");
          void service.close().then(resolve);
        };
        process.on("SIGTERM", stop);
        process.on("SIGINT", stop);
      });
      io.err("edge-alloc serve: stopped\n");
    });
}
