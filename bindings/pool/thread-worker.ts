/** The worker side of ThreadPool: each message is one task, answered with one message. */
import { parentPort } from "node:worker_threads";

/** `handle` must not throw: failures travel back as data in its reply (see wire-error.ts). */
export function serveTasks<Task, Reply>(handle: (task: Task) => Promise<Reply> | Reply): void {
  const port = parentPort;
  if (!port) throw new Error("serveTasks runs in a worker thread");
  port.on("message", async (task: Task) => port.postMessage(await handle(task)));
}
