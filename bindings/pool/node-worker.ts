/** A Node pool worker: one solve() per message (see thread-pool.ts). */
import { runTask } from "./run-task.js";
import { serveTasks } from "./thread-worker.js";

serveTasks(runTask);
