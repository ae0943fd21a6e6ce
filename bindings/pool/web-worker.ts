/**
 * A browser pool worker: answers `{ id, task }` with `{ id, reply }`, one solve
 * at a time. The page's worker entry (web/solver-worker.ts) sets where the
 * .wasm files are served, then calls startSolverWorker(). A call, not an
 * import for its side effect: the package is marked side-effect free, so a
 * bundler may drop a bare import.
 */
import { runTask } from "./run-task.js";
import type { SolveTask } from "./types.js";

export function startSolverWorker(): void {
  const scope = globalThis as unknown as {
    onmessage: ((event: MessageEvent<{ id: number; task: SolveTask }>) => void) | null;
    postMessage: (message: unknown) => void;
  };
  scope.onmessage = async (event) => {
    const { id, task } = event.data;
    scope.postMessage({ id, reply: await runTask(task) });
  };
}
