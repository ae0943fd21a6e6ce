/**
 * The API of `edge-alloc serve` as an OpenAPI 3.1 document (GET /openapi.json).
 * Written by hand: the instance and Solution formats are described in
 * docs/model.md, and the schemas here name their fields and units so a
 * client generator gets usable types.
 */
import { ALGORITHMS } from "../core/types.js";
import { ENGINE_CHOICES } from "../core/engine-choices.js";
import type { ServiceLimits } from "./limits.js";

const issue = {
  type: "object",
  required: ["path", "message"],
  properties: {
    path: { type: "string", description: "Where, e.g. instance.users[3].deadlineS; empty for the whole body", examples: ["instance.users[3].deadlineS"] },
    message: { type: "string", examples: ["must be a positive number, got -0.1"] },
  },
};

const errorBody = {
  type: "object",
  required: ["error"],
  properties: { error: { type: "string" }, issues: { type: "array", items: { $ref: "#/components/schemas/Issue" } } },
};

const number = (description: string) => ({ type: "number", description });

export function openApiDocument(limits: ServiceLimits, version: string): Record<string, unknown> {
  const json = (schema: unknown) => ({ "application/json": { schema } });
  const errorResponse = (description: string) => ({ description, content: json({ $ref: "#/components/schemas/Error" }) });
  return {
    openapi: "3.1.0",
    info: {
      title: "edge-alloc",
      version,
      description:
        "Resource allocation for multiuser edge inference with batching and early exiting: which users' tasks an edge server accepts in a frame, each one's uplink bandwidth and DNN exit. Units are SI (s, Hz, W, bit). The model and both formats: docs/model.md.",
    },
    paths: {
      "/v1/solve": {
        post: {
          summary: "Solve one instance",
          description: `Validates the instance and solves it on a worker thread. Time limits above ${limits.maxTimeLimitMs} ms (or 0, no limit) are cut to ${limits.maxTimeLimitMs} ms; instances of more than ${limits.maxUsers} users are refused. A client that disconnects cancels its solve.`,
          requestBody: { required: true, content: json({ $ref: "#/components/schemas/SolveRequest" }) },
          responses: {
            200: { description: "The Solution", content: json({ $ref: "#/components/schemas/Solution" }) },
            400: errorResponse("The body is not JSON, or the instance or options have problems: one issue per problem, with its path"),
            408: errorResponse(
              `The request did not arrive in time: headers within ${limits.headersTimeoutMs} ms, the whole request within ${limits.requestTimeoutMs} ms; the connection is closed`,
            ),
            413: errorResponse(`The body is larger than this server's limit (${limits.bodyLimitBytes} bytes)`),
            415: errorResponse("The body is not sent as application/json"),
            431: errorResponse("The request headers are too large; the connection is closed"),
            500: errorResponse("A fault of the server, not of the request; it is logged"),
            503: {
              ...errorResponse(
                `Every worker is busy and ${limits.queue} solves are already waiting, this solve waited ${limits.queueTimeoutMs} ms for a worker, or the server is shutting down (a solve still running ${limits.drainTimeoutMs} ms after shutdown began is cancelled); retry after Retry-After seconds`,
              ),
              headers: { "Retry-After": { schema: { type: "integer" }, description: "Seconds to wait before retrying" } },
            },
            default: errorResponse("Any other status: 404 for an unknown path, 405 (with Allow) for another method than POST"),
          },
        },
      },
      "/healthz": {
        get: {
          summary: "Liveness: answers at once even while every worker is busy or the server drains",
          responses: {
            200: {
              description: "The server is up",
              content: json({ type: "object", properties: { status: { const: "ok" }, workers: { type: "integer" }, inFlight: { type: "integer" } } }),
            },
          },
        },
      },
      "/readyz": {
        get: {
          summary: "Readiness: whether to send this replica solves",
          responses: {
            200: {
              description: "Every worker is up, the server is not shutting down and its queue has room",
              content: json({ type: "object", properties: { status: { const: "ready" }, workers: { type: "integer" }, inFlight: { type: "integer" } } }),
            },
            503: errorResponse("Not ready: workers starting, the queue full, or shutting down (from SIGTERM on)"),
          },
        },
      },
      "/metrics": {
        get: {
          summary: "Prometheus metrics (edge_alloc_* series)",
          responses: { 200: { description: "Prometheus text format", content: { "text/plain": { schema: { type: "string" } } } } },
        },
      },
      "/openapi.json": { get: { summary: "This document", responses: { 200: { description: "OpenAPI 3.1", content: json({ type: "object" }) } } } },
    },
    components: {
      schemas: {
        Issue: issue,
        Error: errorBody,
        SolveRequest: {
          type: "object",
          required: ["instance"],
          additionalProperties: false,
          properties: {
            instance: { $ref: "#/components/schemas/Instance" },
            options: {
              type: "object",
              additionalProperties: false,
              properties: {
                // Defaults are stated in words, not with `default`: client generators read `default` as "always present".
                algorithm: { enum: [...ALGORITHMS], description: "Which solver; exact when left out" },
                engine: { enum: [...ENGINE_CHOICES], description: "WebAssembly or the JS fallback; auto (WebAssembly where available) when left out" },
                timeLimitMs: {
                  type: "number",
                  minimum: 0,
                  description: `Search time limit, ms; capped at ${limits.maxTimeLimitMs}; 0 or left out means the cap`,
                },
              },
            },
          },
        },
        Instance: {
          type: "object",
          required: ["channel", "dnn", "users"],
          description: "One frame's problem (docs/model.md)",
          properties: {
            channel: {
              type: "object",
              required: ["bandwidthHz", "noisePsdWPerHz"],
              properties: { bandwidthHz: number("Uplink band, Hz"), noisePsdWPerHz: number("Noise power spectral density, W/Hz") },
            },
            dnn: {
              type: "object",
              required: ["exits"],
              properties: {
                name: { type: "string" },
                maxBatch: { type: "integer", minimum: 1 },
                exits: {
                  type: "array",
                  items: {
                    type: "object",
                    required: ["accuracy", "latency"],
                    properties: {
                      accuracy: { type: "number", minimum: 0, maximum: 1 },
                      latency: {
                        description: "Block latency: affine t(b) = perSampleS * b + fixedS, or measured [batch, seconds] points",
                        oneOf: [
                          { type: "object", required: ["perSampleS", "fixedS"], properties: { perSampleS: number("s per task"), fixedS: number("s") } },
                          {
                            type: "object",
                            required: ["points"],
                            properties: { points: { type: "array", items: { type: "array", prefixItems: [{ type: "integer" }, { type: "number" }] } } },
                          },
                        ],
                      },
                    },
                  },
                },
              },
            },
            users: {
              type: "array",
              maxItems: limits.maxUsers,
              items: {
                type: "object",
                required: ["id", "dataBits", "powerW", "channelGain", "minAccuracy", "deadlineS"],
                properties: {
                  id: { type: "string" },
                  dataBits: number("Task input size, bit"),
                  powerW: number("Transmit power, W"),
                  channelGain: number("Channel power gain"),
                  minAccuracy: { type: "number", minimum: 0, maximum: 1 },
                  deadlineS: number("Deadline from the frame start, s"),
                  weight: { type: "number", exclusiveMinimum: 0, description: "What serving the task is worth (a positive finite number); absent = 1" },
                },
              },
            },
            frameS: number("Frame length for throughput, s; default the largest deadline"),
          },
        },
        Solution: {
          type: "object",
          description: "The schedule (docs/model.md)",
          required: ["algorithm", "engine", "status", "served", "upperBound", "throughputPerS", "tauS", "bandwidthUsedHz", "blocks", "users", "stats"],
          properties: {
            algorithm: { enum: [...ALGORITHMS] },
            engine: { enum: ["wasm", "js", "highs"] },
            status: { enum: ["optimal", "feasible"] },
            served: { type: "integer" },
            objective: number("The served weight (the served count when no user has a weight)"),
            upperBound: number("No schedule's objective is larger"),
            throughputPerS: number("Served tasks per second of frame"),
            tauS: number("Batch start: every served upload has finished, s"),
            bandwidthUsedHz: number("Hz"),
            blocks: {
              type: "array",
              items: {
                type: "object",
                properties: { block: { type: "integer" }, batch: { type: "integer" }, startS: number("s"), endS: number("s"), user: { type: "string" } },
              },
            },
            users: {
              type: "array",
              items: {
                type: "object",
                properties: {
                  id: { type: "string" },
                  served: { type: "boolean" },
                  exit: { type: "integer" },
                  bandwidthHz: number("Hz"),
                  uploadS: number("s"),
                  completionS: number("s"),
                  deadlineS: number("s"),
                  reason: { enum: ["accuracy-unattainable", "unreachable", "not-selected"] },
                },
              },
            },
            stats: {
              type: "object",
              properties: { timeMs: number("The solver's own time, ms"), nodes: { type: "integer" } },
              additionalProperties: { type: "number" },
            },
          },
        },
      },
    },
  };
}
