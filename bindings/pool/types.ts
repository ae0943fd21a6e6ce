/**
 * The solver pool's contract, shared by the Node pool (worker threads) and
 * the browser pool (Web Workers): what a caller sees, and the two messages
 * that cross the thread boundary.
 */
import type { Instance, Solution, SolveOptions } from "../core/types.js";
import type { WireError } from "./wire-error.js";

/** The options of {@link SolverPool.solve}: those of `solve`, plus a signal to cancel. */
export interface PoolSolveOptions extends SolveOptions {
  /**
   * Cancels the solve: the promise rejects with an AbortError (a DOMException
   * named "AbortError") at once, and a worker still running it is stopped and
   * replaced, so even a search without a time limit ends.
   */
  signal?: AbortSignal;
}

/** The options of `createSolverPool`. */
export interface SolverPoolOptions {
  /** Worker threads (Web Workers in a browser). Default: one per core. */
  workers?: number;
}

/** Solves on worker threads (Web Workers in a browser), off the caller's thread, with cancellation. */
export interface SolverPool {
  /** Same answer as solve(instance, options), computed on a worker. */
  solve(instance: Instance, options?: PoolSolveOptions): Promise<Solution>;
  /** Ends every worker; solves still pending reject. Later solves reject. */
  close(): Promise<void>;
  /** How many workers the pool keeps running. */
  readonly workers: number;
  /** Solves handed to the pool and not settled yet (running plus waiting for a worker). */
  readonly pending: number;
}

/** What a worker is asked to do: one solve() call. */
export interface SolveTask {
  instance: unknown;
  options: SolveOptions;
}

/** What a worker answers. Errors travel as data: a thrown Error would lose its class and its fields on the way. */
export type SolveReply = { ok: true; solution: Solution } | { ok: false; error: WireError };
