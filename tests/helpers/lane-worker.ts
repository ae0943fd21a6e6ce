// A ThreadPool worker for tests/thread-pool.test.ts: each task sleeps its `ms` (blocking the thread,
// as a search does), after counting itself in the shared `ran` array; the reply names the thread
// and gives back the pool's workerData as this thread received it.
// A task with `ms` -2 throws (uncaught in the worker); any other negative `ms` ends the thread.
// workerData `{ loads, failFirst }` (loads an Int32Array on shared memory): the first `failFirst`
// workers to load throw before serving anything, as a script that fails to load does.
import { threadId, workerData } from "node:worker_threads";
import { serveTasks } from "../../bindings/pool/thread-worker.js";

export interface LaneTask {
  id: number;
  ms: number;
  /** ran[id] counts how often task `id` started, across every worker. */
  ran: Int32Array;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

const loading = workerData as { loads?: Int32Array; failFirst?: number } | undefined;
if (loading?.loads && Atomics.add(loading.loads, 0, 1) < (loading.failFirst ?? 0)) throw new Error("lane worker failed to load");

serveTasks<LaneTask, { id: number; thread: number; data: unknown }>(({ id, ms, ran }) => {
  Atomics.add(ran, id, 1);
  // A negative time: the thread dies, as one with a fault in native code would.
  // -2: the task throws, which serveTasks rethrows uncaught (the worker's "error" event).
  if (ms === -2) throw new Error("lane task threw");
  if (ms < 0) process.exit(3);
  Atomics.wait(sleeper, 0, 0, ms);
  return { id, thread: threadId, data: workerData };
});
