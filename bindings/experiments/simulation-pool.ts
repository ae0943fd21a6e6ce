/**
 * Runs the algorithms of a simulation on worker threads, each worker handed
 * the next algorithm when it finishes one. Every worker draws the same trace
 * from the config, so nothing but the config crosses threads on the way in.
 * The worker is simulation-worker beside this module (start-worker.ts).
 */
import type { Worker } from "node:worker_threads";
import { startSiblingWorker } from "./start-worker.js";
import type { AlgorithmRun } from "../simulation/frames.js";
import { simulateAlgorithm, type SimulationConfig } from "../simulation/simulate.js";

export interface SimulationPoolOptions {
  /** Worker threads; 0 runs every algorithm in the calling thread. */
  workers: number;
  /** Called as frames finish, with the frames done over all algorithms. */
  onProgress?: (framesDone: number, framesTotal: number) => void;
}

function startWorker(): Worker {
  return startSiblingWorker(import.meta.url, "simulation-worker");
}

/** Every algorithm's run, in the config's order. */
export async function runAlgorithms(config: SimulationConfig, options: SimulationPoolOptions): Promise<AlgorithmRun[]> {
  const total = config.frames * config.algorithms.length;
  let framesDone = 0;
  const progress = (frames: number) => {
    framesDone += frames;
    options.onProgress?.(framesDone, total);
  };
  const count = Math.min(options.workers, config.algorithms.length);
  if (count <= 0) {
    const runs: AlgorithmRun[] = [];
    for (const algorithm of config.algorithms) runs.push(await simulateAlgorithm(config, algorithm, () => progress(1)));
    return runs;
  }

  const runs: AlgorithmRun[] = new Array(config.algorithms.length);
  const workers: Worker[] = [];
  let next = 0;
  let finished = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      for (let i = 0; i < count; i++) {
        const worker = startWorker();
        workers.push(worker);
        let current = -1;
        const feed = () => {
          if (next >= config.algorithms.length) return;
          current = next++;
          worker.postMessage({ config, algorithm: config.algorithms[current] });
        };
        worker.on("message", (message: { framesDone?: number; run?: AlgorithmRun; error?: string }) => {
          if (message.error !== undefined) {
            reject(new Error(`algorithm ${config.algorithms[current]}: ${message.error}`));
            return;
          }
          if (message.framesDone) progress(message.framesDone);
          if (!message.run) return;
          runs[current] = message.run;
          if (++finished === config.algorithms.length) resolve();
          else feed();
        });
        worker.on("error", reject);
        worker.on("exit", (code) => {
          if (finished < config.algorithms.length) reject(new Error(`a simulation worker stopped (exit code ${code}) before the run finished`));
        });
        feed();
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return runs;
}
