/**
 * The HTTP service (fastify) over worker threads. This thread only admits,
 * hands each POST /v1/solve body to a worker as a string and sends back the
 * JSON text the worker made (solve-answer.ts): parsing, checking, solving and
 * serialising never run here, so /healthz, /readyz and /metrics stay prompt
 * and shedding costs next to nothing.
 *
 * Admission is explicit: at most `workers + queue` solves are accepted at
 * once, checked before the body is read; beyond that, while draining, or
 * after `queueTimeoutMs` in the queue, the answer is 503 with Retry-After.
 * Every error is `{ "error": "...", "issues"?: [...] }` (openapi.ts).
 */
import type { DestinationStream } from "pino";
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { Server as NetServer, type Socket } from "node:net";
import { ALGORITHMS } from "../core/types.js";
import { workerScriptUrl } from "../pool/source-worker.js";
import { QueueTimeoutError, ThreadPool } from "../pool/thread-pool.js";
import { checkWorkers } from "../pool/check-workers.js";
import { isAbortError } from "../pool/wire-error.js";
import { availableParallelism } from "node:os";
import type { ServiceDeps } from "./deps.js";
import { DEFAULT_LIMITS, type ServiceLimits } from "./limits.js";
import { createMetrics, type Rejection, type SolveOutcome } from "./metrics.js";
import { openApiDocument } from "./openapi.js";
import type { EncodedAnswer } from "./solve-answer.js";
import { clientErrorResponse, errorBody } from "./errors.js";

export interface ServiceOptions extends Partial<ServiceLimits> {
  /** Solver worker threads; default one per core. */
  workers?: number;
  /** Where the JSON log lines go (default standard output); `false`: no log. */
  log?: DestinationStream | false;
  version?: string;
}

export interface Service {
  app: FastifyInstance;
  limits: ServiceLimits;
  workers: number;
  /** True from the start of close(): /readyz answers 503 and new solves are refused. */
  readonly draining: boolean;
  /**
   * Drains: readiness 503 at once, no new connections, idle kept-alive ones
   * closed and the others told `Connection: close`; solves in flight run up
   * to `drainTimeoutMs`, then are cancelled (503) and every connection ends.
   */
  close(): Promise<void>;
}

/** Seconds a shed client is told to wait: the queue is sized so a second clears much of it at typical solve times. */
const RETRY_AFTER_S = 1;
const JSON_TYPE = "application/json; charset=utf-8";
const METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"] as const;

/** What one request did, for its log line. */
interface RequestNote {
  algorithm?: string;
  outcome?: SolveOutcome | "rejected";
  served?: number;
}

/** The algorithm a request names, read from its text without parsing it: only for the log of a solve that never answered. */
function namedAlgorithm(body: string | Uint8Array): string {
  const text = typeof body === "string" ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8");
  const match = /"algorithm"\s*:\s*"([a-z-]{1,20})"/.exec(text);
  return match && (ALGORITHMS as readonly string[]).includes(match[1]) ? match[1] : "exact";
}

export function resolveLimits(options: Partial<ServiceLimits>): ServiceLimits {
  const limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(limits) as Array<keyof ServiceLimits>) limits[key] = options[key] ?? DEFAULT_LIMITS[key];
  return limits;
}

