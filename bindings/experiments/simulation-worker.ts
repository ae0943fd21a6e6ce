/**
 * Worker thread of `edge-alloc simulate`: runs one algorithm over the whole
 * trace at a time (the trace is drawn from the config, the same in every
 * thread), reporting the frames done as it goes.
 */
import { threadTask } from "../pool/thread-tasks.js";
import { runAlgorithm } from "./simulation-task.js";

export default threadTask(runAlgorithm);
