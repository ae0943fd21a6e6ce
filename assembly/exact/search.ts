// The depth-first search over nodes (tau interval, box of batch sizes): tighten,
// relax, judge the relaxed set, prune or split.
import { exchangeAtSameCounts } from "../greedy/exchange";
import { nowMs, timeUp } from "../lib/clock";
import { getI, setI } from "../lib/memory";
import { better, evalBandwidthHz, evalCount, evaluateSelection } from "../model/batch";
import { K, N, bandwidthHz, blockTime, weighted } from "../model/problem";
import { boxOf, consistent, copyBox, highOf, isPoint, lowOf, setHigh, setLow } from "./box";
import { latestStartFor, sortByLatest, tauSplitPoint } from "./latest";
import { relax } from "./relax";
import {
  MAX_DEPTH, abandoned, bandPhase, chargeDeadlines, deadlineBandOn, bestBandwidth, bestCount, bothCount, capsFromDeadlines,
  countPhase, cutShort, deadlineMs, exactNodes, fixedTarget, incumbent, nodeLimit, openBound,
  relaxedBandAtBest, relaxedBandAtCount, relaxedSet, relaxedThrough, timedOut, exploringDepth,
} from "./state";
import { jointTightened, weightTarget, weightedNode } from "./weighted";
import { keepOpenWeight } from "./weighted-incumbent";
import { boxByWeight, countEligible, weightedLatestStart } from "./weighted-box";
import { deadlineTighten } from "./deadline-band";
import { capByDeadlines, propagateBox, tightenJoint } from "./tighten";

const TAU_SPLIT_WIDTH: f64 = 0.002; // split tau first while (hi - lo) > this * hi
// With weights the batch sizes are split sooner (K = 1000, seeds 1-5: 8,907 nodes at 0.002, 4,261 at 0.01).
const TAU_SPLIT_WIDTH_WEIGHTED: f64 = 0.01;
// Rounds of band tightening and deadline propagation per node.
const BAND_ROUNDS: i32 = 6;

/**
 * The weights' floors and caps (boxByWeight) and propagateBox, to a fixed
 * point; false if the box empties. Out of time it stops (a looser box is still
 * a true one) and leaves the clock to the caller.
 */
function tightenByWeight(box: usize, lo: f64, target: i32): bool {
  if (bestCount > 0) countEligible(lo);
  for (let round = 0; round <= N + 1; round++) {
    if (timeUp()) return true;
    const raised = boxByWeight(box, lo);
    if (raised < 0) return false;
    if (raised == 0) return true;
    if (!propagateBox(box, lo, target)) return false;
  }
  return true;
}

/** The time ran out inside a node: its bound was not computed, so it stays open with its parent's. */
export function stopAt(inherited: i32): void {
  timedOut = true;
  if (inherited > openBound) openBound = inherited;
  if (weighted) keepOpenWeight();
}

