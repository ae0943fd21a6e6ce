// The browser's solver pool (pool/browser-pool.ts) on real Web Workers in Node: the global
// `Worker` is the `web-worker` package's, which runs each module worker on a worker thread with
// the browser's `self.onmessage` / `postMessage`. The solver worker (solver-worker.ts, bundled
// by source-worker.ts as the page build would) does real solves; the queue, cancellation, crash
// handling and close() are driven by tests/helpers/scripted-web-worker.ts, a real worker script
// that answers, holds or crashes as each task says. tests/browser.test.ts runs the pool in Chromium.
import { getEventListeners } from "node:events";
import threads from "node:worker_threads";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { solve } from "../bindings/algorithms/solve.js";
import { InputError, InstanceError } from "../bindings/core/errors.js";
import type { Algorithm, Instance, Solution } from "../bindings/core/types.js";
import { createSolverPool } from "../bindings/pool/browser-pool.js";
import { workerScriptUrl } from "../bindings/pool/source-worker.js";
import type { SolverPool } from "../bindings/pool/types.js";
import { generateInstance } from "../bindings/scenarios/generate.js";
import type { Echo, Script } from "./helpers/scripted-web-worker.js";

// web-worker 1.5.0 tells its own worker threads by `workerData.mod`, destructuring workerData
// without a default, so importing it in a thread started without workerData throws (web-worker
// issue #57, fix not released). StrykerJS runs the tests on vitest's threads pool, such a thread.
if (!threads.isMainThread && threads.workerData == null) (threads as { workerData: unknown }).workerData = {};
const { default: WebWorker } = await import("web-worker");

// A mutant that leaves a solve pending fails its test here within 3 s instead of running into
// StrykerJS's time-out (5 s plus twice the tests' own time), which also restarts its test runner.
// Measured niced beside a StrykerJS run (load 10 to 11), its hooks included: every test under
// 1.6 s but the one that starts seven workers one after the other (2.0 s), which has its own limit.
vi.setConfig({ testTimeout: 3_000, hookTimeout: 3_000 });

/** The real solver worker script, bundled from its sources (what the page build emits). */
const SOLVER = workerScriptUrl(import.meta.url, "../bindings/pool/solver-worker");
const SCRIPTED = workerScriptUrl(import.meta.url, "helpers/scripted-web-worker");
const FAILING = workerScriptUrl(import.meta.url, "helpers/failing-web-worker");
/** Where the pool looks by default: solver-worker.js beside browser-pool.ts, which only a build emits. */
const BESIDE = new URL("../bindings/pool/solver-worker.js", import.meta.url).href;
/** More workers than any test starts: a pool that starts workers without end fails at once. */
const MAX_STARTED = 32;

/** web-worker hands the page the worker's Error itself; a browser hands an ErrorEvent. */
class WorkerErrorEvent {
  readonly type = "error";
  readonly message: string;
  defaultPrevented = false;
  constructor(readonly error: Error) {
    this.message = error.message;
  }
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

/**
 * A real web-worker Worker that serves the URL beside the pool module (as a page's server
 * would serve the built file) and keeps what the page can see: the URL and options it was
 * started with, its error events, and when its thread ended.
 */
class PageWorker extends (WebWorker as unknown as typeof Worker) {
  static started: PageWorker[] = [];
  /** The script served at the URL beside browser-pool.ts. */
  static besideServes: URL = SOLVER;
  static waiters: Array<{ count: number; resolve: () => void }> = [];
  readonly errors: WorkerErrorEvent[] = [];
  readonly ended: Promise<void>;

  constructor(
    readonly url: URL | string,
    readonly options?: WorkerOptions,
  ) {
    if (PageWorker.started.length >= MAX_STARTED) throw new Error(`more than ${MAX_STARTED} workers started`);
    super(String(url) === BESIDE ? PageWorker.besideServes : url, options);
    PageWorker.started.push(this);
    for (const waiter of PageWorker.waiters.splice(0)) {
      if (PageWorker.started.length >= waiter.count) waiter.resolve();
      else PageWorker.waiters.push(waiter);
    }
    this.ended = new Promise((resolve) => this.addEventListener("close", () => resolve()));
  }

