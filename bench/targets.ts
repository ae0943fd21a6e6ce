/**
 * The performance targets of the benchmark issue, judged against one run.
 * Reported, never asserted: times on a shared 2-core machine are noisy.
 */
import type { CellResult, Ratio, TargetResult } from "./report.js";
import type { MemoryReport } from "./memory.js";
import type { Contender } from "./runners.js";
import { formatRatio } from "./ratios.js";

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3)) + " ms";

function notMeasured(description: string, why: string): TargetResult {
  return { description, measured: "-", met: undefined, margin: why };
}

function timeTarget(cells: CellResult[], contender: Contender, users: number, exits: number, limitMs: number): TargetResult {
  const description = `${contender} median <= ${limitMs} ms at K=${users}, N=${exits}`;
  const cell = cells.find((c) => c.contender === contender && c.users === users && c.exits === exits);
  if (!cell) return notMeasured(description, "not in this run");
  if (cell.state !== "ok" || !cell.summary) return { description, measured: "> cap", met: false, margin: "hit the time cap" };
  const median = cell.summary.median;
  const met = median <= limitMs;
  const under = limitMs / median >= 2 ? `${(limitMs / median).toFixed(1)}x under the limit` : `${((1 - median / limitMs) * 100).toFixed(0)}% under the limit`;
  const margin = met ? `meets: ${under}` : `misses by ${((median / limitMs - 1) * 100).toFixed(0)}% (${(median / limitMs).toFixed(1)}x the limit)`;
  return { description, measured: ms(median), met, margin };
}

function ratioTarget(ratios: Ratio[], name: string, users: number, exits: number, atLeast: number): TargetResult {
  const description = `${name} >= ${atLeast}x at K=${users}, N=${exits}`;
  const ratio = ratios.find((r) => r.name === name && r.users === users && r.exits === exits);
  if (!ratio) return notMeasured(description, "not in this run (or both sides hit the cap)");
  const shown = formatRatio(ratio);
  const met = ratio.value >= atLeast;
  if (ratio.bound === "at-least") {
    return { description, measured: shown, met: met ? true : undefined, margin: met ? "slower side hit the cap; ratio is a lower bound" : "slower side hit the cap; raise --cap-ms to decide" };
  }
  if (ratio.bound === "at-most") {
    return { description, measured: shown, met: met ? undefined : false, margin: met ? "faster side hit the cap; raise --cap-ms to decide" : "the expected faster side hit the cap" };
  }
  return { description, measured: shown, met, margin: met ? `meets by ${(ratio.value / atLeast).toFixed(1)}x` : `misses: ${(ratio.value / atLeast * 100).toFixed(0)}% of the target ratio` };
}

function memoryTarget(memory: MemoryReport | undefined): TargetResult {
  const description = "no memory growth across 10,000 consecutive exact solves";
  if (!memory) return notMeasured(description, "memory check skipped");
  const heapDelta = memory.heapBytesAfter - memory.heapBytesBefore;
  const measured = `${memory.solves} solves: wasm ${memory.wasmBytesBefore} -> ${memory.wasmBytesAfter} B, heap ${heapDelta >= 0 ? "+" : ""}${(heapDelta / 1024).toFixed(0)} KiB`;
  const fewer = memory.solves < memory.requested ? ` (the time budget stopped it at ${memory.solves} of ${memory.requested})` : "";
  const margin = !memory.gcExposed ? "heap not measured after GC (run node with --expose-gc)" : memory.solves < 10_000 ? `only ${memory.solves} solves in this run${fewer}` : memory.grew ? "memory grew" : "no growth";
  return { description, measured, met: memory.solves >= 10_000 ? !memory.grew : undefined, margin };
}

export function judgeTargets(cells: CellResult[], ratios: Ratio[], memory: MemoryReport | undefined): TargetResult[] {
  return [
    timeTarget(cells, "exact-wasm", 100, 5, 5),
    timeTarget(cells, "exact-wasm", 500, 5, 50),
    ratioTarget(ratios, "milp / exact", 50, 5, 100),
    ratioTarget(ratios, "tree / exact", 50, 5, 100),
    ratioTarget(ratios, "exact js / wasm", 200, 5, 1.3),
    timeTarget(cells, "greedy-wasm", 1000, 5, 1),
    timeTarget(cells, "greedy-wasm", 20000, 5, 20),
    memoryTarget(memory),
  ];
}
