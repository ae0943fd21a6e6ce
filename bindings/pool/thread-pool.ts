/**
 * A fixed set of worker threads with a first-in first-out queue. Each worker
 * holds up to two tasks: the one it runs and the next, posted ahead so it
 * starts the moment the first ends instead of waiting for this thread to
 * read the answer and post another (at thousands of short solves a second
 * that wait, one hop each way, left the workers idle much of the time).
 *
 * Cancelling is exact. A task still in the queue leaves it. A task posted
 * ahead and not started is skipped by its worker (a flag in memory both
 * threads share, see `Lane`). A task running is stopped by terminating
 * exactly its worker; a fresh one takes its place and the task posted ahead
 * of it goes back to the front of the queue, so no other task ever fails
 * for a cancel. A worker that dies on its own fails only the task it ran. A
 * worker left with nothing takes a task posted ahead on another worker that
 * has not started it (a short solve never waits behind a long search while
 * a worker is free), and a task posted ahead still times out in the queue
 * (`maxWaitMs`) if it has not started.
 *
 * The worker script answers each task with one message (thread-worker.ts);
 * `workerData` reaches every worker, first and replacement.
 */
import { Worker } from "node:worker_threads";
import { abortError } from "./wire-error.js";
import { type LaneMessage, type LaneReply, skipIndex } from "./thread-worker.js";

interface Job<Task, Reply> {
  task: Task;
  resolve(reply: Reply): void;
  reject(error: unknown): void;
  settled: boolean;
  waitTimer?: ReturnType<typeof setTimeout>;
  maxWaitMs?: number;
  /** Where the job is posted, if it is. */
  posted?: Posted<Task, Reply>;
}

/** A job posted to a worker under a sequence number of that worker's. */
interface Posted<Task, Reply> {
  seq: number;
  job: Job<Task, Reply>;
  slot: Slot<Task, Reply>;
  /** Taken back before the worker started it (moved, cancelled or timed out): its worker skips it. */
  withdrawn: boolean;
}

interface Slot<Task, Reply> {
  worker: Worker;
  online: boolean;
  /** Posted and not yet answered (skips included), in the order the worker takes them. */
  posted: Array<Posted<Task, Reply>>;
  /** Shared with the worker: [0] the sequence number it last started; [1] and [2] ones it must skip (see skipIndex). */
  lane: Int32Array;
  seq: number;
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

/** Tasks a worker holds at once: the one it runs and one posted ahead. */
const DEPTH = 2;

/** Whether sequence number `a` comes before `b` (they wrap around 2^31; those compared are never far apart). */
const before = (a: number, b: number) => ((a - b) | 0) < 0;

export class ThreadPool<Task, Reply> {
  readonly size: number;
  private readonly slots: Array<Slot<Task, Reply>> = [];
  private readonly queue: Array<Job<Task, Reply>> = [];
  private unsettled = 0;
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
    return this.unsettled;
  }

