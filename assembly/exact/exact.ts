// The exact solver: branch and bound over (batch start tau, batch sizes).
//
// A node is a tau interval (lo, hi] and a box lo_n <= b_n <= hi_n of batch
// sizes. Any set S of the node has b(S) in the box and starts at
// tau(S) = min_k (T_k - D_{e_k}(b(S))) in (lo, hi]. Its relaxation:
//  - eligibility: user k can be in S only if its latest start under the
//    smallest batches, a_k = T_k - D_{e_k}(b_lo), exceeds lo;
//  - prices: S starts no later than hi nor than a_k, so k costs at least
//    w^min(min(hi, a_k)) (w^min falls as tau grows; away from leaves the start
//    is rounded up to a 0.05% grid, still a bound, so prices can be reused);
//  - caps: at most hi_n tasks through block n. The caps are nested sets, a
//    laminar matroid, so taking users cheapest first while the caps allow
//    gives, for every size r, the least band any r-set of the node can use:
//    an upper bound on the served count, and a lower bound on the band at the
//    incumbent's count. A second relaxation keeps the floors (at least lo_n
//    tasks through block n) instead of the caps; the tighter of the two counts.
// Before relaxing, the node is tightened with what any set at least as large
// as the incumbent must satisfy (b_n >= incumbent count minus the eligible
// users exiting before n; b_n <= eligible users exiting at n or later; tau no
// later than the incumbent-count-th largest latest start the caps allow).
// When the box is one point and no latest start falls strictly inside
// (lo, hi), the relaxation is the problem itself at tau = hi: the node is
// solved. Otherwise split tau at the median latest start inside the interval
// (first, while the interval is wide), or the widest batch-size range at its
// middle. Every relaxed set is also judged exactly, as a candidate schedule.
// The search is depth-first; on a time limit, the bounds of the nodes not yet
// explored give the proved upper bound.
import { exchangeAtSameCounts, initExchange } from "../greedy/exchange";
import { runCountGreedy, runGreedy } from "../greedy/greedy";
import { hasTimeLimit, limitMs, shareOfLimitFromNow, timeUp } from "../lib/clock";
import { getI, reserveF64, reserveI32, setI } from "../lib/memory";
import { better, evalBandwidthHz, evalCount, evalTauS, evaluateSelection } from "../model/batch";
import { latestStartS } from "../model/bounds";
import { K, N, groupByExitLatestFirst, maxBatch, reservePriceMemo, servable, weighted } from "../model/problem";
import { batchedTauS, proveWeight, writeBatched, writeResult } from "../model/result";
import { resetRoot } from "./box";
import { growByClassMoves, improveByClassMoves, initImprove } from "./improve";
import { proveCount, proveTargetBelow } from "./phases";
import { explore, stopAt } from "./search";
import {
  MAX_DEPTH, ONE_SEARCH_NODES, abandoned, bandPhase, bestBandwidth, bestCount, byDeadline,
  byLatest, byPrice, capUsed, classMoves, capsFromDeadlines, classHead, classOffset, classPrices, classStart, classUsers, chargeDeadlines, deadlineBandOn, headLatest, headUser, chainTo,
  computeLo, countPhase, cutShort, deadlineMs, droppedPrefix, eligibleAt, exactNodes, exactOptimal,
  exactUpperBound, fixedTarget, incumbent, jointLen, jointRowLength, jointStart, jointValue,
  lastByPrice, lastPricedCount, latest, negDeadline, nodeBox, nodeLimit, olderPrices,
  oneSearchNodes, openBound, price, priceStamp, provedBelow, relaxPrices, relaxedSet,
  relaxedThrough, slopesA, slopesB, stampNow, timedOut, userCount, users, bestWeight, openWeight,
} from "./state";
import { reserveJoint } from "./tighten";
import { initDeadlineBand } from "./deadline-band";
import { initWeighted } from "./weighted";
import { betterWeighted, weightOfSet } from "./weighted-incumbent";
import { polishIncumbent } from "./weighted-reselect";

/**
 * How many nodes the single search may take before the two phases (negative:
 * the default). For the tests: with 0 every problem, however small, is solved
 * in two phases, so the brute force checks that path too.
 */
