// ThreadPool at the moments where two events meet: a task withdrawn, moved, cancelled or settled
// while its worker answers, dies, or fails to load. Real worker threads: the lane worker (a task
// sleeps, dies or counts itself) and, for a skip the pool did not ask for, scripted-lane-worker.ts.
import { describe, expect, it, vi } from "vitest";
import { failure, lanePool as pool, scriptedPool, started } from "./helpers/lane-pool.js";
import type { LaneTask } from "./helpers/lane-worker.js";

// A mutant that leaves a task unanswered fails its test here within 3 s (each takes under 1 s on
// a loaded machine) instead of running into StrykerJS's time-out, which restarts its test runner.
vi.setConfig({ testTimeout: 3_000 });

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Blocks this thread (no event is read meanwhile) until task `id` has started on some worker. */
function blockUntilStarted(ran: Int32Array, id: number): void {
  const deadline = Date.now() + 2_000;
  while (Atomics.load(ran, id) === 0) {
    if (Date.now() > deadline) throw new Error(`task ${id} never started`);
    Atomics.wait(pause, 0, 0, 1);
  }
}

/** Cancels a submitted task, its rejection handled first (cancel rejects it at once). */
function cancel(submitted: { reply: Promise<unknown>; cancel: () => void }): void {
  void failure(submitted.reply);
  submitted.cancel();
}

/** Workers that throw while loading: the first `failFirst` of the pool's. */
const failingLoads = (failFirst: number) => ({ loads: new Int32Array(new SharedArrayBuffer(4)), failFirst });

describe("ThreadPool when a worker fails to load", () => {
  it("a worker that fails with no task is replaced, and the replacement serves", async () => {
    const data = failingLoads(1);
    const { threads, task } = pool(1, data);
    try {
      // Both loads done: the first failed, the second is the replacement.
      while (Atomics.load(data.loads, 0) < 2) await new Promise((resolve) => setTimeout(resolve, 10));
      expect((await threads.submit(task(1, 0)).reply).id).toBe(1);
      expect(threads.pending).toBe(0);
    } finally {
      await threads.close();
    }
  });

  it("a worker that failed while the pool closes is not replaced", async () => {
    const data = failingLoads(1);
    const { threads } = pool(1, data);
    // Blocked until the worker has thrown: its error waits unread while the pool closes.
    const deadline = Date.now() + 2_000;
    while (Atomics.load(data.loads, 0) === 0 && Date.now() < deadline) Atomics.wait(pause, 0, 0, 1);
    Atomics.wait(pause, 0, 0, 20);
    await threads.close();
    // A replacement would load (and count itself) within this time.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(Atomics.load(data.loads, 0)).toBe(1);
  });

  it("fails the first task it held that is still wanted; a task cancelled before is not it", async () => {
    const { threads, ran, task } = pool(1, failingLoads(1));
    try {
      const cancelled = threads.submit(task(1, 0));
      const held = threads.submit(task(2, 0));
      cancel(cancelled);
      expect((await failure(cancelled.reply))?.name).toBe("AbortError");
      expect((await failure(held.reply))?.message).toBe("the worker running this task stopped: lane worker failed to load");
      expect((await threads.submit(task(3, 0)).reply).id).toBe(3);
      expect(Array.from(ran.slice(1, 4))).toEqual([0, 0, 1]);
      expect(threads.pending).toBe(0);
    } finally {
      await threads.close();
    }
  });
});

