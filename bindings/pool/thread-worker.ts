/**
 * The worker side of ThreadPool: each task message is answered with one
 * message, in the order they came, one task at a time (a task posted ahead
 * waits for the one before it to end, even one that awaits).
 */
import { parentPort, type TransferListItem } from "node:worker_threads";

/** From the pool: first the lane this worker shares with it, then tasks under increasing sequence numbers. */
export type LaneMessage<Task> = { lane: Int32Array } | { seq: number; task: Task };

/** To the pool: a task's reply, or that it was skipped (withdrawn before it started). */
export type LaneReply<Reply> = { seq: number; reply: Reply } | { seq: number; skipped: true };

/**
 * Where the pool raises the flag that withdraws task `seq`: a worker holds at most two tasks, under
 * consecutive sequence numbers, so an odd and an even flag let both be withdrawn at once.
 */
export const skipIndex = (seq: number) => 1 + (seq & 1);

/**
 * `handle` must not throw: failures travel back as data in its reply (see wire-error.ts).
 * `transfer` names parts of a reply moved to the caller rather than copied (e.g. an ArrayBuffer
 * the reply alone holds).
 */
export function serveTasks<Task, Reply>(handle: (task: Task) => Promise<Reply> | Reply, transfer?: (reply: Reply) => TransferListItem[]): void {
  const port = parentPort;
  if (!port) throw new Error("serveTasks runs in a worker thread");
  // [0]: the sequence number of the task this worker last started; [1 + (seq & 1)]: one the pool withdrew.
  let lane: Int32Array<ArrayBufferLike> = new Int32Array(3);
  let previous: Promise<void> = Promise.resolve();
  // Set when a task failed: the worker ends on that error and starts nothing more, so the task
  // position it leaves in the lane is the failed task's, the one the pool fails.
  let failed = false;
  const run = async (seq: number, task: Task) => {
    if (failed) return;
    // Position first, then the flag (the pool raises the flag, then reads the position): one of the two sees the other.
    Atomics.store(lane, 0, seq);
    if (Atomics.load(lane, skipIndex(seq)) === seq) return port.postMessage({ seq, skipped: true } satisfies LaneReply<Reply>);
    const reply = await handle(task);
    port.postMessage({ seq, reply } satisfies LaneReply<Reply>, transfer?.(reply));
  };
  port.on("message", (message: LaneMessage<Task>) => {
    if ("lane" in message) lane = message.lane;
    // A task that throws, or a reply that cannot be sent, ends the worker with that error, uncaught:
    // the pool fails that task alone and puts the ones behind it back in its queue.
    else
      previous = previous
        .then(() => run(message.seq, message.task))
        .catch((error: unknown) => {
          failed = true;
          setImmediate(() => {
            throw error;
          });
        });
  });
}
