/**
 * The performance targets of the benchmark issue, judged against one run.
 * Reported, never asserted: times on a shared 2-core machine are noisy.
 */
import type { CellResult, Ratio, TargetResult } from "./report.js";
import type { MemoryReport } from "./memory.js";
import type { Contender } from "./runners.js";
import { formatRatio } from "./ratios.js";
import type { LargeCellReport } from "./large-cell-suite.js";

const ms = (x: number) => `${x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3)} ms`;

function notMeasured(description: string, why: string): TargetResult {
  return { description, measured: "-", met: undefined, margin: why };
}

function timeTarget(cells: CellResult[], contender: Contender, users: number, exits: number, limitMs: number, family?: "large-cell"): TargetResult {
  const description = `${contender} median <= ${limitMs} ms at K=${users}, N=${exits}${family ? " (large cell)" : ""}`;
  const cell = cells.find((c) => c.contender === contender && c.users === users && c.exits === exits && c.family === family);
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
    return {
      description,
      measured: shown,
      met: met ? true : undefined,
      margin: met ? "slower side hit the cap; ratio is a lower bound" : "slower side hit the cap; raise --cap-ms to decide",
    };
  }
  if (ratio.bound === "at-most") {
    return {
      description,
      measured: shown,
      met: met ? undefined : false,
      margin: met ? "faster side hit the cap; raise --cap-ms to decide" : "the expected faster side hit the cap",
    };
  }
  return {
    description,
    measured: shown,
    met,
    margin: met ? `meets by ${(ratio.value / atLeast).toFixed(1)}x` : `misses: ${((ratio.value / atLeast) * 100).toFixed(0)}% of the target ratio`,
  };
}

function memoryTarget(memory: MemoryReport | undefined): TargetResult {
  const description = "no memory growth across 10,000 consecutive exact solves";
  if (!memory) return notMeasured(description, "memory check skipped");
  const heapDelta = memory.heapBytesAfter - memory.heapBytesBefore;
  const measured = `${memory.solves} solves: wasm ${memory.wasmBytesBefore} -> ${memory.wasmBytesAfter} B, heap ${heapDelta >= 0 ? "+" : ""}${(heapDelta / 1024).toFixed(0)} KiB`;
  const fewer = memory.solves < memory.requested ? ` (the time budget stopped it at ${memory.solves} of ${memory.requested})` : "";
  const margin = !memory.gcExposed
    ? "heap not measured after GC (run node with --expose-gc)"
    : memory.solves < 10_000
      ? `only ${memory.solves} solves in this run${fewer}`
      : memory.grew
        ? "memory grew"
        : "no growth";
  return { description, measured, met: memory.solves >= 10_000 ? !memory.grew : undefined, margin };
}

const GAP_LIMIT = 0.05;

/** Cut short after 100 ms at K = 1000, the proved bound within 5% of the schedule (every N). */
function gapTarget(large: LargeCellReport | undefined, users: number): TargetResult {
  const description = `exact-wasm cut short at ${users} users after 100 ms: bound within ${GAP_LIMIT * 100}% of the schedule (large cell, every N)`;
  const runs = large?.cutShort.filter((r) => r.users === users) ?? [];
  if (runs.length === 0) return notMeasured(description, "not in this run");
  const worst = runs.reduce((a, b) => (b.gap > a.gap ? b : a));
  const measured = runs.map((r) => `N=${r.exits}: ${r.served}/${r.upperBound}${r.status === "optimal" ? " (proved)" : ""}`).join(", ");
  const met = worst.gap <= GAP_LIMIT;
  return {
    description,
    measured,
    met,
    margin: met ? `worst gap ${(worst.gap * 100).toFixed(1)}%` : `worst gap ${(worst.gap * 100).toFixed(1)}% at N=${worst.exits}`,
  };
}

const SHARE_LIMIT = 0.97;

/** greedy serves >= 97% of the optimum on the large cell at K = 500-1000 (every N where exact proved it). */
function greedyShareTarget(cells: CellResult[]): TargetResult {
  const description = `greedy-wasm serves >= ${SHARE_LIMIT * 100}% of the optimum (large cell, K=500-1000, every N)`;
  const shares: Array<{ users: number; exits: number; share: number }> = [];
  for (const exact of cells.filter((c) => c.family === "large-cell" && c.contender === "exact-wasm" && c.state === "ok" && c.users >= 500 && c.users <= 1000)) {
    const greedy = cells.find((c) => c.family === "large-cell" && c.contender === "greedy-wasm" && c.users === exact.users && c.exits === exact.exits);
    if (greedy?.served !== undefined && exact.served) shares.push({ users: exact.users, exits: exact.exits, share: greedy.served / exact.served });
  }
  if (shares.length === 0) return notMeasured(description, "no proved optimum at K=500-1000 in this run");
  const worst = shares.reduce((a, b) => (b.share < a.share ? b : a));
  const met = worst.share >= SHARE_LIMIT;
  return {
    description,
    measured: shares.map((s) => `${(s.share * 100).toFixed(1)}%`).join(", "),
    met,
    margin: `worst ${(worst.share * 100).toFixed(1)}% at K=${worst.users}, N=${worst.exits}`,
  };
}

/** The whole solve() within 1.3x the limit + 20 ms, every algorithm, at the limit check's K. */
function limitTarget(large: LargeCellReport | undefined): TargetResult {
  const runs = large?.limits ?? [];
  const description = `whole solve() within 1.3x the limit + 20 ms, every algorithm${runs.length > 0 ? ` (K=${runs[0].users}, large cell, ${runs[0].limitMs} ms)` : ""}`;
  if (runs.length === 0) return notMeasured(description, "limit check skipped");
  const allowed = 1.3 * runs[0].limitMs + 20;
  const worst = runs.reduce((a, b) => (b.wallMs > a.wallMs ? b : a));
  const met = worst.wallMs <= allowed;
  return {
    description,
    measured: `slowest ${worst.algorithm} ${ms(worst.wallMs)}`,
    met,
    margin: met ? `${ms(allowed - worst.wallMs)} to spare` : `over by ${ms(worst.wallMs - allowed)}`,
  };
}

export function judgeTargets(cells: CellResult[], ratios: Ratio[], memory: MemoryReport | undefined, large?: LargeCellReport): TargetResult[] {
  const largeCells = large?.cells ?? [];
  return [
    timeTarget(largeCells, "exact-wasm", 1000, 2, 100, "large-cell"),
    timeTarget(largeCells, "exact-wasm", 1000, 5, 100, "large-cell"),
    timeTarget(largeCells, "exact-wasm", 1000, 8, 100, "large-cell"),
    timeTarget(largeCells, "exact-wasm", 500, 8, 50, "large-cell"),
    timeTarget(largeCells, "exact-wasm", 100, 5, 5, "large-cell"),
    timeTarget(largeCells, "exact-wasm", 500, 5, 50, "large-cell"),
    gapTarget(large, 1000),
    greedyShareTarget(largeCells),
    limitTarget(large),
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
