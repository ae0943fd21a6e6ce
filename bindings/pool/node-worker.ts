/** A Node pool worker: tinypool imports this file in each worker thread and calls its default export per task. */
import { runTask } from "./run-task.js";

export default runTask;
