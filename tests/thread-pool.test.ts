// ThreadPool on real worker threads: each worker holds the task it runs and one posted ahead;
// cancelling, timing out or moving a task posted ahead takes it back before it starts, and
// cancelling a running task never fails the one posted behind it.
import { describe, expect, it, vi } from "vitest";
import { QueueTimeoutError } from "../bindings/pool/thread-pool.js";
import { failure, lanePool as pool, started } from "./helpers/lane-pool.js";

// A mutant that leaves a task unanswered fails its test here within 3 s (each takes under 1 s on
// a loaded machine) instead of running into StrykerJS's time-out, which restarts its test runner.
vi.setConfig({ testTimeout: 3_000 });

describe("ThreadPool posts one task ahead per worker", () => {
  it("a task posted ahead and cancelled never starts, and its worker is kept", async () => {
    const { threads, ran, task } = pool(1);
    try {
      const first = threads.submit(task(1, 400));
      const ahead = threads.submit(task(2, 10));
      const third = threads.submit(task(3, 10));
      await started(ran, 1);
      ahead.cancel();
      expect((await failure(ahead.reply))?.name).toBe("AbortError");
      const [a, c] = await Promise.all([first.reply, third.reply]);
      expect([a.id, c.id]).toEqual([1, 3]);
      expect(c.thread).toBe(a.thread);
      expect(Array.from(ran.slice(1, 4))).toEqual([1, 0, 1]);
      expect(threads.pending).toBe(0);
    } finally {
      await threads.close();
    }
  });

  it("cancelling the running task runs the one posted behind it on the fresh worker, once", async () => {
    const { threads, ran, task } = pool(1);
    try {
      const running = threads.submit(task(1, 60_000));
      const behind = threads.submit(task(2, 10));
      await started(ran, 1);
      running.cancel();
      expect((await failure(running.reply))?.name).toBe("AbortError");
      expect((await behind.reply).id).toBe(2);
      expect(Array.from(ran.slice(1, 3))).toEqual([1, 1]);
    } finally {
      await threads.close();
    }
  });

  it("a worker left with nothing takes the task posted ahead behind a long one elsewhere", async () => {
    const { threads, ran, task } = pool(2);
    try {
      const long = threads.submit(task(1, 600));
      const short = threads.submit(task(2, 50));
      // Posted ahead: 3 behind the long task, 4 behind the short one.
      const behindLong = threads.submit(task(3, 10));
      const behindShort = threads.submit(task(4, 10));
      const [l, s, a, b] = await Promise.all([long.reply, short.reply, behindLong.reply, behindShort.reply]);
      // Task 3 ran on the other worker, not after the long task on its own.
      expect(a.thread).toBe(s.thread);
      expect(b.thread).toBe(s.thread);
      expect(l.thread).not.toBe(s.thread);
      expect(Array.from(ran.slice(1, 5))).toEqual([1, 1, 1, 1]);
    } finally {
      await threads.close();
    }
  });

  it("a task posted ahead still times out if it has not started, and never runs", async () => {
    const { threads, ran, task } = pool(1);
    try {
      const first = threads.submit(task(1, 600));
      await started(ran, 1);
      const waiting = threads.submit(task(2, 10), { maxWaitMs: 100 });
      expect(await failure(waiting.reply)).toBeInstanceOf(QueueTimeoutError);
      expect((await first.reply).id).toBe(1);
      const after = threads.submit(task(3, 10));
      expect((await after.reply).id).toBe(3);
      expect(Array.from(ran.slice(1, 4))).toEqual([1, 0, 1]);
    } finally {
      await threads.close();
    }
  });

  it("a worker that dies fails only the task it ran; the one posted behind runs on its replacement", async () => {
    const { threads, ran, task } = pool(1);
    try {
      const dying = threads.submit(task(1, -1));
      const behind = threads.submit(task(2, 10));
      expect((await failure(dying.reply))?.message).toBe("the worker running this task stopped: exit code 3");
      expect((await behind.reply).id).toBe(2);
      expect(Array.from(ran.slice(1, 3))).toEqual([1, 1]);
    } finally {
      await threads.close();
    }
  });

  it("a task that throws uncaught fails with its message; the one posted behind runs on the replacement", async () => {
    const { threads, ran, task } = pool(1);
    try {
      const first = await threads.submit(task(3, 0)).reply;
      const throwing = threads.submit(task(1, -2));
      const behind = threads.submit(task(2, 10));
      expect((await failure(throwing.reply))?.message).toBe("the worker running this task stopped: lane task threw");
      // Never started on the worker that threw (which ends on the error): it runs once, on the replacement.
      expect((await behind.reply).thread).not.toBe(first.thread);
      expect(Array.from(ran.slice(1, 3))).toEqual([1, 1]);
      expect(threads.pending).toBe(0);
    } finally {
      await threads.close();
    }
  });

  it("close() after a cancel settles each task once: the cancelled one stays an AbortError, nothing is counted twice", async () => {
    const { threads, ran, task } = pool(1);
    const running = failure(threads.submit(task(1, 60_000)).reply);
    const ahead = threads.submit(task(2, 10));
    const aheadFailure = failure(ahead.reply);
    await started(ran, 1);
    // Withdrawn but still held by its worker, which answers only after the running task.
    ahead.cancel();
    expect(threads.pending).toBe(1);
    await threads.close();
    expect((await running)?.message).toBe("closed");
    expect((await aheadFailure)?.name).toBe("AbortError");
    expect(threads.pending).toBe(0);
  });

  it("close() rejects the running task and the one posted ahead", async () => {
    const { threads, task } = pool(1);
    const running = threads.submit(task(1, 60_000));
    const ahead = threads.submit(task(2, 10));
    const queued = threads.submit(task(3, 10));
    const failures = [running, ahead, queued].map((submitted) => failure(submitted.reply));
    await threads.close();
    for (const error of await Promise.all(failures)) expect(error?.message).toBe("closed");
    expect(threads.pending).toBe(0);
  });
});
