// The browser's solver pool (pool/browser-pool.ts) on stand-in Web Workers: a
// FakeWorker records what the pool posts and lets the test answer, crash or
// watch it be terminated, so the queue, cancellation, crash handling and
// close() are checked without a browser (tests/browser.test.ts runs the real
// one in Chromium).
import { getEventListeners } from "node:events";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { InputError, InstanceError } from "../bindings/core/errors.js";
import type { Solution } from "../bindings/core/types.js";
import { createSolverPool } from "../bindings/pool/browser-pool.js";
import type { SolveReply } from "../bindings/pool/types.js";
import { errorToWire } from "../bindings/pool/wire-error.js";

class FakeWorker {
  static started: FakeWorker[] = [];
  onmessage?: (event: { data: { id: number; reply: SolveReply } }) => void;
  onerror?: (event: { message: string; preventDefault: () => void }) => void;
  posted: Array<{ id: number; task: { instance: unknown; options: Record<string, unknown> } }> = [];
  terminated = false;

  constructor(
    readonly url: URL | string,
    readonly options: { type?: string },
  ) {
    FakeWorker.started.push(this);
  }

  postMessage(message: { id: number; task: { instance: unknown; options: Record<string, unknown> } }): void {
    this.posted.push(message);
  }

  terminate(): void {
    this.terminated = true;
  }

  /** Answer the last posted task (or task `id`) with `reply`. */
  answer(reply: SolveReply, id = this.posted[this.posted.length - 1].id): void {
    this.onmessage?.({ data: { id, reply } });
  }

  /** The worker fails as a browser reports it; returns whether the pool called preventDefault. */
  crash(message: string): boolean {
    let prevented = false;
    this.onerror?.({ message, preventDefault: () => (prevented = true) });
    return prevented;
  }
}

const live = () => FakeWorker.started.filter((w) => !w.terminated);
const solution = (tag: string) => ({ tag }) as unknown as Solution;
const instance = (tag: string) => ({ tag }) as never;

/** Settles a promise into what it resolved or rejected with, without waiting for it to settle later. */
function outcome<T>(promise: Promise<T>): { value?: T; error?: unknown; settled: boolean } {
  const state: { value?: T; error?: unknown; settled: boolean } = { settled: false };
  promise.then(
    (value) => Object.assign(state, { value, settled: true }),
    (error: unknown) => Object.assign(state, { error, settled: true }),
  );
  return state;
}
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  FakeWorker.started = [];
  vi.stubGlobal("Worker", FakeWorker);
});
afterEach(() => vi.unstubAllGlobals());

describe("workers", () => {
  it("one module worker per core, at most 4, 2 where the browser does not say; or as many as asked", async () => {
    vi.stubGlobal("navigator", { hardwareConcurrency: 8 });
    expect(createSolverPool().workers).toBe(4);
    vi.stubGlobal("navigator", { hardwareConcurrency: 3 });
    expect(createSolverPool().workers).toBe(3);
    vi.stubGlobal("navigator", {});
    expect(createSolverPool().workers).toBe(2);
    vi.stubGlobal("navigator", undefined);
    FakeWorker.started = [];
    const pool = createSolverPool();
    expect(pool.workers).toBe(2);
    expect(FakeWorker.started).toHaveLength(2);
    FakeWorker.started = [];
    expect(createSolverPool({ workers: 5 }).workers).toBe(5);
    expect(FakeWorker.started).toHaveLength(5);
    expect(() => createSolverPool({ workers: 0 })).toThrow(InputError);
  });

  it("loads solver-worker.js beside the module, or workerUrl, as a module worker", () => {
    createSolverPool({ workers: 1 });
    createSolverPool({ workers: 1, workerUrl: "/static/solver.js" });
    const [beside, given] = FakeWorker.started;
    expect(String(beside.url)).toMatch(/\/bindings\/pool\/solver-worker\.js$/);
    expect(beside.options).toEqual({ type: "module" });
    expect(given.url).toBe("/static/solver.js");
    expect(given.options).toEqual({ type: "module" });
  });
});