export function setOneSearchNodes(nodes: f64): void {
  oneSearchNodes = nodes < 0.0 ? ONE_SEARCH_NODES : nodes;
  classMovesFromUsers = nodes == 0.0 ? 0 : CLASS_MOVES_FROM_USERS;
  deadlineBandFromUsers = nodes == 0.0 ? 0 : DEADLINE_BAND_FROM_USERS;
}

/**
 * Run the exact search from an incumbent (flags in `best`; all zero for none);
 * leaves the optimum (or the best found) in `best`. `upperLimit` is a proved
 * bound from elsewhere, used when time runs out. The search stops at
 * `searchShare` of the run's limit, leaving the rest to the greedy after it.
 */
export function runExact(best: usize, searchShare: f64, upperLimit: i32, fromGreedy: bool = false): void {
  userCount = 0;
  users = reserveI32(K);
  for (let k = 0; k < K; k++) if (getI(servable, k) != 0) setI(users, userCount++, k);
  nodeBox = reserveI32(MAX_DEPTH);
  relaxedSet = reserveI32(K);
  capUsed = reserveI32(N + 2);
  computeLo = reserveF64(N + 2);
  eligibleAt = reserveI32(N + 2);
  latest = reserveF64(K);
  negDeadline = reserveF64(K);
  byDeadline = reserveI32(K);
  classStart = reserveI32(N + 2);
  classHead = reserveI32(N + 2);
  headLatest = reserveF64(N + 2);
  headUser = reserveI32(N + 2);
  chainTo = reserveF64(K + 2);
  byLatest = reserveI32(K);
  price = reserveF64(K);
  byPrice = reserveI32(K);
  droppedPrefix = reserveF64(K + 1);
  relaxedThrough = reserveI32(N + 2);
  lastByPrice = reserveI32(K);
  priceStamp = reserveI32(K);
  lastPricedCount = 0;
  stampNow = 0;
  classOffset = reserveI32(N + 2);
  classPrices = reserveF64(K);
  classUsers = reserveI32(K);
  slopesA = reserveF64(K + 1);
  slopesB = reserveF64(K + 1);
  relaxPrices = reservePriceMemo();
  olderPrices = reservePriceMemo();
  initExchange();
  initImprove();
  initDeadlineBand();
  deadlineBandOn = K >= deadlineBandFromUsers && N >= 3;
  chargeDeadlines = true;
  jointRowLength = 0;
  jointStart = reserveI32(N + 2);
  jointLen = reserveI32(N + 2);
  jointValue = reserveF64(N + 2);
  incumbent = best;
  greedyRan = fromGreedy;
  exactNodes = 0;
  timedOut = false;
  openBound = 0;
  provedBelow = 0;
  fixedTarget = 0;
  // The greedy that follows a search cut short gets the rest of the run's time.
  deadlineMs = shareOfLimitFromNow(searchShare);
  cutShort = false;
  classMoves = false;

  evaluateSelection(best);
  bestCount = evalCount;
  bestBandwidth = evalBandwidthHz;
  if (weighted) {
    initWeighted();
    bestWeight = weightOfSet(best);
    polishIncumbent(); // the greedy's users re-chosen by weight at its own counts and start
  }

  let hi = 0.0;
  for (let i = 0; i < userCount; i++) {
    const a = latestStartS(getI(users, i));
    if (a > hi) hi = a;
  }
  // The servable users by exit class, each class by deadline, latest first (for sortByLatest);
  // out of time while grouping: no search, the bound from outside stands.
  if (!groupByExitLatestFirst(users, userCount, byDeadline, classStart, classHead, negDeadline)) stopAt(upperLimit);
  if (userCount > 0 && hi > 0.0 && !timedOut) {
    // Small problems: one search proves count and band at once, cheapest there.
    // If it has not finished within ONE_SEARCH_NODES, two phases (keeping the
    // incumbent): prove the count (every node asks for one task more than the
    // incumbent, which prunes far more), then the least band among sets of
    // exactly that count, both with the deadline caps and band tightening.
    countPhase = 0;
    bandPhase = false;
    capsFromDeadlines = false;
    // Started from the greedy (a large problem): straight to the two phases, which prove the
    // 5% bound soonest; the single search is for problems it solves within its nodes.
    // With weights one search: the two phases prove counts, not weights.
    nodeLimit = weighted ? Infinity : greedyRan ? 0.0 : oneSearchNodes;
    abandoned = false;
    resetRoot(maxBatch);
    explore(0.0, hi, 0, upperLimit);
    nodeLimit = Infinity;
    if (abandoned && !timedOut) {
      abandoned = false;
      if (!greedyRan && K >= GREEDY_START_FROM_USERS && bestCount < upperLimit) startFromGreedy(upperLimit);
      countPhase = 1;
      capsFromDeadlines = true;
      // Under a time limit the 5% proof comes first: a run cut short needs its bound most.
      if (hasTimeLimit()) proveTargetBelow(hi, upperLimit);
      // A larger set by moving tasks between classes: each found spares the count phase a search that finds one.
      classMoves = K >= classMovesFromUsers && N >= CLASS_MOVES_FROM_EXITS;
      const noneOf = provedBelow > 0 ? provedBelow : upperLimit + 1; // no set this large exists
      while (classMoves && !timedOut && bestCount + 1 < noneOf) {
        evaluateSelection(incumbent);
        if (!growByClassMoves(incumbent, bestCount, evalTauS)) break;
        evaluateSelection(incumbent);
        bestCount = evalCount;
        bestBandwidth = evalBandwidthHz;
      }
      // Under a tight limit (started from the greedy) a 2% proof before the count's own.
      proveCount(hi, upperLimit, fromGreedy);
      countPhase = 0;
      if (!timedOut && bestCount > 0) {
        if (exchangeAtSameCounts(incumbent)) {
          evaluateSelection(incumbent);
          bestBandwidth = evalBandwidthHz;
        }
        if (classMoves) {
          evaluateSelection(incumbent); // its own start, where the climbs begin
          if (improveByClassMoves(incumbent, bestCount, bestBandwidth, evalTauS)) {
            evaluateSelection(incumbent);
            bestBandwidth = evalBandwidthHz;
            if (exchangeAtSameCounts(incumbent)) {
              evaluateSelection(incumbent);
              bestBandwidth = evalBandwidthHz;
            }
          }
        }
        bandPhase = true;
        reserveJoint(bestCount);
        resetRoot(bestCount);
        explore(0.0, hi, 0, bestCount);
        bandPhase = false;
      }
    }
  }
  exactOptimal = !timedOut && !abandoned;
  let ub = timedOut ? (openBound > bestCount ? openBound : bestCount) : bestCount;
  if (timedOut && provedBelow > 0 && provedBelow - 1 < ub) ub = provedBelow - 1 > bestCount ? provedBelow - 1 : bestCount;
  if (ub > upperLimit && upperLimit >= bestCount) ub = upperLimit;
  exactUpperBound = ub;
  if (weighted) proveWeight(timedOut ? (openWeight > bestWeight ? openWeight : bestWeight) : bestWeight, exactOptimal);
}

