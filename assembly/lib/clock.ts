// The host's clock (performance.now()) and the time limit of the current run.
// `run` starts the clock once; every phase of every algorithm (pricing,
// sorting, searching, the greedy inside exact) asks `timeUp` in its loops, so
// a run ends within its limit however large the input, with the best
// schedule found so far.
@external("env", "nowMs")
export declare function nowMs(): f64;

let stopAtMs: f64 = Infinity;
let stopped: bool = false;

/** Start the run's clock: it stops `limitMs` from now (0: never). */
export function startClock(limitMs: f64): void {
  stopAtMs = limitMs > 0.0 ? nowMs() + limitMs : Infinity;
  stopped = false;
}

/** The time the run must end by (Infinity: no limit). */
export function stopTimeMs(): f64 {
  return stopAtMs;
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
