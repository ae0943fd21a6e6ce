/**
 * Memory check: many consecutive `exact` solves (WebAssembly engine) in one
 * process must not grow the kernels' linear memory nor the JS heap.
 *
 * The solves cycle through a few instances of different sizes (up to the
 * default scenario's 60 users, so the check measures memory, not how the
 * kernel scales); one pass over them comes first, so the memory they legitimately need (the largest
 * problem's arrays) is already there when "before" is measured. The heap is
 * measured after a full GC when node runs with --expose-gc (`npm run bench`
 * does); without it the heap figures are only indicative. Each solve has a
 * time limit and the whole check a time budget, so a slow kernel shortens the
 * check (the report says how many solves ran) instead of hanging the suite.
 */
import { loadEngine } from "../bindings/core/engine.js";
import { solve } from "../bindings/algorithms/solve.js";
import type { Instance } from "../bindings/core/types.js";
import { benchInstance } from "./instances.js";

export interface MemoryReport {
  /** Solves asked for, and solves done within the budget. */
  requested: number;
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
const SIZES = [20, 40, 60];
const SEEDS = [1, 2, 3];
const SOLVE_LIMIT_MS = 100;
const BUDGET_MS = 120_000;

function heapBytes(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  return process.memoryUsage().heapUsed;
}

export async function memoryCheck(requested: number): Promise<MemoryReport> {
  const engine = await loadEngine("wasm");
  // The engine's exports are private API; the benchmark reads the memory size only.
  // biome-ignore lint/complexity/useLiteralKeys: only a bracket reaches a private member
  const wasmBytes = () => engine["kernels"].memory.buffer.byteLength;
  const instances: Instance[] = SIZES.flatMap((users) => SEEDS.map((seed) => benchInstance({ users, exits: 5, seed })));
  const options = { algorithm: "exact", engine: "wasm", timeLimitMs: SOLVE_LIMIT_MS } as const;
  for (const instance of instances) await solve(instance, options);

  const started = performance.now();
  const heapBytesBefore = heapBytes();
  const wasmBytesBefore = wasmBytes();
  let solves = 0;
  while (solves < requested && performance.now() - started < BUDGET_MS) {
    await solve(instances[solves % instances.length], options);
    solves++;
  }
  const wasmBytesAfter = wasmBytes();
  const heapBytesAfter = heapBytes();
  const gcExposed = typeof (globalThis as { gc?: unknown }).gc === "function";
  return {
    requested,
    solves,
    instances: `K = ${SIZES.join(", ")} x seeds ${SEEDS.join(", ")}, N = 5, in turn, ${SOLVE_LIMIT_MS} ms limit each`,
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
