/**
 * The report as Markdown tables (readable on a terminal, and written as they
 * are into docs/performance.md): solve times, ratios, targets, memory, warnings.
 */
import type { BenchReport, CellResult } from "./report.js";
import { CONTENDERS, DESCRIPTIONS } from "./runners.js";
import { formatRatio, RATIO_PAIRS } from "./ratios.js";

/** Milliseconds with about three significant digits. */
export function formatMs(x: number): string {
  if (x >= 100) return x.toFixed(0);
  if (x >= 10) return x.toFixed(1);
  if (x >= 1) return x.toFixed(2);
  return x.toFixed(3);
}

function cellText(cell: CellResult | undefined): string {
  if (!cell) return "";
  switch (cell.state) {
    case "ok": {
      const s = cell.summary!;
      return `${formatMs(s.median)} [${formatMs(s.q1)}-${formatMs(s.q3)}]`;
    }
    case "capped":
      return "> cap";
    case "capped-earlier":
      return "> cap *";
    case "not-applicable":
      return "n/a";
    case "error":
      return "error";
  }
}

function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  return [line(header), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...rows.map(line)].join("\n");
}

/**
 * The optimum where an exact solver finished or a schedule meets a proved bound
 * (greedy serving maxBatch, say); else ">= best" over the schedules found.
 */
function servedText(cells: CellResult[]): string {
  const proved = cells.find((c) => ["exact-wasm", "exact-js", "tree-wasm", "milp-highs"].includes(c.contender) && c.state === "ok");
  if (proved?.served !== undefined) return String(proved.served);
  const whole = cells.filter((c) => c.served !== undefined && !c.contender.endsWith("fixed-tau"));
  const tight = whole.find((c) => c.upperBound !== undefined && c.served === c.upperBound);
  if (tight) return String(tight.served);
  return whole.length > 0 ? `>= ${Math.max(...whole.map((c) => c.served!))}` : "";
}

export function timesTable(report: BenchReport): string {
  const contenders = CONTENDERS.filter((c) => report.cells.some((cell) => cell.contender === c));
  const keys = [...new Set(report.cells.map((c) => `${c.exits}:${c.users}`))];
  const rows = keys.map((key) => {
    const [exits, users] = key.split(":").map(Number);
    const here = report.cells.filter((c) => c.exits === exits && c.users === users);
    return [String(exits), String(users), servedText(here), ...contenders.map((c) => cellText(here.find((h) => h.contender === c)))];
  });
  return markdownTable(["N", "K", "served", ...contenders], rows);
}

export function ratiosTable(report: BenchReport): string {
  const names = RATIO_PAIRS.map((p) => p.name).filter((n) => report.ratios.some((r) => r.name === n));
  const keys = [...new Set(report.ratios.map((r) => `${r.exits}:${r.users}`))];
  const rows = keys.map((key) => {
    const [exits, users] = key.split(":").map(Number);
    return [
      String(exits),
      String(users),
      ...names.map((name) => {
        const r = report.ratios.find((x) => x.exits === exits && x.users === users && x.name === name);
        return r ? formatRatio(r) : "";
      }),
    ];
  });
  return markdownTable(["N", "K", ...names], rows);
}

/** The work behind the times: search nodes of exact and tree, HiGHS solves of milp ("+" where the run stopped at the cap). */
export function effortTable(report: BenchReport): string {
  const columns = [
    { title: "exact nodes", contender: "exact-wasm", counter: "nodes" },
    { title: "tree nodes", contender: "tree-wasm", counter: "nodes" },
    { title: "milp HiGHS solves", contender: "milp-highs", counter: "milpSolves" },
  ].filter((c) => report.cells.some((cell) => cell.contender === c.contender && cell.counters));
  const shown = (c: CellResult) => columns.some((col) => col.contender === c.contender && c.counters?.[col.counter] !== undefined);
  const keys = [...new Set(report.cells.filter(shown).map((c) => `${c.exits}:${c.users}`))];
  const rows = keys.map((key) => {
    const [exits, users] = key.split(":").map(Number);
    return [
      String(exits),
      String(users),
      ...columns.map(({ contender, counter }) => {
        const cell = report.cells.find((c) => c.exits === exits && c.users === users && c.contender === contender);
        const value = cell?.counters?.[counter];
        return value === undefined ? "" : `${value}${cell!.state === "capped" ? "+" : ""}`;
      }),
    ];
  });
  return markdownTable(["N", "K", ...columns.map((c) => c.title)], rows);
}

/**
 * The large cell without batch limit: exact's times on both engines and its
 * nodes, greedy's time and share of the optimum, and exact cut short after
 * 100 ms: its schedule, proved bound and the gap between them.
 */
