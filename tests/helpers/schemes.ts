/**
 * Which brute-force scheme bounds each algorithm: the batched early-exit
 * problem for exact/tree/greedy/bsp/milp, and each conventional scheme's own
 * restriction for the other three (docs/model.md, "Algorithms the engine offers").
 */
import type { Algorithm } from "../../bindings/core/types.js";
import type { BruteForceOptions } from "../bruteforce.js";

export const KERNEL_ALGORITHMS = ["exact", "tree", "greedy", "bsp", "no-early-exit", "no-batching", "conventional"] as const;

export function schemeOf(algorithm: Algorithm): BruteForceOptions {
  switch (algorithm) {
    case "no-early-exit":
      return { finalExitOnly: true };
    case "no-batching":
      return { sequential: true };
    case "conventional":
      return { sequential: true, finalExitOnly: true };
    default:
      return {};
  }
}

export function seedRange(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** Bandwidths equal up to the relative tolerance the tests allow between solvers (1e-7). */
export function sameBandwidth(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-7 * Math.max(Math.abs(a), Math.abs(b));
}
