/**
 * The raw answer for a connection Node gives up on (service/errors.ts),
 * called directly: the status, the reason phrase, the headers, the one
 * error body shape, and the limits a 408 names.
 */
import { describe, expect, it } from "vitest";
import { clientErrorResponse, errorBody } from "../bindings/service/errors.js";
import { DEFAULT_LIMITS } from "../bindings/service/limits.js";

const limits = { ...DEFAULT_LIMITS, headersTimeoutMs: 1234, requestTimeoutMs: 5678 };

function parse(text: string) {
  const [head, body] = text.split("\r\n\r\n");
  const [statusLine, ...headerLines] = head.split("\r\n");
  const headers = Object.fromEntries(headerLines.map((line) => line.split(": ") as [string, string]));
  return { statusLine, headers, body };
}

const withCode = (code: string | undefined, message = "parse failure") => Object.assign(new Error(message), { code });

describe("errorBody", () => {
  it("is the JSON of { error }", () => {
    expect(JSON.parse(errorBody("no such route"))).toEqual({ error: "no such route" });
  });
});

describe("clientErrorResponse", () => {
  it("answers 400 for bytes that are not HTTP, naming the parser's code", () => {
    const { status, text } = clientErrorResponse(withCode("HPE_INVALID_METHOD"), limits);
    expect(status).toBe(400);
    const answer = parse(text);
    expect(answer.statusLine).toBe("HTTP/1.1 400 Bad Request");
    expect(JSON.parse(answer.body)).toEqual({ error: "the request is not valid HTTP/1.1 (HPE_INVALID_METHOD)" });
  });

  it("names the error's message when it has no code", () => {
    const { status, text } = clientErrorResponse(withCode(undefined, "socket hang up"), limits);
    expect(status).toBe(400);
    expect(JSON.parse(parse(text).body).error).toBe("the request is not valid HTTP/1.1 (socket hang up)");
  });

  it("answers 408 for a request too slow, naming both time limits and their flags", () => {
    const { status, text } = clientErrorResponse(withCode("ERR_HTTP_REQUEST_TIMEOUT"), limits);
    expect(status).toBe(408);
    const answer = parse(text);
    expect(answer.statusLine).toBe("HTTP/1.1 408 Request Timeout");
    expect(JSON.parse(answer.body).error).toBe(
      "the request took too long to arrive: headers within 1234 ms (--headers-timeout-ms), the whole request within 5678 ms (--request-timeout-ms)",
    );
  });

  it("answers 431 for headers too large", () => {
    const { status, text } = clientErrorResponse(withCode("HPE_HEADER_OVERFLOW"), limits);
    expect(status).toBe(431);
    const answer = parse(text);
    expect(answer.statusLine).toBe("HTTP/1.1 431 Request Header Fields Too Large");
    expect(JSON.parse(answer.body).error).toBe("the request headers are larger than this server accepts (16 KiB in all)");
  });

  it("sends JSON with its length in bytes and closes the connection", () => {
    // A code with a non-ASCII character makes the byte length differ from the string length.
    const { text } = clientErrorResponse(withCode("HPE_ÉTRANGE"), limits);
    const answer = parse(text);
    expect(answer.headers).toEqual({
      "Content-Type": "application/json; charset=utf-8",
      "Content-Length": String(Buffer.byteLength(answer.body)),
      Connection: "close",
    });
    expect(Buffer.byteLength(answer.body)).toBe(answer.body.length + 1);
    expect(text.endsWith(answer.body)).toBe(true);
  });
});
