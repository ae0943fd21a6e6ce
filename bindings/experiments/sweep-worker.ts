/**
 * Worker thread of a sweep: loads the engine once (the first solve() does)
 * and runs the jobs sweep-pool sends, one at a time.
 */
import { threadTask } from "../pool/thread-tasks.js";
import { runJob } from "./sweep-job.js";

export default threadTask(runJob);
