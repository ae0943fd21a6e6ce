// The sequential search's mutable state, declared here once: every other file
// of sequential/ reads and writes these module globals (WebAssembly globals),
// so the files depend on this one and never on each other in a circle.
// runSequential (sequential.ts) resets the scalars; tasks.ts sizes the arrays.
import { timeUpAfterWork, timeUpNow } from "../lib/clock";

// The tasks of this solve.
export let taskCount: i32 = 0; // servable users
export let edfOrder: usize = 0; // i32[taskCount]: servable users by deadline, ties by index
export let runTime: usize = 0; // f64[K]: blocks 1..e_k at batch 1
export let latestStart: usize = 0; // f64[K]: a_k = T_k - runTime_k, the latest tau with k served
export let exitRunTime: usize = 0; // f64[N + 1]: run time to exit e, non-decreasing in e
export let price: usize = 0; // f64[K]: the current interval's band price
export let sortScratch: usize = 0; // i32[K]: the radix sort's second buffer
export let radixCounts: usize = 0; // i32[RADIX_BUCKETS + 1], only for RADIX_FROM tasks and more

// Per interval: what the tasks at EDF positions >= j could still add.
export let suffixDeadline: usize = 0; // f64[taskCount + 1]: latest deadline among them
export let suffixPerExit: usize = 0; // i32[(taskCount + 1) * (N + 1)]: how many exit at e
// f64[(taskCount / cheapStride + 1) * (CHEAPEST + 1)]: row r, for the tasks at positions
// >= r * cheapStride, holds the sum of their m cheapest prices, m <= CHEAPEST (Infinity: fewer than m).
export let suffixCheapest: usize = 0;
// One row for every task would take 520 bytes a task: 520 MB to zero and ~65
// writes a task per interval at 1,000,000 tasks (13 s in the JS engine). Past
// CHEAPEST_ROWS tasks, a row is kept every cheapStride = 2^cheapShift
// positions and position j reads the row at or before it: those sums cover
// more tasks, so they are no larger, and the bound stays a bound (a weaker one).
export const CHEAPEST_ROWS: i32 = 16384;
export let cheapShift: i32 = 0;
export let cheapestSoFar: usize = 0; // f64[CHEAPEST]: scratch, ascending
/** How many of the cheapest remaining prices the band bound looks at; past that, it does not bound. */
export const CHEAPEST: i32 = 64;

// The incumbent: the best schedule found, in run order.
export let bestCount: i32 = 0;
export let bestBand: f64 = 0;
export let bestTau: f64 = 0;
export let bestList: usize = 0; // i32[K]
export let candidate: usize = 0; // i32[K]: the relaxed optimum of the last interval, in run order
export let candidateSize: i32 = 0;
export let relaxedBand: f64 = 0;

// With weights (weighted.ts and its kin): the incumbent's and the relaxed optimum's
// served weight, each state's weight, and per interval what the tasks at EDF
// positions >= j could still add in weight.
export let bestWeight: f64 = 0;
export let relaxedWeight: f64 = 0;
export let curWeight: usize = 0; // f64, beside curRun and curBand
export let nextWeight: usize = 0;
// f64 pairs (band ascending, weight strictly ascending): the Pareto front of
// band against weight of the states of one count kept so far (a dominance query).
export let stairBand: usize = 0;
export let stairWeight: usize = 0;
// f64 rows like suffixCheapest: row r holds the sums of the m heaviest weights
// (m <= CHEAPEST) of positions >= r * cheapStride (all of them when fewer).
export let suffixHeaviest: usize = 0;
export let heaviestSoFar: usize = 0; // f64[CHEAPEST]: scratch, descending
export let suffixRatio: usize = 0; // f64[taskCount + 1]: the most weight per hertz of price among them
export let openBoundWeight: usize = 0; // f64, beside openBoundBand
// Lagrangian bounds of band and time: multiplier pairs (lambda per hertz, nu per
// second) and, in rows like suffixCheapest, the sums over positions >= r * cheapStride
// of max(0, v_k - lambda p_k - nu t_k), LAGRANGE_PAIRS of them a row.
export const LAGRANGE_PAIRS: i32 = 24;
export let lagrangeLambda: usize = 0; // f64[LAGRANGE_PAIRS]
export let lagrangeNu: usize = 0; // f64[LAGRANGE_PAIRS]
export let suffixLagrange: usize = 0;
export let lagrangeSum: usize = 0; // f64[LAGRANGE_PAIRS]: scratch, the running sums

// Knapsack states of two generations. Group c (states serving c tasks) holds
// [start[c], start[c + 1]), run time ascending and band strictly descending.
export let stateCapacity: i32 = 0;
export let curRun: usize = 0;
export let curBand: usize = 0;
export let curTrail: usize = 0;
export let nextRun: usize = 0;
export let nextBand: usize = 0;
export let nextTrail: usize = 0;
export let curStart: usize = 0; // i32[maxBatch + 3]
export let nextStart: usize = 0;
export let curTop: i32 = 0; // largest count with a group
// The tasks a state took, as a linked list through a log shared by all states.
export let logCapacity: i32 = 0;
export let logLength: i32 = 0;
export let logTask: usize = 0;
export let logPrevious: usize = 0;

// Open intervals (lo, hi] with the bound their parent proved.
export let openCapacity: i32 = 0;
export let openCount: i32 = 0;
export let openLo: usize = 0;
export let openHi: usize = 0;
export let openBoundCount: usize = 0; // i32
export let openBoundBand: usize = 0;

// The clock stopped the search (set by outOfTime and clockRanOut).
export let timedOut: bool = false;
export let sequentialNodes: f64 = 0;
export let sequentialUpperBound: i32 = 0;

// The last candidate judged at its own latest start (incumbent.ts: offerCandidate).
export let candidateTauS: f64 = 0;
export let candidateBand: f64 = 0;

/** Charge `work` units of the run's clock (lib/clock.ts); true once the time is up (and from then on). */
export function outOfTime(work: i32): bool {
  if (timeUpAfterWork(work)) timedOut = true;
  return timedOut;
}

/** Look at the clock now, whatever work is left (before a phase that cannot stop midway). */
export function clockRanOut(): bool {
  if (timeUpNow()) timedOut = true;
  return timedOut;
}