  dispatchEvent(event: Event): boolean {
    if (event instanceof Error) {
      const errorEvent = new WorkerErrorEvent(event);
      this.errors.push(errorEvent);
      return super.dispatchEvent(errorEvent as unknown as Event);
    }
    return super.dispatchEvent(event);
  }
}

const started = () => PageWorker.started;
/** Resolves once `count` workers have been started. */
function startedCount(count: number): Promise<void> {
  if (PageWorker.started.length >= count) return Promise.resolve();
  return new Promise((resolve) => PageWorker.waiters.push({ count, resolve }));
}
/** The thread a worker object runs on (web-worker keeps its worker_threads Worker under this symbol). */
const threadOf = (worker: PageWorker) => (worker as unknown as Record<symbol, { threadId: number }>)[Symbol.for("worker")].threadId;

const holds: Int32Array[] = [];
/** A hold for a scripted task: [0] counts starts, [1] releases, [2] is the holding thread. */
function hold(): Int32Array {
  const h = new Int32Array(new SharedArrayBuffer(12));
  holds.push(h);
  return h;
}
/** Atomics.waitAsync (ES2024; Node has it, the project's lib is ES2022). */
const waitAsync = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number): { value: Promise<string> | string } }).waitAsync;
/** Resolves once a worker holds on `h`. */
async function holding(h: Int32Array): Promise<void> {
  while (Atomics.load(h, 0) === 0) await waitAsync(h, 0, 0).value;
}
function release(h: Int32Array): void {
  Atomics.store(h, 1, 1);
  Atomics.notify(h, 1);
}

const script = (s: Script) => s as unknown as Instance;
const echo = (solution: Promise<Solution>) => solution as unknown as Promise<Echo>;
/** What a promise rejected with (fails the test if it resolved). */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error("expected the solve to fail");
    },
    (error: Error) => error,
  );
}
/** Follows a promise from now on: `settled` turns true in the microtask after it settles. */
function track(promise: Promise<unknown>): { settled: boolean } {
  const state = { settled: false };
  promise.then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  return state;
}

const pools: SolverPool[] = [];
function pool(options: Parameters<typeof createSolverPool>[0] = {}): SolverPool {
  const p = createSolverPool(options);
  pools.push(p);
  return p;
}

beforeEach(() => {
  PageWorker.started = [];
  PageWorker.waiters = [];
  PageWorker.besideServes = SOLVER;
  vi.stubGlobal("Worker", PageWorker);
});
afterEach(async () => {
  for (const h of holds.splice(0)) release(h);
  await Promise.allSettled(pools.splice(0).map((p) => p.close()));
  for (const worker of PageWorker.started) worker.terminate();
  await Promise.all(PageWorker.started.map((w) => w.ended));
  vi.unstubAllGlobals();
});

/** Solutions compare equal except for how long the solver took. */
function withoutTimes(solution: Solution): Solution {
  const stats = { ...solution.stats };
  delete (stats as Record<string, unknown>).timeMs;
  delete stats.lpBoundMs;
  return { ...solution, stats };
}

describe("workers", () => {
  it("one module worker per core, at most 4, 2 where the browser does not say; or as many as asked", () => {
    vi.stubGlobal("navigator", { hardwareConcurrency: 8 });
    expect(pool().workers).toBe(4);
    expect(started()).toHaveLength(4);
    vi.stubGlobal("navigator", { hardwareConcurrency: 3 });
    expect(pool().workers).toBe(3);
    vi.stubGlobal("navigator", {});
    expect(pool().workers).toBe(2);
    vi.stubGlobal("navigator", undefined);
    PageWorker.started.splice(0).forEach((w) => w.terminate());
    expect(pool().workers).toBe(2);
    expect(started()).toHaveLength(2);
    expect(pool({ workers: 5 }).workers).toBe(5);
    expect(started()).toHaveLength(7);
    expect(() => pool({ workers: 0 })).toThrow(InputError);
  });

  it("loads solver-worker.js beside the module as a module worker, and solves there as solve() does", async () => {
    const p = pool({ workers: 1 });
    const [worker] = started();
    expect(String(worker.url)).toBe(BESIDE);
    expect(worker.options).toEqual({ type: "module" });
    const instance = generateInstance({ users: 12, seed: 4 });
    const pooled = await p.solve(instance, { algorithm: "greedy" });
    expect(withoutTimes(pooled)).toEqual(withoutTimes(await solve(instance, { algorithm: "greedy" })));
  });

  it("or loads workerUrl, as a module worker", async () => {
    const p = pool({ workers: 1, workerUrl: SCRIPTED });
    const [worker] = started();
    expect(worker.url).toBe(SCRIPTED);
    expect(worker.options).toEqual({ type: "module" });
    expect((await echo(p.solve(script({ tag: "a" })))).tag).toBe("a");
  });
});

