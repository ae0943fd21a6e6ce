/**
 * The server's Prometheus series (prom-client), all named edge_alloc_*, in a
 * registry of its own (two servers in one process, as in the tests, do not
 * share counters). Event-loop lag, memory and CPU come from prom-client's
 * default Node metrics under the same prefix.
 */
import type * as PromClient from "prom-client";

/** How a solve ended: the Solution's status, or why there is none. */
export type SolveOutcome = "optimal" | "feasible" | "invalid" | "cancelled" | "error";
export type Rejection = "queue_full" | "queue_timeout" | "draining" | "body_too_large" | "bad_request";

/** What the gauges read from the server's worker pool. */
export interface PoolState {
  readonly workers: number;
  readonly pending: number;
  readonly waiting: number;
}

/**
 * prom-client's default gauges whose names end in _total, which Prometheus
 * reserves for counters (`promtool check metrics` warns). The same counts
 * are there without the suffix (edge_alloc_nodejs_active_handles, ...).
 */
const TOTAL_NAMED_GAUGES = ["nodejs_active_handles_total", "nodejs_active_requests_total", "nodejs_active_resources_total"];

export interface ServiceMetrics {
  registry: PromClient.Registry;
  solveEnded(algorithm: string, outcome: SolveOutcome, seconds: number): void;
  rejected(reason: Rejection): void;
}

export function createMetrics(prom: typeof PromClient, pool: PoolState, isReady: () => boolean): ServiceMetrics {
  const registry = new prom.Registry();
  prom.collectDefaultMetrics({ register: registry, prefix: "edge_alloc_", eventLoopMonitoringPrecision: 10 });
  for (const name of TOTAL_NAMED_GAUGES) registry.removeSingleMetric(`edge_alloc_${name}`);
  new prom.Gauge({
    name: "edge_alloc_ready",
    help: "1 while GET /readyz answers 200 (workers up, not draining, queue not full), else 0",
    registers: [registry],
    collect() {
      this.set(isReady() ? 1 : 0);
    },
  });
  const solves = new prom.Counter({
    name: "edge_alloc_solves_total",
    help: "Solves by algorithm and how they ended (optimal, feasible, invalid instance, cancelled by the client, error)",
    labelNames: ["algorithm", "status"] as const,
    registers: [registry],
  });
  const solveSeconds = new prom.Histogram({
    name: "edge_alloc_solve_duration_seconds",
    help: "Time from accepting a solve request to its answer (queueing included), by algorithm",
    labelNames: ["algorithm"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  new prom.Gauge({
    name: "edge_alloc_queue_depth",
    help: "Solves waiting for a free worker",
    registers: [registry],
    collect() {
      this.set(pool.waiting);
    },
  });
  new prom.Gauge({
    name: "edge_alloc_solves_in_flight",
    help: "Solves accepted and not answered yet (running or waiting)",
    registers: [registry],
    collect() {
      this.set(pool.pending);
    },
  });
  new prom.Gauge({ name: "edge_alloc_workers", help: "Solver worker threads", registers: [registry] }).set(pool.workers);
  const rejections = new prom.Counter({
    name: "edge_alloc_rejections_total",
    help: "Requests refused without a solve: queue_full, queue_timeout and draining (503), body_too_large (413), bad_request (other 4xx)",
    labelNames: ["reason"] as const,
    registers: [registry],
  });
  return {
    registry,
    solveEnded(algorithm, outcome, seconds) {
      solves.inc({ algorithm, status: outcome });
      if (outcome === "optimal" || outcome === "feasible") solveSeconds.observe({ algorithm }, seconds);
    },
    rejected(reason) {
      rejections.inc({ reason });
    },
  };
}
