/**
 * One unit of simulation work, the same in a worker thread and in the main
 * thread: one algorithm over the whole trace (drawn from the config).
 */
import type { Algorithm } from "../core/types.js";
import type { AlgorithmRun } from "../simulation/frames.js";
import { simulateAlgorithm, type SimulationConfig } from "../simulation/simulate.js";

export interface AlgorithmTask {
  config: SimulationConfig;
  algorithm: Algorithm;
}

/** Progress is reported every this many frames: often enough for a smooth bar, rare enough to cost nothing across threads. */
const PROGRESS_EVERY = 10;

/** One algorithm over the whole trace, reporting the frames done as it goes. */
export async function runAlgorithm({ config, algorithm }: AlgorithmTask, report: (frames: number) => void): Promise<AlgorithmRun> {
  const run = await simulateAlgorithm(config, algorithm, ({ row }) => {
    if ((row.frame + 1) % PROGRESS_EVERY === 0) report(PROGRESS_EVERY);
  });
  if (run.frames.length % PROGRESS_EVERY) report(run.frames.length % PROGRESS_EVERY);
  return run;
}
