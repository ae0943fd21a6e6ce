/**
 * The checks of solve()'s options, one rule and one wording for every caller:
 * solve() reports them under "algorithm", "engine", ..., the HTTP service
 * under "options.algorithm", ... (the path is the caller's).
 */
import { ENGINE_CHOICES } from "./engine-choices.js";
import { InputError, type InputIssue } from "./errors.js";
import { ALGORITHMS, type Algorithm, type EngineChoice, type SolveOptions } from "./types.js";
import { describeValue } from "./validate.js";
import type { AlgorithmRegistry } from "./algorithm.js";
import { DEFAULT_TIME_LIMIT_MS } from "./budget.js";

const isAlgorithm = (value: unknown): value is Algorithm => (ALGORITHMS as readonly unknown[]).includes(value);
const isEngineChoice = (value: unknown): value is EngineChoice => (ENGINE_CHOICES as readonly unknown[]).includes(value);

/** "auto, wasm or js" */
const ENGINE_WORDS = `${ENGINE_CHOICES.slice(0, -1).join(", ")} or ${ENGINE_CHOICES.at(-1)}`;

// describeValue, not JSON.stringify: a BigInt or a deeply nested array must give an issue too.
export function algorithmIssue(value: unknown, path: string): InputIssue | undefined {
  if (isAlgorithm(value)) return undefined;
  return { path, message: `must be one of ${ALGORITHMS.join(", ")}, got ${describeValue(value)}` };
}

export function engineIssue(value: unknown, path: string): InputIssue | undefined {
  if (isEngineChoice(value)) return undefined;
  return { path, message: `must be ${ENGINE_WORDS}, got ${describeValue(value)}` };
}

export { DEFAULT_TIME_LIMIT_MS };

export interface CheckedOptions {
  algorithm: Algorithm;
  engine: EngineChoice;
  timeLimitMs: number;
}

/** solve()'s options with their defaults, or an InputError naming the first wrong one. */
export function checkSolveOptions(options: SolveOptions, registry: AlgorithmRegistry): CheckedOptions {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new InputError([{ path: "options", message: `must be an object such as { algorithm: "exact" }, got ${describeValue(options)}` }]);
  }
  const algorithm = options.algorithm ?? "exact";
  const wrongAlgorithm = algorithmIssue(algorithm, "algorithm");
  if (wrongAlgorithm) throw new InputError([wrongAlgorithm]);
  const need = registry[algorithm].needsWebAssembly;
  if (need && typeof WebAssembly === "undefined") {
    throw new InputError([{ path: "algorithm", message: `${algorithm} needs WebAssembly (${need.why}), which this host does not have; ${need.instead}` }]);
  }
  const engine = options.engine ?? "auto";
  const wrongEngine = engineIssue(engine, "engine");
  if (wrongEngine) throw new InputError([wrongEngine]);
  const timeLimitMs = options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
  if (typeof timeLimitMs !== "number" || Number.isNaN(timeLimitMs) || timeLimitMs < 0) {
    throw new InputError([{ path: "timeLimitMs", message: `must be a non-negative number of milliseconds, got ${describeValue(timeLimitMs)}` }]);
  }
  return { algorithm, engine, timeLimitMs };
}
