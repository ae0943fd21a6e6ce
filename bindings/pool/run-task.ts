/** The body of every pool worker, Node or browser: one solve() call, its outcome as a reply. */
import { solve } from "../algorithms/solve.js";
import type { Instance } from "../core/types.js";
import type { SolveReply, SolveTask } from "./types.js";
import { errorToWire } from "./wire-error.js";

export async function runTask(task: SolveTask): Promise<SolveReply> {
  try {
    // Typed as unknown on the way in (it crossed a thread); solve() validates it like any input.
    return { ok: true, solution: await solve(task.instance as Instance, task.options) };
  } catch (error) {
    return { ok: false, error: errorToWire(error) };
  }
}
