/** `edge-alloc serve` as a child process (the built CLI, logs to /dev/null) for the service benches, on 127.0.0.1 only. */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface ServerProcess {
  url: string;
  port: number;
  pid: number;
  /** SIGTERM, then the exit code. */
  stop: () => Promise<number | null>;
}

export async function startServer(workers: number, extraArgs: string[] = []): Promise<ServerProcess> {
  const main = fileURLToPath(new URL("../dist/bindings/cli/main.js", import.meta.url));
  const child = spawn(process.execPath, [main, "serve", "--host", "127.0.0.1", "--port", "0", "--workers", String(workers), ...extraArgs], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  const url = await new Promise<string>((resolve, reject) => {
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += String(chunk);
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (match) resolve(match[1]);
    });
    void exited.then((code) => reject(new Error(`the server exited (code ${code}) before listening: ${stderr}`)));
  });
  // Ready means every worker is up: the first solves should not measure thread start-up.
  for (let i = 0; i < 200 && (await fetch(`${url}/readyz`)).status !== 200; i++) await new Promise((r) => setTimeout(r, 50));
  return {
    url,
    port: Number(new URL(url).port),
    pid: child.pid ?? 0,
    stop: async () => {
      child.kill("SIGTERM");
      return exited;
    },
  };
}
