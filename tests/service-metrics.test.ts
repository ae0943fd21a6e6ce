/**
 * The server's Prometheus series (service/metrics.ts), built on a registry
 * of its own in this process and read back as the exposition text: the
 * gauges read the pool and readiness when scraped, solves are counted by
 * algorithm and outcome and timed only when they produced a schedule,
 * rejections are counted by reason.
 */
import * as prom from "prom-client";
import { describe, expect, it } from "vitest";
import { createMetrics, type PoolState } from "../bindings/service/metrics.js";

/** The value of one series line, e.g. `edge_alloc_rejections_total{reason="queue_full"}`. */
function series(text: string, name: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

function setup(state: { workers: number; pending: number; waiting: number; ready: boolean }) {
  const pool: PoolState = {
    get workers() {
      return state.workers;
    },
    get pending() {
      return state.pending;
    },
    get waiting() {
      return state.waiting;
    },
  };
  return createMetrics(prom, pool, () => state.ready);
}

describe("createMetrics", () => {
  it("reads readiness, queue depth and solves in flight at each scrape; workers once", async () => {
    const state = { workers: 3, pending: 5, waiting: 2, ready: true };
    const metrics = setup(state);
    let text = await metrics.registry.metrics();
    expect(series(text, "edge_alloc_ready")).toBe(1);
    expect(series(text, "edge_alloc_queue_depth")).toBe(2);
    expect(series(text, "edge_alloc_solves_in_flight")).toBe(5);
    expect(series(text, "edge_alloc_workers")).toBe(3);
    Object.assign(state, { workers: 9, pending: 7, waiting: 4, ready: false });
    text = await metrics.registry.metrics();
    expect(series(text, "edge_alloc_ready")).toBe(0);
    expect(series(text, "edge_alloc_queue_depth")).toBe(4);
    expect(series(text, "edge_alloc_solves_in_flight")).toBe(7);
    expect(series(text, "edge_alloc_workers")).toBe(3);
  });

  it("says what each series means", async () => {
    const text = await setup({ workers: 1, pending: 0, waiting: 0, ready: true }).registry.metrics();
    const help = (name: string) =>
      text
        .split("\n")
        .find((l) => l.startsWith(`# HELP ${name} `))
        ?.slice(`# HELP ${name} `.length);
    expect(help("edge_alloc_ready")).toBe("1 while GET /readyz answers 200 (workers up, not draining, queue not full), else 0");
    expect(help("edge_alloc_solves_total")).toBe(
      "Solves by algorithm and how they ended (optimal, feasible, invalid instance, cancelled by the client, error)",
    );
    expect(help("edge_alloc_solve_duration_seconds")).toBe("Time from accepting a solve request to its answer (queueing included), by algorithm");
    expect(help("edge_alloc_queue_depth")).toBe("Solves waiting for a free worker");
    expect(help("edge_alloc_solves_in_flight")).toBe("Solves accepted and not answered yet (running or waiting)");
    expect(help("edge_alloc_workers")).toBe("Solver worker threads");
    expect(help("edge_alloc_rejections_total")).toBe(
      "Requests refused without a solve: queue_full, queue_timeout and draining (503), body_too_large (413), bad_request (other 4xx)",
    );
  });

  it("counts solves by algorithm and outcome, and times only those with a schedule", async () => {
    const metrics = setup({ workers: 1, pending: 0, waiting: 0, ready: true });
    metrics.solveEnded("exact", "optimal", 0.003);
    metrics.solveEnded("exact", "optimal", 0.2);
    metrics.solveEnded("tree", "feasible", 7);
    metrics.solveEnded("tree", "invalid", 100);
    metrics.solveEnded("exact", "cancelled", 100);
    metrics.solveEnded("exact", "error", 100);
    const text = await metrics.registry.metrics();
    expect(series(text, 'edge_alloc_solves_total{algorithm="exact",status="optimal"}')).toBe(2);
    expect(series(text, 'edge_alloc_solves_total{algorithm="tree",status="feasible"}')).toBe(1);
    expect(series(text, 'edge_alloc_solves_total{algorithm="tree",status="invalid"}')).toBe(1);
    expect(series(text, 'edge_alloc_solves_total{algorithm="exact",status="cancelled"}')).toBe(1);
    expect(series(text, 'edge_alloc_solves_total{algorithm="exact",status="error"}')).toBe(1);
    expect(series(text, 'edge_alloc_solve_duration_seconds_count{algorithm="exact"}')).toBe(2);
    expect(series(text, 'edge_alloc_solve_duration_seconds_sum{algorithm="exact"}')).toBeCloseTo(0.203, 12);
    expect(series(text, 'edge_alloc_solve_duration_seconds_count{algorithm="tree"}')).toBe(1);
    expect(series(text, 'edge_alloc_solve_duration_seconds_sum{algorithm="tree"}')).toBe(7);
  });

  it("buckets solve times from 1 ms to 30 s", async () => {
    const metrics = setup({ workers: 1, pending: 0, waiting: 0, ready: true });
    metrics.solveEnded("exact", "optimal", 0.003);
    const text = await metrics.registry.metrics();
    const bounds = text
      .split("\n")
      .filter((l) => l.startsWith('edge_alloc_solve_duration_seconds_bucket{le="'))
      .map((l) => /le="([^"]+)"/.exec(l)?.[1]);
    expect(bounds).toEqual(["0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "30", "+Inf"]);
    expect(series(text, 'edge_alloc_solve_duration_seconds_bucket{le="0.0025",algorithm="exact"}')).toBe(0);
    expect(series(text, 'edge_alloc_solve_duration_seconds_bucket{le="0.005",algorithm="exact"}')).toBe(1);
  });

  it("counts rejections by reason", async () => {
    const metrics = setup({ workers: 1, pending: 0, waiting: 0, ready: true });
    metrics.rejected("queue_full");
    metrics.rejected("queue_full");
    metrics.rejected("body_too_large");
    const text = await metrics.registry.metrics();
    expect(series(text, 'edge_alloc_rejections_total{reason="queue_full"}')).toBe(2);
    expect(series(text, 'edge_alloc_rejections_total{reason="body_too_large"}')).toBe(1);
    expect(series(text, 'edge_alloc_rejections_total{reason="draining"}')).toBeUndefined();
  });

  it("adds Node's default metrics under edge_alloc_, without the gauges named like counters", async () => {
    const text = await setup({ workers: 1, pending: 0, waiting: 0, ready: true }).registry.metrics();
    const names = new Set(text.split("\n").flatMap((l) => (l.startsWith("# TYPE ") ? [l.split(" ")[2]] : [])));
    expect(names).toContain("edge_alloc_process_cpu_user_seconds_total");
    expect(names).toContain("edge_alloc_nodejs_eventloop_lag_seconds");
    expect(names).toContain("edge_alloc_nodejs_active_handles");
    for (const gone of ["nodejs_active_handles_total", "nodejs_active_requests_total", "nodejs_active_resources_total"]) {
      expect(names).not.toContain(`edge_alloc_${gone}`);
    }
    for (const name of names) expect(name.startsWith("edge_alloc_"), name).toBe(true);
  });

  it("keeps each server's series apart", async () => {
    const one = setup({ workers: 1, pending: 0, waiting: 0, ready: true });
    const two = setup({ workers: 1, pending: 0, waiting: 0, ready: true });
    one.rejected("draining");
    expect(series(await one.registry.metrics(), 'edge_alloc_rejections_total{reason="draining"}')).toBe(1);
    expect(series(await two.registry.metrics(), 'edge_alloc_rejections_total{reason="draining"}')).toBeUndefined();
  });
});