/**
 * The two phases start from the greedy's schedule from this many users, when
 * the count is not at its bound yet. Below, the greedy (~1 ms at 100 users)
 * cost more than it saved (default scenario, K = 100-200: same nodes, +1 ms).
 */
const GREEDY_START_FROM_USERS: i32 = 500;

/**
 * The class moves (improve.ts) run in the two phases from this many users
 * (from any number when the tests force the two phases). Below, they cost
 * more than they save (K = 100, N = 5: +1 ms a seed; K = 200: even).
 */
const CLASS_MOVES_FROM_USERS: i32 = 200;
/**
 * ...and from this many exits: with two classes there is one move, and the
 * count phase finds the sets itself as fast (K = 1000, N = 2: 4,154 nodes
 * to 3,680 over 20 seeds, the same time); cut at 100 ms at K = 5000 the
 * moves only delayed the count phase's proof.
 */
const CLASS_MOVES_FROM_EXITS: i32 = 3;
let classMovesFromUsers: i32 = CLASS_MOVES_FROM_USERS;
/**
 * The deadline programme (deadline-band.ts) runs in the two phases from this
 * many users and three exits (from any number when the tests force the two
 * phases). Below it cost 2-6% more than it saved (K = 100-200, N = 2-8, 20
 * seeds each); from K = 500, N = 8 it saves a quarter and more.
 */
const DEADLINE_BAND_FROM_USERS: i32 = 300;
let deadlineBandFromUsers: i32 = DEADLINE_BAND_FROM_USERS;

