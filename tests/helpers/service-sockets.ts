// Raw connections to a running edge-alloc server for the in-process server tests: requests
// written by hand on a connection kept open, and solves that hold a worker until released.
import { connect, type Socket } from "node:net";
import { generateInstance } from "../../bindings/scenarios/generate.js";

export interface Connection {
  socket: Socket;
  /** Everything received so far. */
  received: () => string;
  /** Resolves with everything received once the server (or the test) ends the connection. */
  closed: Promise<string>;
}

/** A connection that has sent `bytes` (maybe nothing) and stays open. */
export function openConnection(port: number, bytes = ""): Promise<Connection> {
  return new Promise((resolve, reject) => {
    let text = "";
    const socket = connect(port, "127.0.0.1", () => {
      if (bytes) socket.write(bytes);
      resolve({ socket, received: () => text, closed });
    });
    socket.setEncoding("utf8");
    socket.on("data", (chunk) => (text += chunk));
    const closed = new Promise<string>((done) => socket.on("close", () => done(text)));
    socket.on("error", reject);
  });
}

/** The head and body of one POST (JSON with a Content-Length) as written on the wire. */
export const postBytes = (body: string, path = "/v1/solve") =>
  `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

/** The answers on a connection so far, each split into status, lower-case headers and body. */
export function answers(text: string): Array<{ status: number; headers: Record<string, string>; body: string }> {
  const out: Array<{ status: number; headers: Record<string, string>; body: string }> = [];
  let rest = text;
  while (rest.startsWith("HTTP/1.1 ")) {
    const headEnd = rest.indexOf("\r\n\r\n");
    if (headEnd < 0) break;
    const [statusLine, ...lines] = rest.slice(0, headEnd).split("\r\n");
    const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]));
    const length = Number(headers["content-length"]);
    const bodyStart = headEnd + 4;
    if (rest.length < bodyStart + length) break;
    out.push({ status: Number(statusLine.split(" ")[1]), headers, body: rest.slice(bodyStart, bodyStart + length) });
    rest = rest.slice(bodyStart + length);
  }
  return out;
}

/** tree never finishes the default scenario: a solve of it runs its whole time limit. */
const hard = JSON.stringify(generateInstance({ seed: 1 }));

/** A tree search of `timeLimitMs` on a worker; the spaces around the colon are as a client may send them. */
export const treeSolve = (timeLimitMs: number) => `{"instance":${hard},"options":{"algorithm" : "tree","timeLimitMs":${timeLimitMs}}}`;
