// Types of the generated js-fallback/kernels.js (scripts/build-kernels.mjs):
// wasm2js's translation of build/kernels.wasm, made a factory.
export declare function instantiate(imports: { env: { nowMs(): number } }): unknown;
