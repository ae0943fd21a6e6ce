// ThreadPool's counters and its edges, on the lane worker of thread-pool.test.ts:
// pending and waiting, run() with an AbortSignal, a queued task that times out,
// a task that cannot be copied to a thread, workerData, and close().
import { getEventListeners } from "node:events";
import { describe, expect, it, vi } from "vitest";
import { QueueTimeoutError } from "../bindings/pool/thread-pool.js";
import { failure, lanePool as pool, started } from "./helpers/lane-pool.js";
import type { LaneTask } from "./helpers/lane-worker.js";

// A mutant that leaves a task unanswered fails its test here within 3 s (each takes under 1 s on
// a loaded machine) instead of running into StrykerJS's time-out, which restarts its test runner.
vi.setConfig({ testTimeout: 3_000 });

describe("ThreadPool", () => {
  it("counts the tasks pending and those waiting for a worker to start them; every worker comes online", async () => {
    const { threads, task } = pool(2);
    try {
      expect(threads.size).toBe(2);
      // A thread reports itself online by an event, which cannot arrive before this line runs.
      expect(threads.online).toBe(0);
      const replies = [task(1, 300), task(2, 300), task(3, 10), task(4, 10), task(5, 10)].map((t) => threads.submit(t).reply);
      expect(threads.pending).toBe(5);
      expect(threads.waiting).toBe(3);
      // "online" arrives as an event of its own: wait for it (a pool that never counts a worker online times the test out)
      while (threads.online < 2) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(threads.online).toBe(2);
      expect((await Promise.all(replies)).map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
      expect(threads.pending).toBe(0);
      expect(threads.waiting).toBe(0);
    } finally {
      await threads.close();
    }
  });

  it("run(): a signal aborted before the call starts nothing; an abort while running rejects and the pool goes on", async () => {
    const { threads, ran, task } = pool(1);
    try {
      const before = new AbortController();
      before.abort();
      expect((await failure(threads.run(task(1, 10), { signal: before.signal })))?.name).toBe("AbortError");
      expect(threads.pending).toBe(0);
      const during = new AbortController();
      const running = failure(threads.run(task(2, 60_000), { signal: during.signal }));
      await started(ran, 2);
      during.abort();
      // The listener is gone at once ({ once: true }), and after a reply when the reply settles.
      expect(getEventListeners(during.signal, "abort")).toHaveLength(0);
      expect((await running)?.name).toBe("AbortError");
      const done = new AbortController();
      expect((await threads.run(task(3, 0), { signal: done.signal })).id).toBe(3);
      expect(getEventListeners(done.signal, "abort")).toHaveLength(0);
      done.abort(); // after the reply: nothing to cancel
      expect((await threads.run(task(4, 0))).id).toBe(4);
      expect(Array.from(ran.slice(1, 5))).toEqual([0, 1, 1, 1]);
    } finally {
      await threads.close();
    }
  });

  it("a task still in the queue when its wait runs out fails with a QueueTimeoutError and never runs", async () => {
    const { threads, ran, task } = pool(1);
    try {
      const first = threads.submit(task(1, 500));
      const ahead = threads.submit(task(2, 10));
      const queued = threads.submit(task(3, 10), { maxWaitMs: 50 });
      const error = await failure(queued.reply);
      expect(error).toBeInstanceOf(QueueTimeoutError);
      expect(error?.name).toBe("QueueTimeoutError");
      expect(error?.message).toBe("no worker became free within 50 ms");
      expect([(await first.reply).id, (await ahead.reply).id]).toEqual([1, 2]);
      expect(Array.from(ran.slice(1, 4))).toEqual([1, 1, 0]);
      // a wait that a free worker beats changes nothing
      expect((await threads.submit(task(4, 0), { maxWaitMs: 60_000 }).reply).id).toBe(4);
    } finally {
      await threads.close();
    }
  });

  it("a task that cannot be copied to a thread fails alone", async () => {
    const { threads, task } = pool(1);
    try {
      const bad = threads.submit({ ...task(1, 0), notCloneable: () => 1 } as LaneTask);
      const good = threads.submit(task(2, 0));
      expect((await failure(bad.reply))?.name).toBe("DataCloneError");
      expect((await good.reply).id).toBe(2);
      expect(threads.pending).toBe(0);
    } finally {
      await threads.close();
    }
  });

  it("gives workerData to every worker, a replacement too", async () => {
    const { threads, task } = pool(2, { engine: "js", tag: [1, 2] });
    try {
      const first = await Promise.all([threads.submit(task(1, 50)).reply, threads.submit(task(2, 50)).reply]);
      expect(new Set(first.map((r) => r.thread)).size).toBe(2);
      expect(first.map((r) => r.data)).toEqual([
        { engine: "js", tag: [1, 2] },
        { engine: "js", tag: [1, 2] },
      ]);
      expect((await failure(threads.submit(task(3, -1)).reply))?.message).toBe("the worker running this task stopped: exit code 3");
      const after = await Promise.all([threads.submit(task(4, 50)).reply, threads.submit(task(5, 50)).reply]);
      const fresh = after.find((r) => !first.some((f) => f.thread === r.thread));
      expect(fresh?.data).toEqual({ engine: "js", tag: [1, 2] });
    } finally {
      await threads.close();
    }
  });

  it("close() rejects what waits, twice is once, and a task after it is refused", async () => {
    const { threads, task } = pool(1);
    const running = failure(threads.submit(task(1, 60_000)).reply);
    const queued = [2, 3, 4].map((id) => failure(threads.submit(task(id, 10)).reply));
    await Promise.all([threads.close(), threads.close()]);
    for (const error of await Promise.all([running, ...queued])) expect(error?.message).toBe("closed");
    expect(threads.pending).toBe(0);
    expect((await failure(threads.submit(task(5, 0)).reply))?.message).toBe("the pool is closed");
  });
});
