/**
 * The verdict the property tests and the fuzz run pass on one solve():
 * either an InputError whose every issue names a path, or a Solution the
 * independent checker accepts, with finite numbers and served <= upperBound.
 * Anything else (another exception, a wrong schedule) throws a PropertyFailure
 * saying what went wrong, which fast-check reports with its seed and path.
 */
import { InputError, MAX_REPORTED_ISSUES } from "../../bindings/core/errors.js";
import { solve } from "../../bindings/algorithms/solve.js";
import type { Algorithm, EngineChoice, Instance, Solution } from "../../bindings/core/types.js";
import { checkSolution } from "../checker.js";

export class PropertyFailure extends Error {}

export type Outcome = { kind: "rejected"; error: InputError } | { kind: "solved"; solution: Solution };

/** Every number in a Solution must be finite: NaN or Infinity would print as null in --json. */
function nonFiniteNumbers(value: unknown, path = "solution", out: string[] = []): string[] {
  if (typeof value === "number" && !Number.isFinite(value)) out.push(`${path} = ${value}`);
  else if (Array.isArray(value)) value.forEach((item, i) => nonFiniteNumbers(item, `${path}[${i}]`, out));
  else if (value !== null && typeof value === "object") for (const [key, item] of Object.entries(value)) nonFiniteNumbers(item, `${path}.${key}`, out);
  return out;
}

/** The issues must each name where the problem is (a path, or "the instance" for the whole input). */
export function checkInputError(error: InputError): void {
  if (error.issues.length === 0) throw new PropertyFailure(`${error.name} without issues: ${error.message}`);
  if (error.issues.length > MAX_REPORTED_ISSUES) throw new PropertyFailure(`${error.issues.length} issues kept, more than ${MAX_REPORTED_ISSUES}`);
  for (const issue of error.issues) {
    if (issue.path === "" && !issue.message.startsWith("the instance ")) throw new PropertyFailure(`issue without a path: ${issue.message}`);
    if (issue.message.length === 0 || issue.message.length > 400)
      throw new PropertyFailure(`issue message of ${issue.message.length} characters at ${issue.path}`);
  }
  if (error.message.split("\n").length > MAX_REPORTED_ISSUES + 1) throw new PropertyFailure("message longer than the cap");
}

export function checkSolved(input: unknown, solution: Solution): void {
  const violations = checkSolution(input as Instance, solution);
  if (violations.length > 0) throw new PropertyFailure(`${solution.algorithm} on ${solution.engine}: ${violations.slice(0, 5).join("; ")}`);
  if (!(solution.served <= solution.upperBound)) throw new PropertyFailure(`served ${solution.served} > upperBound ${solution.upperBound}`);
  const bad = nonFiniteNumbers(solution);
  if (bad.length > 0) throw new PropertyFailure(`${solution.algorithm} on ${solution.engine}: non-finite ${bad.slice(0, 3).join(", ")}`);
}

/** Runs solve() and checks its outcome; throws PropertyFailure on anything the model does not allow. */
export async function judge(input: unknown, algorithm: Algorithm, engine: EngineChoice, timeLimitMs: number): Promise<Outcome> {
  let solution: Solution;
  try {
    solution = await solve(input as Instance, { algorithm, engine, timeLimitMs });
  } catch (error) {
    if (error instanceof InputError) {
      checkInputError(error);
      return { kind: "rejected", error };
    }
    const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new PropertyFailure(`${algorithm} on ${engine} threw ${what.slice(0, 300)}`);
  }
  checkSolved(input, solution);
  return { kind: "solved", solution };
}

/** True when some issue is at `path` or inside it. */
export function namesPath(error: InputError, path: string): boolean {
  if (path === "") return error.issues.length > 0;
  return error.issues.some((i) => i.path === path || i.path.startsWith(`${path}.`) || i.path.startsWith(`${path}[`));
}

/** The schedule itself, without timings: what both engines must agree on. */
export function scheduleOf(solution: Solution): unknown {
  const { stats, engine, ...rest } = solution;
  return { ...rest, nodes: stats.nodes };
}
