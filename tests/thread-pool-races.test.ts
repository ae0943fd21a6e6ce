// ThreadPool where two threads' events meet in an order real workers leave to chance, fixed here:
// scripted-lane-worker.ts plays a reply still on its way, or a worker that dies having started
// nothing; and a withdrawal that finds its task starting between its two reads is played by
// holding the pool's thread (at the moment it raises the skip flag) until the lane worker starts it.
import { afterEach, describe, expect, it, vi } from "vitest";
import { failure, lanePool, openGate, scriptedPool, started } from "./helpers/lane-pool.js";

// A mutant that leaves a task unanswered fails its test here within 3 s (each takes under 1 s on
// a loaded machine) instead of running into StrykerJS's time-out, which restarts its test runner.
vi.setConfig({ testTimeout: 3_000 });

afterEach(() => {
  vi.restoreAllMocks();
});

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Cancels a submitted task, its rejection handled first (cancel rejects it at once). */
function cancel(submitted: { reply: Promise<unknown>; cancel: () => void }): void {
  void failure(submitted.reply);
  submitted.cancel();
}

describe("ThreadPool when a worker fails", () => {
  it("with the reply of the task before unread, fails the task it ran; the other runs again", async () => {
    const { threads, ran, task, close } = scriptedPool(1);
    try {
      // The worker starts task 1 and sends nothing (its reply still on its way), then task 2 throws.
      const unanswered = threads.submit(task(1, "mute-once"));
      const throwing = threads.submit(task(2, "throw"));
      expect((await failure(throwing.reply))?.message).toBe("the worker running this task stopped: scripted task threw");
      expect((await unanswered.reply).id).toBe(1);
      expect(Array.from(ran.slice(1, 3))).toEqual([2, 1]);
      expect(threads.pending).toBe(0);
    } finally {
      await close();
    }
  });

  it("having started nothing, holding a cancelled task and one moved away, fails neither the moved one", async () => {
    const { threads, ran, gates, task, close } = scriptedPool(2);
    try {
      // Worker 0 holds a stalled task and the moved one posted ahead; worker 1 answers task 2, is
      // left with nothing, and takes the moved task, which runs until its gate opens.
      const stalled = threads.submit(task(1, "stall-then-exit"));
      const quick = threads.submit(task(2, "answer"));
      const moved = threads.submit(task(3, "answer-when-opened"));
      expect((await quick.reply).id).toBe(2);
      await started(ran, 3);
      cancel(stalled);
      expect((await failure(stalled.reply))?.name).toBe("AbortError");
      // Worker 0 exits. Task 4 can only run on its replacement (worker 1 is held by task 3), so its
      // reply comes after the pool handled the exit.
      openGate(gates, 1);
      expect((await threads.submit(task(4, "answer")).reply).id).toBe(4);
      openGate(gates, 3);
      const reply = await moved.reply;
      expect(reply.id).toBe(3);
      expect(Array.from(ran.slice(1, 5))).toEqual([0, 1, 1, 1]);
      expect(threads.pending).toBe(0);
    } finally {
      await close();
    }
  });
});

describe("ThreadPool when a withdrawal finds its task starting", () => {
  it("a cancel whose task starts between the pool's two reads stops its worker", async () => {
    const { threads, ran, task } = lanePool(1);
    try {
      const first = threads.submit(task(1, 50));
      const ahead = threads.submit(task(2, 60_000));
      await started(ran, 1);
      // When the pool raises task 2's skip flag, it has read the worker's position once, before
      // task 2 started; this holds it there until the worker (not seeing the flag yet) starts it.
      const store = Atomics.store;
      vi.spyOn(Atomics, "store").mockImplementation(((array: Int32Array, index: number, value: number) => {
        if (array.length === 3 && index !== 0) {
          const deadline = Date.now() + 2_000;
          while (Atomics.load(ran, 2) === 0 && Date.now() < deadline) Atomics.wait(pause, 0, 0, 1);
        }
        return store(array, index, value);
      }) as typeof Atomics.store);
      cancel(ahead);
      vi.restoreAllMocks();
      expect(Atomics.load(ran, 2)).toBe(1);
      // Its worker was replaced at once: the fresh one is not online yet.
      expect(threads.online).toBe(0);
      expect((await failure(ahead.reply))?.name).toBe("AbortError");
      // The next task runs now, not after task 2's minute. Task 1's reply
      // was unread when its worker was stopped, so task 1 ran again on the replacement.
      expect((await threads.submit(task(3, 0)).reply).id).toBe(3);
      expect((await first.reply).id).toBe(1);
      expect(Array.from(ran.slice(1, 4))).toEqual([2, 1, 1]);
      expect(threads.pending).toBe(0);
    } finally {
      await threads.close();
    }
  });
});
