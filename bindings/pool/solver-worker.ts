/**
 * The default script of the browser pool's workers (createSolverPool in the
 * browser root starts `solver-worker.js` beside browser-pool.js). The .wasm
 * files are found where the engine and HiGHS loaders look by default; a
 * page that serves them elsewhere writes its own entry: setWasmUrl,
 * setHighsWasmUrl, then startSolverWorker() from web-worker.ts.
 */
import { startSolverWorker } from "./web-worker.js";

startSolverWorker();
