/**
 * The HTTP service over a solver pool (fastify). Every solve runs on a
 * worker thread, so this thread only parses, admits and answers: /healthz
 * and /metrics stay prompt while every worker searches.
 *
 * Admission is explicit: at most `workers + queue` solves are accepted at
 * once; beyond that the server answers 503 with Retry-After at once instead
 * of letting a queue (and every client's latency) grow without bound.
 */
import type { DestinationStream } from "pino";
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { InputError, InstanceError, type InputIssue } from "../core/errors.js";
import type { Instance } from "../core/types.js";
import { createSolverPool } from "../pool/node-pool.js";
import type { SolverPool } from "../pool/types.js";
import { isAbortError } from "../pool/wire-error.js";
import type { ServiceDeps } from "./deps.js";
import { DEFAULT_LIMITS, type ServiceLimits } from "./limits.js";
import { createMetrics, type SolveOutcome } from "./metrics.js";
import { openApiDocument } from "./openapi.js";
import { parseSolveRequest } from "./solve-request.js";

export interface ServiceOptions extends Partial<ServiceLimits> {
  /** Solver worker threads; default one per core. */
  workers?: number;
  /** Where the JSON log lines go (default standard output); `false`: no log. */
  log?: DestinationStream | false;
  version?: string;
}

export interface Service {
  app: FastifyInstance;
  pool: SolverPool;
  limits: ServiceLimits;
  /** Stops accepting, lets the requests in flight finish, then ends the workers. */
  close(): Promise<void>;
}

/** Seconds a shed client is told to wait: the queue is sized so a second clears much of it at typical solve times. */
const RETRY_AFTER_S = 1;

/** What one request did, for its log line. */
interface RequestNote {
  algorithm?: string;
  outcome?: SolveOutcome | "rejected";
  served?: number;
}

function badRequest(reply: FastifyReply, error: string, issues: InputIssue[]) {
  return reply.code(400).send({ error, issues });
}

export async function createService(deps: ServiceDeps, options: ServiceOptions = {}): Promise<Service> {
  const limits: ServiceLimits = {
    maxTimeLimitMs: options.maxTimeLimitMs ?? DEFAULT_LIMITS.maxTimeLimitMs,
    maxUsers: options.maxUsers ?? DEFAULT_LIMITS.maxUsers,
    bodyLimitBytes: options.bodyLimitBytes ?? DEFAULT_LIMITS.bodyLimitBytes,
    queue: options.queue ?? DEFAULT_LIMITS.queue,
  };
  // Standard output through an asynchronous, buffered destination: a synchronous write per
  // request line cost the HTTP thread ~0.1 ms a request under load. Flushed on close.
  const logger =
    options.log === false
      ? deps.pino({ level: "silent" })
      : deps.pino({ level: "info" }, options.log ?? deps.pino.destination({ dest: 1, sync: false, minLength: 4096 }));
  const app = deps.fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // One line per request, written in onResponse below, instead of fastify's two.
    logController: new deps.fastify.LogController({ disableRequestLogging: true }),
    bodyLimit: limits.bodyLimitBytes,
    // Requests arriving on a kept-alive connection while draining get 503, and idle ones are closed.
    return503OnClosing: true,
    forceCloseConnections: "idle",
  });
  const pool = createSolverPool({ workers: options.workers });
  const metrics = createMetrics(deps.prom, pool);
  const notes = new WeakMap<FastifyRequest, RequestNote>();

  // Bad JSON is a 400 in the CLI's words (`<source>: not valid JSON (...)`), not fastify's generic message.
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch (error) {
      done(new InputError([{ path: "", message: `request body: not valid JSON (${(error as Error).message})` }]), undefined);
    }
  });

  app.setErrorHandler((error: Error & { code?: string; statusCode?: number }, request, reply) => {
    notes.set(request, { ...notes.get(request), outcome: "rejected" });
    if (error instanceof InputError) {
      metrics.rejected("bad_request");
      return badRequest(reply, "the request has problems", error.issues);
    }
    if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
      metrics.rejected("body_too_large");
      return reply.code(413).send({ error: `the request body is over this server's limit of ${limits.bodyLimitBytes} bytes (--body-limit)` });
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      metrics.rejected("bad_request");
      return reply.code(error.statusCode).send({ error: error.message });
    }
    request.log.error({ err: error }, "internal error");
    return reply.code(500).send({ error: `internal error: ${error.message}` });
  });

  // Draining: an answer sent after close() would leave its kept-alive connection open for
  // keepAliveTimeout (72 s), holding the process; closing it with the answer lets the server end.
  let closing = false;
  app.addHook("onSend", async (_request, reply, payload) => {
    if (closing) reply.header("Connection", "close");
    return payload;
  });

  app.addHook("onResponse", async (request, reply) => {
    const note = notes.get(request) ?? {};
    request.log.info(
      { method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 100) / 100, ...note },
      "request",
    );
  });

  app.post("/v1/solve", async (request, reply) => {
    const { instance, options: solveOptions } = parseSolveRequest(request.body, limits);
    const algorithm = solveOptions.algorithm ?? "exact";
    const note: RequestNote = { algorithm };
    notes.set(request, note);
    if (pool.pending >= pool.workers + limits.queue) {
      metrics.rejected("queue_full");
      note.outcome = "rejected";
      reply.header("Retry-After", String(RETRY_AFTER_S));
      return reply.code(503).send({ error: `the server is busy: ${pool.pending} solves are running or waiting; retry after ${RETRY_AFTER_S} s` });
    }
    // A client that goes away before its answer cancels its solve (and frees its worker).
    const controller = new AbortController();
    const onClose = () => {
      if (!reply.raw.writableEnded) controller.abort();
    };
    reply.raw.once("close", onClose);
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1e3;
    try {
      // Checked on the worker by solve(), whose issues come back as an InstanceError.
      const solution = await pool.solve(instance as Instance, { ...solveOptions, signal: controller.signal });
      note.outcome = solution.status;
      note.served = solution.served;
      metrics.solveEnded(algorithm, solution.status, seconds());
      return solution;
    } catch (error) {
      if (isAbortError(error)) {
        note.outcome = "cancelled";
        metrics.solveEnded(algorithm, "cancelled", seconds());
        // Nobody is listening; 499 (client closed request) is what the log line shows.
        return reply.code(499).send();
      }
      if (error instanceof InstanceError) {
        note.outcome = "invalid";
        metrics.solveEnded(algorithm, "invalid", seconds());
        metrics.rejected("bad_request");
        const issues = error.issues.map((i) => ({ path: i.path === "" ? "instance" : `instance.${i.path}`, message: i.message }));
        return badRequest(reply, "the instance has problems", issues);
      }
      metrics.solveEnded(algorithm, "error", seconds());
      throw error;
    } finally {
      reply.raw.off("close", onClose);
    }
  });

  app.get("/healthz", async () => ({ status: "ok", workers: pool.workers, inFlight: pool.pending }));

  app.get("/metrics", async (_request, reply) => {
    reply.header("Content-Type", metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  const document = openApiDocument(limits, options.version ?? "0.0.0");
  app.get("/openapi.json", async () => document);

  return {
    app,
    pool,
    limits,
    async close() {
      closing = true;
      await app.close();
      await pool.close();
      logger.flush();
    },
  };
}
