/**
 * Batch work on worker threads, for the experiments' sweeps and simulations:
 * every task handed to the next free worker, the results in task order, and
 * reports (progress) from inside a task as they come. The threads are
 * tinypool's (a task here is a whole sweep point or simulation run, and a
 * failure stops the batch), and a worker module run from the TypeScript
 * sources is bundled as the solver pool's is (source-worker.ts).
 *
 * A worker module's default export is threadTask(run); the caller starts it
 * with runOnThreads(workerModule(import.meta.url, "name"), ...).
 */
import { MessageChannel, type MessagePort } from "node:worker_threads";
import Tinypool from "tinypool";
import { workerScriptUrl } from "./source-worker.js";

/** One task's work: `report` sends a progress value to the caller's onReport. */
export type TaskRun<T, R, P> = (task: T, report: (progress: P) => void) => Promise<R>;

/** What crosses to the worker: the task, and the port its reports go back on. */
export interface TaskMessage<T> {
  task: T;
  port: MessagePort;
}

/** On a task's port: its reports, then that it is done (so the caller has every report before the result). */
type PortMessage<P> = { progress: P } | { done: true };

/** The default export of a worker module: runs one task, its reports sent over the task's own port. */
export function threadTask<T, R, P>(run: TaskRun<T, R, P>): (message: TaskMessage<T>) => Promise<R> {
  return async ({ task, port }) => {
    try {
      const result = await run(task, (progress) => port.postMessage({ progress } satisfies PortMessage<P>));
      port.postMessage({ done: true } satisfies PortMessage<P>);
      return result;
    } finally {
      port.close();
    }
  };
}

/** The worker module `./<name>` beside `callerUrl` (pass `import.meta.url`): its .js when built, a bundle of its .ts from the sources. */
export function workerModule(callerUrl: string, name: string): URL {
  return workerScriptUrl(callerUrl, name);
}

export interface ThreadTasksOptions<T, R, P> {
  /** Worker threads; 0 runs every task in the calling thread with `run`. */
  workers: number;
  /** The worker module (workerModule). */
  worker: () => URL;
  /** The same work as the worker module's, for `workers: 0`. */
  run: TaskRun<T, R, P>;
  /** Names a task in the error of one that failed on a worker. */
  describe: (task: T) => string;
  onReport?: (progress: P) => void;
  /** Called after each finished task with how many are done. */
  onDone?: (done: number) => void;
}

/** Runs every task and returns their results in the order of `tasks`; the first failure rejects and stops the rest. */
export async function runOnThreads<T, R, P = never>(tasks: readonly T[], options: ThreadTasksOptions<T, R, P>): Promise<R[]> {
  const report = (progress: P) => options.onReport?.(progress);
  let done = 0;
  const finished = (result: R) => {
    options.onDone?.(++done);
    return result;
  };
  const threads = Math.min(options.workers, tasks.length);
  if (threads <= 0) {
    const results: R[] = [];
    for (const task of tasks) results.push(finished(await options.run(task, report)));
    return results;
  }
  const pool = new Tinypool({ filename: options.worker().href, minThreads: threads, maxThreads: threads });
  const ports: MessagePort[] = [];
  try {
    return await Promise.all(
      tasks.map(async (task) => {
        const { port1, port2 } = new MessageChannel();
        ports.push(port1);
        let allReported: () => void = () => {};
        const reported = new Promise<void>((resolve) => (allReported = resolve));
        port1.on("message", (message: PortMessage<P>) => ("progress" in message ? report(message.progress) : allReported()));
        try {
          const result: R = await pool.run({ task, port: port2 } satisfies TaskMessage<T>, { transferList: [port2] });
          await reported;
          return finished(result);
        } catch (error) {
          throw new Error(`${options.describe(task)}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        }
      }),
    );
  } finally {
    for (const port of ports) port.close();
    await pool.destroy();
  }
}
