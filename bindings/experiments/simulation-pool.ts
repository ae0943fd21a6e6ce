/**
 * Runs the algorithms of a simulation on worker threads, each worker handed
 * the next algorithm when it finishes one. Every worker draws the same trace
 * from the config, so nothing but the config crosses threads on the way in.
 *
 * The worker is the module next to this one with the same extension: built
 * JS under dist/, TypeScript under tsx or vitest (then it first registers
 * tsx's loader, which a worker does not inherit), as in the sweep's pool.
 */
import { createRequire } from "node:module";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { AlgorithmRun } from "../simulation/frames.js";
import { simulateAlgorithm, type SimulationConfig } from "../simulation/simulate.js";

export interface SimulationPoolOptions {
  /** Worker threads; 0 runs every algorithm in the calling thread. */
  workers: number;
  /** Called as frames finish, with the frames done over all algorithms. */
  onProgress?: (framesDone: number, framesTotal: number) => void;
}

const ownExtension = extname(fileURLToPath(import.meta.url));

function startWorker(): Worker {
  const workerUrl = new URL(`./simulation-worker${ownExtension}`, import.meta.url);
  if (ownExtension !== ".ts") return new Worker(workerUrl);
  const tsxApi = createRequire(import.meta.url).resolve("tsx/cjs/api");
  const boot = `require(${JSON.stringify(tsxApi)}).register(); require(${JSON.stringify(fileURLToPath(workerUrl))});`;
  return new Worker(boot, { eval: true });
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
