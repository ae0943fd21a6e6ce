/**
 * edge-alloc: resource allocation for multiuser edge inference with batching
 * and early exiting. The package root for browsers and bundlers (and the
 * `default` export condition): nothing reachable from here imports a Node
 * module. Node gets node.ts, which adds what needs Node.
 */
export { solve } from "./algorithms/solve.js";
export { loadEngine, setWasmUrl } from "./core/engine.js";
export { setHighsWasmUrl } from "./highs/wasm-url.js";
export { validateInstance, parseInstanceJson } from "./core/validate.js";
export { InputError, InstanceError, type InputIssue } from "./core/errors.js";
export { generateInstance, DEFAULT_SCENARIO, type ScenarioParams } from "./scenarios/generate.js";
export { PROFILES, getProfile, type Profile } from "./scenarios/profiles.js";
export * from "./core/types.js";
export { ENGINE_CHOICES } from "./core/engine-choices.js";
export {
  simulate,
  resolveSimulation,
  DEFAULT_SIMULATION_ALGORITHMS,
  type SimulationConfig,
  type SimulationOptions,
  type SimulationResult,
} from "./simulation/simulate.js";
export type { AlgorithmRun, FrameRecord, FrameRow, FrameSetup, Policy, TaskOutcome } from "./simulation/frames.js";
export type { AlgorithmSummary, MeanCi, UserSummary } from "./simulation/statistics.js";
export type { CellUser, Task } from "./simulation/trace.js";
export { createSolverPool, type BrowserSolverPoolOptions } from "./pool/browser-pool.js";
export type { SolverPool, SolverPoolOptions, PoolSolveOptions } from "./pool/types.js";
