import { InputError } from "../core/errors.js";

/** The `workers` option: a positive integer, or the given default. Capped at 64 (each worker holds its own engine). */
export function checkWorkers(workers: unknown, fallback: number): number {
  if (workers === undefined) return Math.max(1, fallback);
  if (typeof workers !== "number" || !Number.isInteger(workers) || workers < 1 || workers > 64) {
    throw new InputError([{ path: "workers", message: `must be an integer from 1 to 64, got ${String(workers)}` }]);
  }
  return workers;
}
