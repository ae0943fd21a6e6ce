/**
 * Spreads sweep jobs over worker threads (one per core by default), each
 * handed the next job as soon as it finishes one, and gives the results back
 * in job order whatever order they finish in.
 * The worker is sweep-worker beside this module (start-worker.ts).
 */
import type { Worker } from "node:worker_threads";
import { startSiblingWorker } from "./start-worker.js";
import { type RunRow, runJob } from "./sweep-job.js";
import type { SweepJob } from "./sweep-plan.js";

export interface PoolOptions {
  /** Worker threads to start; 0 runs every job in the calling thread. */
  workers: number;
  /** Called after each finished job. */
  onProgress?: (done: number, total: number) => void;
}

function startWorker(): Worker {
  return startSiblingWorker(import.meta.url, "sweep-worker");
}

function describeJob(job: SweepJob): string {
  return `sweep ${job.point.sweep}, value ${job.point.value}, seed ${job.seed}`;
}

async function runInThisThread(jobs: SweepJob[], options: PoolOptions): Promise<RunRow[][]> {
  const results: RunRow[][] = [];
  for (const job of jobs) {
    results.push(await runJob(job));
    options.onProgress?.(results.length, jobs.length);
  }
  return results;
}

/** Runs every job and returns their rows in the order of `jobs`. */
export async function runJobs(jobs: SweepJob[], options: PoolOptions): Promise<RunRow[][]> {
  const count = Math.min(options.workers, jobs.length);
  if (count <= 0) return runInThisThread(jobs, options);

  const results: RunRow[][] = new Array(jobs.length);
  const workers: Worker[] = [];
  let next = 0;
  let done = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const feed = (worker: Worker) => {
        if (next < jobs.length) {
          const id = next++;
          worker.postMessage({ id, job: jobs[id] });
        }
      };
      for (let i = 0; i < count; i++) {
        const worker = startWorker();
        workers.push(worker);
        worker.on("message", (message: { id: number; rows?: RunRow[]; error?: string }) => {
          if (message.error !== undefined) {
            reject(new Error(`${describeJob(jobs[message.id])}: ${message.error}`));
            return;
          }
          results[message.id] = message.rows!;
          done++;
          options.onProgress?.(done, jobs.length);
          if (done === jobs.length) resolve();
          else feed(worker);
        });
        worker.on("error", reject);
        worker.on("exit", (code) => {
          if (done < jobs.length) reject(new Error(`a sweep worker stopped (exit code ${code}) before the sweep finished`));
        });
        feed(worker);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
