/** The worker side of ThreadPool: each message is one task, answered with one message. */
import { parentPort, type TransferListItem } from "node:worker_threads";

/**
 * `handle` must not throw: failures travel back as data in its reply (see wire-error.ts).
 * `transfer` names parts of a reply moved to the caller rather than copied (e.g. an ArrayBuffer
 * the reply alone holds).
 */
export function serveTasks<Task, Reply>(handle: (task: Task) => Promise<Reply> | Reply, transfer?: (reply: Reply) => TransferListItem[]): void {
  const port = parentPort;
  if (!port) throw new Error("serveTasks runs in a worker thread");
  port.on("message", async (task: Task) => {
    const reply = await handle(task);
    port.postMessage(reply, transfer?.(reply));
  });
}