/**
 * With weights, from this many users exact starts from the greedy by count,
 * its users re-chosen by weight, not from the greedy by weight: the batch
 * limit binds, and the greedy by weight stops far short of it.
 */
const COUNT_START_FROM_USERS: i32 = 200;

/** The greedy ran inside this run (its schedule is in the incumbent if it was better). */
let greedyRan: bool = false;

/**
 * Before the two phases: the greedy's schedule as the incumbent if it is
 * better. Within a few per cent of the optimum (often at it), it leaves the
 * count phase a small gap and the band phase a tight budget; on problems the
 * single search solves, it is never run (it costs more than they take).
 */
function startFromGreedy(upper: i32): void {
  if (timeUp()) return;
  const scratch = reserveI32(K);
  runGreedy(scratch, upper);
  greedyRan = true;
  initExchange(); // the greedy chose among its own pool: the exchanges below choose among everyone
  evaluateSelection(scratch);
  if (!better(evalCount, evalBandwidthHz, bestCount, bestBandwidth)) return;
  bestCount = evalCount;
  bestBandwidth = evalBandwidthHz;
  for (let k = 0; k < K; k++) setI(incumbent, k, getI(scratch, k));
}

/** From this many users, exact under a time limit starts from the greedy's schedule... */
const GREEDY_FIRST_FROM_USERS: i32 = 100_000;
/**
 * ...and from this many under a limit of at most TIGHT_LIMIT_MS: cut short,
 * a run then holds the greedy's schedule (97-100% of the optimum on the
 * large cell) and proves the 5% bound soonest. With more time the search
 * finds as good an incumbent itself, and the greedy (a few ms at 1000 users)
 * would only add to the time of fast solves.
 */
const TIGHT_FROM_USERS: i32 = 500;
const TIGHT_LIMIT_MS: f64 = 1000.0;

/** Run the greedy into `scratch` and copy it over `selected` if it is the better schedule. */
function keepBetterOf(selected: usize, scratch: usize, upper: i32): void {
  if (timeUp()) return; // no time left for it to find anything
  evaluateSelection(selected);
  const count = evalCount;
  const band = evalBandwidthHz;
  const weight = weighted ? weightOfSet(selected) : 0.0;
  runGreedy(scratch, upper);
  evaluateSelection(scratch);
  const greedyBetter = weighted
    ? evalCount > 0 && betterWeighted(weightOfSet(scratch), evalBandwidthHz, weight, count == 0 ? Infinity : band)
    : better(evalCount, evalBandwidthHz, count, band);
  if (greedyBetter) {
    for (let k = 0; k < K; k++) store<i32>(selected + (<usize>k << 2), load<i32>(scratch + (<usize>k << 2)));
  }
}

/**
 * exact as the run's algorithm: its schedule and result record. On small
 * problems exact finds its own incumbents quickly and the single search
 * solves them; the greedy runs only if that search gives up (startFromGreedy)
 * or, cut short before that, after the search. With many users and a
 * tight limit (below) the greedy goes first and the search goes straight to
 * the two phases: a run cut short then holds the greedy's schedule from the
 * start, and the 5% proof begins at once.
 */
export function solveExact(selected: usize, searchShare: f64, bound: i32): void {
  // With weights the search prunes only below the incumbent's weight: the greedy's start pays.
  const greedyFirst =
    weighted || (hasTimeLimit() && (K >= GREEDY_FIRST_FROM_USERS || (K >= TIGHT_FROM_USERS && limitMs() <= TIGHT_LIMIT_MS)));
  if (greedyFirst) {
    if (weighted && K >= COUNT_START_FROM_USERS) runCountGreedy(selected, bound);
    else runGreedy(selected, bound);
  }
  // A greedy that used up the limit leaves exact nothing to do but its own O(K) setup
  // (60-80 ms past the limit at a million users): its schedule and the cheap bound stand.
  if (greedyFirst && timeUp()) {
    const served = writeBatched(selected);
    writeResult(batchedTauS(), served == bound, bound, 0.0, 0);
    return;
  }
  runExact(selected, searchShare, bound, greedyFirst);
  if (!exactOptimal && !greedyFirst && !greedyRan) keepBetterOf(selected, reserveI32(K), bound);
  writeBatched(selected);
  writeResult(batchedTauS(), exactOptimal, exactUpperBound, exactNodes, 0);
}
