/**
 * Worker thread of `edge-alloc simulate`: runs one algorithm over the whole
 * trace at a time (the trace is drawn from the config, the same in every
 * thread). Protocol: in `{ config, algorithm }`; out `{ framesDone }` every
 * few frames, then `{ run }` or `{ error }`.
 */
import { parentPort } from "node:worker_threads";
import type { Algorithm } from "../core/types.js";
import { simulateAlgorithm, type SimulationConfig } from "../simulation/simulate.js";

if (!parentPort) throw new Error("the simulation worker runs as a worker thread, started by worker-pool.ts");
const port = parentPort;
/** Progress messages every this many frames: often enough for a smooth bar, rare enough to cost nothing. */
const PROGRESS_EVERY = 10;

port.on("message", async ({ config, algorithm }: { config: SimulationConfig; algorithm: Algorithm }) => {
  try {
    const run = await simulateAlgorithm(config, algorithm, ({ row }) => {
      if ((row.frame + 1) % PROGRESS_EVERY === 0) port.postMessage({ framesDone: PROGRESS_EVERY });
    });
    port.postMessage({ framesDone: run.frames.length % PROGRESS_EVERY, run });
  } catch (error) {
    port.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