describe("ThreadPool posts one task ahead, no more", () => {
  it("posts a task ahead at once: one that cannot be copied fails while the first still runs", async () => {
    const { threads, task } = pool(1);
    try {
      const first = threads.submit(task(1, 50));
      const bad = threads.submit({ ...task(2, 0), notCloneable: () => 1 } as LaneTask);
      // Posting it threw already: only the first is pending.
      expect(threads.pending).toBe(1);
      expect((await failure(bad.reply))?.name).toBe("DataCloneError");
      expect((await first.reply).id).toBe(1);
    } finally {
      await threads.close();
    }
  });

  it("a third task waits in the queue: cancelling two behind a running task starts neither", async () => {
    const { threads, ran, task } = pool(1);
    try {
      const first = threads.submit(task(1, 300));
      const ahead = threads.submit(task(2, 10));
      const queued = threads.submit(task(3, 10));
      await started(ran, 1);
      // The worker holds one skip flag: a third task posted behind a withdrawn one would overwrite it.
      cancel(ahead);
      cancel(queued);
      expect((await failure(ahead.reply))?.name).toBe("AbortError");
      expect((await failure(queued.reply))?.name).toBe("AbortError");
      expect(threads.pending).toBe(1);
      expect((await threads.submit(task(4, 10)).reply).id).toBe(4);
      expect((await first.reply).id).toBe(1);
      expect(Array.from(ran.slice(1, 5))).toEqual([1, 0, 0, 1]);
    } finally {
      await threads.close();
    }
  });

  it("a running task's wait limit passing changes nothing, and keeps the skip of the task behind it", async () => {
    const { threads, ran, task } = pool(1);
    try {
      // The worker is up (a wait limit passing before it starts the task would rightly expire it).
      expect((await threads.submit(task(5, 0)).reply).id).toBe(5);
      const first = threads.submit(task(1, 500), { maxWaitMs: 200 });
      const ahead = threads.submit(task(2, 10));
      await started(ran, 1);
      cancel(ahead);
      expect((await first.reply).id).toBe(1);
      expect((await threads.submit(task(3, 0)).reply).id).toBe(3);
      expect(Array.from(ran.slice(1, 4))).toEqual([1, 0, 1]);
      expect((await failure(ahead.reply))?.name).toBe("AbortError");
    } finally {
      await threads.close();
    }
  });
});

describe("ThreadPool posts no third task to a worker", () => {
  it("before its worker starts: a third task stays queued, so cancelling it and the first runs the second alone", async () => {
    const { threads, ran, task } = pool(1);
    try {
      // The worker thread is still starting. A third task posted to it would share the first's flag.
      const first = threads.submit(task(1, 0));
      const second = threads.submit(task(2, 0));
      const third = threads.submit(task(3, 0));
      cancel(third);
      cancel(first);
      expect((await second.reply).id).toBe(2);
      expect((await threads.submit(task(4, 0)).reply).id).toBe(4);
      expect(Array.from(ran.slice(1, 5))).toEqual([0, 1, 0, 1]);
    } finally {
      await threads.close();
    }
  });

  it("a task queued behind two held ones goes to the worker that frees up, not behind a long task", async () => {
    const { threads, ran, task } = pool(2);
    try {
      const long = threads.submit(task(1, 2_000));
      const short = threads.submit(task(2, 10));
      const aheadOfLong = threads.submit(task(3, 10));
      const aheadOfShort = threads.submit(task(4, 10));
      const queued = threads.submit(task(5, 10));
      const [s, a, q] = await Promise.all([short.reply, aheadOfLong.reply, queued.reply, aheadOfShort.reply]);
      // Both ran on the short task's worker while the long one was held (started, or on a loaded
      // machine its thread still starting: it starts it within the test).
      expect([a.thread, q.thread]).toEqual([s.thread, s.thread]);
      await started(ran, 1);
      expect(Array.from(ran.slice(1, 6))).toEqual([1, 1, 1, 1, 1]);
      cancel(long);
    } finally {
      await threads.close();
    }
  });
});

describe("ThreadPool when a worker throws with a reply unread", () => {
  it("fails the task it ran, not the one whose reply is still on its way", async () => {
    const { threads, ran, task } = pool(1);
    try {
      await threads.submit(task(3, 0)).reply;
      const answered = threads.submit(task(1, 0));
      const throwing = threads.submit(task(2, -2));
      // Task 1's reply and the worker's error both wait unread.
      blockUntilStarted(ran, 2);
      Atomics.wait(pause, 0, 0, 50);
      expect((await failure(throwing.reply))?.message).toBe("the worker running this task stopped: lane task threw");
      expect((await answered.reply).id).toBe(1);
    } finally {
      await threads.close();
    }
  });
});

describe("ThreadPool withdraws both tasks a worker holds", () => {
  it("before its worker starts either, neither runs", async () => {
    const { threads, ran, task } = pool(1);
    try {
      // The worker thread is still starting: nothing posted has started.
      const first = threads.submit(task(1, 0));
      const ahead = threads.submit(task(2, 0));
      cancel(ahead);
      cancel(first);
      expect((await threads.submit(task(3, 0)).reply).id).toBe(3);
      expect(Array.from(ran.slice(1, 4))).toEqual([0, 0, 1]);
      expect((await failure(first.reply))?.name).toBe("AbortError");
      expect((await failure(ahead.reply))?.name).toBe("AbortError");
    } finally {
      await threads.close();
    }
  });

  it("a task that cannot be copied leaves the numbers of the two held tasks apart", async () => {
    const { threads, ran, task } = pool(1);
    try {
      const first = threads.submit(task(1, 0));
      const bad = threads.submit({ ...task(2, 0), notCloneable: () => 1 } as LaneTask);
      const ahead = threads.submit(task(3, 0));
      cancel(ahead);
      cancel(first);
      expect((await failure(bad.reply))?.name).toBe("DataCloneError");
      expect((await threads.submit(task(4, 0)).reply).id).toBe(4);
      expect(Array.from(ran.slice(1, 5))).toEqual([0, 0, 0, 1]);
    } finally {
      await threads.close();
    }
  });
});

