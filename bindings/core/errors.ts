/**
 * Errors about a caller's input. They are values with paths
 * (`users[3].deadlineS`) so a library caller can act on each one, and the CLI
 * can print them as lines for a person, without a stack trace.
 */

/** One problem with an input: where it is and what is wrong. */
export interface InputIssue {
  /** Where the problem is, e.g. `users[3].deadlineS` or `dnn.exits[1].latency.points[2]`; "" for the whole input. */
  path: string;
  /** What is wrong there and what is expected, e.g. `must be a positive number, got -0.1`. */
  message: string;
}

/**
 * At most this many issues are kept and printed: an input with millions of bad
 * entries would otherwise make a message longer than a string can be (and a
 * person reads the first few anyway).
 */
export const MAX_REPORTED_ISSUES = 100;

/**
 * Bad input of any kind: the message is one line per issue, `path: message`,
 * the first MAX_REPORTED_ISSUES of them, then `... and N more problems`.
 */
export class InputError extends Error {
  /** The first MAX_REPORTED_ISSUES issues. */
  readonly issues: InputIssue[];
  /** How many more issues there were beyond `issues` (0 when all are listed). */
  readonly moreIssues: number;

  /** `uncounted`: issues the caller found but did not build (beyond the ones in `issues`). */
  constructor(issues: InputIssue[], uncounted = 0) {
    const kept = issues.length > MAX_REPORTED_ISSUES ? issues.slice(0, MAX_REPORTED_ISSUES) : issues;
    const more = issues.length - kept.length + uncounted;
    const lines = kept.map(formatIssue);
    if (more > 0) lines.push(`... and ${more} more ${more === 1 ? "problem" : "problems"}`);
    super(lines.join("\n"));
    this.name = "InputError";
    this.issues = kept;
    this.moreIssues = more;
  }
}

/** A bad instance (schema or cross-field check failed, or the file is not JSON). */
export class InstanceError extends InputError {
  constructor(issues: InputIssue[], uncounted = 0) {
    super(issues, uncounted);
    this.name = "InstanceError";
  }
}

/** Bad scenario parameters for the generator; paths are parameter names. */
export class ScenarioError extends InputError {
  constructor(issues: InputIssue[], uncounted = 0) {
    super(issues, uncounted);
    this.name = "ScenarioError";
  }
}

export function formatIssue(issue: InputIssue): string {
  return issue.path === "" ? issue.message : `${issue.path}: ${issue.message}`;
}

/** `["users", 3, "deadlineS"]` -> `users[3].deadlineS`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}
