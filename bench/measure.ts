/**
 * Repeated timing of one contender on one cell: a warm-up run (not counted:
 * it pays for JIT, engine and HiGHS loading), then repetitions until enough
 * are collected. A run that hits the cap ends the measurement: the cell is
 * reported as "> cap" with the best count that run found.
 */
import { summarize, type Summary } from "./stats.js";
import type { RunResult } from "./runners.js";

export interface RepetitionPlan {
  capMs: number;
  /** At least this many counted runs... */
  minReps: number;
  /** ...and more, up to maxReps, while they add up to less than minTotalMs (fast solvers get more samples). */
  maxReps: number;
  minTotalMs: number;
  /** Stop after 3 runs once the counted runs add up to this much (slow solvers). */
  budgetMs: number;
}

export type Measurement =
  | { state: "ok"; summary: Summary; served: number | undefined; servedAgree: boolean; counters?: Record<string, number>; upperBound?: number }
  | { state: "capped"; served: number | undefined; timeMs: number; counters?: Record<string, number>; upperBound?: number }
  | { state: "not-applicable" }
  | { state: "error"; message: string };

/** A solver that throws (a bug, or HiGHS failing) is reported, not allowed to end the whole run. */
export async function measure(run: () => Promise<RunResult | null>, plan: RepetitionPlan): Promise<Measurement> {
  try {
    return await repeat(run, plan);
  } catch (error) {
    return { state: "error", message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

async function repeat(run: () => Promise<RunResult | null>, plan: RepetitionPlan): Promise<Measurement> {
  const warmup = await run();
  if (warmup === null) return { state: "not-applicable" };
  if (!warmup.finished) return capped(warmup);
  const times: number[] = [];
  const served = new Set<number | undefined>([warmup.served]);
  let total = 0;
  for (;;) {
    const reps = times.length;
    const enough = reps >= plan.maxReps || (reps >= plan.minReps && total >= plan.minTotalMs) || (reps >= Math.min(3, plan.minReps) && total >= plan.budgetMs);
    if (enough) break;
    const result = await run();
    if (result === null) return { state: "not-applicable" };
    if (!result.finished) return capped(result);
    times.push(result.timeMs);
    total += result.timeMs;
    served.add(result.served);
  }
  return { state: "ok", summary: summarize(times), served: warmup.served, servedAgree: served.size === 1, ...counters(warmup) };
}

/** What one run says besides its time: counters and the proved bound. */
const counters = (r: RunResult) => ({ ...(r.counters ? { counters: r.counters } : {}), ...(r.upperBound !== undefined ? { upperBound: r.upperBound } : {}) });

function capped(r: RunResult): Measurement {
  return { state: "capped", served: r.served, timeMs: r.timeMs, ...counters(r) };
}
