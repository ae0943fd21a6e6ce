/**
 * A Solution as plain-text tables for a person: the summary, the block
 * timeline and one row per user. Times in ms and bands in MHz, as people
 * read them; the JSON output keeps SI units.
 */
import type { Instance, Solution } from "../core/types.js";

type Align = "left" | "right";

/** Columns padded to their widest cell, separated by two spaces, a dashed rule under the header. */
export function renderTable(headers: string[], rows: string[][], align: Align[]): string {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (align[c] === "right" ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join("  ")
      .trimEnd();
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

const ms = (seconds: number | undefined) => (seconds === undefined ? "" : (seconds * 1e3).toFixed(2));
const mhz = (hz: number | undefined) => (hz === undefined ? "" : (hz / 1e6).toFixed(3));

export function formatSummary(solution: Solution, instance?: Instance): string {
  const band = instance ? ` of ${mhz(instance.channel.bandwidthHz)}` : "";
  const users = instance ? ` of ${instance.users.length} users` : "";
  const nodes = solution.stats.nodes === undefined ? "" : ` (${solution.stats.nodes} nodes)`;
  const weighted = instance ? instance.users.some((u) => u.weight !== undefined && u.weight !== 1) : solution.objective !== solution.served;
  const rows: Array<[string, string]> = [
    ["algorithm", solution.algorithm],
    ["engine", solution.engine],
    ["status", solution.status],
    // With weights the bound is on the served weight, so it goes with the weight.
    ...(weighted
      ? ([
          ["served", `${solution.served}${users}`],
          ["weight", `${Number(solution.objective.toPrecision(6))} (upper bound ${Number(solution.upperBound.toPrecision(6))})`],
        ] as Array<[string, string]>)
      : ([["served", `${solution.served}${users} (upper bound ${solution.upperBound})`]] as Array<[string, string]>)),
    ["throughput", `${solution.throughputPerS.toFixed(1)} tasks/s`],
    ["tau", `${ms(solution.tauS)} ms`],
    ["bandwidth", `${mhz(solution.bandwidthUsedHz)}${band} MHz`],
    ["solve time", `${solution.stats.timeMs.toFixed(2)} ms${nodes}`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join("\n");
}

export function formatBlocks(solution: Solution): string {
  if (solution.blocks.length === 0) return "(no blocks run)";
  // Sequential schemes run one task at a time: say whose run each row is.
  const perTask = solution.blocks.some((b) => b.user !== undefined);
  const headers = ["block", "batch", "start ms", "end ms", ...(perTask ? ["user"] : [])];
  const rows = solution.blocks.map((b) => [String(b.block), String(b.batch), ms(b.startS), ms(b.endS), ...(perTask ? [b.user ?? ""] : [])]);
  return renderTable(headers, rows, ["right", "right", "right", "right", "left"]);
}

export function formatUsers(solution: Solution): string {
  if (solution.users.length === 0) return "(no users)";
  const headers = ["id", "served", "exit", "band MHz", "upload ms", "done ms", "deadline ms", "reason"];
  const rows = solution.users.map((u) => [
    u.id,
    u.served ? "yes" : "no",
    u.exit === undefined ? "" : String(u.exit),
    mhz(u.bandwidthHz),
    ms(u.uploadS),
    ms(u.completionS),
    ms(u.deadlineS),
    u.reason ?? "",
  ]);
  return renderTable(headers, rows, ["left", "left", "right", "right", "right", "right", "right", "left"]);
}

/** The whole report printed by `edge-alloc solve` without --json. */
export function formatSolution(solution: Solution, instance?: Instance): string {
  return [formatSummary(solution, instance), "", "Blocks", formatBlocks(solution), "", "Users", formatUsers(solution), ""].join("\n");
}
