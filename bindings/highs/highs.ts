/**
 * HiGHS (npm `highs`, the HiGHS solver compiled to WebAssembly), loaded once
 * per process and shared: loading costs ~40 ms, a solve then runs
 * synchronously. Concurrent first calls share one promise; a failed load is
 * forgotten so a later call may retry. The glue (highs-runtime.js) and
 * highs.wasm are copies made by scripts/build-kernels.mjs that sit beside this
 * file, so bundlers find highs.wasm as they find kernels.wasm; this module
 * reads or fetches it (wasm-bytes.ts) and only then starts the glue.
 */
import type { Highs, ModelData, ModelStatusCode } from "highs";
import { compileWasm } from "../core/wasm-bytes.js";
import { getHighsWasmUrl, onHighsWasmUrlChange } from "./wasm-url.js";

/** A HiGHS load failure or an unusable solve outcome; never turned into a schedule. */
export class HighsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HighsError";
  }
}

/** The emscripten factory of highs-runtime.js; we hand it the instantiated module. */
type HighsFactory = (options: { instantiateWasm(imports: WebAssembly.Imports, receive: (instance: WebAssembly.Instance) => void): object }) => Promise<Highs>;

const realFactory = async () => (await import("./highs-runtime.js")).default as unknown as HighsFactory;
/** How the runtime is obtained; tests replace it to exercise the failure path. */
let importFactory: () => Promise<HighsFactory> = realFactory;
let loading: Promise<Highs> | undefined;
onHighsWasmUrlChange(() => (loading = undefined));

/** For tests: substitute the factory (undefined restores the real one) and forget any loaded runtime. */
export function setHighsLoaderForTests(factory: (() => Promise<HighsFactory>) | undefined): void {
  importFactory = factory ?? realFactory;
  loading = undefined;
}

async function load(): Promise<Highs> {
  try {
    if (typeof WebAssembly === "undefined") throw new Error("this host has no WebAssembly");
    const factory = await importFactory();
    const module = await compileWasm(getHighsWasmUrl(), "highs.wasm");
    // The glue waits for `receive` and cannot be told of a failure: race it against one.
    let fail: (error: unknown) => void = () => {};
    const failed = new Promise<never>((_, reject) => (fail = reject));
    const runtime = factory({
      instantiateWasm(imports, receive) {
        WebAssembly.instantiate(module, imports).then(receive, fail);
        return {};
      },
    });
    return await Promise.race([runtime, failed]);
  } catch (error) {
    throw new HighsError(`HiGHS failed to load: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function loadHighs(): Promise<Highs> {
  if (!loading) {
    const p = load();
    loading = p;
    p.catch(() => {
      if (loading === p) loading = undefined;
    });
  }
  return loading;
}

/** Model status codes of the HiGHS C API (highs.constants.modelStatus mirrors them). */
export const MODEL_STATUS = { optimal: 7, infeasible: 8, timeLimit: 13 } as const;

const STATUS_NAMES: Record<number, string> = {
  0: "not set",
  1: "load error",
  2: "model error",
  3: "presolve error",
  4: "solve error",
  5: "postsolve error",
  6: "model empty",
  7: "optimal",
  8: "infeasible",
  9: "unbounded or infeasible",
  10: "unbounded",
  11: "objective bound",
  12: "objective target",
  13: "time limit",
  14: "iteration limit",
  15: "unknown",
  16: "solution limit",
  17: "interrupt",
};

export function statusName(status: number): string {
  return STATUS_NAMES[status] ?? `status ${status}`;
}

export interface HighsRun {
  status: ModelStatusCode;
  /** Column values when a primal solution exists (the MIP's incumbent, or the LP's optimum). */
  colValue: Float64Array | undefined;
  objective: number;
  /** Best proved bound on the objective (for maximisation an upper bound); the objective itself for an LP. */
  dualBound: number;
}

export interface RunOptions {
  /** Seconds; Infinity for none. */
  timeLimitS: number;
  /** MIP models only: stop when the incumbent and bound are this close in objective units. */
  mipAbsoluteGap?: number;
  /** HiGHS presolve; default "choose". On these small LPs it costs more than the solve itself. */
  presolve?: "off" | "choose" | "on";
}

/**
 * Solve one model and release it. Statuses other than optimal, infeasible and
 * time limit throw a HighsError naming the status; so does any native error.
 */
export function runModel(highs: Highs, model: ModelData, options: RunOptions): HighsRun {
  const isMip = model.integrality !== undefined;
  try {
    return highs.withModel(model, (m) => {
      m.options.set({ output_flag: false, random_seed: 0, presolve: options.presolve ?? "choose" });
      if (Number.isFinite(options.timeLimitS)) m.options.set("time_limit", Math.max(options.timeLimitS, 1e-3));
      if (isMip) {
        m.options.set({ mip_rel_gap: 0, mip_abs_gap: options.mipAbsoluteGap ?? 1e-6 });
      }
      const status = m.run().modelStatus;
      if (status !== MODEL_STATUS.optimal && status !== MODEL_STATUS.infeasible && status !== MODEL_STATUS.timeLimit) {
        throw new HighsError(`HiGHS ended with status "${statusName(status)}" (${status})`);
      }
      const hasPrimal = status === MODEL_STATUS.optimal || Number(m.info.get("primal_solution_status")) === 2;
      const objective = hasPrimal ? m.getObjectiveValue() : NaN;
      let dualBound = objective;
      if (isMip) {
        dualBound = status === MODEL_STATUS.infeasible ? -Infinity : Number(m.info.get("mip_dual_bound"));
      } else if (status !== MODEL_STATUS.optimal) {
        dualBound = status === MODEL_STATUS.infeasible ? -Infinity : Infinity;
      }
      return { status, colValue: hasPrimal ? m.getSolution().colValue : undefined, objective, dualBound };
    });
  } catch (error) {
    if (error instanceof HighsError) throw error;
    // A native failure (an Emscripten abort, e.g. out of memory on a huge model) leaves
    // the module unusable: forget it, so the next solve loads a fresh one.
    loading = undefined;
    throw new HighsError(`HiGHS failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export { setHighsWasmUrl } from "./wasm-url.js";