describe("solving", () => {
  it("posts the instance and the options but the signal, and resolves with the worker's solution", async () => {
    const p = pool({ workers: 1, workerUrl: SCRIPTED });
    const signal = new AbortController().signal;
    const result = echo(p.solve(script({ tag: "a" }), { algorithm: "greedy", timeLimitMs: 50, signal }));
    expect(p.pending).toBe(1);
    expect(await result).toEqual({ tag: "a", id: 0, options: { algorithm: "greedy", timeLimitMs: 50 }, thread: threadOf(started()[0]), received: 1 });
    expect(p.pending).toBe(0);
    expect(await echo(p.solve(script({ tag: "b" })))).toMatchObject({ tag: "b", id: 1, received: 2 });
  });

  it("a worker's error arrives as the same class with the same issues", async () => {
    const p = pool({ workers: 1, workerUrl: SOLVER });
    const bad = generateInstance({ users: 5, seed: 1 });
    (bad.users[3] as { deadlineS: number }).deadlineS = -0.1;
    const direct = await rejection(solve(bad));
    const pooled = await rejection(p.solve(bad));
    expect(pooled).toBeInstanceOf(InstanceError);
    expect((pooled as InstanceError).issues).toEqual((direct as InstanceError).issues);
    expect((pooled as InstanceError).issues).toContainEqual({ path: "users[3].deadlineS", message: "must be a positive number, got -0.1" });
    const option = await rejection(p.solve(generateInstance({ users: 5 }), { algorithm: "fastest" as Algorithm }));
    expect(option).toBeInstanceOf(InputError);
    expect((option as InputError).issues[0].path).toBe("algorithm");
  });

  it("each worker runs one solve at a time; the next waits for the first free worker", async () => {
    const p = pool({ workers: 2, workerUrl: SCRIPTED });
    const [holdA, holdB] = [hold(), hold()];
    const a = echo(p.solve(script({ tag: "a", hold: holdA })));
    const b = echo(p.solve(script({ tag: "b", hold: holdB })));
    const c = echo(p.solve(script({ tag: "c" })));
    const aState = track(a);
    await Promise.all([holding(holdA), holding(holdB)]);
    expect(p.pending).toBe(3);
    expect([Atomics.load(holdA, 2), Atomics.load(holdB, 2)]).toEqual(started().map(threadOf));
    release(holdB);
    expect(await b).toMatchObject({ tag: "b", thread: Atomics.load(holdB, 2), received: 1 });
    expect(await c).toMatchObject({ tag: "c", thread: Atomics.load(holdB, 2), received: 2 });
    expect(aState.settled).toBe(false);
    expect(p.pending).toBe(1);
    release(holdA);
    expect(await a).toMatchObject({ tag: "a", thread: Atomics.load(holdA, 2), received: 1 });
    expect(p.pending).toBe(0);
    expect(started()).toHaveLength(2);
  });

  it("an answer for another solve than the worker's own is ignored", async () => {
    const p = pool({ workers: 1, workerUrl: SCRIPTED });
    expect(await echo(p.solve(script({ tag: "a", staleFirst: true })))).toMatchObject({ tag: "a", id: 0 });
    expect(await echo(p.solve(script({ tag: "b" })))).toMatchObject({ tag: "b", id: 1 });
  });
});

