// A Web Worker script for tests/browser-pool.test.ts, run by the `web-worker` package on a real
// worker thread. It speaks the solver worker's protocol (`{ id, task }` in, `{ id, reply }` out)
// but does what the task's instance says instead of solving: answer with what it received,
// answer another solve's id first, hold until the test releases it, or fail with an uncaught error.
import { threadId } from "node:worker_threads";

export interface Script {
  tag: string;
  /** Fail with an uncaught Error of this message instead of answering (a worker that crashes). */
  crash?: string;
  /** Answer solve `id + 7` first (an answer for another solve), then this one. */
  staleFirst?: boolean;
  /**
   * On a SharedArrayBuffer: the worker writes its thread id into [2], adds 1 to [0] and blocks
   * (as a search does) until [1] is set, then answers.
   */
  hold?: Int32Array;
}

/** What the worker answers: the script's tag and what reached it. */
export interface Echo {
  tag: string;
  id: number;
  options: unknown;
  /** The worker thread that answered. */
  thread: number;
  /** How many tasks this worker had been sent, this one included. */
  received: number;
}

const scope = globalThis as unknown as {
  onmessage: ((event: { data: { id: number; task: { instance: Script; options: unknown } } }) => void) | null;
  postMessage: (message: unknown) => void;
};

let received = 0;

scope.onmessage = (event) => {
  const { id, task } = event.data;
  const { tag, crash, staleFirst, hold } = task.instance;
  received++;
  if (crash !== undefined) {
    // Thrown outside the message handler, which web-worker calls inside a try/catch: uncaught,
    // it ends the thread and reaches the page as the worker's error event.
    queueMicrotask(() => {
      throw new Error(crash);
    });
    return;
  }
  if (hold) {
    Atomics.store(hold, 2, threadId);
    Atomics.add(hold, 0, 1);
    Atomics.notify(hold, 0);
    Atomics.wait(hold, 1, 0);
  }
  const answer = (forId: number, answerTag: string): void => {
    const solution: Echo = { tag: answerTag, id: forId, options: task.options, thread: threadId, received };
    scope.postMessage({ id: forId, reply: { ok: true, solution } });
  };
  if (staleFirst) answer(id + 7, "stale");
  answer(id, tag);
};