describe("ThreadPool moves a task posted ahead to an idle worker", () => {
  it("the moved task runs once: its first worker's skip of it does not queue it again", async () => {
    const { threads, ran, task } = pool(2);
    try {
      const long = threads.submit(task(1, 300));
      const short = threads.submit(task(2, 10));
      const moved = threads.submit(task(3, 600)); // posted ahead behind the long task, then moved
      const behindShort = threads.submit(task(4, 10));
      const [l, s, m] = await Promise.all([long.reply, short.reply, moved.reply, behindShort.reply]);
      expect(m.thread).toBe(s.thread);
      expect(l.thread).not.toBe(s.thread);
      expect(Array.from(ran.slice(1, 5))).toEqual([1, 1, 1, 1]);
      expect(threads.pending).toBe(0);
    } finally {
      await threads.close();
    }
  });

  it("cancelling the task running where a moved task was posted does not run the moved one again", async () => {
    const { threads, ran, task } = pool(2);
    try {
      const long = threads.submit(task(1, 60_000));
      const short = threads.submit(task(2, 10));
      const moved = threads.submit(task(3, 300));
      const behindShort = threads.submit(task(4, 10));
      await started(ran, 1);
      await started(ran, 3);
      cancel(long);
      expect((await failure(long.reply))?.name).toBe("AbortError");
      const [s, m] = await Promise.all([short.reply, moved.reply, behindShort.reply]);
      expect(m.thread).toBe(s.thread);
      expect(Array.from(ran.slice(1, 5))).toEqual([1, 1, 1, 1]);
    } finally {
      await threads.close();
    }
  });
});

describe("ThreadPool when an answer is on its way", () => {
  it("a cancel after the reply is a no-op: the worker is kept", async () => {
    const { threads, task } = pool(1);
    try {
      const done = threads.submit(task(1, 0));
      const first = await done.reply;
      cancel(done);
      expect(threads.pending).toBe(0);
      expect((await threads.submit(task(2, 0)).reply).thread).toBe(first.thread);
    } finally {
      await threads.close();
    }
  });

  it("cancelling a task whose reply is unread while the next runs rejects it and leaves the next alone", async () => {
    const { threads, ran, task } = pool(1);
    try {
      const finished = threads.submit(task(1, 0));
      const next = threads.submit(task(2, 300));
      // Task 1 is done and task 2 started; this thread has not read task 1's reply.
      blockUntilStarted(ran, 2);
      cancel(finished);
      expect((await failure(finished.reply))?.name).toBe("AbortError");
      expect((await next.reply).id).toBe(2);
      expect(Array.from(ran.slice(1, 3))).toEqual([1, 1]);
    } finally {
      await threads.close();
    }
  });

  it("close() with a reply unread rejects the task and ignores the late reply", async () => {
    const { threads, ran, task } = pool(1);
    const done = failure(threads.submit(task(1, 0)).reply);
    const behind = failure(threads.submit(task(2, 20)).reply);
    blockUntilStarted(ran, 2);
    await threads.close();
    expect((await done)?.message).toBe("closed");
    expect((await behind)?.message).toBe("closed");
    expect(threads.pending).toBe(0);
  });
});

describe("ThreadPool when a worker skips a task it was not asked to skip", () => {
  it("puts the task back and runs it", async () => {
    const { threads, ran, once, task, close } = scriptedPool(1);
    try {
      const first = threads.submit(task(1, "skip-once"));
      const second = threads.submit(task(2, "answer"));
      const [a, b] = await Promise.all([first.reply, second.reply]);
      expect([a.id, b.id]).toEqual([1, 2]);
      expect(Array.from(ran.slice(1, 3))).toEqual([1, 1]);
      expect(Array.from(once.slice(1, 3))).toEqual([1, 0]);
      expect(threads.pending).toBe(0);
    } finally {
      await close();
    }
  });
});