/** Explore the node (lo, hi] x the box at `depth`, whose parent proved `inherited`. */
export function explore(lo: f64, hi: f64, depth: i32, inherited: i32): void {
  exactNodes += 1;
  exploringDepth = depth;
  // Past the single search's node limit it is abandoned (the two phases take over), but
  // not once timed out: then no phase follows, and every node left open must leave its bound.
  if (abandoned || (exactNodes > nodeLimit && !timedOut)) {
    abandoned = true;
    return;
  }
  if (!timedOut && (nowMs() > deadlineMs || timeUp())) timedOut = true;
  if (timedOut || depth + 2 >= MAX_DEPTH) {
    stopAt(inherited);
    return;
  }
  const box = boxOf(depth);
  const target = weighted ? weightTarget() : fixedTarget > 0 ? fixedTarget : bestCount + countPhase;
  let point = false;
  let split = NaN;
  let bound = 0;
  for (let round = 0; ; round++) {
    if (!propagateBox(box, lo, target)) return;
    if (weighted && !tightenByWeight(box, lo, target)) return;
    // Each step below is a pass over the users (tens of ms at a million): ask the clock between them.
    if (timeUp()) {
      stopAt(inherited);
      return;
    }
    sortByLatest(lo);
    if (cutShort) {
      stopAt(inherited);
      return;
    }
    if ((capsFromDeadlines || weighted) && !capByDeadlines(box, lo)) return;
    if (timeUp()) {
      stopAt(inherited);
      return;
    }
    if (bestCount > 0) {
      const cap = weighted ? weightedLatestStart(box, hi) : latestStartFor(box, target);
      if (!(cap > lo)) return;
      if (cap < hi) hi = cap;
    }
    point = isPoint(box);
    split = tauSplitPoint(lo, hi); // NaN: no latest start strictly inside (lo, hi)
    bound = relax(hi, box, point && isNaN(split));
    if (cutShort) {
      stopAt(inherited);
      return;
    }
    if (!capsFromDeadlines || round >= BAND_ROUNDS || bound < bestCount) break;
    // In the band phase only sets cheaper than the incumbent matter.
    const budget = bandPhase && bestBandwidth < bandwidthHz ? bestBandwidth : bandwidthHz;
    // Every search of the two phases asks for exactly `target` tasks (b_1 fixed).
    const tightened = tightenJoint(box, target, budget);
    if (tightened < 0) return;
    if (tightened == 0) {
      if (!chargeDeadlines || !deadlineBandOn) break;
      // Converged: charge the deadlines of the batch sizes themselves (deadline-band.ts).
      const charged = deadlineTighten(box, lo, target, budget * (1.0 + 1e-12));
      if (charged < 0) return;
      if (charged == 0) break;
    }
  }
  if (weighted) {
    const done = weightedNode(box, point && isNaN(split), bound);
    if (cutShort) stopAt(inherited);
    if (done || cutShort) return;
    // A box tightened by the Lagrangian is split below (its children relax it afresh: higher floors,
    // dearer prices); one tightened to a point is explored again, its relaxation then the problem itself.
    if (jointTightened && isPoint(box)) {
      copyBox(box, boxOf(depth + 1));
      explore(lo, hi, depth + 1, bound);
      return;
    }
  } else if (fixedTarget > 0) {
    if (bound < fixedTarget) return; // no set here reaches the target
  } else {
    if (bound < bestCount) return;
    if (bound == bestCount && relaxedBandAtBest >= bestBandwidth * (1.0 - 1e-12)) return;
    if (countPhase != 0 && bound == bestCount) return; // only the band is open: the band phase's
  }
  const relaxedBand = relaxedBandAtCount;
  if (!weighted && evaluateSelection(relaxedSet)) {
    if (better(evalCount, evalBandwidthHz, bestCount, bestBandwidth)) {
      bestCount = evalCount;
      bestBandwidth = evalBandwidthHz;
      if (fixedTarget > 0 && bestCount >= fixedTarget) abandoned = true; // the target is reached: stop
      for (let k = 0; k < K; k++) setI(incumbent, k, getI(relaxedSet, k));
      // While proving the band, a cheaper incumbent prunes more: re-choose its users.
      if (bandPhase && exchangeAtSameCounts(incumbent)) {
        evaluateSelection(incumbent);
        bestBandwidth = evalBandwidthHz;
      }
    }
    // The relaxation's own set is a schedule as good as its bound: nothing here is better.
    // (Not when the third relaxation lowered the count: relaxedBand is the band of a larger set.)
    if (evalCount == bound && bound >= bothCount && evalBandwidthHz <= relaxedBand * (1.0 + 1e-12)) return;
  }
  const child = boxOf(depth + 1);
  if (point || hi - lo > (weighted ? TAU_SPLIT_WIDTH_WEIGHTED : TAU_SPLIT_WIDTH) * hi) {
    const v = split;
    if (!isNaN(v)) {
      copyBox(box, child);
      explore(v, hi, depth + 1, bound);
      copyBox(box, child);
      explore(lo, v, depth + 1, bound);
      return;
    }
    if (point) return; // the relaxation was the problem itself here, and its set was judged
  }
  // Split a batch-size range; b_1 >= b_2 >= ... >= b_N keeps the box consistent.
  // In the two phases and with weights: the block where the relaxed set's
  // compute time is most underestimated (it passes x_n > lo_n tasks through
  // block n but was judged with lo_n), halfway between lo_n and x_n (measured
  // against splitting at x_n and at two thirds: fewest nodes on the large
  // cell, K=1000 N=8 16528 -> 8694; with weights the relaxed set is the one by
  // reduced weight, K = 1000 seeds 1-3 5,857 -> 3,331 nodes). Else the widest
  // range, at its middle.
  let widest = 1;
  for (let n = 2; n <= N; n++) {
    if (highOf(box, n) - lowOf(box, n) > highOf(box, widest) - lowOf(box, widest)) widest = n;
  }
  let mid = (lowOf(box, widest) + highOf(box, widest)) >> 1;
  if (capsFromDeadlines || weighted) {
    let most = 0.0;
    for (let n = 1; n <= N; n++) {
      const x = getI(relaxedThrough, n);
      const l = lowOf(box, n);
      if (x <= l || x > highOf(box, n)) continue;
      const under = blockTime(n, x) - blockTime(n, l);
      if (under > most) {
        most = under;
        widest = n;
        mid = (l + x) >> 1;
      }
    }
  }
  copyBox(box, child);
  for (let n = 1; n <= widest; n++) if (lowOf(child, n) < mid + 1) setLow(child, n, mid + 1);
  if (consistent(child)) explore(lo, hi, depth + 1, bound);
  copyBox(box, child);
  for (let n = widest; n <= N; n++) if (highOf(child, n) > mid) setHigh(child, n, mid);
  if (consistent(child)) explore(lo, hi, depth + 1, bound);
}
