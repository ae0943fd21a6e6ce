// Convex cost curves as ascending slopes: the relaxations and the joint
// tightening build g_n by merging a class's ascending prices into the curve
// below, and cut its domain by taking the first slopes as forced.
import { getF, getI, setF } from "../lib/memory";
import { classOffset, classPrices } from "./state";

/**
 * Merge the ascending slopes from[0..len) with class n's ascending prices
 * (classPrices between classOffset n and n + 1) into to, at most `most` of
 * them; returns how many. The convex relaxations build their cost curves so.
 */
export function mergeClassPrices(from: usize, len: i32, n: i32, to: usize, most: i32): i32 {
  let i = 0;
  let j = getI(classOffset, n);
  const jEnd = getI(classOffset, n + 1);
  let out = 0;
  while (out < most) {
    let take: f64 = 0.0;
    if (i < len && (j >= jEnd || getF(from, i) <= getF(classPrices, j))) take = getF(from, i++);
    else if (j < jEnd) take = getF(classPrices, j++);
    else break;
    setF(to, out++, take);
  }
  return out;
}

/** Drop the first `forced` slopes of row[0..len) (they must be taken): returns `value` plus each, added in order. */
export function takeFirst(value: f64, row: usize, len: i32, forced: i32): f64 {
  for (let q = 0; q < forced; q++) value += getF(row, q);
  for (let q = forced; q < len; q++) setF(row, q - forced, getF(row, q));
  return value;
}