describe("cancellation", () => {
  it("a signal aborted before the call rejects at once and posts nothing", async () => {
    const p = pool({ workers: 1, workerUrl: SCRIPTED });
    const controller = new AbortController();
    controller.abort();
    const error = await rejection(p.solve(script({ tag: "a" }), { signal: controller.signal }));
    expect((error as unknown as DOMException).name).toBe("AbortError");
    expect(p.pending).toBe(0);
    expect(await echo(p.solve(script({ tag: "b" })))).toMatchObject({ tag: "b", id: 0, received: 1 });
  });

  it("a running solve's worker is terminated and replaced; the waiting solve runs on the new one", async () => {
    const p = pool({ workers: 1, workerUrl: SCRIPTED });
    const controller = new AbortController();
    const holdA = hold();
    const running = p.solve(script({ tag: "a", hold: holdA }), { signal: controller.signal });
    const waiting = echo(p.solve(script({ tag: "b" })));
    await holding(holdA);
    controller.abort();
    const error = (await rejection(running)) as unknown as DOMException;
    expect(error.name).toBe("AbortError");
    expect(error.message).toBe("the solve was cancelled");
    const [first, fresh] = started();
    await first.ended;
    expect(started()).toHaveLength(2);
    expect(await waiting).toMatchObject({ tag: "b", thread: threadOf(fresh), received: 1 });
    expect(threadOf(fresh)).not.toBe(Atomics.load(holdA, 2));
  });

  it("a waiting solve is taken out of the queue and no worker is touched", async () => {
    const p = pool({ workers: 1, workerUrl: SCRIPTED });
    const controller = new AbortController();
    const holdA = hold();
    const running = echo(p.solve(script({ tag: "a", hold: holdA })));
    const waiting = p.solve(script({ tag: "b" }), { signal: controller.signal });
    await holding(holdA);
    expect(p.pending).toBe(2);
    controller.abort();
    expect(((await rejection(waiting)) as unknown as DOMException).name).toBe("AbortError");
    expect(p.pending).toBe(1);
    expect(started()).toHaveLength(1);
    release(holdA);
    expect(await running).toMatchObject({ tag: "a", received: 1 });
    // The same worker goes on, and b never reached it.
    expect(await echo(p.solve(script({ tag: "c" })))).toMatchObject({ tag: "c", thread: Atomics.load(holdA, 2), received: 2 });
    expect(started()).toHaveLength(1);
  });

  it("aborting after the solve ended changes nothing", async () => {
    const p = pool({ workers: 1, workerUrl: SCRIPTED });
    const controller = new AbortController();
    const done = await echo(p.solve(script({ tag: "a" }), { signal: controller.signal }));
    const holdB = hold();
    const next = echo(p.solve(script({ tag: "b", hold: holdB })));
    await holding(holdB);
    controller.abort();
    release(holdB);
    expect(await next).toMatchObject({ tag: "b", thread: done.thread, received: 2 });
    expect(started()).toHaveLength(1);
  });
});

describe("a worker that fails", () => {
  it("fails only its own solve, with the worker's message, and is replaced", async () => {
    const p = pool({ workers: 2, workerUrl: SCRIPTED });
    const holdB = hold();
    const a = p.solve(script({ tag: "a", crash: "out of memory" }));
    const b = echo(p.solve(script({ tag: "b", hold: holdB })));
    const c = echo(p.solve(script({ tag: "c" })));
    expect((await rejection(a)).message).toBe("a solver worker failed: out of memory");
    const [w0, , fresh] = started();
    expect(w0.errors.map((e) => e.defaultPrevented)).toEqual([true]);
    await w0.ended;
    expect(await c).toMatchObject({ tag: "c", thread: threadOf(fresh), received: 1 });
    release(holdB);
    expect(await b).toMatchObject({ tag: "b", received: 1 });
    expect(started()).toHaveLength(3);
  });

  it("an answer resets the count: failures that are not in a row never give up", async () => {
    const p = pool({ workers: 1, workerUrl: SCRIPTED });
    for (let round = 0; round < 3; round++) {
      for (const crash of ["first", "second"])
        expect((await rejection(p.solve(script({ tag: crash, crash })))).message).toBe(`a solver worker failed: ${crash}`);
      expect(await echo(p.solve(script({ tag: `r${round}` })))).toMatchObject({ tag: `r${round}` });
    }
    expect(started()).toHaveLength(7);
  }, 6_000);

  it("without workerUrl, an error without a message (a script that cannot load) is named by the script beside the module", async () => {
    PageWorker.besideServes = SCRIPTED;
    const p = pool({ workers: 1 });
    const error = await rejection(p.solve(script({ tag: "a", crash: "" })));
    expect(error.message).toBe(`a solver worker failed: it could not be loaded from ${BESIDE}`);
  });

  it("three failures in a row without an answer: the worker cannot be loaded, and every solve fails with its URL", async () => {
    const p = pool({ workers: 1, workerUrl: SCRIPTED });
    const first = p.solve(script({ tag: "a", crash: "" }));
    const waiting = p.solve(script({ tag: "b", crash: "" }));
    const waitingState = track(waiting);
    const reason = `a solver worker failed: it could not be loaded from ${SCRIPTED}`;
    expect((await rejection(first)).message).toBe(reason);
    // The next crash comes from a fresh thread, in a later event: the first failure took only its own solve.
    expect(waitingState.settled).toBe(false);
    expect((await rejection(waiting)).message).toBe(reason);
    const third = rejection(p.solve(script({ tag: "c", crash: "" })));
    const fourth = rejection(p.solve(script({ tag: "d" })));
    expect((await third).message).toBe(reason);
    expect((await fourth).message).toBe(reason);
    expect(started()).toHaveLength(3);
    await Promise.all(started().map((w) => w.ended));
    expect(p.pending).toBe(0);
    expect((await rejection(p.solve(script({ tag: "e" })))).message).toBe(reason);
    expect(started()).toHaveLength(3);
  });

  it("a worker that fails before any solve is replaced too; failing three times running, it ends the pool", async () => {
    const p = pool({ workers: 1, workerUrl: FAILING });
    const reason = `a solver worker failed: it could not be loaded from ${FAILING}`;
    // Posted to the first worker, which fails before it reads it; the two after it fail idle.
    expect((await rejection(p.solve(script({ tag: "a" })))).message).toBe(reason);
    await startedCount(3);
    await started()[2].ended;
    expect(p.pending).toBe(0);
    expect((await rejection(p.solve(script({ tag: "b" })))).message).toBe(reason);
    expect(started()).toHaveLength(3);
  });

  it("a worker that gives up ends the pool, but a solve already running on another worker still finishes", async () => {
    const p = pool({ workers: 2, workerUrl: SCRIPTED });
    const holdB = hold();
    const a = p.solve(script({ tag: "a", crash: "boom" }));
    const b = echo(p.solve(script({ tag: "b", hold: holdB })));
    const bState = track(b);
    const c = p.solve(script({ tag: "c", crash: "boom" }));
    expect((await rejection(a)).message).toBe("a solver worker failed: boom");
    expect((await rejection(c)).message).toBe("a solver worker failed: boom");
    const d = p.solve(script({ tag: "d", crash: "boom" }));
    expect((await rejection(d)).message).toBe("a solver worker failed: boom");
    expect(started()).toHaveLength(4);
    expect(bState.settled).toBe(false);
    release(holdB);
    expect(await b).toMatchObject({ tag: "b", thread: threadOf(started()[1]), received: 1 });
    expect((await rejection(p.solve(script({ tag: "e" })))).message).toBe("a solver worker failed: boom");
    expect(p.pending).toBe(0);
    expect(started()).toHaveLength(4);
  });
});

