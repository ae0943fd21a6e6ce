/**
 * The planner's solver worker (built to build/web/solver-worker.js): the
 * .wasm files sit beside it, as beside edge-alloc.js; the rest is the
 * library's browser pool worker.
 */
import { setWasmUrl } from "../bindings/core/engine.js";
import { setHighsWasmUrl } from "../bindings/highs/wasm-url.js";
import { startSolverWorker } from "../bindings/pool/web-worker.js";

setWasmUrl(new URL("./kernels.wasm", import.meta.url));
setHighsWasmUrl(new URL("./highs.wasm", import.meta.url));
startSolverWorker();
