// YALPS (pure-JS LP/MILP, MIT) solving one mixed-integer model in a worker
// thread, so the benchmark can stop it: YALPS's own `timeout` only bounds its
// branch and cut, not the root LP, and a synchronous solve cannot be
// interrupted from the thread that started it.
//
// Plain JS (not TS) so the worker loads without a TS loader, under tsx and vitest alike.
//
// On start it posts { ready: true }; the runner starts no clock before that.
// Message in: { id, model: { numCols, colCost, rowLower, rowUpper, starts, indices, values }, timeoutMs }
// (the CSR arrays of a HiGHS ModelData, every column binary, maximised).
// Message out: { id, status, objective, values, timeMs }; timeMs covers the
// conversion to YALPS's format and the solve (HiGHS's timing likewise includes passing its model).
import { parentPort } from "node:worker_threads";
import { solve } from "yalps";

const OBJECTIVE = -1;

/** The same model in YALPS's terms: row i is constraint i, column j is variable j. */
function yalpsModel(model) {
  const constraints = new Map();
  for (let i = 0; i < model.rowLower.length; i++) {
    const lower = model.rowLower[i];
    const upper = model.rowUpper[i];
    if (lower === upper) constraints.set(i, { equal: lower });
    else {
      const bound = {};
      if (lower > -Infinity) bound.min = lower;
      if (upper < Infinity) bound.max = upper;
      constraints.set(i, bound);
    }
  }
  const columns = Array.from({ length: model.numCols }, (_, j) => (model.colCost[j] !== 0 ? [[OBJECTIVE, model.colCost[j]]] : []));
  for (let i = 0; i < model.rowLower.length; i++) {
    for (let p = model.starts[i]; p < model.starts[i + 1]; p++) columns[model.indices[p]].push([i, model.values[p]]);
  }
  return { direction: "maximize", objective: OBJECTIVE, constraints, variables: columns.map((coefficients, j) => [j, coefficients]), binaries: true };
}

parentPort.postMessage({ ready: true });

parentPort.on("message", ({ id, model, timeoutMs }) => {
  const started = performance.now();
  // maxPivots well above the default 8192: the larger models need more pivots than that, and the
  // benchmark's wall-clock guard, not a pivot count, is what stops a run that takes too long.
  const solution = solve(yalpsModel(model), { timeout: timeoutMs, maxPivots: 1e7, includeZeroVariables: true });
  const values = new Float64Array(model.numCols);
  for (const [j, v] of solution.variables) values[j] = v;
  parentPort.postMessage({ id, status: solution.status, objective: solution.result, values, timeMs: performance.now() - started });
});