describe("solving", () => {
  it("posts the instance and the options but the signal, and resolves with the worker's solution", async () => {
    const pool = createSolverPool({ workers: 1 });
    const [worker] = FakeWorker.started;
    const signal = new AbortController().signal;
    const result = outcome(pool.solve(instance("a"), { algorithm: "greedy", timeLimitMs: 50, signal }));
    expect(worker.posted).toEqual([{ id: 0, task: { instance: { tag: "a" }, options: { algorithm: "greedy", timeLimitMs: 50 } } }]);
    expect(pool.pending).toBe(1);
    worker.answer({ ok: true, solution: solution("a") });
    await flush();
    expect(result).toEqual({ value: { tag: "a" }, settled: true });
    expect(pool.pending).toBe(0);
  });

  it("a worker's error arrives as the same class with the same issues", async () => {
    const pool = createSolverPool({ workers: 1 });
    const [worker] = FakeWorker.started;
    const result = outcome(pool.solve(instance("bad")));
    const issues = [{ path: "users.0.dataBits", message: "must be positive" }];
    worker.answer({ ok: false, error: errorToWire(new InstanceError(issues)) });
    await flush();
    expect(result.error).toBeInstanceOf(InstanceError);
    expect((result.error as InstanceError).issues).toEqual(issues);
  });

  it("each worker runs one solve at a time; the next waits for the first free worker", async () => {
    const pool = createSolverPool({ workers: 2 });
    const [w0, w1] = FakeWorker.started;
    const a = outcome(pool.solve(instance("a")));
    const b = outcome(pool.solve(instance("b")));
    const c = outcome(pool.solve(instance("c")));
    expect(w0.posted.map((m) => m.id)).toEqual([0]);
    expect(w1.posted.map((m) => m.id)).toEqual([1]);
    expect(pool.pending).toBe(3);
    w1.answer({ ok: true, solution: solution("b") });
    await flush();
    expect(b.value).toEqual({ tag: "b" });
    expect(w1.posted.map((m) => m.id)).toEqual([1, 2]);
    expect(w0.posted.map((m) => m.id)).toEqual([0]);
    expect(pool.pending).toBe(2);
    w0.answer({ ok: true, solution: solution("a") });
    w1.answer({ ok: true, solution: solution("c") });
    await flush();
    expect([a.value, c.value]).toEqual([{ tag: "a" }, { tag: "c" }]);
    expect(pool.pending).toBe(0);
  });

  it("an answer for another solve than the worker's own is ignored", async () => {
    const pool = createSolverPool({ workers: 1 });
    const [worker] = FakeWorker.started;
    const a = outcome(pool.solve(instance("a")));
    worker.answer({ ok: true, solution: solution("stale") }, 7);
    await flush();
    expect(a.settled).toBe(false);
    expect(pool.pending).toBe(1);
    worker.answer({ ok: true, solution: solution("a") }, 0);
    await flush();
    expect(a.value).toEqual({ tag: "a" });
  });
});

describe("cancellation", () => {
  it("a signal aborted before the call rejects at once and posts nothing", async () => {
    const pool = createSolverPool({ workers: 1 });
    const controller = new AbortController();
    controller.abort();
    const result = outcome(pool.solve(instance("a"), { signal: controller.signal }));
    await flush();
    expect((result.error as DOMException).name).toBe("AbortError");
    expect(FakeWorker.started[0].posted).toEqual([]);
    expect(pool.pending).toBe(0);
  });

  it("a running solve's worker is terminated and replaced; the waiting solve runs on the new one", async () => {
    const pool = createSolverPool({ workers: 1 });
    const [first] = FakeWorker.started;
    const controller = new AbortController();
    const running = outcome(pool.solve(instance("a"), { signal: controller.signal }));
    const waiting = outcome(pool.solve(instance("b")));
    controller.abort();
    await flush();
    expect((running.error as DOMException).name).toBe("AbortError");
    expect((running.error as DOMException).message).toBe("the solve was cancelled");
    expect(first.terminated).toBe(true);
    expect(live()).toHaveLength(1);
    const [fresh] = live();
    expect(fresh.posted.map((m) => m.task.instance)).toEqual([{ tag: "b" }]);
    fresh.answer({ ok: true, solution: solution("b") });
    await flush();
    expect(waiting.value).toEqual({ tag: "b" });
  });

  it("a waiting solve is taken out of the queue and no worker is touched", async () => {
    const pool = createSolverPool({ workers: 1 });
    const [worker] = FakeWorker.started;
    const controller = new AbortController();
    const running = outcome(pool.solve(instance("a")));
    const waiting = outcome(pool.solve(instance("b"), { signal: controller.signal }));
    expect(pool.pending).toBe(2);
    controller.abort();
    await flush();
    expect((waiting.error as DOMException).name).toBe("AbortError");
    expect(pool.pending).toBe(1);
    expect(worker.terminated).toBe(false);
    expect(FakeWorker.started).toHaveLength(1);
    worker.answer({ ok: true, solution: solution("a") });
    await flush();
    expect(running.value).toEqual({ tag: "a" });
    expect(worker.posted.map((m) => m.id)).toEqual([0]);
  });

  it("aborting after the solve ended changes nothing", async () => {
    const pool = createSolverPool({ workers: 1 });
    const [worker] = FakeWorker.started;
    const controller = new AbortController();
    const done = outcome(pool.solve(instance("a"), { signal: controller.signal }));
    worker.answer({ ok: true, solution: solution("a") });
    const next = outcome(pool.solve(instance("b")));
    controller.abort();
    await flush();
    expect(done.value).toEqual({ tag: "a" });
    expect(worker.terminated).toBe(false);
    expect(next.settled).toBe(false);
    expect(worker.posted.map((m) => m.id)).toEqual([0, 1]);
  });
});

