// The two phases' count proofs: searches for a set of exactly a target size,
// first a margin above the incumbent (under a time limit), then galloping up
// and bisecting down to the count (under a tight limit, after a proof 2% above
// the incumbent).
import { resetRoot } from "./box";
import { explore } from "./search";
import { abandoned, bestCount, chargeDeadlines, fixedTarget, openBound, provedBelow, timedOut } from "./state";
import { reserveJoint } from "./tighten";

// A search with a target this far above the incumbent prunes almost at once
// (the band and deadline floors of `target` tasks rarely fit), so it proves a
// bound within this margin quickly.
const TARGET_MARGIN: f64 = 0.05;

// Under a tight limit the count phase first proves that no set exceeds the
// incumbent by more than this share (the target floor(2% x count) + 1 above
// it), before the search for one task more. That search proves the count
// itself and takes longest (on the large cell at K = 1000, N = 8, 10-40 ms of
// CPU time, cut short it leaves the 5% bound); the 2% target prunes sooner
// (5-8 ms), so a run cut short in it reports a bound within 2%.
const CLOSE_MARGIN: f64 = 0.02;

/**
 * Under a time limit, before the count phase: prove that no set reaches
 * (1 + TARGET_MARGIN) x the incumbent, so a run cut short later still reports
 * a bound that close. A set found at the target raises the incumbent and the
 * target with it.
 */
export function proveTargetBelow(hi: f64, upperLimit: i32): void {
  provedBelow = 0;
  chargeDeadlines = false; // at K = 5000 its O(target^2) a block outweighs what it prunes here
  while (!timedOut) {
    const target = <i32>Math.ceil((1.0 + TARGET_MARGIN) * <f64>bestCount);
    if (target <= bestCount + 1 || target > upperLimit) break; // the count phase itself, or the bound from outside
    fixedTarget = target;
    abandoned = false;
    reserveJoint(target);
    resetRoot(target); // exactly `target` tasks: none means no larger set either (see proveCount)
    explore(0.0, hi, 0, upperLimit);
    fixedTarget = 0;
    if (!abandoned && !timedOut) {
      provedBelow = target;
      break;
    }
  }
  // Cut short: the open nodes asked for exactly the target, which says nothing about larger sets.
  if (timedOut && upperLimit > openBound) openBound = upperLimit;
  chargeDeadlines = true;
  fixedTarget = 0;
  abandoned = false;
}

/**
 * Prove the count with searches for a set of exactly t tasks. Removing a task
 * from a schedule keeps it feasible (smaller batches, less band), so if no
 * t-set exists, no larger one does either. With an exact target b_1 is fixed
 * (the root caps it), and the joint floors and caps of tightenJoint hold. The
 * targets gallop up from one above the incumbent while sets are found (the
 * incumbent may be far below the optimum, and each search finds a set of its
 * target only) and then bisect down to the count: a search that must prove no
 * set exists prunes fast when its target is high. Cut short, the open nodes'
 * bounds say nothing about larger sets: the least target proved out stands.
 * With `closeFirst` the first target is CLOSE_MARGIN above the incumbent,
 * and the galloping starts after it as if it had not run.
 */
export function proveCount(hi: f64, upperLimit: i32, closeFirst: bool): void {
  let none = upperLimit + 1; // no set of this many tasks (proved, or from outside)
  if (provedBelow > 0 && provedBelow < none) none = provedBelow;
  let step = 1;
  let galloping = true;
  let closeTarget = closeFirst ? bestCount + <i32>Math.floor(CLOSE_MARGIN * <f64>bestCount) + 1 : 0;
  while (!timedOut && bestCount + 1 < none) {
    let target = galloping ? bestCount + step : bestCount + ((none - bestCount) >> 1);
    // The 2% proof: only where it lies strictly between one task more and what is proved out.
    const close = closeTarget > bestCount + 1 && closeTarget < none;
    if (close) target = closeTarget;
    closeTarget = 0;
    if (target >= none) target = none - 1;
    if (target <= bestCount) target = bestCount + 1;
    fixedTarget = target;
    abandoned = false;
    reserveJoint(target);
    resetRoot(target);
    explore(0.0, hi, 0, upperLimit);
    fixedTarget = 0;
    if (timedOut) break;
    if (abandoned) {
      if (galloping && !close) step <<= 1;
    } else {
      none = target;
      if (!close) galloping = false; // after the 2% proof, the search for one task more comes next
    }
  }
  if (timedOut) {
    openBound = none - 1 > bestCount ? none - 1 : bestCount;
    if (none <= upperLimit && (provedBelow == 0 || none < provedBelow)) provedBelow = none;
  }
  fixedTarget = 0;
  abandoned = false;
}
