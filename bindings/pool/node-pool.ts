/**
 * createSolverPool for Node: solves on worker threads, so a service's event
 * loop stays free while a search runs.
 *
 * Why tinypool: it already does what cancellation needs and is easy to get
 * wrong by hand: a task given an AbortSignal rejects as soon as it is
 * aborted, and the worker running it is terminated (which stops even a
 * WebAssembly search with no time limit) and replaced by a fresh one. It has
 * no dependencies and installs in ~40 KB (piscina does the same in ~800 KB).
 */
import { availableParallelism } from "node:os";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import Tinypool from "tinypool";
import type { Instance, Solution } from "../core/types.js";
import type { PoolSolveOptions, SolveReply, SolveTask, SolverPool, SolverPoolOptions } from "./types.js";
import { abortError, errorFromWire } from "./wire-error.js";
import { checkWorkers } from "./check-workers.js";
import { sourceWorkerUrl } from "./source-worker.js";

export type { PoolSolveOptions, SolverPool, SolverPoolOptions } from "./types.js";

/** Built JS loads node-worker.js beside this file; TypeScript sources need a bundled worker (source-worker.ts). */
function workerFile(): URL {
  if (extname(fileURLToPath(import.meta.url)) !== ".ts") return new URL("./node-worker.js", import.meta.url);
  return sourceWorkerUrl();
}

const CLOSED_MIDWAY = "the solver pool was closed before this solve finished";

/**
 * A pool of worker threads that solve off the event loop (the Node root's
 * `createSolverPool`, through tinypool). Workers default to one per core and
 * are all started at once. Cancelling a solve terminates its worker and starts
 * a fresh one; errors keep their classes across the thread.
 */
export function createSolverPool(options: SolverPoolOptions = {}): SolverPool {
  const workers = checkWorkers(options.workers, availableParallelism());
  const tinypool = new Tinypool({
    filename: workerFile().href,
    // Every worker started up front and kept: the first solve on each pays for loading the kernels once.
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: Number.MAX_SAFE_INTEGER,
    // The pool queues without bound; a service decides how much to accept (see `pending`).
    maxQueue: Number.MAX_SAFE_INTEGER,
  });
  let pending = 0;
  let closed = false;

  async function solve(instance: Instance, solveOptions: PoolSolveOptions = {}): Promise<Solution> {
    if (closed) throw new Error("the solver pool is closed");
    const { signal, ...rest } = solveOptions;
    if (signal?.aborted) throw abortError();
    const task: SolveTask = { instance, options: rest };
    pending++;
    let reply: SolveReply;
    try {
      reply = await tinypool.run(task, signal ? { signal } : {});
    } catch (error) {
      if (signal?.aborted) throw abortError();
      // tinypool says "Terminating worker thread"; the caller's words are about the pool.
      if (closed) throw new Error(CLOSED_MIDWAY);
      throw error;
    } finally {
      pending--;
    }
    if (!reply.ok) throw errorFromWire(reply.error);
    return reply.solution;
  }

  return {
    solve,
    async close() {
      closed = true;
      await tinypool.destroy();
    },
    get workers() {
      return workers;
    },
    get pending() {
      return pending;
    },
  };
}
