/**
 * Runs YALPS on a HiGHS-shaped model in a worker thread (yalps-worker.mjs) with
 * a wall-clock guard: past the cap (plus a grace for the worker's own timeout
 * to act) the worker is terminated and a fresh one started for the next run.
 */
import { Worker } from "node:worker_threads";
import type { ModelData } from "highs";

export interface YalpsResult {
  /** YALPS's status, or "killed" when the wall-clock guard stopped it. */
  status: "optimal" | "infeasible" | "unbounded" | "timedout" | "cycled" | "killed";
  objective: number;
  values: Float64Array;
  timeMs: number;
}

const WORKER_URL = new URL("./yalps-worker.mjs", import.meta.url);
/** The guard fires this long after the cap: YALPS checks its own timeout only between branch-and-cut iterations. */
const GRACE_MS = 250;

export class YalpsRunner {
  private worker: Promise<Worker> | undefined;
  private nextId = 0;

  /** The worker, once it has loaded YALPS (start-up is not part of any timing). */
  private spawn(): Promise<Worker> {
    this.worker ??= new Promise((resolve, reject) => {
      // No execArgv: the worker is plain JS and needs neither the TS loader nor the parent's flags.
      const worker = new Worker(WORKER_URL, { execArgv: [] });
      worker.once("message", () => resolve(worker));
      worker.once("error", (error) => {
        this.worker = undefined;
        reject(error);
      });
    });
    return this.worker;
  }

  /** Solve the model (maximise, every column binary); never longer than capMs + grace. */
  async run(model: ModelData, capMs: number): Promise<YalpsResult> {
    const worker = await this.spawn();
    const id = this.nextId++;
    const { matrix } = model;
    if (matrix.format !== "csr") throw new Error("YalpsRunner: expects a CSR model");
    // The worker states every column binary; refuse a model that is not, rather than solve a different one.
    const binary = (j: number) => model.colLower?.[j] === 0 && model.colUpper?.[j] === 1 && model.integrality?.[j] === 1;
    for (let j = 0; j < model.numCols; j++) {
      if (!binary(j)) throw new Error(`YalpsRunner: column ${j} is not binary in [0, 1]; the worker's model would differ from HiGHS's`);
    }
    const message = {
      id,
      timeoutMs: capMs,
      model: {
        numCols: model.numCols,
        colCost: model.colCost,
        rowLower: model.rowLower,
        rowUpper: model.rowUpper,
        starts: matrix.starts,
        indices: matrix.indices,
        values: matrix.values,
      },
    };
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        clearTimeout(guard);
        worker.off("message", onMessage);
        worker.off("error", onError);
      };
      const guard = setTimeout(() => {
        cleanup();
        void worker.terminate();
        this.worker = undefined;
        resolve({ status: "killed", objective: NaN, values: new Float64Array(0), timeMs: performance.now() - started });
      }, capMs + GRACE_MS);
      const onMessage = (reply: YalpsResult & { id: number }) => {
        if (reply.id !== id) return;
        cleanup();
        resolve(reply);
      };
      const onError = (error: Error) => {
        cleanup();
        this.worker = undefined;
        reject(error);
      };
      worker.on("message", onMessage);
      worker.on("error", onError);
      worker.postMessage(message);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await (await worker).terminate();
  }
}
