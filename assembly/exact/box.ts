// A node's box of batch sizes, lo_n <= b_n <= hi_n for blocks n = 1..N: one
// i32[2 (N + 2)] per depth of the search (floors, then caps), kept for reuse.
import { getI, reserveI32, setI } from "../lib/memory";
import { N, minExit } from "../model/problem";
import { nodeBox, userCount, users } from "./state";

export function boxOf(depth: i32): usize {
  let p = <usize>getI(nodeBox, depth);
  if (p == 0) {
    p = reserveI32(2 * (N + 2));
    setI(nodeBox, depth, <i32>p);
  }
  return p;
}
// @ts-ignore: decorator
@inline export function lowOf(box: usize, n: i32): i32 {
  return getI(box, n);
}
// @ts-ignore: decorator
@inline export function highOf(box: usize, n: i32): i32 {
  return getI(box, N + 2 + n);
}
/** The box's caps b_hi as an array indexed by block. */
// @ts-ignore: decorator
@inline export function capsOf(box: usize): usize {
  return box + (<usize>(N + 2) << 2);
}
// @ts-ignore: decorator
@inline export function setLow(box: usize, n: i32, v: i32): void {
  setI(box, n, v);
}
// @ts-ignore: decorator
@inline export function setHigh(box: usize, n: i32, v: i32): void {
  setI(box, N + 2 + n, v);
}

export function consistent(box: usize): bool {
  for (let n = 1; n <= N; n++) if (lowOf(box, n) > highOf(box, n)) return false;
  return true;
}

export function isPoint(box: usize): bool {
  for (let n = 1; n <= N; n++) if (lowOf(box, n) != highOf(box, n)) return false;
  return true;
}

export function copyBox(from: usize, to: usize): void {
  for (let i = 0; i < 2 * (N + 2); i++) setI(to, i, getI(from, i));
}

/** The root box: nobody forced, at most `limit` tasks and the users who exit there or later through each block. */
export function resetRoot(limit: i32): void {
  const root = boxOf(0);
  for (let n = 0; n <= N + 1; n++) {
    setLow(root, n, 0);
    setHigh(root, n, 0);
  }
  for (let i = 0; i < userCount; i++) {
    const e = getI(minExit, getI(users, i));
    setHigh(root, e, highOf(root, e) + 1);
  }
  // Users exiting at n or later pass block n.
  for (let n = N - 1; n >= 1; n--) setHigh(root, n, highOf(root, n) + highOf(root, n + 1));
  for (let n = 1; n <= N; n++) if (highOf(root, n) > limit) setHigh(root, n, limit);
}
