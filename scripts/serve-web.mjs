#!/usr/bin/env node
// A small static server for build/web/ on 127.0.0.1 (never on other
// interfaces): `npm run web` builds the page, then runs this, which prints the
// address. Usage: node scripts/serve-web.mjs [--port N] (default 8080; if it is
// taken, any free port). Also imported by the browser tests.
import { createReadStream, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".map": "application/json",
};

/** The request's path, decoded; undefined when the URL cannot be (a malformed escape such as /%E0%A4%A). */
function decodedPath(url) {
  try {
    return decodeURIComponent(new URL(url ?? "/", "http://localhost").pathname);
  } catch {
    return undefined;
  }
}

/** The file `path` names under `dir` and its size; size -1 when it is not a file there (outside `dir` never is). */
function fileSize(dir, path) {
  const file = normalize(join(dir, path.endsWith("/") ? `${path}index.html` : path));
  const inside = file === dir || file.startsWith(dir.endsWith(sep) ? dir : dir + sep);
  try {
    const stat = inside ? statSync(file) : undefined;
    return { file, size: stat?.isFile() ? stat.size : -1 };
  } catch {
    return { file, size: -1 };
  }
}

function answer(request, response, dir) {
  const path = decodedPath(request.url);
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.writeHead(405, { Allow: "GET, HEAD" }).end();
    return;
  }
  if (path === undefined || path.includes("\0")) {
    response.writeHead(400, { "Content-Type": "text/plain; charset=utf-8" }).end("bad request: the path is not a valid URL path\n");
    return;
  }
  const { file, size } = fileSize(dir, path);
  if (size < 0) {
    response.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end(`not found: ${path}\n`);
    return;
  }
  response.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream", "Content-Length": size, "Cache-Control": "no-cache" });
  if (request.method === "HEAD") {
    response.end();
    return;
  }
  // A file that vanishes or cannot be read mid-way ends this response, not the server.
  createReadStream(file)
    .on("error", () => response.destroy())
    .pipe(response);
}

/**
 * Serves `dir` on host:port (port 0: any free one); resolves to the server and its address.
 * Every request gets an answer (400, 404, 405, 500 or the file); none can stop the server.
 */
export function serveDirectory(dir, { host = "127.0.0.1", port = 0 } = {}) {
  const server = createServer((request, response) => {
    try {
      answer(request, response, dir);
    } catch {
      if (!response.headersSent) response.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
      response.end("internal error\n");
    }
  });
  // A client that sends garbage or hangs up early is its own problem, not the server's.
  server.on("clientError", (error, socket) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const status = error?.code === "HPE_HEADER_OVERFLOW" ? "431 Request Header Fields Too Large" : "400 Bad Request";
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address();
      resolve({ server, url: `http://${host}:${address.port}/` });
    });
  });
}

async function main() {
  const root = join(fileURLToPath(new URL("..", import.meta.url)), "build", "web");
  const portFlag = process.argv.indexOf("--port");
  const port = portFlag > 0 ? Number(process.argv[portFlag + 1]) : Number(process.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got ${process.argv[portFlag + 1]}`);
  try {
    statSync(join(root, "index.html"));
  } catch {
    throw new Error("build/web/index.html is missing: run `npm run build:web` first (or `npm run web`)");
  }
  let served;
  try {
    served = await serveDirectory(root, { port });
  } catch (error) {
    if (error?.code !== "EADDRINUSE") throw error;
    console.log(`port ${port} is taken; using a free one`);
    served = await serveDirectory(root, { port: 0 });
  }
  console.log(`edge-alloc planner: ${served.url}  (Ctrl+C to stop)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error) => {
    console.error(`serve-web: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
