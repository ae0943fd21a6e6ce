/**
 * The lines of the error `run` throws, when it is of class `kind` (one issue
 * a line); fails the test if `run` returns, or throws anything else.
 */
export function issueLines(run: () => unknown, kind: abstract new (...args: never[]) => Error): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof kind) return error.message.split("\n");
    throw error;
  }
  throw new Error(`expected ${/^[AEIOU]/.test(kind.name) ? "an" : "a"} ${kind.name}`);
}
