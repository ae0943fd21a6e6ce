/**
 * Loading the kernels (WebAssembly, or the wasm2js fallback where WebAssembly
 * is missing or fails) once per process, and running them on a prepared
 * problem. The WebAssembly module is compiled asynchronously once and cached;
 * concurrent first calls share that promise; after that, runs are synchronous.
 * Nothing here imports a Node module: the same file runs in browsers.
 */
import type { EngineChoice, EngineName } from "./types.js";
import type { PreparedProblem } from "./prepare.js";
import type { RawSchedule } from "./schedule.js";
import { InputError } from "./errors.js";
import { compileWasm } from "./wasm-bytes.js";
import * as C from "./kernel-contract.js";
import { EXACT_SEARCH_SHARE } from "./budget.js";

/** The raw exports both engines share (see assembly/index.ts). */
export interface KernelExports {
  setup(users: number, exits: number, batchLimit: number, bandwidthHz: number): void;
  arrayAddress(which: number): number;
  run(algorithm: number, stopAtMs: number, exactSearchShare: number): void;
  wminHz(dataBits: number, snrHz: number, tauS: number): number;
  memory: { buffer: ArrayBuffer };
}

/** The kernel algorithms by name, with their codes from the kernel contract. */
export const KERNEL = {
  exact: C.ALGORITHM_EXACT,
  tree: C.ALGORITHM_TREE,
  greedy: C.ALGORITHM_GREEDY,
  bsp: C.ALGORITHM_BSP,
  sequential: C.ALGORITHM_SEQUENTIAL,
} as const;
export type KernelAlgorithm = keyof typeof KERNEL;

const imports = { env: { nowMs: () => performance.now() } };

export class Engine {
  constructor(
    readonly name: EngineName,
    private readonly kernels: KernelExports,
  ) {}

  /** Least bandwidth (Hz) to upload dataBits within tauS; Infinity if unreachable. */
  wminHz(dataBits: number, snrHz: number, tauS: number): number {
    return this.kernels.wminHz(dataBits, snrHz, tauS);
  }

  /**
   * Run one kernel algorithm on a prepared problem until `stopAtMs`, a time on
   * performance.now()'s clock (budget.ts; Infinity: no limit): setting up and
   * copying the problem in (10-40 ms at a million users) come out of it too. With `views`, the schedule's
   * arrays are views of the kernels' memory, valid only until the next run on
   * this engine (solve() reads them at once; copying 20 MB out at a million
   * users costs 10-30 ms and often a garbage collection of the caller's heap).
   */
  run(problem: PreparedProblem, algorithm: KernelAlgorithm, stopAtMs: number, views = false): RawSchedule {
    const k = this.kernels;
    const { K, N } = problem;
    k.setup(K, N, problem.maxBatch, problem.bandwidthHz);
    // Views are made after setup: growing memory detaches earlier ones.
    const f64 = (which: number, length: number) => new Float64Array(k.memory.buffer, k.arrayAddress(which), length);
    const i32 = (which: number, length: number) => new Int32Array(k.memory.buffer, k.arrayAddress(which), length);
    f64(C.ARRAY_DATA_BITS, K).set(problem.dataBits);
    f64(C.ARRAY_SNR_HZ, K).set(problem.snrHz);
    f64(C.ARRAY_DEADLINE_S, K).set(problem.deadlineS);
    i32(C.ARRAY_MIN_EXIT, K).set(problem.minExit);
    f64(C.ARRAY_BLOCK_TIME_S, problem.blockTimeS.length).set(problem.blockTimeS);
    f64(C.ARRAY_WEIGHT, K).set(problem.weight);
    k.run(KERNEL[algorithm], stopAtMs, EXACT_SEARCH_SHARE);

    const out = <T extends Int32Array | Float64Array>(a: T): T => (views ? a : (a.slice() as T));
    const result = f64(C.ARRAY_RESULT, C.RESULT_SLOTS);
    return {
      // Flags 0/1 as the kernel wrote them: a copy of the same type is a memcpy (into a
      // Uint8Array, .set converts element by element: ~200 ms at a million users).
      served: out(i32(C.ARRAY_SERVED, K)),
      exit: out(i32(C.ARRAY_EXIT, K)),
      bandwidthHz: out(f64(C.ARRAY_BANDWIDTH_HZ, K)),
      reason: out(i32(C.ARRAY_REASON, K)),
      runOrder: out(i32(C.ARRAY_RUN_ORDER, result[C.RESULT_RUN_ORDER_LENGTH])),
      tauS: result[C.RESULT_TAU_S],
      status: result[C.RESULT_STATUS] === C.STATUS_OPTIMAL ? "optimal" : "feasible",
      upperBound: result[C.RESULT_UPPER_BOUND],
      weightBound: result[C.RESULT_WEIGHT_BOUND],
      nodes: result[C.RESULT_NODES],
    };
  }
}

/** The kernels' .wasm, beside this module in the package (bundlers copy it and rewrite the URL). */
const KERNELS_WASM = new URL("./kernels.wasm", import.meta.url);
let wasmUrl: URL | string = KERNELS_WASM;

/**
 * Where to load kernels.wasm from, for bundles that do not copy it (call
 * before the first solve). Forgets an earlier failed load, so the next solve
 * tries the new URL.
 */
export function setWasmUrl(url: URL | string): void {
  wasmUrl = url;
  cache.delete("wasm");
  warnedAutoFallback = false;
}

const noWebAssembly = () => typeof WebAssembly === "undefined";

async function loadWasm(): Promise<Engine> {
  if (noWebAssembly()) {
    throw new InputError([{ path: "engine", message: "wasm needs WebAssembly, which this host does not have; use auto or js (the same kernels in plain JS)" }]);
  }
  const module = await compileWasm(wasmUrl, "kernels.wasm");
  const instance = await WebAssembly.instantiate(module, imports);
  return new Engine("wasm", instance.exports as unknown as KernelExports);
}

async function loadJs(): Promise<Engine> {
  const { instantiateFallback } = await import("../../js-fallback/load.js");
  return new Engine("js", instantiateFallback(imports) as KernelExports);
}

/**
 * One load per engine and process. A failed load is remembered too, so a
 * missing .wasm is requested once, not on every solve; setWasmUrl clears it.
 */
const cache = new Map<EngineName, Promise<Engine>>();

function load(name: EngineName): Promise<Engine> {
  let p = cache.get(name);
  if (!p) {
    p = name === "wasm" ? loadWasm() : loadJs();
    cache.set(name, p);
    p.catch(() => {}); // remembered, not unhandled: the caller of load sees the rejection
  }
  return p;
}

let warnedAutoFallback = false;

/**
 * The engine for a choice: `auto` is WebAssembly unless the host has none
 * (then the JS fallback, silently: that is what it is for) or the .wasm fails
 * to load (then the JS fallback, with one warning naming the URL).
 */
export async function loadEngine(choice: EngineChoice = "auto"): Promise<Engine> {
  if (choice === "wasm" || choice === "js") return load(choice);
  if (noWebAssembly()) return load("js");
  try {
    return await load("wasm");
  } catch (error) {
    if (!warnedAutoFallback) {
      warnedAutoFallback = true;
      console.warn(
        `edge-alloc: using the JS fallback: ${error instanceof Error ? error.message : String(error)} (setWasmUrl points to where kernels.wasm is served)`,
      );
    }
    return load("js");
  }
}
