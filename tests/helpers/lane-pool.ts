// A ThreadPool on real worker threads running lane-worker.ts, for the pool's tests:
// `task(id, ms)` blocks a worker for ms and counts itself in `ran[id]`.
import { workerScriptUrl } from "../../bindings/pool/source-worker.js";
import { ThreadPool } from "../../bindings/pool/thread-pool.js";
import type { LaneTask } from "./lane-worker.js";

export type LaneReply = { id: number; thread: number; data: unknown };

const LANE_WORKER = workerScriptUrl(import.meta.url, "lane-worker");

export function lanePool(workers: number, workerData?: unknown) {
  const threads = new ThreadPool<LaneTask, LaneReply>(LANE_WORKER, workers, workerData, "closed");
  const ran = new Int32Array(new SharedArrayBuffer(4 * 16));
  const task = (id: number, ms: number) => ({ id, ms, ran });
  return { threads, ran, task };
}

/** Resolves once task `id` has started on some worker. */
export async function started(ran: Int32Array, id: number): Promise<void> {
  while (Atomics.load(ran, id) === 0) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** The error a promise rejects with, or undefined if it resolves. */
export const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as Error,
  );