export async function createService(deps: ServiceDeps, options: ServiceOptions = {}): Promise<Service> {
  const limits = resolveLimits(options);
  const workers = checkWorkers(options.workers, availableParallelism());
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
    // The server's timeouts are set in serverFactory below; Node checks them every second there
    // (its default, 30 s, would let a slow body run far past its limit).
    // Draining is this file's job (close() below), with its own 503 in the one error shape.
    return503OnClosing: false,
    // Load is shed here, before fastify: under overload the HTTP thread does little else, and a
    // shed must cost far less than a routed request, or every connection waits, new ones in the
    // accept queue longest (500 clients re-sending at once kept ~280 of them there for seconds).
    serverFactory: (handler) => {
      const server = createHttpServer(
        { headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs, connectionsCheckingInterval: 1000, keepAliveTimeout: 72_000 },
        (req, res) => {
          if (req.method === "POST" && req.url === "/v1/solve") {
            const shed = shedding();
            if (shed) return shedAtOnce(req, res, shed);
            const length = rawBodyLength(req);
            if (length > 0) return solveRaw(req, res, length);
          }
          handler(req, res);
        },
      );
      return server;
    },
    clientErrorHandler(error: Error & { code?: string }, socket: Socket) {
      if (error.code === "ECONNRESET" || socket.destroyed || !socket.writable) return socket.destroy();
      const { status, text } = clientErrorResponse(error, limits);
      app.log.info({ status, reason: error.code, msg: undefined }, "client error");
      socket.end(text);
    },
  });
  const threads = new ThreadPool<string | Uint8Array, EncodedAnswer>(
    workerScriptUrl(import.meta.url, "request-worker"),
    workers,
    limits,
    "the server is shutting down",
  );
  let draining = false;
  const capacity = workers + limits.queue;
  const isReady = () => !draining && threads.online === workers && threads.pending < capacity;
  const poolState = {
    workers,
    get pending() {
      return threads.pending;
    },
    get waiting() {
      return threads.waiting;
    },
  };
  const metrics = createMetrics(deps.prom, poolState, isReady);
  const notes = new WeakMap<FastifyRequest, RequestNote>();
  const note = (request: FastifyRequest, fields: RequestNote) => notes.set(request, { ...notes.get(request), ...fields });

  const refuse = (request: FastifyRequest, reply: FastifyReply, status: number, reason: Rejection | undefined, error: string) => {
    if (reason) metrics.rejected(reason);
    note(request, { outcome: "rejected" });
    if (status === 503) reply.header("Retry-After", String(RETRY_AFTER_S));
    return reply.code(status).type(JSON_TYPE).send(errorBody(error));
  };

  /** 415: the body is not sent as JSON (another content type, or none). */
  const refuseMediaType = (request: FastifyRequest, reply: FastifyReply) => {
    const type = request.headers["content-type"];
    return refuse(
      request,
      reply,
      415,
      "bad_request",
      `the body must be JSON sent as application/json, got ${type ? `content-type ${type}` : "no content-type"}`,
    );
  };

  // Only JSON: the body stays text here and is parsed on a worker. text/plain and the rest get 415.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => done(null, body));

  app.setErrorHandler((error: Error & { code?: string; statusCode?: number }, request, reply) => {
    if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
      return refuse(request, reply, 413, "body_too_large", `the request body is over this server's limit of ${limits.bodyLimitBytes} bytes (--body-limit)`);
    }
    if (error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") return refuseMediaType(request, reply);
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return refuse(request, reply, error.statusCode, "bad_request", `the request has problems: ${error.message}`);
    }
    note(request, { outcome: "error" });
    request.log.error({ err: error }, "internal error");
    return reply
      .code(500)
      .type(JSON_TYPE)
      .send(errorBody(`internal error: ${error.message}`));
  });

  app.setNotFoundHandler((request, reply) =>
    refuse(request, reply, 404, "bad_request", `no such path: ${request.method} ${request.url.split("?")[0]} (GET /openapi.json lists the paths)`),
  );

  // Hooks with callbacks, not async: a promise per hook per request is measurable at thousands a second.
  app.addHook("onSend", (_request, reply, payload, done) => {
    // Draining: a kept-alive connection is closed after its answer, so the process can end.
    if (draining) reply.header("Connection", "close");
    done(null, payload);
  });

  const logLine = (request: FastifyRequest, status: number, ms: number) =>
    request.log.info({ method: request.method, url: request.url, status, ms: Math.round(ms * 100) / 100, ...notes.get(request) }, "request");
  /** Solves answered on the raw response (hijacked), which log their own line with the solve's fields. */
  const answeredAlone = new WeakSet<FastifyRequest>();
  app.addHook("onResponse", (request, reply, done) => {
    if (!answeredAlone.has(request)) logLine(request, reply.statusCode, reply.elapsedTime);
    done();
  });

  /** Why a new solve is refused now, if it is. Checked before the body is read. */
  function shedding(): { reason: Rejection; error: string } | undefined {
    if (draining) return { reason: "draining", error: `the server is shutting down; retry after ${RETRY_AFTER_S} s (another replica will answer)` };
    if (threads.pending >= capacity)
      return { reason: "queue_full", error: `the server is busy: ${threads.pending} solves are running or waiting; retry after ${RETRY_AFTER_S} s` };
    return undefined;
  }

  /**
   * When each connection's last shed 503 went out, or is due. A client that re-sends on the same
   * connection before its Retry-After has passed gets that 503 when it has: each connection costs
   * the HTTP thread at most one shed a second, however fast its client re-sends, so accepting new
   * connections and answering probes stay prompt (500 connections re-sending at once kept it
   * shedding ~9,000 requests a second and probes on new connections waited 60-150 ms).
   */
  const lastShed = new WeakMap<Socket, number>();

  /** The 503 of a shed solve on the raw request: no routing, no hooks, no body read (Node discards it). */
  function shedAtOnce(req: IncomingMessage, res: ServerResponse, shed: { reason: Rejection; error: string }): void {
    const started = performance.now();
    metrics.rejected(shed.reason);
    // Up to a quarter more, at random: connections shed together are not held to the same instant,
    // which would bring their re-sends back as one burst each second.
    const due = (lastShed.get(req.socket) ?? Number.NEGATIVE_INFINITY) + RETRY_AFTER_S * 1000 * (1 + Math.random() / 4);
    // While draining, never held: the answer closes the connection, and the drain ends them all soon.
    if (due > started && !draining) {
      lastShed.set(req.socket, due);
      setTimeout(() => send503(req, res, shed, started, due - started), due - started);
    } else {
      lastShed.set(req.socket, started);
      send503(req, res, shed, started);
    }
  }

  function send503(req: IncomingMessage, res: ServerResponse, shed: { reason: Rejection; error: string }, started: number, heldMs?: number): void {
    if (req.socket.destroyed) return;
    const body = errorBody(shed.error);
    res.writeHead(503, {
      "content-type": JSON_TYPE,
      "content-length": Buffer.byteLength(body),
      "retry-after": String(RETRY_AFTER_S),
      ...(draining ? { connection: "close" } : {}),
    });
    res.end(body);
    logger.info(
      {
        method: req.method,
        url: req.url,
        status: 503,
        ms: Math.round((performance.now() - started) * 100) / 100,
        outcome: "rejected",
        reason: shed.reason,
        ...(heldMs === undefined ? {} : { heldMs: Math.round(heldMs) }),
      },
      "request",
    );
  }

  // Reached only by a request the raw check let through whose state changed since, or by /v1/solve?query.
  const admit = async (request: FastifyRequest, reply: FastifyReply) => {
    const shed = shedding();
    if (shed) return refuse(request, reply, 503, shed.reason, shed.error);
  };

  // Solves whose body the raw listener could not take (no Content-Length, a query string): the
  // same work as solveRaw below, after fastify has read the body as text.
  app.post("/v1/solve", { onRequest: admit }, (request, reply) => {
    // A POST with neither a body nor a content type: fastify runs no parser, so there is no body.
    if (request.body === undefined) return refuseMediaType(request, reply);
    reply.hijack();
    answeredAlone.add(request);
    answerSolve(request.raw, reply.raw, request.body as string, performance.now(), request.log);
  });

  /**
   * POST /v1/solve on the raw request, without fastify: its body read into one byte array of its
   * Content-Length (never decoded here), handed to a worker, and the worker's answer bytes written
   * back as they are. Taken when the body is JSON with a Content-Length from 1 to --body-limit;
   * everything else (415, 413, chunked bodies) goes through fastify as before.
   */
  function solveRaw(req: IncomingMessage, res: ServerResponse, length: number): void {
    const started = performance.now();
    const body = new Uint8Array(length);
    let received = 0;
    req.on("data", (chunk: Buffer) => {
      // Node's parser stops a body at its Content-Length; the check keeps a fault there from throwing here.
      if (received + chunk.length <= length) body.set(chunk, received);
      received += chunk.length;
    });
    req.on("end", () => answerSolve(req, res, body, started, logger));
  }

  /** The length of a POST /v1/solve body solveRaw can take, or 0: JSON, with a Content-Length within the limit. */
  function rawBodyLength(req: IncomingMessage): number {
    const type = req.headers["content-type"];
    if (type === undefined || type.split(";", 1)[0].trim().toLowerCase() !== "application/json") return 0;
    const length = Number(req.headers["content-length"]);
    return Number.isInteger(length) && length > 0 && length <= limits.bodyLimitBytes ? length : 0;
  }

  function sendJson(res: ServerResponse, status: number, body: string | Uint8Array, retryAfter = false): void {
    if (res.headersSent || res.destroyed) return;
    res.writeHead(status, {
      "content-type": JSON_TYPE,
      "content-length": typeof body === "string" ? Buffer.byteLength(body) : body.byteLength,
      ...(retryAfter ? { "retry-after": String(RETRY_AFTER_S) } : {}),
      ...(draining ? { connection: "close" } : {}),
    });
    res.end(body);
  }

  /** Hands one solve body to a worker and answers with what comes back; one log line, the metrics. */
  function answerSolve(req: IncomingMessage, res: ServerResponse, body: string | Uint8Array, started: number, log: FastifyBaseLogger): void {
    const seconds = () => (performance.now() - started) / 1e3;
    const line = (status: number, fields: RequestNote) =>
      log.info({ method: req.method, url: req.url, status, ms: Math.round((performance.now() - started) * 100) / 100, ...fields }, "request");
    const submitted = threads.submit(body, { maxWaitMs: limits.queueTimeoutMs });
    // A client that goes away before its answer cancels its solve (and frees its worker).
    const onClose = () => {
      if (!res.writableEnded) submitted.cancel();
    };
    res.once("close", onClose);
    submitted.reply.then(
      (answer) => {
        res.off("close", onClose);
        if (answer.outcome) metrics.solveEnded(answer.algorithm ?? "exact", answer.outcome, seconds());
        if (answer.status === 400) metrics.rejected("bad_request");
        if (answer.status === 500) {
          const message = (JSON.parse(Buffer.from(answer.body).toString("utf8")) as { error: string }).error;
          log.error({ err: { message, stack: answer.stack } }, "internal error");
        }
        sendJson(res, answer.status, answer.body);
        line(answer.status, { algorithm: answer.algorithm, outcome: answer.outcome ?? "rejected", served: answer.served });
      },
      (error: unknown) => {
        res.off("close", onClose);
        const algorithm = namedAlgorithm(body);
        if (isAbortError(error)) {
          // Nobody is listening, so nothing is sent: 499 (client closed request) is logged.
          metrics.solveEnded(algorithm, "cancelled", seconds());
          line(499, { algorithm, outcome: "cancelled" });
        } else if (error instanceof QueueTimeoutError) {
          metrics.rejected("queue_timeout");
          sendJson(res, 503, errorBody(`the server is busy: ${error.message} (--queue-timeout-ms); retry after ${RETRY_AFTER_S} s`), true);
          line(503, { algorithm, outcome: "rejected" });
        } else if (draining) {
          metrics.solveEnded(algorithm, "cancelled", seconds());
          const message = `the server is shutting down and cancelled this solve after its drain deadline (${limits.drainTimeoutMs} ms); retry`;
          sendJson(res, 503, errorBody(message), true);
          line(503, { algorithm, outcome: "rejected" });
        } else {
          metrics.solveEnded(algorithm, "error", seconds());
          log.error({ err: error }, "internal error");
          sendJson(res, 500, errorBody(`internal error: ${error instanceof Error ? error.message : String(error)}`));
          line(500, { algorithm, outcome: "error" });
        }
      },
    );
  }

  app.get("/healthz", async () => ({ status: "ok", workers, inFlight: threads.pending }));

  app.get("/readyz", async (request, reply) => {
    if (isReady()) return { status: "ready", workers, inFlight: threads.pending };
    const why = draining
      ? "the server is shutting down"
      : threads.online < workers
        ? `${workers - threads.online} of ${workers} workers are starting`
        : `every worker is busy and the queue is full (${threads.pending} solves)`;
    return refuse(request, reply, 503, undefined, `not ready: ${why}`);
  });

  app.get("/metrics", async (_request, reply) => {
    reply.header("Content-Type", metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  const document = openApiDocument(limits, options.version ?? "0.0.0");
  app.get("/openapi.json", async () => document);

  // A wrong method on a known path: 405 with Allow, not 404.
  const allowed: Record<string, string[]> = {
    "/v1/solve": ["POST"],
    "/healthz": ["GET", "HEAD"],
    "/readyz": ["GET", "HEAD"],
    "/metrics": ["GET", "HEAD"],
    "/openapi.json": ["GET", "HEAD"],
  };
  for (const [url, methods] of Object.entries(allowed)) {
    app.route({
      method: METHODS.filter((m) => !methods.includes(m)),
      url,
      handler: (request, reply) => {
        reply.header("Allow", methods.join(", "));
        return refuse(request, reply, 405, "bad_request", `${request.method} is not allowed on ${url}; use ${methods.join(" or ")}`);
      },
    });
  }

  let closed: Promise<void> | undefined;
  async function drain(): Promise<void> {
    draining = true;
    app.log.info({ drainTimeoutMs: limits.drainTimeoutMs, inFlight: threads.pending }, "draining: no new connections, finishing the solves in flight");
    // No new connections. net.Server's close, not http.Server's: that one would also drop the idle
    // kept-alive connections at once, racing a request a client may be sending on one; instead each
    // gets its next answer with Connection: close, and what is left is closed when the solves are done.
    const serverClosed = new Promise<void>((resolve) => NetServer.prototype.close.call(app.server, () => resolve()));
    const deadline = Date.now() + limits.drainTimeoutMs;
    while (threads.pending > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    if (threads.pending > 0) app.log.warn({ cancelled: threads.pending }, "drain deadline reached: cancelling the solves still in flight");
    // Rejects what is left: each such request is answered 503 (see the handler).
    await threads.close();
    // Let those answers go out, then end every connection, idle or mid-request.
    await new Promise((resolve) => setTimeout(resolve, 50));
    app.server.closeAllConnections();
    await serverClosed;
    await app.close();
    logger.flush();
  }

  return {
    app,
    limits,
    workers,
    get draining() {
      return draining;
    },
    close() {
      closed ??= drain();
      return closed;
    },
  };
}
