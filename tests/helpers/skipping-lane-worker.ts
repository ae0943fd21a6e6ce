// A ThreadPool worker that speaks the lane protocol of thread-worker.ts by hand, for
// tests/thread-pool-withdrawals.test.ts: a task marked `skip` is answered as skipped the first
// time this pool gets it, though the pool never withdrew it. That is the answer of a worker that
// saw the skip flag while the pool's withdrawal gave up (it found the task started): a window of
// nanoseconds in a real worker, played here on purpose. The pool must put the task back and run it.
import { parentPort, threadId } from "node:worker_threads";
import type { LaneMessage, LaneReply } from "../../bindings/pool/thread-worker.js";

export interface SkipTask {
  id: number;
  skip: boolean;
  /** ran[id] counts the runs of task `id`, skipped[id] its skips. */
  ran: Int32Array;
  skipped: Int32Array;
}

export type SkipReply = { id: number; thread: number };

const port = parentPort;
if (!port) throw new Error("skipping-lane-worker runs in a worker thread");
let lane: Int32Array<ArrayBufferLike> = new Int32Array(3);
port.on("message", (message: LaneMessage<SkipTask>) => {
  if ("lane" in message) {
    lane = message.lane;
    return;
  }
  const { seq, task } = message;
  Atomics.store(lane, 0, seq);
  if (task.skip && Atomics.compareExchange(task.skipped, task.id, 0, 1) === 0) {
    port.postMessage({ seq, skipped: true } satisfies LaneReply<SkipReply>);
    return;
  }
  Atomics.add(task.ran, task.id, 1);
  port.postMessage({ seq, reply: { id: task.id, thread: threadId } } satisfies LaneReply<SkipReply>);
});
