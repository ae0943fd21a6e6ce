/**
 * The body of POST /v1/solve, checked before anything is queued:
 * `{ "instance": {...}, "options": { "algorithm", "engine", "timeLimitMs" } }`.
 * The instance itself is validated by solve() on the worker (its issues come
 * back with their paths, see errors.ts); here only what the server decides:
 * the envelope, the options, the users cap, and the time limit cap.
 */
import { InputError, type InputIssue } from "../core/errors.js";
import { algorithmIssue, engineIssue } from "../core/options.js";
import type { Algorithm, EngineChoice, SolveOptions } from "../core/types.js";
import { describeValue } from "../core/validate.js";
import type { ServiceLimits } from "./limits.js";

export interface SolveRequest {
  instance: unknown;
  options: SolveOptions & { timeLimitMs: number };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

export function parseSolveRequest(body: unknown, limits: ServiceLimits): SolveRequest {
  const issues: InputIssue[] = [];
  if (!isObject(body)) throw new InputError([{ path: "", message: `the body must be a JSON object with an instance, got ${describeValue(body)}` }]);
  const { instance, options = {} } = body;
  for (const key of Object.keys(body)) {
    if (key !== "instance" && key !== "options") issues.push({ path: key, message: "is not a field of a solve request (instance, options)" });
  }
  if (instance === undefined) issues.push({ path: "instance", message: "is missing (must be an instance object as in docs/model.md)" });
  else if (!isObject(instance)) issues.push({ path: "instance", message: `must be an instance object, got ${describeValue(instance)}` });
  else if (Array.isArray(instance.users) && instance.users.length > limits.maxUsers) {
    issues.push({ path: "instance.users", message: `must hold at most ${limits.maxUsers} users on this server (--max-users), got ${instance.users.length}` });
  }

  const solveOptions: SolveRequest["options"] = { timeLimitMs: limits.maxTimeLimitMs };
  if (!isObject(options)) {
    issues.push({ path: "options", message: `must be an object with algorithm, engine, timeLimitMs, got ${describeValue(options)}` });
  } else {
    for (const [key, value] of Object.entries(options)) {
      if (key === "algorithm") {
        const issue = algorithmIssue(value, "options.algorithm");
        if (issue) issues.push(issue);
        else solveOptions.algorithm = value as Algorithm;
      } else if (key === "engine") {
        const issue = engineIssue(value, "options.engine");
        if (issue) issues.push(issue);
        else solveOptions.engine = value as EngineChoice;
      } else if (key === "timeLimitMs") {
        if (typeof value === "number" && Number.isFinite(value) && value >= 0) {
          // 0 means "no limit" to solve(); a server never runs a search without one.
          solveOptions.timeLimitMs = value === 0 ? limits.maxTimeLimitMs : Math.min(value, limits.maxTimeLimitMs);
        } else {
          issues.push({ path: "options.timeLimitMs", message: `must be a number of milliseconds >= 0 (0: this server's cap), got ${describeValue(value)}` });
        }
      } else {
        issues.push({ path: `options.${key}`, message: "is not a solve option (algorithm, engine, timeLimitMs)" });
      }
    }
  }
  if (issues.length > 0) throw new InputError(issues);
  return { instance, options: solveOptions };
}
