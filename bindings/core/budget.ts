/**
 * The one time budget of a solve. solve() hands `timeLimitMs` to
 * kernelStopAtMs, which turns it into one absolute stop time on the host's
 * clock (performance.now(), the clock the kernels import): the limit counted
 * from the start of the solve (after validation), less the one reserve for
 * building the Solution. Everything between, preparing the problem, copying it
 * into the kernels, every kernel phase, comes out of the same stop time; the
 * kernels only read it (assembly/lib/clock.ts). Every tuned constant of the
 * budget lives here with the reason for its value.
 */

/** Without a time limit of their own, searches stop after this long (large inputs get limits, not hangs). */
export const DEFAULT_TIME_LIMIT_MS = 10_000;

/**
 * exact's search stops at this share of the kernel's time; cut short, the
 * greedy that runs after it gets the rest and its schedule is kept if better.
 * The kernels receive it with the stop time (run's third argument).
 */
export const EXACT_SEARCH_SHARE = 0.85;

/**
 * The LP bound gets a quarter of the search's time limit, so a limited solve
 * ends within 1.25x its limit; below LP_BOUND_MIN_MS it is not tried (one LP
 * on 60 users takes ~5-30 ms, and HiGHS cannot be stopped inside one).
 */
export const LP_BOUND_MIN_MS = 25;
export const LP_BOUND_SHARE = 0.25;

/**
 * Building the Solution costs at least this much per user, the room the
 * kernel's share of a time limit always leaves for it: 50-250 ms at a million
 * users, one result object each, plus a major garbage collection of a heap
 * that holds the instance, which lands in it every few solves (150-270 ms;
 * builds measured up to 470 ms).
 */
const BUILD_MS_PER_USER = 4.5e-4;
/**
 * Until a large solve in this process has measured it, the kernel leaves this
 * much: the first build runs code V8 has not optimised yet (measured 0.22-0.31
 * us per user at a million on a loaded machine, first or not, but a major GC
 * may land in it).
 */
const FIRST_BUILD_MS_PER_USER = 5e-4;
/** Builds this large are measured (smaller ones are dominated by noise and matter little). */
const MEASURE_BUILD_FROM_USERS = 50_000;
/** Copying the schedule out of the kernels (memcpy of five arrays): ~0.03 us per user. */
const COPY_OUT_MS_PER_USER = 5e-5;
/**
 * What a kernel run takes past its stop time, per user: its passes before the
 * first clock check (setup, clearing, marking who is servable), writing the
 * reasons, copying out, and a garbage collection of the caller's heap that
 * lands in them (one of a heap holding a million users takes 100-300 ms).
 * Until measured in this process: 0.2 us per user.
 */
const FIRST_KERNEL_OVER_MS_PER_USER = 2e-4;

let buildMsPerUser = FIRST_BUILD_MS_PER_USER;
let kernelOverMsPerUser = FIRST_KERNEL_OVER_MS_PER_USER;

/** A measured cost per user, remembered so that one slow run counts for the next and then fades by half. */
function remember(previous: number, users: number, ms: number, floor: number): number {
  return Math.max(floor, ms / users, previous / 2);
}

/** Remember what building a large Solution cost, for the next solve's reserve (never below the floor). */
export function measuredBuild(users: number, ms: number): void {
  if (users < MEASURE_BUILD_FROM_USERS) return;
  buildMsPerUser = remember(buildMsPerUser, users, ms, BUILD_MS_PER_USER);
}

/** Remember how far past its stop time a large kernel run that started at `startedMs` and took `ms` went. */
export function measuredKernel(users: number, stopAtMs: number, startedMs: number, ms: number): void {
  if (users < MEASURE_BUILD_FROM_USERS || stopAtMs === Infinity) return;
  kernelOverMsPerUser = remember(kernelOverMsPerUser, users, ms - Math.max(stopAtMs - startedMs, 0), 0);
}

/** Does this time limit limit anything? 0 and Infinity mean no limit. */
export function isLimited(timeLimitMs: number): boolean {
  return timeLimitMs > 0 && Number.isFinite(timeLimitMs);
}

/**
 * The kernels' stop time, on performance.now()'s clock: `timeLimitMs` counted
 * from `since` (the start of the solve, after validation), less the reserve
 * for building the Solution of `users` users. Infinity: no limit. A stop time
 * already past makes the kernels stop at once with a valid, possibly empty,
 * schedule and a proved bound.
 */
export function kernelStopAtMs(timeLimitMs: number, since: number, users: number): number {
  if (!isLimited(timeLimitMs)) return Infinity;
  const reserve = users >= MEASURE_BUILD_FROM_USERS ? buildMsPerUser + COPY_OUT_MS_PER_USER + kernelOverMsPerUser : BUILD_MS_PER_USER;
  return since + timeLimitMs - reserve * users;
}

/** A stop time `timeLimitMs` from now (Infinity for no limit), for running the kernels directly. */
export function stopAfterMs(timeLimitMs: number): number {
  return isLimited(timeLimitMs) ? performance.now() + timeLimitMs : Infinity;
}
