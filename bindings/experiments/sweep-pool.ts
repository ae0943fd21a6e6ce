/**
 * Spreads sweep jobs over worker threads (one per core by default), each
 * handed the next job as soon as it finishes one, and gives the results back
 * in job order whatever order they finish in (pool/thread-tasks.ts).
 * The worker is sweep-worker beside this module.
 */
import { runOnThreads, workerModule } from "../pool/thread-tasks.js";
import { type RunRow, runJob } from "./sweep-job.js";
import type { SweepJob } from "./sweep-plan.js";

export interface PoolOptions {
  /** Worker threads to start; 0 runs every job in the calling thread. */
  workers: number;
  /** Called after each finished job. */
  onProgress?: (done: number, total: number) => void;
}

/** Runs every job and returns their rows in the order of `jobs`. */
export function runJobs(jobs: SweepJob[], options: PoolOptions): Promise<RunRow[][]> {
  return runOnThreads(jobs, {
    workers: options.workers,
    worker: () => workerModule(import.meta.url, "sweep-worker"),
    run: runJob,
    describe: (job) => `sweep ${job.point.sweep}, value ${job.point.value}, seed ${job.seed}`,
    onDone: (done) => options.onProgress?.(done, jobs.length),
  });
}
