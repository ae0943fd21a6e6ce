/**
 * Memory check: many consecutive `exact` solves (WebAssembly engine) in one
 * process must not grow the kernels' linear memory nor the JS heap.
 *
 * The solves cycle through a few instances of different sizes; one pass over
 * them comes first, so the memory they legitimately need (the largest
 * problem's arrays) is already there when "before" is measured. The heap is
 * measured after a full GC when node runs with --expose-gc (`npm run bench`
 * does); without it the heap figures are only indicative.
 */
import { loadEngine } from "../bindings/engine.js";
import { solve } from "../bindings/solve.js";
import type { Instance } from "../bindings/types.js";
import { benchInstance } from "./instances.js";

export interface MemoryReport {
  solves: number;
  instances: string;
  wasmBytesBefore: number;
  wasmBytesAfter: number;
  heapBytesBefore: number;
  heapBytesAfter: number;
  gcExposed: boolean;
  seconds: number;
  /** Heap growth allowed before calling it growth: GC leaves a little noise. */
  heapToleranceBytes: number;
  grew: boolean;
}

const HEAP_TOLERANCE_BYTES = 1 << 20;
const SIZES = [20, 60, 100];
const SEEDS = [1, 2, 3];

function heapBytes(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  return process.memoryUsage().heapUsed;
}

export async function memoryCheck(solves: number): Promise<MemoryReport> {
  const engine = await loadEngine("wasm");
  // The engine's exports are private API; the benchmark reads the memory size only.
  const wasmBytes = () => engine["kernels"].memory.buffer.byteLength;
  const instances: Instance[] = SIZES.flatMap((users) => SEEDS.map((seed) => benchInstance({ users, exits: 5, seed })));
  for (const instance of instances) await solve(instance, { algorithm: "exact", engine: "wasm" });

  const started = performance.now();
  const heapBytesBefore = heapBytes();
  const wasmBytesBefore = wasmBytes();
  for (let i = 0; i < solves; i++) {
    await solve(instances[i % instances.length], { algorithm: "exact", engine: "wasm" });
  }
  const wasmBytesAfter = wasmBytes();
  const heapBytesAfter = heapBytes();
  const gcExposed = typeof (globalThis as { gc?: unknown }).gc === "function";
  return {
    solves,
    instances: `K = ${SIZES.join(", ")} x seeds ${SEEDS.join(", ")}, N = 5, in turn`,
    wasmBytesBefore,
    wasmBytesAfter,
    heapBytesBefore,
    heapBytesAfter,
    gcExposed,
    seconds: (performance.now() - started) / 1000,
    heapToleranceBytes: HEAP_TOLERANCE_BYTES,
    grew: wasmBytesAfter > wasmBytesBefore || (gcExposed && heapBytesAfter - heapBytesBefore > HEAP_TOLERANCE_BYTES),
  };
}
