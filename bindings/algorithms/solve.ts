/**
 * solve(): the one entry point of the library, with every algorithm of the
 * registry; the CLI, the service, the pools and the page call it.
 */
import { solveWith } from "../core/solve.js";
import type { Instance, Solution, SolveOptions } from "../core/types.js";
import { ALGORITHM_REGISTRY } from "./registry.js";

/**
 * Solves one instance. Typed as an Instance so a TypeScript caller gets
 * completion and compile errors; the input is validated at run time all the
 * same (JSON.parse gives `any`; for `unknown`, validateInstance first).
 */
export function solve(input: Instance, options: SolveOptions = {}): Promise<Solution> {
  return solveWith(ALGORITHM_REGISTRY, input, options);
}
