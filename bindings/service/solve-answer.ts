/**
 * One POST /v1/solve body, from its bytes to the answer's status and JSON
 * bytes. Runs on a worker thread (request-worker.ts): the HTTP thread only
 * hands the body over as it came and writes back the bytes it gets, so
 * decoding, parsing, checking, solving, serialising and encoding never hold
 * up other requests, and no JSON value however deep is copied between threads.
 */
import { InputError, InstanceError, type InputIssue } from "../core/errors.js";
import { solve } from "../algorithms/solve.js";
import type { Instance } from "../core/types.js";
import type { ServiceLimits } from "./limits.js";
import type { SolveOutcome } from "./metrics.js";
import { parseSolveRequest } from "./solve-request.js";

export interface SolveAnswer {
  status: 200 | 400 | 500;
  /** The response body, JSON. */
  body: string;
  /** Set once the request named (or defaulted) its algorithm. */
  algorithm?: string;
  /** Set when a solve was tried: how it ended. */
  outcome?: SolveOutcome;
  served?: number;
  /** For the log of a 500: where it went wrong. */
  stack?: string;
}

/** An answer as it goes back to the HTTP thread: its JSON text as UTF-8 bytes, moved rather than copied, and written to the socket as they are. */
export type EncodedAnswer = Omit<SolveAnswer, "body"> & { body: Uint8Array };

const problems = (error: string, issues: InputIssue[]): SolveAnswer => ({ status: 400, body: JSON.stringify({ error, issues }) });

/** The body as UTF-8 bytes (as read from the socket) or as text. */
export async function answerSolveRequest(body: string | Uint8Array, limits: ServiceLimits): Promise<SolveAnswer> {
  const text = typeof body === "string" ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return problems("the request has problems", [{ path: "", message: `request body: not valid JSON (${(error as Error).message})` }]);
  }
  let request: ReturnType<typeof parseSolveRequest>;
  try {
    request = parseSolveRequest(parsed, limits);
  } catch (error) {
    if (error instanceof InputError) return problems("the request has problems", error.issues);
    throw error;
  }
  const algorithm = request.options.algorithm ?? "exact";
  try {
    const solution = await solve(request.instance as Instance, request.options);
    return { status: 200, body: JSON.stringify(solution), algorithm, outcome: solution.status, served: solution.served };
  } catch (error) {
    if (error instanceof InstanceError) {
      const issues = error.issues.map((i) => ({ path: i.path === "" ? "instance" : `instance.${i.path}`, message: i.message }));
      return { ...problems("the instance has problems", issues), algorithm, outcome: "invalid" };
    }
    if (error instanceof InputError) {
      // An option that does not suit this instance (an algorithm that refuses users' weights).
      const issues = error.issues.map((i) => ({ path: i.path === "" ? "options" : `options.${i.path}`, message: i.message }));
      return { ...problems("the request has problems", issues), algorithm, outcome: "invalid" };
    }
    const message = error instanceof Error ? error.message : String(error);
    return { status: 500, body: JSON.stringify({ error: `internal error: ${message}` }), algorithm, outcome: "error", stack: (error as Error)?.stack };
  }
}
