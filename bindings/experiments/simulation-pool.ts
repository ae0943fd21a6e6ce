/**
 * Runs the algorithms of a simulation on worker threads, each worker handed
 * the next algorithm when it finishes one (pool/thread-tasks.ts). Every
 * worker draws the same trace from the config, so nothing but the config
 * crosses threads on the way in. The worker is simulation-worker beside this module.
 */
import { runOnThreads, workerModule } from "../pool/thread-tasks.js";
import type { AlgorithmRun } from "../simulation/frames.js";
import type { SimulationConfig } from "../simulation/simulate.js";
import { runAlgorithm } from "./simulation-task.js";

export interface SimulationPoolOptions {
  /** Worker threads; 0 runs every algorithm in the calling thread. */
  workers: number;
  /** Called as frames finish, with the frames done over all algorithms. */
  onProgress?: (framesDone: number, framesTotal: number) => void;
}

/** Every algorithm's run, in the config's order. */
export function runAlgorithms(config: SimulationConfig, options: SimulationPoolOptions): Promise<AlgorithmRun[]> {
  const total = config.frames * config.algorithms.length;
  let framesDone = 0;
  return runOnThreads(
    config.algorithms.map((algorithm) => ({ config, algorithm })),
    {
      workers: options.workers,
      worker: () => workerModule(import.meta.url, "simulation-worker"),
      run: runAlgorithm,
      describe: (task) => `algorithm ${task.algorithm}`,
      onReport: (frames: number) => options.onProgress?.((framesDone += frames), total),
    },
  );
}
