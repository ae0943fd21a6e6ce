/**
 * edge-alloc for browsers: the same library as bindings/index.ts, plus the
 * two loaders' URL setters. The bundle (scripts/build-web.mjs) ships
 * kernels.wasm and highs.wasm as separate files beside this module, so by
 * default both are fetched from next to it; a page serving them elsewhere
 * calls setWasmUrl / setHighsWasmUrl before its first solve. Nothing is
 * fetched until the first solve needs it; after that both are cached.
 */
import { setWasmUrl } from "../bindings/core/engine.js";
import { setHighsWasmUrl } from "../bindings/highs/highs.js";

setWasmUrl(new URL("./kernels.wasm", import.meta.url));
setHighsWasmUrl(new URL("./highs.wasm", import.meta.url));

export * from "../bindings/index.js";
export { setWasmUrl, setHighsWasmUrl };
export { formatIssue } from "../bindings/core/errors.js";
export { PROFILE_NAMES } from "../bindings/scenarios/profiles.js";
export { isAbortError } from "../bindings/pool/wire-error.js";
export { ScenarioError } from "../bindings/core/errors.js";
export type { ScenarioParams } from "../bindings/scenarios/generate.js";
export type { InputIssue } from "../bindings/core/errors.js";
