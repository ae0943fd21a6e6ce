// The Lagrangian's classes (valueWithFloors in lagrange.ts): a node's priced
// users grouped by exit class, each class's largest reduced weights first.
// No more than hi_e of class e can be taken, so only those are ordered: at
// the node's first multiplier selected (quickselect) and sorted, at the next
// ones repaired from the last (the multipliers close in, so the order moves
// little). A node groups its classes from the last node's lists, so that
// order, at a multiplier near this node's first, is mostly right too.
import { getI, reserveI32, setI } from "../lib/memory";
import { repairLeast, selectLeast, sortIndicesByKeyOrStop } from "../lib/sort";
import { K, N, classStarts, minExit } from "../model/problem";
import { highOf } from "./box";
import { byPrice, capUsed, cutShort, floorList, floorMergeA, floorStart, priceStamp, reducedKey, stampNow } from "./state";

// The classes were grouped at this node (stampNow), of this many priced users...
let classesStamp: i32 = 0;
let classesCount: i32 = 0;
// ...and each class's first classTop hold the largest at some multiplier, in order (else in no useful order).
let classesOrdered: bool = false;
let groupMark: usize = 0; // i32[K]: groupNow where grouped from the last lists
let groupNow: i32 = 0;

// Moves of the repairing insertion per user ordered before a selection and sort take over.
const REPAIR_MOVES_PER_USER: i32 = 4;

/** A new run: nothing grouped or ordered yet. */
export function resetClasses(): void {
  classesStamp = 0;
  classesCount = 0;
  classesOrdered = false;
  groupMark = reserveI32(K);
  groupNow = 0;
}

/** How many of class e's `size` priced users a set within the box's caps can take at most. */
// @ts-ignore: decorator
@inline export function classTop(box: usize, e: i32, size: i32): i32 {
  const cap = highOf(box, e);
  return cap < size ? (cap > 0 ? cap : 0) : size;
}

/**
 * floorList: byPrice[0..m) by exit class (floorStart), each class's first
 * classTop users the largest by reducedKey, in order (ties by index: the
 * order of a full sort). False when out of time (cutShort set).
 */
export function orderClasses(box: usize, m: i32): bool {
  if (classesStamp != stampNow || classesCount != m) group(m);
  for (let e = 1; e <= N; e++) {
    const at = floorList + (<usize>getI(floorStart, e) << 2);
    const size = getI(floorStart, e + 1) - getI(floorStart, e);
    const top = classTop(box, e, size);
    if (classesOrdered && repairLeast(at, size, top, reducedKey, REPAIR_MOVES_PER_USER * top + 64)) continue;
    if (top < size) selectLeast(at, size, top, reducedKey);
    if (!sortIndicesByKeyOrStop(at, top, reducedKey)) {
      classesOrdered = false;
      cutShort = true;
      return false;
    }
  }
  classesOrdered = true;
  return true;
}

/** Group byPrice[0..m) by class: first the last lists' users still priced, in their order, then the others. */
function group(m: i32): void {
  classStarts(byPrice, m, floorStart, capUsed);
  const to = floorMergeA; // free until the merge
  groupNow++;
  for (let i = 0; i < classesCount; i++) {
    const k = getI(floorList, i);
    if (getI(priceStamp, k) != -stampNow) continue;
    setI(groupMark, k, groupNow);
    place(to, k);
  }
  for (let i = 0; i < m; i++) {
    const k = getI(byPrice, i);
    if (getI(groupMark, k) != groupNow) place(to, k);
  }
  floorMergeA = floorList;
  floorList = to;
  classesOrdered = classesOrdered && classesCount > 0;
  classesStamp = stampNow;
  classesCount = m;
}

// @ts-ignore: decorator
@inline function place(to: usize, k: i32): void {
  const e = getI(minExit, k);
  setI(to, getI(capUsed, e), k);
  setI(capUsed, e, getI(capUsed, e) + 1);
}
