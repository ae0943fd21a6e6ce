/**
 * Errors about a caller's input. They are values with paths
 * (`users[3].deadlineS`) so a library caller can act on each one, and the CLI
 * can print them as lines for a person, without a stack trace.
 */

export interface InputIssue {
  /** Where the problem is, e.g. `users[3].deadlineS` or `dnn.exits[1].latency.points[2]`; "" for the whole input. */
  path: string;
  message: string;
}

/** Bad input of any kind: the message is one line per issue, `path: message`. */
export class InputError extends Error {
  readonly issues: InputIssue[];

  constructor(issues: InputIssue[]) {
    super(issues.map(formatIssue).join("\n"));
    this.name = "InputError";
    this.issues = issues;
  }
}

/** A bad instance (schema or cross-field check failed, or the file is not JSON). */
export class InstanceError extends InputError {
  constructor(issues: InputIssue[]) {
    super(issues);
    this.name = "InstanceError";
  }
}

/** Bad scenario parameters for the generator; paths are parameter names. */
export class ScenarioError extends InputError {
  constructor(issues: InputIssue[]) {
    super(issues);
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
