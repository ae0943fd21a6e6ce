/** edge-alloc: resource allocation for multiuser edge inference with batching and early exiting. */
export { solve } from "./core/solve.js";
export { loadEngine } from "./core/engine.js";
export { validateInstance, parseInstanceJson } from "./core/validate.js";
export { InputError, InstanceError } from "./core/errors.js";
export { generateInstance, DEFAULT_SCENARIO } from "./scenarios/generate.js";
export { PROFILES, getProfile } from "./scenarios/profiles.js";
export * from "./core/types.js";
export { simulate, resolveSimulation, DEFAULT_SIMULATION_ALGORITHMS, type SimulationOptions, type SimulationResult } from "./simulation/simulate.js";
