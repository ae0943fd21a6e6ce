// Types of the generated bindings/highs/highs-runtime.js (scripts/build-kernels.mjs):
// the emscripten factory of npm `highs`; highs.ts narrows the options it passes.
declare const loadHighsRuntime: (options?: object) => Promise<unknown>;
export default loadHighsRuntime;
