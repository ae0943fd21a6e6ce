/**
 * Worker thread of a sweep: loads the engine once (the first solve() does)
 * and runs the jobs the pool sends, one at a time.
 * Protocol: in `{ id, job }`, out `{ id, rows }` or `{ id, error }`.
 */
import { parentPort } from "node:worker_threads";
import { runJob } from "./sweep-job.js";
import type { SweepJob } from "./sweep-plan.js";

if (!parentPort) throw new Error("sweep-worker runs as a worker thread, started by sweep-pool");
const port = parentPort;

port.on("message", async ({ id, job }: { id: number; job: SweepJob }) => {
  try {
    port.postMessage({ id, rows: await runJob(job) });
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    port.postMessage({ id, error: message });
  }
});
