/**
 * createSolverPool for browsers: solves on Web Workers, so the page stays
 * responsive during any search. Like the Node pool (thread-pool.ts), this small queue
 * does the same job: each worker runs one solve at a time, and a cancelled
 * solve that is running gets its worker terminated (the only way to stop a
 * WebAssembly loop) and replaced by a fresh one. Nothing here imports node:*.
 *
 * The worker script is `solver-worker.js` beside this module (solver-worker.ts;
 * the page build, scripts/build-web.mjs, emits it beside its chunks); pass
 * `workerUrl` when it is served elsewhere.
 */
import type { Instance, Solution } from "../core/types.js";
import { checkWorkers } from "./check-workers.js";
import type { PoolSolveOptions, SolveReply, SolveTask, SolverPool, SolverPoolOptions } from "./types.js";
import { abortError, errorFromWire } from "./wire-error.js";

export type { PoolSolveOptions, SolverPool, SolverPoolOptions } from "./types.js";

/** The options of the browser's `createSolverPool`. */
export interface BrowserSolverPoolOptions extends SolverPoolOptions {
  /** Where the worker script is served (a module worker). Default: solver-worker.js beside this module. */
  workerUrl?: URL | string;
}

interface Job {
  id: number;
  task: SolveTask;
  resolve: (solution: Solution) => void;
  reject: (error: unknown) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

interface Slot {
  worker: Worker;
  job?: Job;
  /** Errors since this slot's worker last answered. */
  failures: number;
}

const MAX_FAILURES_WITHOUT_ANSWER = 3;

/**
 * A pool of module Web Workers that solve off the page's thread (the browser
 * root's `createSolverPool`; Node's runs worker threads). Workers default to
 * the hardware concurrency, at most 4. Cancelling a solve terminates its
 * worker and starts a fresh one; a worker script that fails to load three
 * times running fails the solves with its URL.
 */
export function createSolverPool(options: BrowserSolverPoolOptions = {}): SolverPool {
  const count = checkWorkers(options.workers, Math.min(globalThis.navigator?.hardwareConcurrency ?? 2, 4));
  const workerUrl = options.workerUrl;
  const describeUrl = () => String(workerUrl ?? new URL("./solver-worker.js", import.meta.url));
  // Written out as `new Worker(new URL("./x.js", import.meta.url), ...)`: the form bundlers
  // such as Vite recognise, to build the worker script with the code it imports.
  const startWorker = () =>
    workerUrl === undefined ? new Worker(new URL("./solver-worker.js", import.meta.url), { type: "module" }) : new Worker(workerUrl, { type: "module" });
  const queue: Job[] = [];
  let nextId = 0;
  let closed = false;
  /** Set when the workers cannot be loaded at all: every solve fails with this. */
  let broken: Error | undefined;

  const finish = (job: Job) => job.signal?.removeEventListener("abort", job.onAbort!);

  function spawn(slot: Slot): Worker {
    const worker = startWorker();
    worker.onmessage = (event: MessageEvent<{ id: number; reply: SolveReply }>) => {
      slot.failures = 0;
      const job = slot.job;
      if (!job || job.id !== event.data.id) return;
      slot.job = undefined;
      finish(job);
      const { reply } = event.data;
      if (reply.ok) job.resolve(reply.solution);
      else job.reject(errorFromWire(reply.error));
      dispatch();
    };
    // A worker that crashes fails its job and is replaced so the pool goes on. One that fails
    // again and again without ever answering cannot be loaded (a wrong workerUrl): give up then,
    // rather than respawning forever, and fail every solve with the reason.
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      const job = slot.job;
      const reason = new Error(`a solver worker failed: ${event.message || `it could not be loaded from ${describeUrl()}`}`);
      if (job) {
        finish(job);
        job.reject(reason);
      }
      slot.failures++;
      if (slot.failures >= MAX_FAILURES_WITHOUT_ANSWER) {
        broken = reason;
        slot.worker.terminate();
        slot.job = undefined;
        for (const waiting of queue.splice(0)) {
          finish(waiting);
          waiting.reject(reason);
        }
        return;
      }
      restart(slot);
      dispatch();
    };
    return worker;
  }

  function restart(slot: Slot): void {
    slot.worker.terminate();
    slot.job = undefined;
    slot.worker = spawn(slot);
  }

  const slots: Slot[] = [];
  for (let i = 0; i < count; i++) {
    const slot = { job: undefined, failures: 0 } as unknown as Slot;
    slot.worker = spawn(slot);
    slots.push(slot);
  }

  function dispatch(): void {
    for (const slot of slots) {
      if (slot.job || queue.length === 0 || slot.failures >= MAX_FAILURES_WITHOUT_ANSWER) continue;
      const job = queue.shift()!;
      slot.job = job;
      slot.worker.postMessage({ id: job.id, task: job.task });
    }
  }

  function cancel(job: Job): void {
    const queued = queue.indexOf(job);
    if (queued >= 0) queue.splice(queued, 1);
    const slot = slots.find((s) => s.job === job);
    if (slot) restart(slot);
    finish(job);
    job.reject(abortError());
    dispatch();
  }

  return {
    solve(instance: Instance, solveOptions: PoolSolveOptions = {}): Promise<Solution> {
      if (closed) return Promise.reject(new Error("the solver pool is closed"));
      if (broken) return Promise.reject(broken);
      const { signal, ...rest } = solveOptions;
      if (signal?.aborted) return Promise.reject(abortError());
      return new Promise<Solution>((resolve, reject) => {
        const job: Job = { id: nextId++, task: { instance, options: rest }, resolve, reject, signal };
        if (signal) {
          job.onAbort = () => cancel(job);
          signal.addEventListener("abort", job.onAbort, { once: true });
        }
        queue.push(job);
        dispatch();
      });
    },
    async close() {
      closed = true;
      const stopped = new Error("the solver pool was closed before this solve finished");
      for (const job of queue.splice(0)) {
        finish(job);
        job.reject(stopped);
      }
      for (const slot of slots) {
        if (slot.job) {
          finish(slot.job);
          slot.job.reject(stopped);
          slot.job = undefined;
        }
        slot.worker.terminate();
      }
    },
    get workers() {
      return count;
    },
    get pending() {
      return queue.length + slots.filter((s) => s.job).length;
    },
  };
}