  /** Tasks waiting for a worker to start them (in the queue or posted ahead). */
  get waiting(): number {
    return Math.max(0, this.unsettled - this.size);
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
      job = { task, resolve, reject, settled: false, maxWaitMs: options.maxWaitMs };
    });
    this.unsettled++;
    const maxWaitMs = options.maxWaitMs;
    if (maxWaitMs !== undefined) job.waitTimer = setTimeout(() => this.expire(job, maxWaitMs), maxWaitMs);
    this.queue.push(job);
    this.dispatch();
    return { reply, cancel: () => this.cancel(job) };
  }

  /** Rejects every task still running or waiting and ends the workers. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const error = () => new Error(this.closedMessage);
    for (const job of this.queue.splice(0)) this.settle(job, () => job.reject(error()));
    const exits = this.slots.map((slot) => {
      for (const { job } of slot.posted.splice(0)) this.settle(job, () => job.reject(error()));
      slot.worker.removeAllListeners("exit");
      return slot.worker.terminate();
    });
    await Promise.all(exits);
  }

  private startSlot(): Slot<Task, Reply> {
    const worker = new Worker(this.file, { workerData: this.workerData });
    const lane = new Int32Array(new SharedArrayBuffer(12));
    const slot: Slot<Task, Reply> = { worker, online: false, posted: [], lane, seq: 0 };
    worker.postMessage({ lane } satisfies LaneMessage<Task>);
    worker.on("online", () => (slot.online = true));
    worker.on("message", (message: LaneReply<Reply>) => this.answered(slot, message));
    // An uncaught error or an exit nobody asked for fails only the task on this worker; a fresh worker takes its place.
    const fail = (error: Error) => {
      if (this.closed || !this.slots.includes(slot)) return;
      // The task it ran, or else the first it held (a worker that dies before starting any, e.g.
      // a script that fails to load, fails a task rather than passing it on to die again).
      const started = Atomics.load(slot.lane, 0);
      const live = slot.posted.filter((p) => !p.withdrawn && p.job.posted === p && !p.job.settled);
      const running = live.find((p) => p.seq === started) ?? live[0];
      if (running) {
        slot.posted.splice(slot.posted.indexOf(running), 1);
        this.settle(running.job, () => running.job.reject(new Error(`the worker running this task stopped: ${error.message}`)));
      }
      this.replace(slot);
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`exit code ${code}`)));
    return slot;
  }

  private answered(slot: Slot<Task, Reply>, message: LaneReply<Reply>): void {
    const index = slot.posted.findIndex((p) => p.seq === message.seq);
    if (index < 0) return;
    const [posted] = slot.posted.splice(index, 1);
    const { job } = posted;
    if ("reply" in message) {
      if (job.posted === posted) this.settle(job, () => job.resolve(message.reply));
    } else if (job.posted === posted && !job.settled) {
      // Skipped though not withdrawn: a withdrawal that found it starting gave up, and the worker saw the flag anyway.
      job.posted = undefined;
      this.queue.unshift(job);
    }
    this.dispatch();
  }

  /** Terminates a worker and starts a fresh one; the tasks posted ahead on it go back to the front of the queue. */
  private replace(slot: Slot<Task, Reply>): void {
    const index = this.slots.indexOf(slot); // always found: a slot is replaced once, while it is in the pool
    slot.worker.removeAllListeners("exit");
    slot.worker.removeAllListeners("error");
    // A task may still be on its way out of a terminated worker: its message is never read.
    slot.worker.removeAllListeners("message");
    slot.worker.on("error", () => {});
    void slot.worker.terminate();
    const orphans = slot.posted
      .splice(0)
      .filter((p) => p.job.posted === p && !p.job.settled)
      .map((p) => p.job);
    for (const job of orphans) job.posted = undefined;
    this.queue.unshift(...orphans);
    this.slots[index] = this.startSlot();
    this.dispatch();
  }

  /** Posts queued tasks to workers with room, idle workers first; an idle worker with an empty queue takes a task posted ahead elsewhere. */
  private dispatch(): void {
    if (this.closed) return;
    for (let depth = 1; depth <= DEPTH; depth++) {
      for (const slot of this.slots) {
        if (this.queue.length === 0) break;
        if (slot.posted.length < depth && slot.posted.every((p) => !p.withdrawn)) this.post(slot, this.queue.shift()!);
      }
    }
    for (const idle of this.slots) {
      if (idle.posted.length > 0) continue;
      for (const busy of this.slots) {
        const ahead = busy.posted.length > 1 ? busy.posted[busy.posted.length - 1] : undefined;
        if (ahead && ahead.job.posted === ahead && this.withdraw(ahead)) {
          this.post(idle, ahead.job);
          break;
        }
      }
    }
  }

  private post(slot: Slot<Task, Reply>, job: Job<Task, Reply>): void {
    slot.seq = (slot.seq + 1) | 0;
    const posted: Posted<Task, Reply> = { seq: slot.seq, job, slot, withdrawn: false };
    job.posted = posted;
    slot.posted.push(posted);
    try {
      slot.worker.postMessage({ seq: posted.seq, task: job.task } satisfies LaneMessage<Task>);
    } catch (error) {
      // The task cannot be copied to a thread (e.g. nested too deeply): only this task fails, and its
      // number is used again, so the tasks a worker holds keep consecutive numbers (see skipIndex).
      slot.seq = (slot.seq - 1) | 0;
      slot.posted.pop();
      job.posted = undefined;
      this.settle(job, () => job.reject(error));
    }
  }

  /**
   * Takes a posted task back if its worker has not started it: true if so (the worker will skip
   * it). The flag is raised, then the worker's position read again; the worker writes its
   * position, then reads the flag; so one of the two always sees the other.
   */
  private withdraw(posted: Posted<Task, Reply>): boolean {
    const { lane } = posted.slot;
    if (!before(Atomics.load(lane, 0), posted.seq)) return false;
    Atomics.store(lane, skipIndex(posted.seq), posted.seq);
    if (!before(Atomics.load(lane, 0), posted.seq)) return false;
    posted.withdrawn = true;
    posted.job.posted = undefined;
    return true;
  }

  private cancel(job: Job<Task, Reply>): void {
    if (job.settled) return;
    const queued = this.queue.indexOf(job);
    if (queued >= 0) this.queue.splice(queued, 1);
    const posted = job.posted;
    this.settle(job, () => job.reject(abortError()));
    if (posted && !this.withdraw(posted) && Atomics.load(posted.slot.lane, 0) === posted.seq) {
      // Running: only terminating its worker stops it.
      job.posted = undefined;
      this.replace(posted.slot);
    }
    this.dispatch();
  }

  /** Runs only for a job not settled: settling clears its timer. */
  private expire(job: Job<Task, Reply>, waitedMs: number): void {
    const queued = this.queue.indexOf(job);
    if (queued >= 0) this.queue.splice(queued, 1);
    else if (!job.posted || !this.withdraw(job.posted)) return; // started: the wait is over
    this.settle(job, () => job.reject(new QueueTimeoutError(waitedMs)));
    this.dispatch();
  }

  private settle(job: Job<Task, Reply>, finish: () => void): void {
    if (job.settled) return;
    job.settled = true;
    this.unsettled--;
    clearTimeout(job.waitTimer);
    finish();
  }
}
