/** edge-alloc: resource allocation for multiuser edge inference with batching and early exiting. */
export { solve } from "./solve.js";
export { loadEngine } from "./engine.js";
export { validateInstance, parseInstanceJson } from "./validate.js";
export { InputError, InstanceError } from "./errors.js";
export { generateInstance, DEFAULT_SCENARIO } from "./generate.js";
export { PROFILES, getProfile } from "./profiles.js";
export * from "./types.js";
