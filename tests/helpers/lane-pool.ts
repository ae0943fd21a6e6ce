// A ThreadPool on real worker threads running lane-worker.ts, for the pool's tests:
// `task(id, ms)` blocks a worker for ms and counts itself in `ran[id]`.
import { workerScriptUrl } from "../../bindings/pool/source-worker.js";
import { ThreadPool } from "../../bindings/pool/thread-pool.js";
import type { LaneTask } from "./lane-worker.js";
import type { Act, ScriptedReply, ScriptedTask } from "./scripted-lane-worker.js";

export type LaneReply = { id: number; thread: number; data: unknown };

const LANE_WORKER = workerScriptUrl(import.meta.url, "lane-worker");
const SCRIPTED_WORKER = workerScriptUrl(import.meta.url, "scripted-lane-worker");

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

/** Lets a task of scripted-lane-worker.ts that waits on gates[id] go on. */
export function openGate(gates: Int32Array, id: number): void {
  Atomics.store(gates, id, 1);
  Atomics.notify(gates, id);
}

/** A ThreadPool on scripted-lane-worker.ts: `task(id, act)` does what `act` says (see there). */
export function scriptedPool(workers: number) {
  const threads = new ThreadPool<ScriptedTask, ScriptedReply>(SCRIPTED_WORKER, workers, undefined, "closed");
  const shared = () => new Int32Array(new SharedArrayBuffer(4 * 16));
  const ran = shared();
  const once = shared();
  const gates = shared();
  const task = (id: number, act: Act): ScriptedTask => ({ id, act, ran, once, gates });
  /** Opens every gate (a test that failed may leave a worker blocked), then closes the pool. */
  const close = () => {
    for (let id = 0; id < gates.length; id++) openGate(gates, id);
    return threads.close();
  };
  return { threads, ran, once, gates, task, close };
}
