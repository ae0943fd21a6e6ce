/**
 * createSolverPool for Node: solves on worker threads (thread-pool.ts), so a
 * service's event loop stays free while a search runs. A cancelled solve
 * stops the one worker it runs on, which is replaced; no other solve is
 * touched.
 */
import { availableParallelism } from "node:os";
import type { Instance, Solution } from "../core/types.js";
import type { PoolSolveOptions, SolveReply, SolveTask, SolverPool, SolverPoolOptions } from "./types.js";
import { errorFromWire } from "./wire-error.js";
import { checkWorkers } from "./check-workers.js";
import { workerScriptUrl } from "./source-worker.js";
import { ThreadPool } from "./thread-pool.js";

export type { PoolSolveOptions, SolverPool, SolverPoolOptions } from "./types.js";

const CLOSED_MIDWAY = "the solver pool was closed before this solve finished";

/**
 * A pool of worker threads that solve off the event loop (the Node root's
 * `createSolverPool`, through thread-pool.ts). Workers default to one per core and
 * are all started at once. Cancelling a solve terminates its worker and starts
 * a fresh one; errors keep their classes across the thread.
 */
export function createSolverPool(options: SolverPoolOptions = {}): SolverPool {
  const workers = checkWorkers(options.workers, availableParallelism());
  // Every worker started up front and kept: the first solve on each pays for loading the kernels once.
  const threads = new ThreadPool<SolveTask, SolveReply>(workerScriptUrl(import.meta.url, "node-worker"), workers, undefined, CLOSED_MIDWAY);
  let closed = false;

  async function solve(instance: Instance, solveOptions: PoolSolveOptions = {}): Promise<Solution> {
    if (closed) throw new Error("the solver pool is closed");
    const { signal, ...rest } = solveOptions;
    const reply = await threads.run({ instance, options: rest }, { signal });
    if (!reply.ok) throw errorFromWire(reply.error);
    return reply.solution;
  }

  return {
    solve,
    async close() {
      closed = true;
      await threads.close();
    },
    get workers() {
      return workers;
    },
    get pending() {
      return threads.pending;
    },
  };
}