export function largeCellTable(report: BenchReport): string {
  const large = report.largeCell;
  if (!large || large.cells.length === 0) return "";
  const keys = [...new Set(large.cells.map((c) => `${c.exits}:${c.users}`))];
  const rows = keys.map((key) => {
    const [exits, users] = key.split(":").map(Number);
    const here = large.cells.filter((c) => c.exits === exits && c.users === users);
    const find = (contender: string) => here.find((c) => c.contender === contender);
    const exact = find("exact-wasm");
    const greedy = find("greedy-wasm");
    const optimum = exact?.state === "ok" ? exact.served : undefined;
    const share =
      optimum && greedy?.served !== undefined
        ? `${greedy.served} (${((100 * greedy.served) / optimum).toFixed(1)}%)`
        : greedy?.served !== undefined
          ? String(greedy.served)
          : "";
    const nodes = exact?.counters?.nodes;
    const cut = large.cutShort.find((r) => r.exits === exits && r.users === users);
    const cutText = cut ? `${cut.served} / ${cut.upperBound}${cut.status === "optimal" ? " (proved)" : ""}` : "";
    const gapText = cut ? `${(cut.gap * 100).toFixed(1)}%` : "";
    return [
      String(exits),
      String(users),
      servedText(here),
      cellText(exact),
      cellText(find("exact-js")),
      nodes === undefined ? "" : `${nodes}${exact!.state === "capped" ? "+" : ""}`,
      cellText(greedy),
      share,
      cutText,
      gapText,
    ];
  });
  return markdownTable(
    [
      "N",
      "K",
      "served",
      "exact-wasm",
      "exact-js",
      "exact nodes",
      "greedy-wasm",
      "greedy served",
      `exact @${large.cutShort[0]?.limitMs ?? 100} ms: served / bound`,
      "bound gap",
    ],
    rows,
  );
}

/** Every algorithm's whole solve() (validation to Solution) under a time limit on a large input. */
export function limitsTable(report: BenchReport): string {
  const runs = report.largeCell?.limits ?? [];
  if (runs.length === 0) return "";
  return markdownTable(
    ["algorithm", "K", "limit ms", "whole solve() ms", "served", "bound"],
    runs.map((r) => [r.algorithm, String(r.users), String(r.limitMs), formatMs(r.wallMs), String(r.served), String(r.upperBound)]),
  );
}

export function targetsTable(report: BenchReport): string {
  const verdict = (met: boolean | undefined) => (met === undefined ? "?" : met ? "met" : "MISSED");
  return markdownTable(
    ["target", "measured", "verdict", "note"],
    report.targets.map((t) => [t.description, t.measured, verdict(t.met), t.margin]),
  );
}

export function memoryLine(report: BenchReport): string {
  const m = report.memory;
  if (!m) return "Memory check: skipped.";
  const kib = (b: number) => `${(b / 1024).toFixed(0)} KiB`;
  return (
    `Memory: ${m.solves} consecutive exact (wasm) solves (${m.instances}) in ${m.seconds.toFixed(1)} s: ` +
    `WASM memory ${kib(m.wasmBytesBefore)} -> ${kib(m.wasmBytesAfter)}, ` +
    `JS heap ${kib(m.heapBytesBefore)} -> ${kib(m.heapBytesAfter)}${m.gcExposed ? " (after full GC)" : " (GC not exposed: indicative only)"}: ` +
    (m.grew ? "GREW." : "no growth.")
  );
}

export function legend(report: BenchReport): string {
  const contenders = CONTENDERS.filter((c) => report.cells.some((cell) => cell.contender === c));
  const { plan } = report.config;
  return [
    `Solve time in ms: median [interquartile range] of ${plan.minReps}+ runs after one warm-up (min and max in bench.json); "served" is the optimum (proved by an exact solver, or by a schedule meeting its proved bound; ">= n": neither, the best schedule found).`,
    `"> cap": a run took longer than ${plan.capMs} ms (or stopped there without proving its optimum); "> cap *": not run, it hit the cap at a smaller K; "n/a": nothing to run; "error": the solver threw (see the warnings); blank: not run at this K.`,
    ...contenders.map((c) => `- ${c}: ${DESCRIPTIONS[c]}`),
  ].join("\n");
}

/** Everything, as printed on stdout. */
export function renderReport(report: BenchReport): string {
  const m = report.machine;
  const parts = [
    `edge-alloc benchmark, ${report.createdAt}, node ${m.node}, ${m.cpus} x ${m.cpuModel}, load ${m.loadAverage.map((x) => x.toFixed(1)).join(" ")}, ${report.totalSeconds.toFixed(0)} s`,
    `Command: ${report.command}`,
    `Kernels: ${report.kernels.wasm.path} ${report.kernels.wasm.sha256} (${report.kernels.wasm.modified}), ${report.kernels.js.path} ${report.kernels.js.sha256} (${report.kernels.js.modified})`,
    "",
    timesTable(report),
    "",
    legend(report),
    "",
    'Ratios of medians, same run (">=" / "<=": one side hit the cap, so the ratio is a bound):',
    "",
    ratiosTable(report),
    "",
    'Search effort (one run; "+": stopped at the cap):',
    "",
    effortTable(report),
    "",
    ...(report.largeCell
      ? ["Large cell, no batch limit (affine latency, 40 MHz):", "", largeCellTable(report), "", "Time limits, whole solve():", "", limitsTable(report), ""]
      : []),
    targetsTable(report),
    "",
    memoryLine(report),
  ];
  if (report.warnings.length > 0) parts.push("", "Warnings:", ...report.warnings.map((w) => `WARNING ${w}`));
  else parts.push("", "Cross-checks: all served counts agree (exact = exact js = tree = milp = HiGHS/YALPS at tau* where they finished; greedy <= exact).");
  return parts.join("\n");
}