describe("a worker that fails", () => {
  it("fails only its own solve, with the browser's message, and is replaced", async () => {
    const pool = createSolverPool({ workers: 2 });
    const [w0, w1] = FakeWorker.started;
    const a = outcome(pool.solve(instance("a")));
    const b = outcome(pool.solve(instance("b")));
    const c = outcome(pool.solve(instance("c")));
    expect(w0.crash("out of memory")).toBe(true);
    await flush();
    expect((a.error as Error).message).toBe("a solver worker failed: out of memory");
    expect(w0.terminated).toBe(true);
    const fresh = FakeWorker.started[2];
    expect(fresh.posted.map((m) => m.task.instance)).toEqual([{ tag: "c" }]);
    w1.answer({ ok: true, solution: solution("b") });
    fresh.answer({ ok: true, solution: solution("c") });
    await flush();
    expect([b.value, c.value]).toEqual([{ tag: "b" }, { tag: "c" }]);
  });

  it("an answer resets the count: failures that are not in a row never give up", async () => {
    const pool = createSolverPool({ workers: 1 });
    for (let round = 0; round < 3; round++) {
      const [worker] = live();
      worker.crash("");
      worker.crash("");
      const [fresh] = live();
      const result = outcome(pool.solve(instance(`r${round}`)));
      fresh.answer({ ok: true, solution: solution(`r${round}`) });
      await flush();
      expect(result.value).toEqual({ tag: `r${round}` });
    }
  });

  it("without workerUrl, a worker that cannot be loaded is named by the script beside the module", async () => {
    const pool = createSolverPool({ workers: 1 });
    const result = outcome(pool.solve(instance("a")));
    live()[0].crash("");
    await flush();
    expect((result.error as Error).message).toMatch(/^a solver worker failed: it could not be loaded from file:\/\/\/.*\/bindings\/pool\/solver-worker\.js$/);
  });

  it("three failures in a row without an answer: the worker cannot be loaded, and every solve fails with its URL", async () => {
    const pool = createSolverPool({ workers: 1, workerUrl: "/nowhere/solver.js" });
    const first = outcome(pool.solve(instance("a")));
    const waiting = outcome(pool.solve(instance("b")));
    live()[0].crash("");
    await flush();
    const reason = "a solver worker failed: it could not be loaded from /nowhere/solver.js";
    expect((first.error as Error).message).toBe(reason);
    expect(waiting.settled).toBe(false);
    expect(live()[0].posted.map((m) => m.task.instance)).toEqual([{ tag: "b" }]);
    live()[0].crash("");
    await flush();
    expect((waiting.error as Error).message).toBe(reason);
    const third = outcome(pool.solve(instance("c")));
    const fourth = outcome(pool.solve(instance("d")));
    const last = live()[0];
    expect(last.posted.map((m) => m.task.instance)).toEqual([{ tag: "c" }]);
    last.crash("");
    await flush();
    expect((third.error as Error).message).toBe(reason);
    expect((fourth.error as Error).message).toBe(reason);
    expect(last.terminated).toBe(true);
    expect(live()).toHaveLength(0);
    expect(FakeWorker.started).toHaveLength(3);
    expect(pool.pending).toBe(0);
    const after = outcome(pool.solve(instance("e")));
    await flush();
    expect((after.error as Error).message).toBe(reason);
  });

  it("a worker that gives up ends the pool, but a solve already running on another worker still finishes", async () => {
    const pool = createSolverPool({ workers: 2 });
    const [w0, w1] = FakeWorker.started;
    const a = outcome(pool.solve(instance("a")));
    const b = outcome(pool.solve(instance("b")));
    const c = outcome(pool.solve(instance("c")));
    w0.crash("boom");
    const w2 = FakeWorker.started[2];
    expect(w2.posted.map((m) => m.task.instance)).toEqual([{ tag: "c" }]);
    w2.crash("boom");
    const w3 = FakeWorker.started[3];
    const d = outcome(pool.solve(instance("d")));
    expect(w3.posted.map((m) => m.task.instance)).toEqual([{ tag: "d" }]);
    w3.crash("boom");
    await flush();
    for (const r of [a, c, d]) expect((r.error as Error).message).toBe("a solver worker failed: boom");
    expect(FakeWorker.started).toHaveLength(4);
    expect(live()).toEqual([w1]);
    w1.answer({ ok: true, solution: solution("b") });
    await flush();
    expect(b.value).toEqual({ tag: "b" });
    const e = outcome(pool.solve(instance("e")));
    await flush();
    expect((e.error as Error).message).toBe("a solver worker failed: boom");
    expect(w1.posted).toHaveLength(1);
  });
});

