/**
 * The one error shape of every answer that is not a Solution:
 * `{ "error": "what went wrong, in words", "issues"?: [{ path, message }] }`,
 * also for what Node itself refuses before a request reaches a route
 * (headers too large, a request too slow, bytes that are not HTTP).
 */
import type { ServiceLimits } from "./limits.js";

export const errorBody = (error: string) => JSON.stringify({ error });

const REASONS: Record<number, string> = { 400: "Bad Request", 408: "Request Timeout", 431: "Request Header Fields Too Large" };

/** A whole HTTP/1.1 response for a connection Node gave up on; the connection closes after it. */
export function clientErrorResponse(error: Error & { code?: string }, limits: ServiceLimits): { status: number; text: string } {
  let status = 400;
  let message = `the request is not valid HTTP/1.1 (${error.code ?? error.message})`;
  if (error.code === "ERR_HTTP_REQUEST_TIMEOUT") {
    status = 408;
    message = `the request took too long to arrive: headers within ${limits.headersTimeoutMs} ms (--headers-timeout-ms), the whole request within ${limits.requestTimeoutMs} ms (--request-timeout-ms)`;
  } else if (error.code === "HPE_HEADER_OVERFLOW") {
    status = 431;
    message = "the request headers are larger than this server accepts (16 KiB in all)";
  }
  const body = errorBody(message);
  const text = `HTTP/1.1 ${status} ${REASONS[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
  return { status, text };
}
