/** A worker thread of `edge-alloc serve`: answers one POST /v1/solve body per message (solve-answer.ts). */
import { constants, setPriority } from "node:os";
import { workerData } from "node:worker_threads";
import { serveTasks } from "../pool/thread-worker.js";
import type { ServiceLimits } from "./limits.js";
import { answerSolveRequest, type EncodedAnswer, type SolveAnswer } from "./solve-answer.js";

const limits = workerData as ServiceLimits;

// This thread below the HTTP thread (on Linux a thread's nice value is its own; pid 0 is this
// thread): with every core busy solving, the HTTP thread still accepts, sheds and answers
// /healthz at once instead of taking its turn behind the searches.
try {
  setPriority(0, constants.priority.PRIORITY_BELOW_NORMAL);
} catch {
  // Not permitted here (some containers): the service still works, only less promptly under load.
}

const encoder = new TextEncoder();

async function answer(body: string | Uint8Array): Promise<EncodedAnswer> {
  const answered: SolveAnswer = await answerSolveRequest(body, limits).catch((error: unknown) => ({
    status: 500 as const,
    body: JSON.stringify({ error: `internal error: ${error instanceof Error ? error.message : String(error)}` }),
    outcome: "error" as const,
    stack: (error as Error)?.stack,
  }));
  return { ...answered, body: encoder.encode(answered.body) };
}

// TextEncoder gives each answer an ArrayBuffer of its own, so moving it moves nothing else.
serveTasks<string | Uint8Array, EncodedAnswer>(answer, (reply) =>
  reply.body.byteOffset === 0 && reply.body.byteLength === reply.body.buffer.byteLength ? [reply.body.buffer as ArrayBuffer] : [],
);