describe("the signal's listener", () => {
  it("is removed when the solve ends, however it ends", async () => {
    const pool = createSolverPool({ workers: 2 });
    const [w0, w1] = FakeWorker.started;
    const signals = [0, 1, 2, 3].map(() => new AbortController().signal);
    const answered = outcome(pool.solve(instance("a"), { signal: signals[0] }));
    const crashed = outcome(pool.solve(instance("b"), { signal: signals[1] }));
    const closed = outcome(pool.solve(instance("c"), { signal: signals[2] }));
    for (const signal of signals.slice(0, 3)) expect(getEventListeners(signal, "abort")).toHaveLength(1);
    w0.answer({ ok: true, solution: solution("a") });
    w1.crash("boom");
    await flush();
    expect(answered.value).toEqual({ tag: "a" });
    expect((crashed.error as Error).message).toBe("a solver worker failed: boom");
    expect(getEventListeners(signals[0], "abort")).toHaveLength(0);
    expect(getEventListeners(signals[1], "abort")).toHaveLength(0);
    await pool.close();
    await flush();
    expect(closed.settled).toBe(true);
    expect(getEventListeners(signals[2], "abort")).toHaveLength(0);
  });
});

describe("close", () => {
  it("with idle workers: terminates them all", async () => {
    const pool = createSolverPool({ workers: 3 });
    const busy = outcome(pool.solve(instance("a")));
    await pool.close();
    await flush();
    expect((busy.error as Error).message).toBe("the solver pool was closed before this solve finished");
    expect(live()).toEqual([]);
  });

  it("rejects the running and the waiting solves, terminates every worker, and refuses new solves", async () => {
    const pool = createSolverPool({ workers: 1 });
    const [worker] = FakeWorker.started;
    const controller = new AbortController();
    const running = outcome(pool.solve(instance("a"), { signal: controller.signal }));
    const waiting = outcome(pool.solve(instance("b"), { signal: controller.signal }));
    await pool.close();
    await flush();
    for (const r of [running, waiting]) expect((r.error as Error).message).toBe("the solver pool was closed before this solve finished");
    expect(worker.terminated).toBe(true);
    expect(pool.pending).toBe(0);
    controller.abort(); // after close: nothing is restarted
    expect(FakeWorker.started).toHaveLength(1);
    const after = outcome(pool.solve(instance("c")));
    await flush();
    expect((after.error as Error).message).toBe("the solver pool is closed");
  });
});