describe("the signal's listener", () => {
  it("is removed when the solve ends, however it ends", async () => {
    const p = pool({ workers: 2, workerUrl: SCRIPTED });
    const signals = [0, 1, 2].map(() => new AbortController().signal);
    const answered = echo(p.solve(script({ tag: "a" }), { signal: signals[0] }));
    // Each failure is caught at once: the crash may come before the answer.
    const crashed = rejection(p.solve(script({ tag: "b", crash: "boom" }), { signal: signals[1] }));
    const closed = rejection(p.solve(script({ tag: "c", hold: hold() }), { signal: signals[2] }));
    for (const signal of signals) expect(getEventListeners(signal, "abort")).toHaveLength(1);
    expect((await answered).tag).toBe("a");
    expect((await crashed).message).toBe("a solver worker failed: boom");
    expect(getEventListeners(signals[0], "abort")).toHaveLength(0);
    expect(getEventListeners(signals[1], "abort")).toHaveLength(0);
    await p.close();
    expect((await closed).message).toBe("the solver pool was closed before this solve finished");
    expect(getEventListeners(signals[2], "abort")).toHaveLength(0);
  });
});

describe("close", () => {
  it("with idle workers: terminates them all", async () => {
    const p = pool({ workers: 3, workerUrl: SCRIPTED });
    const holdA = hold();
    const busy = p.solve(script({ tag: "a", hold: holdA }));
    await holding(holdA);
    await p.close();
    expect((await rejection(busy)).message).toBe("the solver pool was closed before this solve finished");
    await Promise.all(started().map((w) => w.ended));
    expect(started()).toHaveLength(3);
  });

  it("rejects the running and the waiting solves, terminates every worker, and refuses new solves", async () => {
    const p = pool({ workers: 1, workerUrl: SCRIPTED });
    const controller = new AbortController();
    const holdA = hold();
    const running = rejection(p.solve(script({ tag: "a", hold: holdA }), { signal: controller.signal }));
    const waiting = rejection(p.solve(script({ tag: "b" }), { signal: controller.signal }));
    await holding(holdA);
    await p.close();
    for (const r of [running, waiting]) expect((await r).message).toBe("the solver pool was closed before this solve finished");
    expect(p.pending).toBe(0);
    await started()[0].ended;
    controller.abort(); // after close: nothing is restarted
    expect(started()).toHaveLength(1);
    expect((await rejection(p.solve(script({ tag: "c" })))).message).toBe("the solver pool is closed");
  });
});
