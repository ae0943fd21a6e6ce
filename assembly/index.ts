// The kernels' entry points. Algorithm codes are mirrored in bindings/engine.ts.
// The bindings call `setup`, write the problem
// into the arrays whose addresses `arrayAddress` gives, call `run`, and read
// the schedule back from the output arrays and the result getters.
import { releaseScratch, reserveI32 } from "./lib/memory";
import * as P from "./model/problem";
import { initBatchScratch, writeBatchSchedule, evaluateSelection, better, evalTauS, evalCount, evalBandwidthHz } from "./model/batch";
import { bandwidthRelaxationBound, sequentialComputeBound, servableShareOneExit } from "./model/bounds";
import { runGreedy } from "./greedy/greedy";
import { runBsp, bspTimedOut } from "./bsp/bsp";
import { runExact } from "./exact/exact";
import { exactNodes, exactOptimal, exactUpperBound } from "./exact/state";
import { runTree, treeNodes, treeTimedOut, treeUpperBound } from "./tree/tree";
import { runSequential, sequentialTauS } from "./sequential/sequential";
import { sequentialNodes, sequentialUpperBound } from "./sequential/state";
import { startClock, timeUp } from "./lib/clock";

export { wminHz } from "./model/bandwidth";
export { setOneSearchNodes as exactOneSearchNodes } from "./exact/exact";

const ALGORITHM_EXACT: i32 = 0;
const ALGORITHM_TREE: i32 = 1;
const ALGORITHM_GREEDY: i32 = 2;
const ALGORITHM_BSP: i32 = 3;
const ALGORITHM_SEQUENTIAL: i32 = 4;

/** From this many users, exact under a time limit starts from the greedy's schedule. */
const GREEDY_FIRST_FROM_USERS: i32 = 100_000;

/** Size the problem's arrays: K users, N exits, batches up to batchLimit, a band of bandwidthHz. */
export function setup(users: i32, exits: i32, batchLimit: i32, bandwidthHz: f64): void {
  P.setupProblem(users, exits, batchLimit, bandwidthHz);
}

/**
 * Address of an array in linear memory: 0 dataBits, 1 snrHz, 2 deadlineS,
 * 3 minExit (i32), 4 blockTimeS, 5 served (i32), 6 exit (i32), 7 bandwidthHz,
 * 8 reason (i32), 9 run order (i32).
 */
export function arrayAddress(which: i32): usize {
  switch (which) {
    case 0: return P.dataBits;
    case 1: return P.snrHz;
    case 2: return P.deadlineS;
    case 3: return P.minExit;
    case 4: return P.blockTimeS;
    case 5: return P.outServed;
    case 6: return P.outExit;
    case 7: return P.outBandwidthHz;
    case 8: return P.outReason;
    case 9: return P.outRunOrder;
  }
  return 0;
}

/** Run the greedy into `scratch` and copy it over `selected` if it is the better schedule. */
function keepBetterOf(selected: usize, scratch: usize, upper: i32): void {
  if (timeUp()) return; // no time left for it to find anything
  evaluateSelection(selected);
  const count = evalCount;
  const band = evalBandwidthHz;
  runGreedy(scratch, upper);
  evaluateSelection(scratch);
  if (better(evalCount, evalBandwidthHz, count, band)) {
    for (let k = 0; k < P.K; k++) store<i32>(selected + (<usize>k << 2), load<i32>(scratch + (<usize>k << 2)));
  }
}

/** Solve the problem set up last with one algorithm; the schedule lands in the output arrays. */
export function run(algorithm: i32, timeLimitMs: f64): void {
  startClock(timeLimitMs);
  releaseScratch();
  P.clearOutputs();
  P.prepareUsers();
  initBatchScratch();
  const selected = reserveI32(P.K);
  const bound = bandwidthRelaxationBound();
  let served = 0;
  let exactRan = false;
  if (algorithm == ALGORITHM_SEQUENTIAL) {
    // The compute bound sorts every servable user without asking the clock (~60-170 ms at a
    // million): it runs before the search, inside the limit, and not at all once time is up.
    const computeBound = timeUp() ? P.K : sequentialComputeBound();
    // The search stops where the run does: what ran before it came out of the same limit.
    served = runSequential();
    P.outTauS = sequentialTauS();
    P.outRunOrderLength = served;
    P.outNodes = sequentialNodes;
    // The search's own bound is exact when it finishes; cut short, the cheap bounds may be tighter.
    let upper = sequentialUpperBound;
    if (bound < upper) upper = bound;
    if (computeBound < upper) upper = computeBound;
    P.outUpperBound = upper;
    P.outOptimal = served == upper ? 1 : 0;
  } else {
    if (algorithm == ALGORITHM_BSP) {
      runBsp(selected, bound);
    } else {
      if (algorithm == ALGORITHM_EXACT) {
        // exact finds its own incumbents quickly; a greedy start costs more than it prunes.
        // Cut short by the time limit, it may not have: then the greedy's schedule may be
        // better, so the greedy runs after it. With so many users that one node of the
        // search costs a large share of any limit, the greedy goes first instead.
        const greedyFirst = timeLimitMs > 0.0 && P.K >= GREEDY_FIRST_FROM_USERS;
        if (greedyFirst) runGreedy(selected, bound);
        // A greedy that used up the limit leaves exact nothing to do but its own O(K) setup
        // (60-80 ms past the limit at a million users): its schedule and the cheap bound stand.
        if (!greedyFirst || !timeUp()) {
          runExact(selected, timeLimitMs, bound);
          exactRan = true;
          if (!exactOptimal && !greedyFirst) keepBetterOf(selected, reserveI32(P.K), bound);
        }
      } else {
        runGreedy(selected, bound);
        if (algorithm == ALGORITHM_TREE) runTree(selected, bound);
      }
    }
    writeBatchSchedule(selected);
    served = evalCount;
    P.outTauS = served > 0 ? evalTauS : 0.0;
    if (algorithm == ALGORITHM_EXACT && exactRan) {
      P.outOptimal = exactOptimal ? 1 : 0;
      P.outUpperBound = exactUpperBound;
      P.outNodes = exactNodes;
    } else if (algorithm == ALGORITHM_TREE) {
      P.outOptimal = treeTimedOut ? 0 : 1;
      P.outUpperBound = treeUpperBound;
      P.outNodes = treeNodes;
    } else if (algorithm == ALGORITHM_BSP && servableShareOneExit() && !bspTimedOut) {
      P.outOptimal = 1;
      P.outUpperBound = served;
    } else {
      P.outUpperBound = bound;
      P.outOptimal = served == bound ? 1 : 0; // the count is proved maximal
    }
  }
  P.writeReasons();
}

export function resultTauS(): f64 {
  return P.outTauS;
}
export function resultOptimal(): i32 {
  return P.outOptimal;
}
export function resultUpperBound(): i32 {
  return P.outUpperBound;
}
export function resultNodes(): f64 {
  return P.outNodes;
}
export function resultRunOrderLength(): i32 {
  return P.outRunOrderLength;
}
