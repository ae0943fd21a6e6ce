/** A worker thread of `edge-alloc serve`: answers one POST /v1/solve body per message (solve-answer.ts). */
import { workerData } from "node:worker_threads";
import { serveTasks } from "../pool/thread-worker.js";
import type { ServiceLimits } from "./limits.js";
import { answerSolveRequest, type SolveAnswer } from "./solve-answer.js";

const limits = workerData as ServiceLimits;

serveTasks<string, SolveAnswer>((body) =>
  answerSolveRequest(body, limits).catch((error: unknown) => ({
    status: 500 as const,
    body: JSON.stringify({ error: `internal error: ${error instanceof Error ? error.message : String(error)}` }),
    outcome: "error" as const,
    stack: (error as Error)?.stack,
  })),
);
