// A ThreadPool worker that speaks the lane protocol of thread-worker.ts by hand, for
// tests/thread-pool-withdrawals.test.ts and thread-pool-races.test.ts: it plays, in a fixed
// order, the events whose order real workers leave to chance. Each task says what to do:
// - "answer": start it (write its number into the lane) and reply. A task the pool withdrew is
//   answered as skipped, whatever its act, as serveTasks does.
// - "skip-once": the first time any worker gets it, answer it as skipped though the pool never
//   withdrew it (a worker that saw the skip flag while the pool's withdrawal gave up, having found
//   the task started: a window of nanoseconds in a real worker); afterwards as "answer".
// - "mute-once": the first time, start it and send no reply (a reply still on its way when the
//   worker's error is read: the two come by different ports); afterwards as "answer".
// - "throw": start it and throw uncaught (the worker's "error" event).
// - "stall-then-exit": before starting it, block until the test opens its gate, then exit (a
//   worker that dies having started nothing, as one still loading does).
// - "answer-when-opened": start it, block until the test opens its gate, then reply.
import { parentPort, threadId } from "node:worker_threads";
import { type LaneMessage, type LaneReply, skipIndex } from "../../bindings/pool/thread-worker.js";

export type Act = "answer" | "skip-once" | "mute-once" | "throw" | "stall-then-exit" | "answer-when-opened";

export interface ScriptedTask {
  id: number;
  act: Act;
  /** Shared counts by task id: ran[id] its starts (not the skips), once[id] whether its first-time act was played. */
  ran: Int32Array;
  once: Int32Array;
  /** gates[id] is set by the test (see openGate) to let task `id` go on. */
  gates: Int32Array;
}

export type ScriptedReply = { id: number; thread: number };

// The test opens a gate with openGate (lane-pool.ts): this module is imported for its types only.
const port = parentPort;
if (!port) throw new Error("scripted-lane-worker runs in a worker thread");
let lane: Int32Array<ArrayBufferLike> = new Int32Array(3);
port.on("message", (message: LaneMessage<ScriptedTask>) => {
  if ("lane" in message) {
    lane = message.lane;
    return;
  }
  const { seq, task } = message;
  if (task.act === "stall-then-exit") {
    Atomics.wait(task.gates, task.id, 0);
    process.exit(3);
  }
  // As serveTasks: the position first, then the flag of a task the pool withdrew.
  Atomics.store(lane, 0, seq);
  const skip = () => port.postMessage({ seq, skipped: true } satisfies LaneReply<ScriptedReply>);
  if (Atomics.load(lane, skipIndex(seq)) === seq) return skip();
  const first = (task.act === "skip-once" || task.act === "mute-once") && Atomics.compareExchange(task.once, task.id, 0, 1) === 0;
  if (first && task.act === "skip-once") return skip();
  Atomics.add(task.ran, task.id, 1);
  if (first) return;
  if (task.act === "throw") throw new Error("scripted task threw");
  if (task.act === "answer-when-opened") Atomics.wait(task.gates, task.id, 0);
  port.postMessage({ seq, reply: { id: task.id, thread: threadId } } satisfies LaneReply<ScriptedReply>);
});
