/**
 * A fixed set of worker threads running one task each at a time, with a
 * first-in first-out queue. Cancelling a task that waits removes it from the
 * queue; cancelling a task that runs terminates exactly the worker it runs on
 * (nothing else is ever on that worker) and starts a fresh one in its place,
 * so even a WebAssembly search with no time limit stops and no other task is
 * touched. A worker that dies on its own fails only its own task.
 *
 * The worker script answers each message with one message (see
 * thread-worker.ts); `workerData` reaches every worker, first and replacement.
 */
import { Worker } from "node:worker_threads";
import { abortError } from "./wire-error.js";

interface Job<Task, Reply> {
  task: Task;
  resolve(reply: Reply): void;
  reject(error: unknown): void;
  settled: boolean;
  waitTimer?: ReturnType<typeof setTimeout>;
}

interface Slot<Task, Reply> {
  worker: Worker;
  job?: Job<Task, Reply>;
  online: boolean;
}

export interface RunOptions {
  /** Cancels the task: the promise rejects with an AbortError at once. */
  signal?: AbortSignal;
  /** Longest wait for a free worker, ms; then the promise rejects with a QueueTimeoutError and the task never runs. */
  maxWaitMs?: number;
}

export class QueueTimeoutError extends Error {
  constructor(waitedMs: number) {
    super(`no worker became free within ${waitedMs} ms`);
    this.name = "QueueTimeoutError";
  }
}

export class ThreadPool<Task, Reply> {
  readonly size: number;
  private readonly slots: Array<Slot<Task, Reply>> = [];
  private readonly queue: Array<Job<Task, Reply>> = [];
  private closed = false;

  /** `closedMessage`: what tasks still running or waiting reject with when the pool is closed. */
  constructor(
    private readonly file: URL,
    size: number,
    private readonly workerData: unknown,
    private readonly closedMessage: string,
  ) {
    this.size = size;
    for (let i = 0; i < size; i++) this.slots.push(this.startSlot());
  }

  /** Tasks handed in and not settled yet: running plus waiting. */
  get pending(): number {
    return this.queue.length + this.slots.filter((slot) => slot.job !== undefined).length;
  }

  /** Tasks waiting for a free worker. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Workers whose thread has started (a replacement is not online for its first few ms). */
  get online(): number {
    return this.slots.filter((slot) => slot.online).length;
  }

  run(task: Task, options: RunOptions = {}): Promise<Reply> {
    const { signal, ...rest } = options;
    if (signal?.aborted) return Promise.reject(abortError());
    if (!signal) return this.submit(task, rest).reply;
    const submitted = this.submit(task, rest);
    const onAbort = () => submitted.cancel();
    signal.addEventListener("abort", onAbort, { once: true });
    return submitted.reply.finally(() => signal.removeEventListener("abort", onAbort));
  }

  /**
   * As run(), cancelled by calling `cancel` instead of through an AbortSignal (whose
   * EventTarget costs a server more per request than the rest of the hand-off).
   */
  submit(task: Task, options: Omit<RunOptions, "signal"> = {}): { reply: Promise<Reply>; cancel: () => void } {
    if (this.closed) return { reply: Promise.reject(new Error("the pool is closed")), cancel: () => {} };
    let job!: Job<Task, Reply>;
    const reply = new Promise<Reply>((resolve, reject) => {
      job = { task, resolve, reject, settled: false };
    });
    const slot = this.slots.find((s) => s.job === undefined);
    if (slot) this.post(slot, job);
    else {
      if (options.maxWaitMs !== undefined) job.waitTimer = setTimeout(() => this.expire(job, options.maxWaitMs!), options.maxWaitMs);
      this.queue.push(job);
    }
    return { reply, cancel: () => this.cancel(job) };
  }

  /** Rejects every task still running or waiting and ends the workers. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const error = () => new Error(this.closedMessage);
    for (const job of this.queue.splice(0)) this.settle(job, () => job.reject(error()));
    const exits = this.slots.map((slot) => {
      if (slot.job) {
        const job = slot.job;
        slot.job = undefined;
        this.settle(job, () => job.reject(error()));
      }
      slot.worker.removeAllListeners("exit");
      return slot.worker.terminate();
    });
    await Promise.all(exits);
  }

  private startSlot(): Slot<Task, Reply> {
    const worker = new Worker(this.file, { workerData: this.workerData });
    const slot: Slot<Task, Reply> = { worker, online: false };
    worker.on("online", () => (slot.online = true));
    worker.on("message", (reply: Reply) => {
      const job = slot.job;
      slot.job = undefined;
      if (job) this.settle(job, () => job.resolve(reply));
      this.next(slot);
    });
    // An uncaught error or an exit nobody asked for fails only the task on this worker; a fresh worker takes its place.
    const fail = (error: Error) => {
      if (this.closed || !this.slots.includes(slot)) return;
      const job = slot.job;
      slot.job = undefined;
      if (job) this.settle(job, () => job.reject(new Error(`the worker running this task stopped: ${error.message}`)));
      this.replace(slot);
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`exit code ${code}`)));
    return slot;
  }

  private replace(slot: Slot<Task, Reply>): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    slot.worker.removeAllListeners("exit");
    slot.worker.removeAllListeners("error");
    // A task may still be on its way out of a terminated worker: its message is never read.
    slot.worker.removeAllListeners("message");
    slot.worker.on("error", () => {});
    void slot.worker.terminate();
    const fresh = this.startSlot();
    this.slots[index] = fresh;
    this.next(fresh);
  }

  private post(slot: Slot<Task, Reply>, job: Job<Task, Reply>): void {
    if (job.waitTimer) clearTimeout(job.waitTimer);
    slot.job = job;
    try {
      slot.worker.postMessage(job.task);
    } catch (error) {
      // The task cannot be copied to a thread (e.g. nested too deeply): only this task fails.
      slot.job = undefined;
      this.settle(job, () => job.reject(error));
      this.next(slot);
    }
  }

  private next(slot: Slot<Task, Reply>): void {
    if (this.closed || slot.job !== undefined) return;
    const job = this.queue.shift();
    if (job) this.post(slot, job);
  }

  private cancel(job: Job<Task, Reply>): void {
    if (job.settled) return;
    const queued = this.queue.indexOf(job);
    if (queued >= 0) this.queue.splice(queued, 1);
    const running = this.slots.find((slot) => slot.job === job);
    if (running) {
      running.job = undefined;
      this.replace(running);
    }
    this.settle(job, () => job.reject(abortError()));
  }

  private expire(job: Job<Task, Reply>, waitedMs: number): void {
    const queued = this.queue.indexOf(job);
    if (queued < 0) return;
    this.queue.splice(queued, 1);
    this.settle(job, () => job.reject(new QueueTimeoutError(waitedMs)));
  }

  private settle(job: Job<Task, Reply>, finish: () => void): void {
    if (job.settled) return;
    job.settled = true;
    if (job.waitTimer) clearTimeout(job.waitTimer);
    finish();
  }
}
