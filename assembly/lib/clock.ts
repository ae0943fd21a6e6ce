// The host's clock (performance.now()) and the stop time of the current run,
// an absolute time on that clock the host computes once (bindings/core/budget.ts).
// `run` starts the clock once; every phase of every algorithm (pricing,
// sorting, searching, the greedy inside exact) asks `timeUp` in its loops, so
// a run ends within its limit however large the input, with the best
// schedule found so far.
@external("env", "nowMs")
export declare function nowMs(): f64;

let runStartMs: f64 = 0;
let stopAtMs: f64 = Infinity;
let stopped: bool = false;

// Loops whose steps differ in cost (a task priced, a knapsack state merged)
// charge work units instead, about a few ns each: the clock is asked once every
// CLOCK_WORK units, so a run overshoots its limit by well under a millisecond.
const CLOCK_WORK: i32 = 4096;
let workLeft: i32 = CLOCK_WORK;

/** Start the run's clock: it stops at `stopAt` on the host's clock (Infinity: never; already past: at once). */
export function startClock(stopAt: f64): void {
  runStartMs = nowMs();
  stopAtMs = stopAt;
  stopped = false;
  workLeft = CLOCK_WORK;
}

/** Does the run have a time limit at all? */
export function hasTimeLimit(): bool {
  return stopAtMs < Infinity;
}

/** The run's whole limit, ms (Infinity without one). */
export function limitMs(): f64 {
  return stopAtMs - runStartMs;
}

/** The time `share` of the run's limit from now: a phase that leaves the rest to the next (Infinity without a limit). */
export function shareOfLimitFromNow(share: f64): f64 {
  return stopAtMs < Infinity ? nowMs() + share * (stopAtMs - runStartMs) : Infinity;
}

/** Has the run's time run out? Once it has, it stays out. */
export function timeUp(): bool {
  if (!stopped && nowMs() > stopAtMs) stopped = true;
  return stopped;
}

// Loops over users ask the host's clock on every this-many-th step only (a
// call out of WebAssembly costs about as much as pricing a user).
const CLOCK_EVERY_MASK: i32 = 1023;

/** timeUp for loop step i, asking the clock every 1024 steps. */
// @ts-ignore: decorator
@inline export function timeUpAt(i: i32): bool {
  return (i & CLOCK_EVERY_MASK) == 0 ? timeUp() : stopped;
}

/** Charge `work` units; true once the run's time is up (asking the clock every CLOCK_WORK units). */
export function timeUpAfterWork(work: i32): bool {
  if (stopped) return true;
  workLeft -= work;
  if (workLeft > 0) return false;
  workLeft = CLOCK_WORK;
  return timeUp();
}

/** Ask the clock now, whatever work is left (before a phase that cannot stop midway). */
export function timeUpNow(): bool {
  workLeft = CLOCK_WORK;
  return timeUp();
}
